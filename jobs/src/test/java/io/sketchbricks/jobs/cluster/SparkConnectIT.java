package io.sketchbricks.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sketchbricks behind Spark Connect (Spark 4 line only): a Spark Connect server on 127.0.0.1 in its own JVM, with
 * Spark's jars and Connect module from Maven Central ({@code src/it/connect-server/pom.xml}), the Sketchbricks
 * bundle and libtorch on its classpath and {@code spark.sql.extensions=io.sketchbricks.sql.SketchbricksExtensions};
 * then a client application in another JVM whose classpath is Spark's Connect JVM client and nothing else
 * ({@code src/it/connect-client/ConnectClient.java}), calling our aggregate and estimate functions in SQL and through
 * the DataFrame API. This is how PySpark and the other Connect clients reach Sketchbricks.
 */
class SparkConnectIT {
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  @Test
  void aConnectClientCallsTheSketchFunctionsOnTheServer() throws Exception {
    ClusterTestConfig config = ClusterTestConfig.fromSystemProperties();
    assumeTrue(config.scalaBinary().equals("2.13"), "Spark Connect is tested on the Spark 4 line (-Pspark-4)");
    Path it = config.sparkHomePom().getParent().getParent();
    Path dir = Files.createDirectories(config.target().resolve("connect-it"));
    Path server = SparkHome.assemble(it.resolve("connect-server/pom.xml"), dir.resolve("server"), config);
    Path client = SparkHome.assemble(it.resolve("connect-client/pom.xml"), dir.resolve("client"), config, 20);
    int port = LocalCluster.freePort();
    try (Processes processes = new Processes()) {
      List<String> cmd = new ArrayList<>(List.of(JAVA.toString(), "-Xmx1g"));
      cmd.addAll(List.of(config.javaOpens().split(" ")));
      cmd.addAll(List.of("-Dio.netty.tryReflectionSetAccessible=true", "-Dai.djl.offline=true",
          "-Dspark.master=local[2]", "-Dspark.app.name=sketchbricks-connect-it", "-Dspark.ui.enabled=false",
          "-Dspark.connect.grpc.binding.address=127.0.0.1", "-Dspark.connect.grpc.binding.port=" + port,
          "-Dspark.sql.extensions=io.sketchbricks.sql.SketchbricksExtensions",
          "-Dspark.sql.warehouse.dir=" + dir.resolve("warehouse"),
          "-cp", server.resolve("jars") + "/*:" + config.bundle() + ":" + config.libtorchJar(),
          "org.apache.spark.sql.connect.service.SparkConnectServer"));
      Path serverLog = dir.resolve("server.log");
      Files.deleteIfExists(serverLog);
      Process p = processes.start(cmd, Map.of("SPARK_LOCAL_IP", "127.0.0.1"), dir, serverLog);
      LocalCluster.await("Spark Connect server on 127.0.0.1:" + port, () -> {
        if (!p.isAlive()) {
          throw new IllegalStateException("the Connect server exited (" + p.exitValue() + "): " + tail(serverLog));
        }
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
          return true;
        } catch (IOException e) {
          return false;
        }
      });

      Path out = dir.resolve("client.out");
      Path err = dir.resolve("client.err");
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      List<String> clientCmd = new ArrayList<>(List.of(JAVA.toString(), "-Xmx512m"));
      clientCmd.addAll(List.of(config.javaOpens().split(" ")));
      clientCmd.addAll(List.of("-cp", client.resolve("jars") + "/*",
          it.resolve("connect-client/ConnectClient.java").toString(), "sc://127.0.0.1:" + port));
      Process c = processes.start(clientCmd, Map.of(), dir, out, err);
      assertTrue(c.waitFor(300, TimeUnit.SECONDS), "the Connect client ran over 300 s: " + tail(err));
      assertEquals(0, c.exitValue(), "the Connect client failed:\n" + tail(err) + "\nserver:\n" + tail(serverLog));

      Map<String, String> answers = new HashMap<>();
      for (String line : Files.readAllLines(out)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          answers.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      assertTrue(answers.getOrDefault("version", "").startsWith("4."), answers.toString());
      assertEquals("2", answers.get("cms_estimate_a"), answers.toString());
      String[] b = answers.get("cu_bounds_7").split(",");
      long estimate = Long.parseLong(b[0]);
      assertTrue(Long.parseLong(b[1]) <= 100 && 100 <= Long.parseLong(b[2]) && estimate >= 100, answers.toString());
      assertEquals("1,2", answers.get("top_items"), answers.toString());
      double lego = Double.parseDouble(answers.get("lego_estimate_x"));
      assertTrue(lego > 0.5 && lego <= 4, answers.toString()); // 3 x among 4 rows: learned, so near 3, not exact
    }
  }

  private static String tail(Path log) throws IOException {
    if (!Files.isRegularFile(log)) {
      return "(no " + log + ")";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
