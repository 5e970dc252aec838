package io.sketchbricks.jobs;

import io.sketchbricks.spark.FsPaths;
import io.sketchbricks.spark.ucl.UclStream;
import io.sketchbricks.spark.ucl.UclStreamSink;
import io.sketchbricks.spark.ucl.UclTables;
import io.sketchbricks.ucl.UclConfig;
import io.sketchbricks.ucl.djl.UclSolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * The demo's learned families, each against exact counts and Count-Min-CU at the same memory: Lego and D-Lego
 * (a network decodes the counters) built with {@code lego_agg} / {@code d_lego_agg} over the last day, and the
 * UCL-sketch fed by stream-ucl's own sink over the whole click log, then asked through {@code ucl_estimate}.
 */
final class DemoLearned {
  /** Snapshots in the UCL demo's window: the log is cut into this many and the solver trains on them all. */
  static final int UCL_WINDOW = 16;
  /** Training time grows with snapshots x keys x epochs: this keeps the demo's one training to seconds. */
  static final int UCL_EPOCHS = 30;
  /** The folder, inside the warehouse, of the demo stream's checkpoint (not a table: sql passes it over). */
  static final String UCL_CHECKPOINT = "_demo_ucl_checkpoint";

  private DemoLearned() {}

  /** Lego, D-Lego and CU of the last day ({@code day}: a SQL timestamp literal) at {@code memoryKb} each. */
  static void lego(SparkSession session, String day, int memoryKb) {
    String lastDay = "event_time >= %1$s AND event_time < %1$s + INTERVAL 1 DAY".formatted(day);
    session.sql("SELECT lego_agg(item, 1, %1$d) AS lego, d_lego_agg(item, 1, %1$d) AS d_lego, cu_agg(item, %1$d) AS cu"
        .formatted(memoryKb) + " FROM clicks WHERE " + lastDay).cache().createOrReplaceTempView("demo_lego");
    DemoCommand.show(session, """
        SELECT i.item, i.exact, round(lego_estimate(l.lego, i.item), 1) AS lego,
               round(d_lego_estimate(l.d_lego, i.item), 1) AS d_lego, sketch_estimate(l.cu, i.item) AS cu
        FROM demo_items i CROSS JOIN demo_lego l ORDER BY i.exact DESC""");
    DemoCommand.show(session, """
        WITH exact AS (SELECT item, count(*) AS exact FROM clicks WHERE %s GROUP BY item),
             est AS (
          SELECT e.exact, stack(3, 'lego', lego_estimate(l.lego, e.item), 'd-lego', d_lego_estimate(l.d_lego, e.item),
                 'cu', CAST(sketch_estimate(l.cu, e.item) AS DOUBLE)) AS (kind, estimate)
          FROM exact e CROSS JOIN demo_lego l)
        SELECT kind, count(*) AS items, round(avg(abs(estimate - exact)), 3) AS aae,
               round(avg(abs(estimate - exact) / exact), 3) AS are
        FROM est GROUP BY kind ORDER BY aae""".formatted(lastDay));
  }

  /**
   * A stream-ucl run over the whole click table (AvailableNow: what is there, then stop) with the job's own sink,
   * one training on the final window, then {@code ucl_estimate} (least squares, the default, and the learned solver,
   * {@code 'ml'}) against exact week counts and a CU sketch of the same memory. The demo's earlier UCL tables and
   * checkpoint go first: the click table was just rewritten.
   */
  static void ucl(SparkSession session, SparkOptions spark, long events, int memoryKb) throws Exception {
    String warehouse = spark.warehouseUri();
    String checkpoint = FsPaths.child(warehouse, UCL_CHECKPOINT);
    Configuration conf = session.sparkContext().hadoopConfiguration();
    for (String old : List.of(checkpoint, FsPaths.child(warehouse, UclTables.SNAPSHOTS),
        FsPaths.child(warehouse, UclTables.MODELS), FsPaths.child(warehouse, UclTables.ESTIMATES),
        FsPaths.child(warehouse, UclTables.STATE))) {
      delete(old, conf);
    }
    int interval = (int) Math.max(1, events / UCL_WINDOW);
    UclConfig config = UclConfig.forBudget(memoryKb * 1024L).withSnapshots(interval, UCL_WINDOW);
    // no retraining while the stream runs: finish() trains once on the final window, which spans the whole log
    var options = new UclStreamSink.Options(checkpoint, warehouse, "item", config, Integer.MAX_VALUE,
        UclSolver.Options.defaults().withMaxEpochs(UCL_EPOCHS));
    try (UclStreamSink sink = new UclStreamSink(options, line -> System.out.println("   " + line))) {
      StreamingQuery query = UclStream.start(UclStream.source(session, spark.tablePath("clicks"), "delta",
          Integer.MAX_VALUE, 0), sink, checkpoint, null);
      query.awaitTermination();
      sink.finish(session);
    }
    session.sql("SELECT cu_agg(item, %d) AS cu FROM clicks".formatted(memoryKb)).cache()
        .createOrReplaceTempView("demo_week_cu");
    DemoCommand.show(session, """
        WITH exact AS (SELECT c.item, count(*) AS exact FROM clicks c JOIN demo_items i ON c.item = i.item
                       GROUP BY c.item)
        SELECT e.item, e.exact AS week_exact, ucl_estimate(e.item) AS ucl, ucl_estimate(e.item, 'ml') AS ucl_ml,
               sketch_estimate(w.cu, e.item) AS cu
        FROM exact e CROSS JOIN demo_week_cu w ORDER BY e.exact DESC""");
    DemoCommand.show(session, """
        WITH exact AS (SELECT item, count(*) AS exact FROM clicks GROUP BY item),
             est AS (
          SELECT e.exact, stack(3, 'ucl', ucl_estimate(e.item), 'ucl (ml)', ucl_estimate(e.item, 'ml'),
                 'cu', sketch_estimate(w.cu, e.item)) AS (kind, estimate)
          FROM exact e CROSS JOIN demo_week_cu w)
        SELECT kind, count(*) AS items, round(avg(abs(estimate - exact)), 3) AS aae,
               round(avg(abs(estimate - exact) / exact), 3) AS are
        FROM est GROUP BY kind ORDER BY aae""");
  }

  private static void delete(String uri, Configuration conf) {
    FileSystem fs = FsPaths.fileSystem(uri, conf);
    try {
      fs.delete(new Path(uri), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the demo's old " + uri + ": " + e.getMessage(), e);
    }
  }
}
