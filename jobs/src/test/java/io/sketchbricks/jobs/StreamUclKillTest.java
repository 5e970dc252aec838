package io.sketchbricks.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sketchbricks.data.ZipfStreams;
import io.sketchbricks.spark.ucl.UclStream;
import io.sketchbricks.spark.ucl.UclTables;
import io.sketchbricks.ucl.UclSketch;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code stream-ucl} as its own JVM over a folder of click files, killed with SIGKILL at five seeded random points
 * and restarted each time, against an uninterrupted run of the same command: the data plane (checkpoint and
 * {@code ucl_state}, byte for byte), the snapshot rows and the models' lineage must come out the same.
 *
 * <p>A kill point is "k more batches committed (seen in ucl_state's Delta log), then a random delay of up to about
 * one batch", so kills land inside a batch (between its Delta writes, or in Spark's planning and commit) as well as
 * between batches, and sometimes in a background training.
 *
 * <p>Which batches the background solver trains at depends on timing (a training in flight makes the schedule
 * skip, and a kill loses the one in flight), and a model's weights depend on the chain of warm starts; neither is
 * compared. What must hold whatever the timing is compared: every model was trained on a state the uninterrupted
 * stream really had after that model's batch (so its window of snapshots is one of the true windows), versions
 * run 1..n with exactly one estimate per tracked key each, and the newest model covers the final state.
 */
class StreamUclKillTest {
  static final long SEED = 20_261_129L;
  static final int KILLS = 5;
  static final int FILES = 14;
  static final int ROWS = 400;
  /** Small everything: 16 KB data plane, a snapshot every 50 arrivals, 3 epochs, retrain every 12 snapshots. */
  static final List<String> STREAM_OPTIONS = List.of("--format", "csv", "--memory-kb", "16", "--interval", "50",
      "--window", "16", "--retrain-every", "12", "--epochs", "3", "--max-files-per-trigger", "1",
      "--master", "local[2]");

  @AfterEach
  void killLeftovers() {
    Run.STARTED.forEach(Process::destroyForcibly);
  }

  @Test
  void killedFiveTimesItEndsAsAnUninterruptedRunDoes() throws Exception {
    long t0 = System.nanoTime();
    Path root = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "ucl-kill");
    Path src = root.resolve("clicks");
    long[] nonEmptyAndEmpty = writeClickFiles(src);

    Run reference = new Run(root, "reference", src);
    Process p = reference.start();
    List<Long> gaps = reference.awaitBatches(p, FILES);
    reference.awaitExit(p);
    // the kills' delays are shares of a typical batch of the uninterrupted run (median time between commits)
    long batchMillis = gaps.stream().sorted().toList().get(gaps.size() / 2) / 1_000_000;

    Run killed = new Run(root, "killed", src);
    SplittableRandom random = new SplittableRandom(SEED);
    List<String> kills = new ArrayList<>();
    for (int k = 0; k < KILLS; k++) {
      int target = killed.committedBatches() + 1 + (random.nextInt(3) == 0 ? 1 : 0);
      long delayMillis = (long) (random.nextDouble() * 1.1 * batchMillis);
      Process child = killed.start();
      killed.awaitBatches(child, target);
      Thread.sleep(delayMillis);
      if (!child.isAlive()) {
        fail("the stream ended before kill " + (k + 1) + ": give the test more files\n" + killed.logTail());
      }
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally block runs
      child.waitFor(60, TimeUnit.SECONDS);
      int planned = killed.sparkOffsets();
      int committed = killed.sparkCommits();
      kills.add(String.format("kill %d: %d ms after ucl_state's batch %d (a batch takes ~%d ms); Spark had %d"
          + " batches planned, %d committed: %s", k + 1, delayMillis, target - 1, batchMillis, planned, committed,
          planned > committed ? "inside batch " + (planned - 1) : "between batches"));
    }
    Process last = killed.start();
    killed.awaitExit(last);
    kills.forEach(System.out::println);

