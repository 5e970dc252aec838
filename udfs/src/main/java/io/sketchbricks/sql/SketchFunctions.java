package io.sketchbricks.sql;

import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchInfo;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.frequency.EstimateBounds;
import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.frequency.FrequentItemsSketch;
import io.sketchbricks.spark.FrequencyAggregates;
import io.sketchbricks.spark.MemoryBudget;
import io.sketchbricks.spark.SketchCache;
import io.sketchbricks.spark.SketchUnionAggregator;
import io.sketchbricks.spark.compat.CatalystFunctions;
import io.sketchbricks.spark.compat.Columns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import org.apache.spark.sql.expressions.UserDefinedAggregator;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.StructType;

/**
 * The Sketchbricks SQL functions, shaped like Spark's own {@code hll_sketch_agg} family: aggregates that return
 * a BINARY sketch, a union aggregate, and scalar functions that read a sketch.
 *
 * <pre>
 *   cms_agg(item[, memory_kb])  cs_agg(...)  cu_agg(...)  elastic_agg(...)   -- BINARY sketch
 *   sketch_merge_agg(sketch)                                                  -- union of stored sketches
 *   sketch_estimate(sketch, item)                                             -- BIGINT estimate
 *   sketch_estimate_bounds(sketch, item[, confidence])  -- STRUCT(estimate, lower, upper, confidence)
 *   sketch_info(sketch)          -- STRUCT(kind, version, memory_bytes, total_count, params)
 *   frequent_items_agg(item[, max_items]), frequent_items(sketch, k)  -- top items ({@link FrequentItemsFunctions})
 * </pre>
 *
 * Items are STRING, BINARY or integral columns (integral ones are widened to BIGINT, so 7 and 7L are one item;
 * a string and its UTF-8 bytes are one item too). NULL and empty items are skipped by the aggregates and
 * counted in the sketch; {@code memory_kb} must be a constant from 1 to 16384 (default 300; see {@link MemoryBudget}).
 */
public final class SketchFunctions {
  /** The memory budget of a sketch when the SQL call names none. */
  public static final int DEFAULT_MEMORY_KB = 300;

  public static final StructType INFO_TYPE = new StructType()
      .add("kind", DataTypes.StringType)
      .add("version", DataTypes.IntegerType)
      .add("memory_bytes", DataTypes.LongType)
      .add("total_count", DataTypes.LongType)
      .add("params", DataTypes.StringType);

  public static final StructType BOUNDS_TYPE = new StructType()
      .add("estimate", DataTypes.LongType)
      .add("lower", DataTypes.LongType)
      .add("upper", DataTypes.LongType)
      .add("confidence", DataTypes.DoubleType);

  private SketchFunctions() {}

  /** Registers every function in this session (the programmatic alternative to the session extension). */
  public static void register(SparkSession spark) {
    var registry = spark.sessionState().functionRegistry();
    for (SqlFunction f : all()) {
      CatalystFunctions.register(registry, f.identifier(), f.info(), f.builder());
    }
  }

  /** The kinds sketch_estimate and sketch_estimate_bounds answer: the classic ones and frequent items. */
  private static final String BOUNDED_KINDS = SketchKind.namesWith(SketchKind.Capability.CLASSIC) + ", "
      + SketchKind.namesWith(SketchKind.Capability.TOP_ITEMS);

