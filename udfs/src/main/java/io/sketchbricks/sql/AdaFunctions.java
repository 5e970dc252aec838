package io.sketchbricks.sql;

import static io.sketchbricks.sql.SketchFunctions.requireArgs;
import static io.sketchbricks.sql.SketchFunctions.requireType;

import io.sketchbricks.adacms.AdaCountMinSketch;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.spark.AdaAggregates;
import io.sketchbricks.spark.AdaOptions;
import io.sketchbricks.spark.FrequencyAggregates;
import io.sketchbricks.spark.SketchCache;
import io.sketchbricks.spark.compat.CatalystFunctions;
import io.sketchbricks.spark.compat.Columns;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * SQL functions of the time-adaptive Ada-CMS sketch:
 *
 * <pre>
 *   ada_cms_agg(item, event_time[, options])                 -- BINARY sketch
 *   ada_cms_estimate(sketch, item, time)                     -- DOUBLE count of item in time's unit
 *   ada_cms_estimate_range(sketch, item, from_time, to_time) -- DOUBLE count over the units from..to, inclusive
 *   ada_cms_recent(sketch, item)                             -- DOUBLE forward-decayed weight at the newest unit
 *   ada_cms_estimate_bounds(sketch, item, time[, confidence]) -- STRUCT(estimate, lower, upper, confidence) DOUBLEs
 * </pre>
 *
 * Options are a constant string {@code 'f=exp:1.0015, unit=1 hour'} or map (see {@link AdaOptions}). Times are
 * converted with the sketch's own unit and origin. {@code sketch_merge_agg} and {@code sketch_info} work on
 * Ada-CMS sketches too.
 */
final class AdaFunctions {
  private AdaFunctions() {}

  static List<SqlFunction> all() {
    return List.of(
        new SqlFunction("ada_cms_agg", "_FUNC_(item, event_time[, options]) - Builds a time-adaptive Count-Min"
            + " sketch (Ada-CMS) of (item, time unit) counts; options e.g. 'f=exp:1.0015, unit=1 hour,"
            + " memory_kb=300' or 'gamma=2, horizon=720'. NULL items or times are skipped and counted.",
            AdaFunctions::aggregate),
        new SqlFunction("ada_cms_estimate", "_FUNC_(sketch, item, time) - Estimated count of item in the time unit"
            + " holding time; NULL if any argument is NULL.",
            args -> {
              requireArgs("ada_cms_estimate", args, 3, 3);
              return CatalystFunctions.scalar(ESTIMATE, List.of(sketchArg("ada_cms_estimate", args.get(0)),
                  FrequencyAggregates.itemArgument("ada_cms_estimate", args.get(1)),
                  AdaAggregates.timeArgument("ada_cms_estimate", args.get(2))));
            }),
        new SqlFunction("ada_cms_estimate_range", "_FUNC_(sketch, item, from_time, to_time) - Estimated count of"
            + " item over the time units from from_time's to to_time's, both included (dyadic blocks, no scan).",
            args -> {
              requireArgs("ada_cms_estimate_range", args, 4, 4);
              String f = "ada_cms_estimate_range";
              return CatalystFunctions.scalar(RANGE, List.of(sketchArg(f, args.get(0)),
                  FrequencyAggregates.itemArgument(f, args.get(1)), AdaAggregates.timeArgument(f, args.get(2)),
                  AdaAggregates.timeArgument(f, args.get(3))));
            }),
        new SqlFunction("ada_cms_estimate_bounds", "_FUNC_(sketch, item, time[, confidence]) -"
            + " STRUCT(estimate, lower, upper, confidence) of DOUBLEs: ada_cms_estimate's answer with an interval"
            + " holding the true count of item in time's unit with probability at least confidence (strictly between"
            + " 0 and 1, default 0.95); upper is the estimate, which never undercounts. NULL if any argument is NULL.",
            args -> {
              String f = "ada_cms_estimate_bounds";
              requireArgs(f, args, 3, 4);
              Expression confidence = args.size() == 4
                  ? Columns.cast(args.get(3), DataTypes.DoubleType)
                  : Literal.create(io.sketchbricks.frequency.EstimateBounds.DEFAULT_CONFIDENCE, DataTypes.DoubleType);
              return CatalystFunctions.scalar(BOUNDS, List.of(sketchArg(f, args.get(0)),
                  FrequencyAggregates.itemArgument(f, args.get(1)), AdaAggregates.timeArgument(f, args.get(2)),
                  confidence));
            }),
        new SqlFunction("ada_cms_recent", "_FUNC_(sketch, item) - Forward-decayed weight of item at the sketch's"
            + " newest time unit: the sum of its counts times f(t)/f(newest).",
            args -> {
              requireArgs("ada_cms_recent", args, 2, 2);
              return CatalystFunctions.scalar(RECENT, List.of(sketchArg("ada_cms_recent", args.get(0)),
                  FrequencyAggregates.itemArgument("ada_cms_recent", args.get(1))));
            }));
  }

