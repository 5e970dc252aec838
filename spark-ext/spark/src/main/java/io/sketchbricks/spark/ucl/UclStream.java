package io.sketchbricks.spark.ucl;

import io.sketchbricks.spark.ClickLogs;
import io.sketchbricks.ucl.UclSketch;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/** Sources and the query of the UCL streaming job. */
public final class UclStream {
  private UclStream() {}

  /**
   * A stream of click events: {@code rate} (synthetic, skewed items), a Delta table, or a directory of CSV or
   * JSON click files (columns event_time, user_id, item), read {@code maxFilesPerTrigger} files per batch.
   */
  public static Dataset<Row> source(SparkSession spark, String source, String format, int maxFilesPerTrigger,
      int rowsPerSecond) {
    String f = format.toLowerCase(Locale.ROOT);
    return switch (f) {
      case "rate" -> spark.readStream().format("rate").option("rowsPerSecond", rowsPerSecond).load()
          .selectExpr("timestamp AS event_time", "concat('user-', value % 1000) AS user_id",
              "concat('item-', CAST(floor(pow(rand(), 4) * 100000) AS INT)) AS item");
      case "delta" -> spark.readStream().format("delta").option("maxFilesPerTrigger", maxFilesPerTrigger).load(source);
      case "csv" -> spark.readStream().schema(ClickLogs.SCHEMA).option("header", "true")
          .option("maxFilesPerTrigger", maxFilesPerTrigger).csv(source);
      case "json" -> spark.readStream().schema(ClickLogs.SCHEMA).option("maxFilesPerTrigger", maxFilesPerTrigger)
          .json(source);
      default -> throw new IllegalArgumentException("unknown stream format '" + format + "': use rate, delta, csv or json");
    };
  }

  /**
   * Starts the query; {@code trigger} null means available-now (process what is there, then stop).
   *
   * @param checkpoint the query's checkpoint folder: an absolute path or a Hadoop URI
   */
  public static StreamingQuery start(Dataset<Row> events, UclStreamSink sink, String checkpoint, Trigger trigger)
      throws TimeoutException {
    return events.writeStream()
        .queryName("sketchbricks-ucl")
        .option("checkpointLocation", checkpoint)
        .trigger(trigger == null ? Trigger.AvailableNow() : trigger)
        .foreachBatch(sink)
        .start();
  }

  /** The data plane a query checkpointed (null if it never finished a batch). */
  public static UclSketch checkpointedState(SparkSession spark, String checkpoint) {
    UclStateStore.Saved saved = new UclStateStore(checkpoint, spark.sparkContext().hadoopConfiguration()).load();
    return saved == null ? null : saved.sketch();
  }
}
