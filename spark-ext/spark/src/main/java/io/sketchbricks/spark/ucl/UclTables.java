package io.sketchbricks.spark.ucl;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta tables the UCL stream writes, inside one warehouse folder:
 * <ul>
 *   <li>{@code ucl_snapshots}: batch_id, arrivals (stream position of the snapshot), depth, width, counters
 *       (little-endian int32 Count-Min counters);
 *   <li>{@code ucl_models}: version, batch_id, trained_at, keys, epochs, train_ms, loss_curve, model (solver
 *       parameters), state (the data plane the model was trained on and decodes);
 *   <li>{@code ucl_estimates}: version, key_hash, estimate: every tracked key's estimate under that model;
 *   <li>{@code ucl_state}: one row, the data plane after the latest batch (batch_id, arrivals, tracked_keys,
 *       state), overwritten each batch, so {@code ucl_estimate} decodes the newest counters (by least squares, or
 *       with a trained model on request).
 * </ul>
 * Snapshot appends and state overwrites carry {@code txnAppId}/{@code txnVersion = batch id}, so Delta drops a
 * replayed batch's writes.
 */
public final class UclTables {
  public static final String SNAPSHOTS = "ucl_snapshots";
  public static final String MODELS = "ucl_models";
  public static final String ESTIMATES = "ucl_estimates";
  public static final String STATE = "ucl_state";

  static final StructType SNAPSHOT_SCHEMA = new StructType()
      .add("batch_id", DataTypes.LongType).add("arrivals", DataTypes.LongType)
      .add("depth", DataTypes.IntegerType).add("width", DataTypes.IntegerType)
      .add("counters", DataTypes.BinaryType);
  static final StructType MODEL_SCHEMA = new StructType()
      .add("version", DataTypes.LongType).add("batch_id", DataTypes.LongType)
      .add("trained_at", DataTypes.TimestampType).add("keys", DataTypes.IntegerType)
      .add("epochs", DataTypes.IntegerType).add("train_ms", DataTypes.LongType)
      .add("loss_curve", DataTypes.createArrayType(DataTypes.FloatType))
      .add("model", DataTypes.BinaryType).add("state", DataTypes.BinaryType);
  static final StructType ESTIMATE_SCHEMA = new StructType()
      .add("version", DataTypes.LongType).add("key_hash", DataTypes.LongType).add("estimate", DataTypes.LongType);

  static final StructType STATE_SCHEMA = new StructType()
      .add("batch_id", DataTypes.LongType).add("arrivals", DataTypes.LongType)
      .add("tracked_keys", DataTypes.IntegerType).add("state", DataTypes.BinaryType);

  private UclTables() {}

  static void append(SparkSession spark, List<Row> rows, StructType schema, String table, String appId, Long txn) {
    write(spark, rows, schema, table, appId, txn, "append");
  }

  /** Replaces the rows of one model version (none if the table or the version is new) in one Delta commit. */
  static void replaceVersion(SparkSession spark, List<Row> rows, StructType schema, String table, long version) {
    spark.createDataFrame(rows, schema).write().format("delta").mode("overwrite")
        .option("replaceWhere", "version = " + version).save(table);
  }

  /**
   * The row (version, model, state) of model {@code version} in the models table, or of the newest model when
   * version is null; null when the table holds no such row.
   */
  public static Row modelRow(SparkSession spark, String table, Long version) {
    Dataset<Row> models = spark.read().format("delta").load(table);
    return first((version == null ? models.orderBy(functions.col("version").desc())
        : models.where(functions.col("version").equalTo(version))).select("version", "model", "state"));
  }

  /** The first row, or null when there is none (where {@code Dataset.first()} throws "next on empty iterator"). */
  public static Row first(Dataset<Row> rows) {
    List<Row> one = rows.takeAsList(1);
    return one.isEmpty() ? null : one.get(0);
  }

  static void write(SparkSession spark, List<Row> rows, StructType schema, String table, String appId, Long txn,
      String mode) {
    Dataset<Row> df = spark.createDataFrame(rows, schema);
    var w = df.write().format("delta").mode(mode);
    if (txn != null) {
      w = w.option("txnAppId", appId).option("txnVersion", txn);
    }
    w.save(table);
  }
}
