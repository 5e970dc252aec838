package io.sketchbricks.sql;

import static io.sketchbricks.sql.SketchFunctions.requireArgs;

import io.delta.tables.DeltaTable;
import io.sketchbricks.spark.FrequencyAggregates;
import io.sketchbricks.spark.compat.CatalystFunctions;
import io.sketchbricks.spark.ucl.UclTables;
import io.sketchbricks.ucl.UclModel;
import io.sketchbricks.ucl.UclSketch;
import io.sketchbricks.ucl.djl.UclSolver;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code ucl_estimate(item[, model_version])}: the UCL-sketch's estimate of an item in the stream's newest state
 * ({@code ucl_state}, the data plane after the latest batch), decoded with the model the streaming job trained
 * last (or the given version), through the full query path: heavy-filter count plus the solver's decoded value
 * for keys in the Count-Min part. The tables are in the folder named by the session setting
 * {@code sketchbricks.ucl.warehouse} (an absolute path or a Hadoop URI; the jobs set it to their --warehouse). The state and model are read when
 * the query is planned; decoding happens once per (state, model) pair per JVM.
 */
final class UclFunctions {
  static final String WAREHOUSE_CONF = "sketchbricks.ucl.warehouse";
  /** Decoded sketches by (table, version), once per JVM: decoding runs the solver over every tracked key. */
  private static final ConcurrentHashMap<String, UclSketch> DECODED = new ConcurrentHashMap<>();

  private UclFunctions() {}

  static List<SqlFunction> all() {
    return List.of(new SqlFunction("ucl_estimate", "_FUNC_(item[, model_version]) - Estimated count of item from the"
        + " latest (or given) UCL model in the ucl_models table of the '" + WAREHOUSE_CONF + "' folder.",
        UclFunctions::build));
  }

  private static Expression build(List<Expression> args) {
    requireArgs("ucl_estimate", args, 1, 2);
    Expression item = FrequencyAggregates.itemArgument("ucl_estimate", args.get(0));
    Long version = args.size() == 2 ? SketchFunctions.constantLong("ucl_estimate", "model_version", args.get(1)) : null;
    SparkSession spark = SparkSession.active();
    String folder = spark.conf().get(WAREHOUSE_CONF, null);
    if (folder == null) {
      throw new IllegalArgumentException("ucl_estimate: set " + WAREHOUSE_CONF + " to the warehouse folder of the"
          + " UCL stream (bin/sketchbricks sql --warehouse DIR does it for you)");
    }
    String table = new Path(new Path(folder), UclTables.MODELS).toString();
    if (!DeltaTable.isDeltaTable(spark, table)) {
      throw new IllegalArgumentException("ucl_estimate: no " + UclTables.MODELS + " table in " + folder
          + ": run stream-ucl until it has trained a model");
    }
    var models = spark.read().format("delta").load(table);
    Row row = (version == null ? models.orderBy(functions.col("version").desc())
        : models.where(functions.col("version").equalTo(version))).select("version", "model", "state").first();
    if (row == null) {
      throw new IllegalArgumentException("ucl_estimate: model version " + version + " is not in " + table);
    }
    byte[] model = (byte[]) row.get(1);
    byte[] state = (byte[]) row.get(2);
    String stateTable = new Path(new Path(folder), UclTables.STATE).toString();
    if (DeltaTable.isDeltaTable(spark, stateTable)) {
      // the newest counters; the model's own state row is what it was trained on, possibly batches ago
      Row latest = spark.read().format("delta").load(stateTable).select("batch_id", "state").first();
      if (latest != null) {
        state = (byte[]) latest.get(1);
      }
    }
    byte[] stateBytes = state;
    // the content, not the batch id, names the decode: a new stream may reuse a warehouse and its batch ids
    String key = table + "#" + row.getLong(0) + "#" + java.util.Arrays.hashCode(model) + "#"
        + java.util.Arrays.hashCode(stateBytes);
    SparkUserDefinedFunction udf = (SparkUserDefinedFunction) functions.udf((UDF1<Object, Long>) value -> {
      if (value == null || (value instanceof String s && s.isEmpty())) {
        return null;
      }
      return DECODED.computeIfAbsent(key, k -> {
        UclSketch sketch = UclSketch.fromBytes(stateBytes);
        sketch.decode(new UclSolver(), UclModel.fromBytes(model));
        return sketch;
      }).estimateObject(value);
    }, DataTypes.LongType).withName("ucl_estimate");
    return CatalystFunctions.scalar(udf, List.of(item));
  }
}