    compare(reference, killed, nonEmptyAndEmpty);
    System.out.printf("StreamUclKillTest: %d kills, %.1f s in all%n", KILLS, (System.nanoTime() - t0) / 1e9);
  }

  private static void compare(Run reference, Run killed, long[] nonEmptyAndEmpty) throws Exception {
    SparkSession spark = session();
    // the data plane, in the sink's checkpoint and in ucl_state
    UclSketch expected = UclStream.checkpointedState(spark, reference.checkpoint.toString());
    UclSketch actual = UclStream.checkpointedState(spark, killed.checkpoint.toString());
    assertEquals(nonEmptyAndEmpty[0], expected.totalCount(), "the uninterrupted run counted every arrival once");
    assertEquals(nonEmptyAndEmpty[1], expected.skippedCount());
    assertEquals(expected.totalCount(), actual.totalCount(), "no arrival lost or counted twice");
    assertArrayEquals(expected.toByteArray(), actual.toByteArray(), "the checkpointed data plane, byte for byte");
    Row refState = table(spark, reference, UclTables.STATE).first();
    Row state = table(spark, killed, UclTables.STATE).first();
    assertEquals(FILES - 1, state.getLong(0), "ucl_state holds the last batch");
    assertEquals(refState.getLong(1), state.getLong(1));
    assertEquals(refState.getInt(2), state.getInt(2));
    assertArrayEquals((byte[]) refState.get(3), (byte[]) state.get(3), "ucl_state's data plane, byte for byte");
    assertArrayEquals(expected.toByteArray(), (byte[]) state.get(3));
    assertEquals(FILES, killed.sparkCommits(), "Spark committed every batch once");

    // the snapshot rows: the same rows, none twice
    List<Row> refSnapshots = table(spark, reference, UclTables.SNAPSHOTS).orderBy("arrivals").collectAsList();
    List<Row> snapshots = table(spark, killed, UclTables.SNAPSHOTS).orderBy("arrivals").collectAsList();
    assertEquals(expected.totalCount() / 50, refSnapshots.size());
    assertEquals(refSnapshots.size(), snapshots.size(), "no snapshot row lost or appended twice");
    for (int i = 0; i < snapshots.size(); i++) {
      Row a = refSnapshots.get(i);
      Row b = snapshots.get(i);
      assertEquals(List.of(a.get(0), a.get(1), a.get(2), a.get(3)), List.of(b.get(0), b.get(1), b.get(2), b.get(3)));
      assertArrayEquals((byte[]) a.get(4), (byte[]) b.get(4), "counters of snapshot " + i);
    }

    // the models' lineage, against the uninterrupted run's state after every batch (Delta history of ucl_state)
    Map<Long, byte[]> stateAfter = stateHistory(spark, reference);
    assertEquals(FILES, stateAfter.size());
    checkModels(spark, reference, stateAfter, expected);
    checkModels(spark, killed, stateAfter, expected);
    Set<Long> refFinalKeys = finalModelKeys(spark, reference);
    assertEquals(refFinalKeys, finalModelKeys(spark, killed), "the final model estimates the same tracked keys");
  }

  private static void checkModels(SparkSession spark, Run run, Map<Long, byte[]> stateAfter, UclSketch finalState) {
    List<Row> models = table(spark, run, UclTables.MODELS).orderBy("version")
        .select("version", "batch_id", "keys", "state").collectAsList();
    assertTrue(models.size() >= 2, run.name + ": background and final trainings stored " + models.size());
    for (int i = 0; i < models.size(); i++) {
      Row m = models.get(i);
      long batch = m.getLong(1);
      assertEquals(i + 1, m.getLong(0), run.name + ": model versions run 1..n, none twice");
      assertTrue(stateAfter.containsKey(batch), run.name + ": model " + m.getLong(0) + " names batch " + batch);
      assertArrayEquals(stateAfter.get(batch), (byte[]) m.get(3),
          run.name + ": model " + m.getLong(0) + " was trained on the stream's true state after batch " + batch);
    }
    Row newest = models.get(models.size() - 1);
    assertEquals(FILES - 1, newest.getLong(1), run.name + ": the newest model covers the last batch");
    assertArrayEquals(finalState.toByteArray(), (byte[]) newest.get(3));
    Dataset<Row> estimates = table(spark, run, UclTables.ESTIMATES);
    Map<Long, Long> perVersion = new HashMap<>();
    for (Row r : estimates.groupBy("version").count().collectAsList()) {
      perVersion.put(r.getLong(0), r.getLong(1));
    }
    assertEquals(models.size(), perVersion.size(), run.name + ": estimates of exactly the stored versions");
    for (Row m : models) {
      assertEquals((long) m.getInt(2), perVersion.get(m.getLong(0)),
          run.name + ": one estimate per tracked key of version " + m.getLong(0));
    }
    assertEquals(estimates.count(), estimates.select("version", "key_hash").distinct().count(),
        run.name + ": no estimate twice");
  }

  private static Set<Long> finalModelKeys(SparkSession spark, Run run) {
    long version = table(spark, run, UclTables.MODELS).selectExpr("max(version)").first().getLong(0);
    Set<Long> keys = new HashSet<>();
    for (Row r : table(spark, run, UclTables.ESTIMATES).where("version = " + version).select("key_hash")
        .collectAsList()) {
      keys.add(r.getLong(0));
    }
    return keys;
  }

  /** batch id -> the data plane after it, from every version of the uninterrupted run's ucl_state. */
  private static Map<Long, byte[]> stateHistory(SparkSession spark, Run run) {
    String path = run.warehouse.resolve(UclTables.STATE).toString();
    long latest = spark.sql("DESCRIBE HISTORY delta.`" + path + "`").selectExpr("max(version)").first().getLong(0);
    Map<Long, byte[]> states = new HashMap<>();
    for (long v = 0; v <= latest; v++) {
      Row r = spark.read().format("delta").option("versionAsOf", v).load(path).first();
      states.put(r.getLong(0), (byte[]) r.get(3));
    }
    return states;
  }

  private static Dataset<Row> table(SparkSession spark, Run run, String name) {
    return spark.read().format("delta").load(run.warehouse.resolve(name).toString());
  }

  private static SparkSession session() {
    // the same session configuration as the other jobs tests, so test classes of this JVM share it unchanged
    return SparkSession.builder().master("local[2]").appName("jobs-test")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension,io.sketchbricks.sql.SketchbricksExtensions")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.shuffle.partitions", "4").config("spark.ui.enabled", "false").getOrCreate();
  }

  /** FILES CSV click files of ROWS Zipf items each (every 97th item empty), in modification-time order. */
  private static long[] writeClickFiles(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> items = new ArrayList<>();
    ZipfStreams.sample(2000, 1.1, (long) FILES * ROWS, SEED, (item, t) -> items.add(item));
    long empty = 0;
    for (int f = 0; f < FILES; f++) {
      StringBuilder csv = new StringBuilder("event_time,user_id,item\n");
      for (int i = f * ROWS; i < (f + 1) * ROWS; i++) {
        boolean skip = i % 97 == 5;
        empty += skip ? 1 : 0;
        csv.append("2026-01-01T00:00:00.000Z,u").append(i % 7).append(',').append(skip ? "" : items.get(i))
            .append('\n');
      }
      Path file = Files.writeString(dir.resolve(String.format("clicks-%02d.csv", f)), csv.toString());
      // the file source takes files in modification-time order: make it the file order
      Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + f * 1000L));
    }
    return new long[] {(long) FILES * ROWS - empty, empty};
  }

  /** One stream-ucl query (checkpoint + warehouse), started as child JVMs of this test JVM. */
  static final class Run {
    /** Longest wait for a batch or for the end: generous, for a machine shared with other builds. */
    static final long STALL = TimeUnit.SECONDS.toNanos(600);
    /** Every child started, so a failing test leaves none running. */
    static final List<Process> STARTED = new ArrayList<>();

    final String name;
    final Path checkpoint;
    final Path warehouse;
    final Path source;
    final Path log;

    Run(Path root, String name, Path source) {
      this.name = name;
      this.checkpoint = root.resolve(name + "-checkpoint");
      this.warehouse = root.resolve(name + "-warehouse");
      this.source = source;
      this.log = root.resolve(name + ".log");
    }

    Process start() throws IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(childJvmArgs());
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Sketchbricks.class.getName(), "stream-ucl",
          "--source", source.toString(), "--checkpoint", checkpoint.toString(), "--warehouse", warehouse.toString()));
      cmd.addAll(STREAM_OPTIONS);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      STARTED.add(p);
      return p;
    }

    void awaitExit(Process p) throws Exception {
      if (!p.waitFor(STALL, TimeUnit.NANOSECONDS)) {
        fail(name + ": stream-ucl did not finish in " + STALL / 1_000_000_000 + " s\n" + logTail());
      }
      assertEquals(0, p.exitValue(), name + ": stream-ucl failed\n" + logTail());
    }

    /**
     * Waits until ucl_state holds `target` batches; returns the times between the commits it saw (the first commit
     * of a start is left out: it includes the JVM's and Spark's start).
     */
    List<Long> awaitBatches(Process p, int target) throws Exception {
      long deadline = System.nanoTime() + STALL;
      List<Long> gaps = new ArrayList<>();
      int seen = committedBatches();
      long since = -1;
      while (seen < target) {
        boolean alive = p.isAlive(); // before the count: a process that ended has written all it will
        int now = committedBatches();
        if (now > seen) {
          long t = System.nanoTime();
          if (since >= 0) {
            gaps.add((t - since) / (now - seen));
          }
          since = t;
          seen = now;
          deadline = t + STALL;
        } else if (!alive || System.nanoTime() > deadline) {
          fail(name + ": stream-ucl ended, or made no progress for " + STALL / 1_000_000_000 + " s, at " + seen
              + " of " + target + " batches\n" + logTail());
        } else {
          Thread.sleep(10);
        }
      }
      return gaps;
    }

    /** Batches whose ucl_state write committed: the commits in its Delta log (one per batch). */
    int committedBatches() throws IOException {
      return count(warehouse.resolve(UclTables.STATE).resolve("_delta_log"), "\\d{20}\\.json");
    }

    int sparkCommits() throws IOException {
      return count(checkpoint.resolve("commits"), "\\d+");
    }

    int sparkOffsets() throws IOException {
      return count(checkpoint.resolve("offsets"), "\\d+");
    }

    String logTail() {
      try {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }

    private static int count(Path dir, String pattern) throws IOException {
      if (!Files.isDirectory(dir)) {
        return 0;
      }
      try (Stream<Path> files = Files.list(dir)) {
        return (int) files.filter(f -> f.getFileName().toString().matches(pattern)).count();
      }
    }

    /**
     * The flags this test JVM got from the build (the root pom's test.jvm.args: Spark's --add-opens for Java 17,
     * DJL offline), with a smaller heap: the child is a small stream.
     */
    private static List<String> childJvmArgs() {
      List<String> args = new ArrayList<>();
      for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
            || a.startsWith("-Djdk.reflect") || a.startsWith("-Doffline") || a.startsWith("-Dspark.ui")) {
          args.add(a);
        }
      }
      args.addAll(Arrays.asList("-Xmx1g", "-Dai.djl.offline=true"));
      return args;
    }
  }
}
