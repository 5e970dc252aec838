package io.sketchbricks.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CLI as the launcher runs it: a separate JVM ({@code java} with this test JVM's classpath and Spark's Java 17
 * flags from the pom) with the launcher's logging configuration. A failing job prints one {@code error:} line;
 * Spark's task traces go to the log file, and to the console with SKETCHBRICKS_DEBUG=1.
 */
class CliErrorsTest {
  static Path dir;

  @BeforeAll
  static void folder() throws IOException {
    Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
    dir = Files.createTempDirectory(target, "cli");
  }

  record Run(int code, List<String> errLines, String log) {}

  static Run cli(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // the pom's test.jvm.args: Spark's opens and the offline switches (not the test JVM's heap or agents)
      if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("-Djdk.")
          || a.startsWith("-Dai.djl") || a.startsWith("-Doffline") || a.startsWith("-Dspark.")) {
        cmd.add(a);
      }
    }
    cmd.add("-Xmx1g");
    cmd.add("-Dlog4j2.configurationFile=classpath:" + LauncherLogging.CONFIG); // what bin/sketchbricks passes
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Sketchbricks.class.getName());
    cmd.addAll(List.of(args));
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Path log = dir.resolve("spark-" + System.nanoTime() + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().remove("SKETCHBRICKS_DEBUG");
    pb.environment().put("SKETCHBRICKS_LOG", log.toString());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the CLI did not finish in 120 s: " + cmd);
    }
    List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    return new Run(p.exitValue(), lines, Files.exists(log) ? Files.readString(log) : "");
  }

  static final String[] BAD_SKETCH = {"sql", "--master", "local[1]", "--warehouse", "WH",
      "-e", "SELECT sketch_estimate(X'00', 'a')"};

  static String[] badSketch() {
    String[] a = BAD_SKETCH.clone();
    a[4] = dir.resolve("warehouse").toString();
    return a;
  }

  @Test
  void executorFailureIsOneLineAndItsTraceGoesToTheLog() throws Exception {
    Run r = cli(Map.of(), badSketch());
    assertTrue(r.code != 0, "exit code " + r.code);
    assertEquals(1, r.errLines.size(), "stderr:\n" + String.join("\n", r.errLines));
    assertTrue(r.errLines.get(0).startsWith("error: not a Sketchbricks sketch: only 1 bytes"), r.errLines.get(0));
    // the executor's trace is in the log file, not lost
    assertTrue(r.log.contains("ERROR org.apache.spark.executor.Executor"), r.log);
    assertTrue(r.log.contains("io.sketchbricks.core.CorruptSketchException") && r.log.contains("\tat "), r.log);
  }

  @Test
  void debugShowsTheTraces() throws Exception {
    Run r = cli(Map.of("SKETCHBRICKS_DEBUG", "1"), badSketch());
    assertTrue(r.code != 0);
    String err = String.join("\n", r.errLines);
    assertEquals(1, r.errLines.stream().filter(l -> l.startsWith("error:")).count(), err);
    assertTrue(r.errLines.stream().anyMatch(l -> l.startsWith("\tat ")), err);
    assertTrue(err.contains("ERROR Executor: Exception in task"), "Spark's task error on the console:\n" + err);
  }

  @Test
  void usageErrorIsOneLine() throws Exception {
    Run r = cli(Map.of(), "sql", "--bogus");
    assertEquals(2, r.code);
    assertEquals(List.of("error: Unknown option: '--bogus'; see 'sketchbricks sql --help'"), r.errLines);
  }

  @Test
  void missingInputFileIsOneLine() throws Exception {
    Path missing = dir.resolve("no-such.sql");
    Run r = cli(Map.of(), "sql", "-f", missing.toString());
    assertEquals(1, r.code);
    assertEquals(List.of("error: no such file: " + missing), r.errLines);
  }

  /**
   * picocli passes each description through String.format: a bare '%' ("10 % heavy filter") printed "Could not
   * format ... Conversion = h" warnings on stderr with every --help and every usage error of the command.
   */
  @Test
  void helpAndUsageErrorsPrintNoFormatWarnings() throws Exception {
    for (String command : List.of("eval", "stream-ucl", "sql", "demo")) {
      Run help = cli(Map.of(), command, "--help");
      assertEquals(0, help.code, command);
      assertEquals(List.of(), help.errLines, command + " --help");
    }
    Run r = cli(Map.of(), "eval", "--bogus", "--input", "x");
    assertEquals(2, r.code);
    assertEquals(List.of("error: Unknown option: '--bogus'; see 'sketchbricks eval --help'"), r.errLines);
  }

  @Test
  void memoryErrorsAreInKb() throws Exception {
    Run r = cli(Map.of(), "stream-ucl", "--source", "rate", "--checkpoint", dir.resolve("ckpt").toString(),
        "--memory-kb", "0");
    assertEquals(List.of("error: --memory-kb must be at least 1 (KB), got 0"), r.errLines);
  }
}
