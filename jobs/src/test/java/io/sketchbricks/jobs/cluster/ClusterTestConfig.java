package io.sketchbricks.jobs.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the cluster test gets from Maven (system properties set by the failsafe plugin in jobs/pom.xml): the
 * bundle, the jars that spark-submit adds from the local Maven repository, and how to run Maven for the Spark
 * home.
 */
record ClusterTestConfig(Path bundle, Path target, Path sparkHomePom, Path hdfsPom, List<Path> deltaJars, Path libtorchJar,
    String javaOpens, String mvn, String mavenRepo, boolean mavenOffline, String scalaBinary) {

  static ClusterTestConfig fromSystemProperties() {
    Path repo = Path.of(property("sketchbricks.it.mavenRepo"));
    String delta = property("sketchbricks.it.deltaVersion");
    String scala = property("sketchbricks.it.scalaBinary");
    Path deltaSpark = repo.resolve("io/delta/delta-spark_" + scala + "/" + delta + "/delta-spark_" + scala + "-" + delta
        + ".jar");
    Path deltaStorage = repo.resolve("io/delta/delta-storage/" + delta + "/delta-storage-" + delta + ".jar");
    String nativeArtifact = property("sketchbricks.it.libtorchArtifact");
    String torch = property("sketchbricks.it.libtorchVersion");
    Path libtorch = repo.resolve("ai/djl/pytorch/" + nativeArtifact + "/" + torch + "/" + nativeArtifact + "-" + torch
        + "-linux-x86_64.jar");
    ClusterTestConfig c = new ClusterTestConfig(Path.of(property("sketchbricks.it.bundle")),
        Path.of(property("sketchbricks.it.target")), Path.of(property("sketchbricks.it.sparkHomePom")),
        Path.of(property("sketchbricks.it.hdfsPom")), List.of(deltaSpark, deltaStorage), libtorch, property("sketchbricks.it.opens"),
        Path.of(property("sketchbricks.it.mavenHome"), "bin", "mvn").toString(), repo.toString(),
        property("sketchbricks.it.mavenOffline").endsWith("true"), scala);
    for (Path p : List.of(c.bundle, deltaSpark, deltaStorage, libtorch, c.sparkHomePom, c.hdfsPom)) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException(p + " is missing: run the cluster test with mvn verify (it needs the bundle"
            + " from the package phase and the jars resolved by the build)");
      }
    }
    return c;
  }

  private static String property(String name) {
    String v = System.getProperty(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException("system property " + name + " is not set: run the cluster test through"
          + " maven-failsafe (mvn verify), which sets it");
    }
    return v;
  }
}