  static List<SqlFunction> all() {
    List<SqlFunction> list = new ArrayList<>();
    for (SketchKind kind : SketchKind.with(SketchKind.Capability.CLASSIC)) {
      String name = kind.sqlName() + "_agg";
      list.add(new SqlFunction(name, "_FUNC_(item[, memory_kb]) - Builds a " + kind.sqlName()
          + " sketch of the item column with memory_kb kilobytes of counters (" + MemoryBudget.MIN_KB + " to "
          + MemoryBudget.MAX_KB + ", default " + DEFAULT_MEMORY_KB + "); returns BINARY. NULL and empty items are"
          + " skipped.",
          args -> frequencyAggregate(name, kind, args)));
    }
    list.add(new SqlFunction("sketch_merge_agg",
        "_FUNC_(sketch) - Unions BINARY sketches of one kind and configuration; NULL sketches are skipped.",
        args -> {
          requireArgs("sketch_merge_agg", args, 1, 1);
          Expression sketch = requireType("sketch_merge_agg", "sketch", args.get(0), DataTypes.BinaryType);
          return CatalystFunctions.aggregate(
              ((UserDefinedAggregator<?, ?, ?>) functions.udaf(new SketchUnionAggregator(), Encoders.BINARY()))
                  .withName("sketch_merge_agg"),
              List.of(sketch));
        }));
    list.add(new SqlFunction("sketch_estimate",
        "_FUNC_(sketch, item) - Estimated count of item in a frequency sketch (any kind); NULL if either is NULL.",
        args -> {
          requireArgs("sketch_estimate", args, 2, 2);
          return scalar(ESTIMATE, requireType("sketch_estimate", "sketch", args.get(0), DataTypes.BinaryType),
              FrequencyAggregates.itemArgument("sketch_estimate", args.get(1)));
        }));
    list.add(new SqlFunction("sketch_estimate_bounds",
        "_FUNC_(sketch, item[, confidence]) - STRUCT(estimate, lower, upper, confidence): the estimate of item in a"
        + " " + BOUNDED_KINDS + " sketch with an interval holding its true count with probability at least"
        + " confidence (strictly between 0 and 1, default " + EstimateBounds.DEFAULT_CONFIDENCE + "); the struct's"
        + " confidence is 1.0 where the interval is exact. NULL if any argument is NULL.",
        args -> {
          requireArgs("sketch_estimate_bounds", args, 2, 3);
          Expression confidence = args.size() == 3
              ? Columns.cast(args.get(2), DataTypes.DoubleType)
              : Literal.create(EstimateBounds.DEFAULT_CONFIDENCE, DataTypes.DoubleType);
          return scalar(BOUNDS, requireType("sketch_estimate_bounds", "sketch", args.get(0), DataTypes.BinaryType),
              FrequencyAggregates.itemArgument("sketch_estimate_bounds", args.get(1)), confidence);
        }));
    list.add(new SqlFunction("sketch_info",
        "_FUNC_(sketch) - STRUCT(kind, version, memory_bytes, total_count, params) describing a sketch.",
        args -> {
          requireArgs("sketch_info", args, 1, 1);
          return scalar(INFO, requireType("sketch_info", "sketch", args.get(0), DataTypes.BinaryType));
        }));
    list.addAll(FrequentItemsFunctions.all());
    list.addAll(AdaFunctions.all());
    list.addAll(UclFunctions.all());
    list.addAll(LegoFunctions.all());
    return list;
  }

  // ---- scalar functions --------------------------------------------------------------------------------

  private static final SparkUserDefinedFunction ESTIMATE = (SparkUserDefinedFunction) functions.udf(
      (UDF2<byte[], Object, Long>) SketchFunctions::estimate, DataTypes.LongType).withName("sketch_estimate");

  private static final SparkUserDefinedFunction BOUNDS = (SparkUserDefinedFunction) functions.udf(
      (UDF3<byte[], Object, Double, Row>) SketchFunctions::bounds, BOUNDS_TYPE).withName("sketch_estimate_bounds");

  private static final SparkUserDefinedFunction INFO = (SparkUserDefinedFunction) functions.udf(
      (UDF1<byte[], Row>) SketchFunctions::info, INFO_TYPE).withName("sketch_info");

  static Long estimate(byte[] sketchBytes, Object item) {
    if (sketchBytes == null || item == null || isEmpty(item)) {
      return null;
    }
    Sketch sketch = SketchCache.read(sketchBytes);
    if (sketch instanceof FrequencySketch f) {
      return f.estimateObject(item);
    }
    if (sketch instanceof FrequentItemsSketch f) {
      return f.estimate(frequentItem("sketch_estimate", item));
    }
    throw new IllegalArgumentException("sketch_estimate reads frequency sketches (" + BOUNDED_KINDS + "), not a "
        + sketch.kind().sqlName() + " sketch: use the " + sketch.kind().sqlName().replace('-', '_')
        + "_estimate functions for it");
  }