  private static Expression aggregate(List<Expression> args) {
    String f = "ada_cms_agg";
    requireArgs(f, args, 2, 3);
    AdaOptions options = args.size() == 3 ? options(args.get(2)) : AdaOptions.defaults();
    Expression item = FrequencyAggregates.itemArgument(f, args.get(0));
    Expression time = AdaAggregates.timeArgument(f, args.get(1));
    return CatalystFunctions.aggregate(AdaAggregates.aggregator(f, options, item.dataType()),
        List.of(item, time));
  }

  private static AdaOptions options(Expression e) {
    if (!e.foldable()) {
      throw new IllegalArgumentException("ada_cms_agg: options must be a constant string or map, but " + e.sql()
          + " depends on the row");
    }
    Object v = e.eval(null);
    if (e.dataType() instanceof StringType) {
      return AdaOptions.parse(v == null ? "" : v.toString());
    }
    if (e.dataType() instanceof MapType) {
      Map<String, String> map = new LinkedHashMap<>();
      if (v != null) {
        MapData m = (MapData) v;
        for (int i = 0; i < m.numElements(); i++) {
          Object val = m.valueArray().get(i, ((MapType) e.dataType()).valueType());
          map.put(m.keyArray().get(i, ((MapType) e.dataType()).keyType()).toString(), val == null ? null : val.toString());
        }
      }
      return AdaOptions.parse(map);
    }
    throw new IllegalArgumentException("ada_cms_agg: options must be a STRING like 'f=exp:1.0015, unit=1 hour' or a"
        + " MAP, but " + e.sql() + " is " + e.dataType().sql());
  }

  private static Expression sketchArg(String function, Expression e) {
    return requireType(function, "sketch", e, DataTypes.BinaryType);
  }

  // ---- the scalar UDFs ---------------------------------------------------------------------------------

  private static final SparkUserDefinedFunction ESTIMATE = (SparkUserDefinedFunction) functions.udf(
      (UDF3<byte[], Object, Object, Double>) (s, item, time) -> {
        if (s == null || item == null || time == null) {
          return null;
        }
        AdaCountMinSketch sketch = ada(s, "ada_cms_estimate");
        return sketch.estimateHashed(sketch.hashOf(item), sketch.unitOf(millis(time)));
      }, DataTypes.DoubleType).withName("ada_cms_estimate");

  private static final SparkUserDefinedFunction RANGE = (SparkUserDefinedFunction) functions.udf(
      (UDF4<byte[], Object, Object, Object, Double>) (s, item, from, to) -> {
        if (s == null || item == null || from == null || to == null) {
          return null;
        }
        AdaCountMinSketch sketch = ada(s, "ada_cms_estimate_range");
        long t1 = sketch.unitOf(millis(from));
        long t2 = sketch.unitOf(millis(to));
        if (t2 < t1) {
          throw new IllegalArgumentException("ada_cms_estimate_range: from_time " + from + " is after to_time " + to);
        }
        return sketch.estimateRangeHashed(sketch.hashOf(item), t1, t2);
      }, DataTypes.DoubleType).withName("ada_cms_estimate_range");

  static final StructType BOUNDS_TYPE = new StructType()
      .add("estimate", DataTypes.DoubleType)
      .add("lower", DataTypes.DoubleType)
      .add("upper", DataTypes.DoubleType)
      .add("confidence", DataTypes.DoubleType);

  private static final SparkUserDefinedFunction BOUNDS = (SparkUserDefinedFunction) functions.udf(
      (UDF4<byte[], Object, Object, Double, Row>) (s, item, time, confidence) -> {
        if (s == null || item == null || time == null || confidence == null) {
          return null;
        }
        AdaCountMinSketch sketch = ada(s, "ada_cms_estimate_bounds");
        double[] b = sketch.pointBoundsHashed(sketch.hashOf(item), sketch.unitOf(millis(time)), confidence);
        return RowFactory.create(b[1], b[0], b[2], confidence);
      }, BOUNDS_TYPE).withName("ada_cms_estimate_bounds");

  private static final SparkUserDefinedFunction RECENT = (SparkUserDefinedFunction) functions.udf(
      (UDF2<byte[], Object, Double>) (s, item) -> {
        if (s == null || item == null) {
          return null;
        }
        AdaCountMinSketch sketch = ada(s, "ada_cms_recent");
        return sketch.totalCount() == 0 ? 0.0 : sketch.recentHashed(sketch.hashOf(item), sketch.maxTime());
      }, DataTypes.DoubleType).withName("ada_cms_recent");

  private static AdaCountMinSketch ada(byte[] bytes, String function) {
    Sketch s = SketchCache.read(bytes);
    if (s instanceof AdaCountMinSketch a) {
      return a;
    }
    throw new IllegalArgumentException(function + " needs an Ada-CMS sketch (from ada_cms_agg), got a "
        + s.kind().sqlName() + " sketch: use sketch_estimate for it");
  }

  private static long millis(Object time) {
    if (time instanceof java.sql.Timestamp ts) {
      return ts.getTime();
    }
    if (time instanceof Instant i) {
      return i.toEpochMilli();
    }
    throw new IllegalArgumentException("unexpected time value " + time + " (" + time.getClass().getName() + ")");
  }
}
