package io.sketchbricks.spark.ucl;

import io.delta.tables.DeltaTable;
import io.sketchbricks.ucl.SnapshotWindow;
import io.sketchbricks.ucl.UclConfig;
import io.sketchbricks.ucl.UclModel;
import io.sketchbricks.ucl.UclSketch;
import io.sketchbricks.ucl.djl.UclSolver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The UCL-sketch's structured-streaming sink, for {@code events.writeStream().foreachBatch(sink)}: each
 * micro-batch is counted per item in Spark, then fed into the driver's UCL data plane in item order (so a batch
 * always changes the state the same way); snapshots taken as arrivals pass each interval go to
 * {@code ucl_snapshots}; every {@code retrainEvery} snapshots the solver retrains on the window in a background
 * thread (warm-started from the previous model) and writes {@code ucl_models} and {@code ucl_estimates}.
 *
 * <p>Exactly once: after each batch the data plane is checkpointed with the batch id ({@link UclStateStore}), and
 * a batch Spark replays after a crash is skipped if the state already holds it (its {@code ucl_state} row is
 * written again, in case the crash came before that write); snapshot rows and {@code ucl_state} are written with
 * Delta's {@code txnAppId}/{@code txnVersion}, so a replay adds none twice. A training killed with the process is
 * redone by the schedule, which counts snapshots from the newest stored model. NULL and empty items are skipped
 * and counted in the sketch; an empty batch changes nothing.
 *
 * <p>One sink serves one query: it runs on the driver and is not serialised.
 */
public final class UclStreamSink implements VoidFunction2<Dataset<Row>, Long>, AutoCloseable {
  private static final long serialVersionUID = 1L;

  /**
   * @param checkpoint the query's checkpoint directory (the sink keeps its state in a sub-folder): an absolute path
   *     or a Hadoop URI
   * @param warehouse folder of the ucl_* Delta tables: an absolute path or a Hadoop URI
   * @param config data-plane sizes and snapshot schedule
   * @param retrainEvery retrain after this many new snapshots (0: never train; ucl_state still follows every batch,
   *     and its default least-squares decode needs no model)
   * @param solver solver settings (epochs, early stopping)
   */
  public record Options(String checkpoint, String warehouse, String itemColumn, UclConfig config, int retrainEvery,
      UclSolver.Options solver) {}

  private final Options options;
  private transient UclStateStore store;
  private final transient ExecutorService trainer;
  private final transient Consumer<String> log;
  private transient UclSketch sketch;
  private transient long lastBatch = -1;
  /**
   * Snapshot count of the state the newest training started from: restored from the newest model at a restart,
   * so a stream restarted more often than every {@code retrainEvery} snapshots still retrains on schedule.
   */
  private transient long trainedAtSnapshots;
  private transient Future<?> training;
  private transient UclModel lastModel;
  private transient long nextVersion = -1;
  private transient volatile Throwable trainingFailure;
  /** Test hook: throw after the state of this batch id is saved, as a crash between two commits would. */
  private transient long failAfterBatch = -1;
  /** Test hook: throw after the checkpoint file of this batch id is saved, before ucl_state is written. */
  private transient long failAfterSave = -1;

