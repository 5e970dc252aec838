package io.sketchbricks.spark.ucl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.data.ZipfStreams;
import io.sketchbricks.ucl.DecodeMode;
import io.sketchbricks.ucl.UclConfig;
import io.sketchbricks.ucl.UclSketch;
import io.sketchbricks.ucl.djl.UclSolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The UCL streaming sink on a directory of click files: real Spark streaming, real Delta tables. */
class UclStreamTest {
  static final UclConfig CONFIG = UclConfig.ofSizes(101, 211, 20_011).withSnapshots(200, 16);
  static Path root;
  static List<String> files = new ArrayList<>();
  static SparkSession spark;

  @BeforeAll
  static void setUp() throws Exception {
    // the same session configuration as the jobs, so other test classes of this JVM share it unchanged
    spark = SparkSession.builder().master("local[2]").appName("jobs-test")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension,io.sketchbricks.sql.SketchbricksExtensions")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.shuffle.partitions", "4").config("spark.ui.enabled", "false").getOrCreate();
    root = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "ucl-stream");
    List<String> items = new ArrayList<>();
    ZipfStreams.sample(3000, 1.2, 6000, 5, (item, t) -> items.add(item));
    for (int f = 0; f < 4; f++) {
      StringBuilder csv = new StringBuilder("event_time,user_id,item\n");
      for (int i = f * 1500; i < (f + 1) * 1500; i++) {
        csv.append("2026-01-01T00:00:").append(String.format("%02d", f)).append(".000Z,u1,")
            .append(i % 500 == 7 ? "" : items.get(i)).append('\n');
      }
      files.add(csv.toString());
    }
  }

  static void writeFiles(Path dir, int from, int to) throws Exception {
    Files.createDirectories(dir);
    for (int f = from; f < to; f++) {
      Path file = Files.writeString(dir.resolve("clicks-" + f + ".csv"), files.get(f));
      // the file source takes files in modification-time order: make it the file order in both runs
      Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L + f * 1000L));
    }
  }

  static UclStreamSink.Options options(String name) {
    return options(name, 10);
  }

  static UclStreamSink.Options options(String name, int retrainEvery) {
    return new UclStreamSink.Options(root.resolve(name + "-checkpoint").toString(),
        root.resolve(name + "-warehouse").toString(), "item",
        CONFIG, retrainEvery, UclSolver.Options.defaults().withMaxEpochs(3));
  }

  static void run(Path source, UclStreamSink sink, UclStreamSink.Options o) throws Exception {
    StreamingQuery q = UclStream.start(UclStream.source(spark, source.toString(), "csv", 1, 0), sink, o.checkpoint(),
        null);
    q.awaitTermination();
  }

  @Test
  void finishTrainsOnTheFinalWindowWhenSnapshotsArrivedSinceTheLastRun() throws Exception {
    Path src = root.resolve("src-finish");
    writeFiles(src, 0, 2);
    UclStreamSink.Options o = options("finish", 1000);
    try (UclStreamSink sink = new UclStreamSink(o, s -> { })) {
      run(src, sink, o);
      assertFalse(Files.exists(Path.of(o.warehouse()).resolve(UclTables.MODELS)), "1000 snapshots never came: no training yet");
      sink.finish(spark);
    }
    var models = spark.read().format("delta").load(Path.of(o.warehouse()).resolve(UclTables.MODELS).toString());
    assertEquals(1, models.count());
    assertEquals(1, models.first().getLong(models.first().fieldIndex("batch_id")), "trained on the last batch's state");
  }

  @Test
  void restartsAndCrashesEndInTheStateOfAnUninterruptedRun() throws Exception {
    Path srcA = root.resolve("src-a");
    writeFiles(srcA, 0, 4);
    UclStreamSink.Options a = options("a");
    try (UclStreamSink sink = new UclStreamSink(a, s -> { })) {
      run(srcA, sink, a);
      sink.awaitTraining();
    }
    UclSketch uninterrupted = UclStream.checkpointedState(spark, a.checkpoint());
    assertEquals(6000 - 12, uninterrupted.totalCount(), "every non-empty item counted once");
    assertEquals(12, uninterrupted.skippedCount(), "empty items skipped and counted");
    long snapshots = spark.read().format("delta").load(Path.of(a.warehouse()).resolve(UclTables.SNAPSHOTS).toString()).count();
    assertEquals(uninterrupted.totalCount() / 200, snapshots);
    var models = spark.read().format("delta").load(Path.of(a.warehouse()).resolve(UclTables.MODELS).toString());
    assertTrue(models.count() >= 1, "a model version was trained and stored");
    long version = models.selectExpr("max(version)").first().getLong(0);
    assertTrue(spark.read().format("delta").load(Path.of(a.warehouse()).resolve(UclTables.ESTIMATES).toString())
        .where("version = " + version).count() > 0);

    // ucl_estimate answers through the whole query path: least squares by default, the learned solver on request
    spark.conf().set("sketchbricks.ucl.warehouse", a.warehouse());
    var estimates = spark.sql("SELECT ucl_estimate('item-0'), ucl_estimate('item-1', " + version + "),"
        + " ucl_estimate('never-seen'), ucl_estimate(CAST(NULL AS STRING)), ucl_estimate('item-0', 'ml'),"
        + " ucl_estimate('item-0', 'LSQR'), ucl_estimate('item-0', 'cm')").first();
    assertTrue(estimates.getLong(0) > 100, "the top item is heavy: " + estimates);
    assertTrue(estimates.getLong(1) > 0);
    assertTrue(estimates.getLong(2) <= 1, "an unseen item is 0 (1 on a Bloom false positive)");
    assertTrue(estimates.isNullAt(3));
    assertTrue(estimates.getLong(4) > 100, "the learned decode answers too: " + estimates);
    assertEquals(estimates.getLong(0), estimates.getLong(5), "least squares is the default");
    UclSketch direct = UclSketch.fromBytes(uninterrupted.toByteArray());
    direct.decode(DecodeMode.LSQR);
    assertEquals(direct.estimateObject("item-0"), estimates.getLong(0), "the newest state, decoded by least squares");
    direct.decode(DecodeMode.CM);
    assertEquals(direct.estimateObject("item-0"), estimates.getLong(6), "'cm' reads the Count-Min part alone");
    Exception unknown = assertThrows(Exception.class, () -> spark.sql("SELECT ucl_estimate('item-0', 'fast')").first());
    assertTrue(SketchMessages.all(unknown).contains("unknown decode 'fast'"), SketchMessages.all(unknown));
    // a warehouse without the stream's state, and one whose state table is still empty, each say which
    Path bare = Files.createDirectories(root.resolve("bare-warehouse"));
    spark.conf().set("sketchbricks.ucl.warehouse", bare.toString());
    Exception none = assertThrows(Exception.class, () -> spark.sql("SELECT ucl_estimate('item-0')").first());
    assertTrue(SketchMessages.all(none).contains("no " + UclTables.STATE + " table in"), SketchMessages.all(none));
    spark.createDataFrame(List.<Row>of(), UclTables.STATE_SCHEMA).write().format("delta")
        .save(bare.resolve(UclTables.STATE).toString());
    Exception empty = assertThrows(Exception.class, () -> spark.sql("SELECT ucl_estimate('item-0')").first());
    assertTrue(SketchMessages.all(empty).contains("holds no state"), SketchMessages.all(empty));
    spark.conf().set("sketchbricks.ucl.warehouse", a.warehouse());
    Exception noVersion = assertThrows(Exception.class, () -> spark.sql("SELECT ucl_estimate('item-0', 999)").first());
    assertTrue(SketchMessages.all(noVersion).contains("model version 999 is not in"), SketchMessages.all(noVersion));
    spark.conf().set("sketchbricks.ucl.warehouse", a.warehouse());
    Row state = spark.read().format("delta").load(Path.of(a.warehouse()).resolve(UclTables.STATE).toString()).first();
    assertEquals(3, state.getLong(0), "ucl_state holds the state after the last batch");
    assertEquals(uninterrupted.totalCount(), state.getLong(1));

    // B: a crash right after batch 0's state was saved, a restart, a stop between batches, more files, a restart
    Path srcB = root.resolve("src-b");
    writeFiles(srcB, 0, 2);
    UclStreamSink.Options b = options("b");
    try (UclStreamSink crashing = new UclStreamSink(b, s -> { })) {
      crashing.failAfterBatch(0);
      Exception crash = assertThrows(Exception.class, () -> run(srcB, crashing, b));
      assertTrue(SketchMessages.all(crash).contains("simulated crash"), SketchMessages.all(crash));
    }
    try (UclStreamSink restarted = new UclStreamSink(b, s -> { })) {
      run(srcB, restarted, b);
    }
    writeFiles(srcB, 2, 4);
    try (UclStreamSink resumed = new UclStreamSink(b, s -> { })) {
      run(srcB, resumed, b);
      resumed.awaitTraining();
    }
    UclSketch interrupted = UclStream.checkpointedState(spark, b.checkpoint());
    assertTrue(uninterrupted.sameState(interrupted), "same data plane as the uninterrupted run");
    assertArrayEquals(uninterrupted.toByteArray(), interrupted.toByteArray());
    assertEquals(snapshots,
        spark.read().format("delta").load(Path.of(b.warehouse()).resolve(UclTables.SNAPSHOTS).toString()).count(),
        "no snapshot row was appended twice");
  }

  @Test
  void anEmptyBatchChangesNothingAndACorruptCheckpointIsNotOverwritten() throws Exception {
    UclStreamSink.Options o = options("c");
    Path src = root.resolve("src-c");
    writeFiles(src, 0, 1);
    try (UclStreamSink sink = new UclStreamSink(o, s -> { })) {
      run(src, sink, o);
      byte[] before = sink.sketch().toByteArray();
      sink.call(spark.read().schema(io.sketchbricks.spark.ClickLogs.SCHEMA).csv(src.toString()).limit(0), 99L);
      assertArrayEquals(before, sink.sketch().toByteArray());
    }
    Path stateDir = Path.of(o.checkpoint()).resolve(UclStateStore.DIR);
    Path newest;
    try (var list = Files.list(stateDir)) {
      newest = list.filter(p -> p.toString().endsWith(".state")).sorted().reduce((x, y) -> y).orElseThrow();
    }
    byte[] damaged = Files.readAllBytes(newest);
    damaged[damaged.length / 2] ^= 0x40;
    Files.write(newest, damaged);
    writeFiles(src, 1, 2);
    try (UclStreamSink sink = new UclStreamSink(o, s -> { })) {
      Exception e = assertThrows(Exception.class, () -> run(src, sink, o));
      assertTrue(SketchMessages.all(e).contains("is corrupt"), SketchMessages.all(e));
    }
    assertArrayEquals(damaged, Files.readAllBytes(newest), "the corrupt checkpoint was left as it was");
  }

  @Test
  void aCrashBetweenTheCheckpointAndUclStateIsRepairedByTheReplay() throws Exception {
    Path src = root.resolve("src-save");
    writeFiles(src, 0, 2);
    UclStreamSink.Options o = options("save", 0);
    try (UclStreamSink crashing = new UclStreamSink(o, s -> { })) {
      crashing.failAfterSave(1);
      Exception crash = assertThrows(Exception.class, () -> run(src, crashing, o));
      assertTrue(SketchMessages.all(crash).contains("simulated crash"), SketchMessages.all(crash));
    }
    // the restart has no new file: Spark only replays batch 1, which the checkpointed state already holds
    try (UclStreamSink restarted = new UclStreamSink(o, s -> { })) {
      run(src, restarted, o);
    }
    Row state = spark.read().format("delta").load(Path.of(o.warehouse()).resolve(UclTables.STATE).toString()).first();
    assertEquals(1, state.getLong(0), "ucl_state holds the last batch, not the one before the crash");
    assertArrayEquals(UclStream.checkpointedState(spark, o.checkpoint()).toByteArray(), (byte[]) state.get(3));
  }

  @Test
  void aRunKilledBeforeItsFinalTrainingTrainsItAtTheNextStart() throws Exception {
    Path src = root.resolve("src-final");
    writeFiles(src, 0, 2);
    UclStreamSink.Options o = options("final", 1000);
    try (UclStreamSink killed = new UclStreamSink(o, s -> { })) {
      run(src, killed, o); // every batch done; the process dies before finish()
    }
    try (UclStreamSink restarted = new UclStreamSink(o, s -> { })) {
      run(src, restarted, o); // no batch to run
      restarted.finish(spark);
    }
    var models = spark.read().format("delta").load(Path.of(o.warehouse()).resolve(UclTables.MODELS).toString());
    assertEquals(1, models.count(), "the final window was trained after the restart");
    Row m = models.first();
    assertEquals(1, m.getLong(m.fieldIndex("batch_id")));
    assertArrayEquals(UclStream.checkpointedState(spark, o.checkpoint()).toByteArray(), (byte[]) m.get(m.fieldIndex("state")));
  }

  @Test
  void theRetrainScheduleCountsSnapshotsAcrossRestarts() throws Exception {
    // 1,500 arrivals a file at interval 200: 7 snapshots after file 0, 14 after file 1; retrain every 12
    Path src = root.resolve("src-schedule");
    writeFiles(src, 0, 1);
    UclStreamSink.Options o = options("schedule", 12);
    try (UclStreamSink first = new UclStreamSink(o, s -> { })) {
      run(src, first, o);
      first.awaitTraining();
    }
    assertFalse(Files.exists(Path.of(o.warehouse()).resolve(UclTables.MODELS)), "7 of 12 snapshots: no training yet");
    writeFiles(src, 1, 2);
    try (UclStreamSink second = new UclStreamSink(o, s -> { })) {
      run(src, second, o); // 7 snapshots in this run, 14 in the stream
      second.awaitTraining();
    }
    var models = spark.read().format("delta").load(Path.of(o.warehouse()).resolve(UclTables.MODELS).toString());
    assertEquals(1, models.count(), "12 snapshots since the start of the stream: trained without finish()");
    assertEquals(1, models.first().getLong(models.first().fieldIndex("batch_id")));
  }

  @Test
  void aTrainingKilledBetweenItsTwoWritesLeavesNoOrphanEstimates() throws Exception {
    UclStreamSink.Options o = options("orphans", 1000);
    // what a process killed after the estimates of version 1 and before its model row leaves behind
    List<Row> orphans = new ArrayList<>();
    for (long k = 1; k <= 5; k++) {
      orphans.add(org.apache.spark.sql.RowFactory.create(1L, k, 999_999L));
    }
    UclTables.append(spark, orphans, UclTables.ESTIMATE_SCHEMA, Path.of(o.warehouse()).resolve(UclTables.ESTIMATES).toString(), null,
        null);
    Path src = root.resolve("src-orphans");
    writeFiles(src, 0, 1);
    try (UclStreamSink sink = new UclStreamSink(o, s -> { })) {
      run(src, sink, o);
      sink.finish(spark);
    }
    Row model = spark.read().format("delta").load(Path.of(o.warehouse()).resolve(UclTables.MODELS).toString()).first();
    assertEquals(1, model.getLong(0), "the restarted run trains version 1 again");
    var estimates = spark.read().format("delta").load(Path.of(o.warehouse()).resolve(UclTables.ESTIMATES).toString());
    assertEquals(model.getInt(model.fieldIndex("keys")), estimates.where("version = 1").count(),
        "one estimate per tracked key of the model, none left from the killed run");
    assertEquals(0, estimates.where("estimate = 999999").count());
  }

  /** Collects the messages of a cause chain (Spark wraps the sink's exception). */
  static final class SketchMessages {
    static String all(Throwable t) {
      StringBuilder sb = new StringBuilder();
      for (Throwable c = t; c != null; c = c.getCause()) {
        sb.append(c.getMessage()).append(" | ");
      }
      return sb.toString();
    }
  }
}