  static Row bounds(byte[] sketchBytes, Object item, Double confidence) {
    if (sketchBytes == null || item == null || isEmpty(item) || confidence == null) {
      return null;
    }
    Sketch sketch = SketchCache.read(sketchBytes);
    if (sketch instanceof FrequencySketch f) {
      EstimateBounds b = f.bounds(item, confidence);
      return RowFactory.create(b.estimate(), b.lower(), b.upper(), b.confidence());
    }
    if (sketch instanceof FrequentItemsSketch f) { // deterministic bounds: confidence 1
      EstimateBounds.checkConfidence(confidence);
      String s = frequentItem("sketch_estimate_bounds", item);
      return RowFactory.create(f.estimate(s), f.lowerBound(s), f.upperBound(s), 1.0);
    }
    throw new IllegalArgumentException("sketch_estimate_bounds reads " + BOUNDED_KINDS + " sketches, not a "
        + sketch.kind().sqlName() + " sketch" + (sketch.kind() == SketchKind.LEGO || sketch.kind() == SketchKind.D_LEGO
        ? ": use lego_estimate_bounds for it" : ""));
  }

  /** A frequent-items sketch counts strings: integral items are their decimal strings, as frequent_items_agg takes them. */
  private static String frequentItem(String function, Object item) {
    if (item instanceof String s) {
      return s;
    }
    if (item instanceof Long || item instanceof Integer) {
      return item.toString();
    }
    throw new IllegalArgumentException(function + ": a frequent-items sketch counts STRING items, not BINARY");
  }

  static Row info(byte[] sketchBytes) {
    if (sketchBytes == null) {
      return null;
    }
    SketchInfo i = SketchCache.read(sketchBytes).info();
    return RowFactory.create(i.kind(), i.version(), i.memoryBytes(), i.totalCount(), i.params());
  }

  private static boolean isEmpty(Object item) {
    return io.sketchbricks.hash.ItemHash.isMissing(item);
  }

  // ---- builders ------------------------------------------------------------------------------------------

  private static Expression frequencyAggregate(String name, SketchKind kind, List<Expression> args) {
    requireArgs(name, args, 1, 2);
    long memoryKb = args.size() == 2 ? constantLong(name, "memory_kb", args.get(1)) : DEFAULT_MEMORY_KB;
    MemoryBudget.checkKb(name + ": memory_kb", memoryKb);
    Expression item = FrequencyAggregates.itemArgument(name, args.get(0));
    return CatalystFunctions.aggregate(FrequencyAggregates.aggregator(name, kind, memoryKb * 1024, item.dataType()),
        List.of(item));
  }

  private static Expression scalar(SparkUserDefinedFunction udf, Expression... args) {
    return CatalystFunctions.scalar(udf, List.of(args));
  }

  static long constantLong(String function, String parameter, Expression e) {
    if (!e.foldable()) {
      throw new IllegalArgumentException(function + ": " + parameter + " must be a constant, but " + e.sql()
          + " depends on the row");
    }
    Object v = e.eval(null);
    if (v instanceof Number n && (n instanceof Integer || n instanceof Long || n instanceof Short
        || n instanceof Byte)) {
      return n.longValue();
    }
    if (v instanceof org.apache.spark.sql.types.Decimal d && d.scale() == 0) {
      return d.toLong();
    }
    throw new IllegalArgumentException(function + ": " + parameter + " must be an integer constant, got "
        + e.sql() + " of type " + e.dataType().sql());
  }

  static void requireArgs(String function, List<Expression> args, int min, int max) {
    if (args.size() < min || args.size() > max) {
      throw new IllegalArgumentException(function + " takes " + (min == max ? "" + min : min + " to " + max)
          + " arguments, got " + args.size());
    }
  }

  /** Returns e, or a NULL literal cast to the type; refuses any other type. */
  static Expression requireType(String function, String parameter, Expression e, DataType type) {
    if (e.dataType() instanceof NullType) {
      return Columns.cast(e, type);
    }
    if (!e.dataType().equals(type)) {
      throw new IllegalArgumentException(function + ": " + parameter + " must be " + type.sql() + ", but "
          + e.sql() + " is " + e.dataType().sql() + " (sketches are the BINARY output of the *_agg functions)");
    }
    return e;
  }
}