  public UclStreamSink(Options options, Consumer<String> log) {
    this.options = options;
    this.log = log;
    this.trainer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ucl-trainer");
      t.setDaemon(true);
      return t;
    });
  }

  void failAfterBatch(long batchId) {
    this.failAfterBatch = batchId;
  }

  void failAfterSave(long batchId) {
    this.failAfterSave = batchId;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    if (trainingFailure != null) {
      throw new IllegalStateException("UCL solver training failed: " + trainingFailure.getMessage(), trainingFailure);
    }
    SparkSession spark = batch.sparkSession();
    restore(spark);
    if (batchId <= lastBatch) {
      log.accept("batch " + batchId + " is already in the UCL state (replayed after a restart): skipped");
      if (batchId == lastBatch) {
        // a crash may have come between saving the state and writing ucl_state; Delta drops this write if not
        writeState(spark, batchId);
      }
      return;
    }
    String item = options.itemColumn();
    List<Row> counts = batch.groupBy(functions.col(item).cast("string").as("item")).count()
        .orderBy(functions.col("item").asc_nulls_first()).collectAsList();
    long snapshotsBefore = snapshots();
    long arrivals = 0;
    for (Row r : counts) {
      long n = r.getLong(1);
      arrivals += n;
      if (r.isNullAt(0) || r.getString(0).isEmpty()) {
        for (long i = 0; i < n; i++) {
          sketch.addNullable(null, 1);
        }
        continue;
      }
      for (long left = n; left > 0; left -= Integer.MAX_VALUE) {
        sketch.add(r.getString(0), Math.min(left, Integer.MAX_VALUE));
      }
    }
    int newSnapshots = (int) (snapshots() - snapshotsBefore);
    if (newSnapshots > 0) {
      UclTables.append(spark, snapshotRows(batchId, newSnapshots), UclTables.SNAPSHOT_SCHEMA,
          table(UclTables.SNAPSHOTS), appId(), batchId);
    }
    store.save(batchId, sketch);
    if (batchId == failAfterSave) {
      throw new IllegalStateException("simulated crash after saving the state of batch " + batchId);
    }
    writeState(spark, batchId);
    lastBatch = batchId;
    log.accept(String.format("batch %d: %,d arrivals, %d new snapshots, %,d tracked keys", batchId, arrivals,
        newSnapshots, sketch.trackedKeys()));
    if (batchId == failAfterBatch) {
      throw new IllegalStateException("simulated crash after batch " + batchId);
    }
    long snapshots = snapshots();
    if (options.retrainEvery() > 0 && snapshots - trainedAtSnapshots >= options.retrainEvery()
        && (training == null || training.isDone())) {
      trainedAtSnapshots = snapshots;
      UclSketch frozen = UclSketch.fromBytes(sketch.toByteArray()); // training must not see later arrivals
      long id = batchId;
      training = trainer.submit(() -> train(spark, frozen, id));
    }
  }

  /**
   * Ends a stream: waits for a training run in flight, then, if snapshots arrived since the newest training
   * started (after a restart: since the state of the newest stored model), trains once more on the final window
   * (in this thread), so the last model covers the whole stream. Call after the query stops.
   */
  public void finish(SparkSession spark) {
    awaitTraining();
    // A run killed after its last batch but before its final training restarts with no batch to run: restore
    // anyway, so the newest stored model's position (trainedAtSnapshots) shows the final window is untrained.
    restore(spark);
    if (options.retrainEvery() > 0 && snapshots() > trainedAtSnapshots) {
      trainedAtSnapshots = snapshots();
      train(spark, UclSketch.fromBytes(sketch.toByteArray()), lastBatch);
      if (trainingFailure != null) {
        throw new IllegalStateException("UCL solver training failed: " + trainingFailure.getMessage(), trainingFailure);
      }
    }
  }

  /** Waits for a training run in flight (call after the query stops). */
  public void awaitTraining() {
    if (training != null) {
      try {
        training.get();
      } catch (Exception e) {
        throw new IllegalStateException("UCL solver training failed: " + e.getMessage(), e);
      }
    }
  }

  /** The data plane as the sink holds it now (null before the first batch). */
  public UclSketch sketch() {
    return sketch;
  }

  @Override
  public void close() {
    trainer.shutdown();
    try {
      trainer.awaitTermination(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void restore(SparkSession spark) {
    if (sketch != null) {
      return;
    }
    store = new UclStateStore(options.checkpoint(), spark.sparkContext().hadoopConfiguration());
    UclStateStore.Saved saved = store.load();
    if (saved == null) {
      sketch = new UclSketch(options.config(), UclSketch.DEFAULT_SEED);
    } else {
      if (!saved.sketch().config().equals(options.config())) {
        throw new IllegalArgumentException("the checkpoint holds a UCL sketch of " + saved.sketch().config()
            + " but this query asks for " + options.config() + ": use the same sizes (stream-ucl: --memory-kb, --split, --interval, --window), or a new --checkpoint");
      }
      sketch = saved.sketch();
      lastBatch = saved.batchId();
      log.accept("restored the UCL state of batch " + lastBatch + " (" + sketch.totalCount() + " arrivals)");
    }
    String models = table(UclTables.MODELS);
    Row latest = DeltaTable.isDeltaTable(spark, models) ? UclTables.modelRow(spark, models, null) : null;
    if (latest != null) {
      nextVersion = latest.getLong(0) + 1;
      lastModel = UclModel.fromBytes((byte[]) latest.get(1));
      UclSketch trainedOn = UclSketch.fromBytes((byte[]) latest.get(2));
      trainedAtSnapshots = trainedOn.totalCount() / trainedOn.config().interval();
    } else {
      nextVersion = 1;
    }
  }

  private void train(SparkSession spark, UclSketch frozen, long batchId) {
    try {
      UclSolver solver = new UclSolver(options.solver(), frozen.config().interval());
      UclSolver.TrainResult result = solver.train(frozen.window(), frozen.keyLayout(), lastModel);
      frozen.decode(solver, result.model());
      long version = nextVersion++;
      float[] curve = java.util.Arrays.copyOf(result.lossCurve(), result.epochs());
      Float[] boxed = new Float[curve.length];
      for (int i = 0; i < curve.length; i++) {
        boxed[i] = curve[i];
      }
      List<Row> estimates = new ArrayList<>();
      var layout = frozen.keyLayout();
      for (int j = 0; j < layout.size(); j++) {
        estimates.add(RowFactory.create(version, layout.key(j), frozen.estimateHash(layout.key(j))));
      }
      // estimates first: a model row is the sign that its version is complete. They replace the rows of this
      // version, if any: a run killed between the two writes left estimates of a version that has no model row,
      // and the restarted run trains that version number again.
      UclTables.replaceVersion(spark, estimates, UclTables.ESTIMATE_SCHEMA, table(UclTables.ESTIMATES), version);
      UclTables.append(spark, List.of(RowFactory.create(version, batchId, new Timestamp(System.currentTimeMillis()),
          layout.size(), result.epochs(), result.wallMillis(), java.util.Arrays.asList(boxed),
          result.model().toByteArray(), frozen.toByteArray())), UclTables.MODEL_SCHEMA, table(UclTables.MODELS), null,
          null);
      lastModel = result.model();
      log.accept(String.format("model version %d: trained on %d snapshots x %,d keys in %.1f s, %d epochs",
          version, frozen.window().size(), layout.size(), result.wallMillis() / 1e3, result.epochs()));
    } catch (Throwable t) {
      trainingFailure = t;
      log.accept("UCL solver training failed: " + t);
    }
  }

  /** Snapshots taken so far: the position in the snapshot schedule, whatever the window keeps. */
  private long snapshots() {
    return sketch.totalCount() / options.config().interval();
  }

  /** Overwrites ucl_state with the state after this batch; idempotent per batch id (Delta's txnVersion). */
  private void writeState(SparkSession spark, long batchId) {
    UclTables.write(spark, List.of(RowFactory.create(batchId, sketch.totalCount(), sketch.trackedKeys(),
        sketch.toByteArray())), UclTables.STATE_SCHEMA, table(UclTables.STATE), appId(), batchId, "overwrite");
  }

  private List<Row> snapshotRows(long batchId, int newSnapshots) {
    SnapshotWindow w = sketch.window();
    List<Row> rows = new ArrayList<>();
    for (int i = Math.max(0, w.size() - newSnapshots); i < w.size(); i++) {
      int[] counters = w.get(i);
      ByteBuffer b = ByteBuffer.allocate(4 * counters.length).order(ByteOrder.LITTLE_ENDIAN);
      b.asIntBuffer().put(counters);
      rows.add(RowFactory.create(batchId, w.takenAt(i), options.config().depth(), options.config().width(), b.array()));
    }
    return rows;
  }

  private String table(String name) {
    return new Path(new Path(options.warehouse()), name).toString();
  }

  /**
   * Stable across restarts of the same query: Delta's idempotent appends key on it. A local checkpoint hashes its
   * plain path, as checkpoints written before URIs did, so their replays are still recognised.
   */
  private String appId() {
    java.net.URI u = new Path(options.checkpoint()).toUri();
    String key = u.getScheme() == null || u.getScheme().equals("file") ? u.getPath() : u.toString();
    return "sketchbricks-ucl-" + Integer.toHexString(key.hashCode());
  }
}
