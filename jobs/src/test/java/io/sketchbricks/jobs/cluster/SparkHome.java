package io.sketchbricks.jobs.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A folder with a {@code jars/} filled by {@code dependency:copy-dependencies} of a small pom: the Spark home of
 * the cluster test ({@code src/it/spark-home/pom.xml} for Spark 3.5.9, {@code src/it/spark-home-4/pom.xml} for
 * 4.1.0: Spark's jars only, no Sketchbricks, no Delta, so the test sees the bundle as a user's cluster would), the
 * HDFS minicluster's classpath ({@code src/it/hdfs/pom.xml}) and the Spark Connect server's and client's
 * ({@code src/it/connect-server}, {@code src/it/connect-client}). Kept between runs in {@code target/} while the
 * pom is unchanged.
 */
final class SparkHome {
  private SparkHome() {}

  static Path assemble(Path pom, Path home, ClusterTestConfig config) throws IOException, InterruptedException {
    return assemble(pom, home, config, 100);
  }

  static Path assemble(Path pom, Path home, ClusterTestConfig config, int minJars)
      throws IOException, InterruptedException {
    Path jars = home.resolve("jars");
    Path stamp = home.resolve("pom.xml.used");
    String pomText = Files.readString(pom);
    if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(pomText) && count(jars) >= minJars) {
      return home;
    }
    Files.createDirectories(home);
    List<String> cmd = new ArrayList<>(List.of(config.mvn(), "-B", "-q", "-f", pom.toString(),
        "dependency:copy-dependencies", "-DoutputDirectory=" + jars, "-Dmaven.repo.local=" + config.mavenRepo()));
    if (config.mavenOffline()) {
      cmd.add("-o");
    }
    Path log = home.resolve("assemble.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("assembling " + home + " took over 300 s: " + Files.readString(log));
    }
    if (p.exitValue() != 0 || count(jars) < minJars) {
      throw new IllegalStateException("could not assemble " + home + " with " + cmd + ":\n" + Files.readString(log));
    }
    // Spark's launcher takes a folder with RELEASE and jars/ for a distribution
    Files.writeString(home.resolve("RELEASE"), "Spark (jars from Maven Central by " + pom + ", for the cluster test)\n");
    Files.writeString(stamp, pomText);
    return home;
  }

  private static long count(Path jars) throws IOException {
    if (!Files.isDirectory(jars)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(jars)) {
      return s.filter(f -> f.toString().endsWith(".jar")).count();
    }
  }
}
