package io.sketchbricks.jobs.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An HDFS on 127.0.0.1 in a JVM of its own: Hadoop's MiniHadoopClusterManager (one NameNode, one DataNode, no
 * YARN) from hadoop-client-minicluster 3.3.4, stopped by PID with the rest of the test's processes.
 */
final class MiniHdfs {
  private MiniHdfs() {}

  /** Starts it and returns its URI, {@code hdfs://127.0.0.1:PORT}, once the NameNode listens. */
  static String start(Path jars, Path dir, Processes processes) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path details = dir.resolve("details.json");
    Files.deleteIfExists(details);
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
        "-Dtest.build.data=" + dir.resolve("data"), "-cp", jars + "/*",
        "org.apache.hadoop.mapreduce.MiniHadoopClusterManager", "-nomr", "-format", "-datanodes", "1",
        "-nnport", "0", "-nnhttpport", "0", "-writeDetails", details.toString());
    processes.start(cmd, Map.of(), dir, dir.resolve("minicluster.log"));
    // the manager writes its NameNode port once the cluster is up
    LocalCluster.await("HDFS NameNode port in " + details, () -> Files.isRegularFile(details)
        && Files.readString(details).trim().endsWith("}"));
    int port = new ObjectMapper().readTree(details.toFile()).path("namenode_port").asInt();
    return "hdfs://127.0.0.1:" + port;
  }
}
