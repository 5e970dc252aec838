package io.sketchbricks.sql;

import static io.sketchbricks.sql.SketchFunctions.requireArgs;

import io.delta.tables.DeltaTable;
import io.sketchbricks.spark.FrequencyAggregates;
import io.sketchbricks.spark.compat.CatalystFunctions;
import io.sketchbricks.spark.ucl.UclTables;
import io.sketchbricks.ucl.DecodeMode;
import io.sketchbricks.ucl.UclModel;
import io.sketchbricks.ucl.UclSketch;
import io.sketchbricks.ucl.djl.UclSolver;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;

/**
 * {@code ucl_estimate(item[, decode])}: the UCL-sketch's estimate of an item in the stream's newest state
 * ({@code ucl_state}, the data plane after the latest batch), through the full query path: heavy-filter count plus
 * the decoded value for keys in the Count-Min part. {@code decode} is a constant: {@code 'lsqr'} (the default: least
 * squares inside the box the counters allow; no trained model needed), {@code 'ml'} (the learned solver the
 * streaming job trained last, guarded by the same box), a model version (BIGINT: the learned solver of that
 * version) or {@code 'cm'} (the Count-Min part alone). Least squares is the default because the learned solver
 * does not beat it and costs a training (README, "Measured here", UCL). The tables are in the folder
 * named by the session setting {@code sketchbricks.ucl.warehouse} (an absolute path or a Hadoop URI; the jobs set
 * it to their --warehouse). The state and model are read when the query is planned; decoding happens once per
 * (state, decode) pair per JVM, and a JVM keeps the last {@value #DECODED_KEPT} decodes it used.
 */
final class UclFunctions {
  static final String WAREHOUSE_CONF = "sketchbricks.ucl.warehouse";
  /** Decoded sketches a JVM keeps: a streaming job's state changes every batch, and a query uses the newest. */
  static final int DECODED_KEPT = 4;
  /** Decoded sketches by (state, decode), once per JVM: a decode solves for every tracked key. */
  private static final LruComputeCache<String, UclSketch> DECODED = new LruComputeCache<>(DECODED_KEPT);

  private UclFunctions() {}

  static List<SqlFunction> all() {
    return List.of(new SqlFunction("ucl_estimate", "_FUNC_(item[, decode]) - Estimated count of item in the newest"
        + " state of the UCL stream whose tables are in the '" + WAREHOUSE_CONF + "' folder. decode: 'lsqr' (default,"
        + " least squares), 'ml' (the latest learned solver), a model version, or 'cm' (the Count-Min part alone).",
        UclFunctions::build));
  }

  /** What {@code ucl_estimate}'s second argument asks for: a decode mode, and for ML the model version (or null). */
  private record Decode(DecodeMode mode, Long version) {
    static Decode of(Expression e) {
      if (e.foldable() && e.dataType() instanceof StringType) {
        Object v = e.eval(null);
        if (v == null) {
          throw new IllegalArgumentException("ucl_estimate: decode must not be NULL: use 'lsqr', 'ml', 'cm' or a"
              + " model version");
        }
        try {
          return new Decode(DecodeMode.of(v.toString()), null);
        } catch (IllegalArgumentException bad) {
          throw new IllegalArgumentException("ucl_estimate: unknown decode '" + v + "': use 'lsqr' (default), 'ml',"
              + " 'cm' or a model version", bad);
        }
      }
      return new Decode(DecodeMode.ML, SketchFunctions.constantLong("ucl_estimate", "decode (a model version)", e));
    }
  }

  private static Expression build(List<Expression> args) {
    requireArgs("ucl_estimate", args, 1, 2);
    Expression item = FrequencyAggregates.itemArgument("ucl_estimate", args.get(0));
    Decode decode = args.size() == 2 ? Decode.of(args.get(1)) : new Decode(DecodeMode.LSQR, null);
    SparkSession spark = SparkSession.active();
    String folder = spark.conf().get(WAREHOUSE_CONF, null);
    if (folder == null) {
      throw new IllegalArgumentException("ucl_estimate: set " + WAREHOUSE_CONF + " to the warehouse folder of the"
          + " UCL stream (bin/sketchbricks sql --warehouse DIR does it for you)");
    }
    byte[] model = null;
    byte[] state = null;
    String source;
    if (decode.mode() == DecodeMode.ML) {
      String table = new Path(new Path(folder), UclTables.MODELS).toString();
      if (!DeltaTable.isDeltaTable(spark, table)) {
        throw new IllegalArgumentException("ucl_estimate: no " + UclTables.MODELS + " table in " + folder
            + ": run stream-ucl until it has trained a model, or use the default decode 'lsqr'");
      }
      Row row = UclTables.modelRow(spark, table, decode.version());
      if (row == null) {
        throw new IllegalArgumentException("ucl_estimate: " + (decode.version() == null ? "no model"
            : "model version " + decode.version() + " is not") + " in " + table);
      }
      model = (byte[]) row.get(1);
      state = (byte[]) row.get(2); // what it was trained on, possibly batches ago: the newest state replaces it
      source = table + "#" + row.getLong(0) + "#" + Arrays.hashCode(model);
    } else {
      source = decode.mode().name();
    }
    String stateTable = new Path(new Path(folder), UclTables.STATE).toString();
    boolean stateTableExists = DeltaTable.isDeltaTable(spark, stateTable);
    if (stateTableExists) {
      Row latest = UclTables.first(spark.read().format("delta").load(stateTable).select("batch_id", "state"));
      if (latest != null) {
        state = (byte[]) latest.get(1);
      }
    }
    if (state == null) {
      throw new IllegalArgumentException("ucl_estimate: " + (stateTableExists ? "the " + UclTables.STATE
          + " table in " + folder + " holds no state" : "no " + UclTables.STATE + " table in " + folder)
          + ": run stream-ucl over at least one batch first");
    }
    byte[] stateBytes = state;
    byte[] modelBytes = model;
    DecodeMode mode = decode.mode();
    // the content, not the batch id, names the decode: a new stream may reuse a warehouse and its batch ids
    String key = folder + "#" + source + "#" + Arrays.hashCode(stateBytes);
    SparkUserDefinedFunction udf = (SparkUserDefinedFunction) functions.udf((UDF1<Object, Long>) value -> {
      if (value == null || (value instanceof String s && s.isEmpty())) {
        return null;
      }
      return DECODED.get(key, k -> {
        UclSketch sketch = UclSketch.fromBytes(stateBytes);
        if (mode == DecodeMode.ML) {
          sketch.decode(new UclSolver(), UclModel.fromBytes(modelBytes));
        } else {
          sketch.decode(mode);
        }
        return sketch;
      }).estimateObject(value);
    }, DataTypes.LongType).withName("ucl_estimate");
    return CatalystFunctions.scalar(udf, List.of(item));
  }
}
