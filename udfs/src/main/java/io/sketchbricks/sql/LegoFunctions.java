package io.sketchbricks.sql;

import static io.sketchbricks.sql.SketchFunctions.constantLong;
import static io.sketchbricks.sql.SketchFunctions.requireArgs;
import static io.sketchbricks.sql.SketchFunctions.requireType;

import io.sketchbricks.core.SketchKind;
import io.sketchbricks.frequency.EstimateBounds;
import io.sketchbricks.lego.LegoBounds;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.spark.FrequencyAggregates;
import io.sketchbricks.spark.compat.CatalystFunctions;
import io.sketchbricks.spark.compat.Columns;
import io.sketchbricks.spark.lego.LegoAggSpec;
import io.sketchbricks.spark.lego.LegoAggregates;
import io.sketchbricks.spark.lego.LegoEstimates;
import io.sketchbricks.spark.lego.LegoModelTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.StringType;

/**
 * SQL functions of the Lego sketch:
 *
 * <pre>
 *   lego_agg(item[, count[, memory_kb[, model]]])     -- BINARY lego sketch
 *   d_lego_agg(item[, count[, memory_kb[, model]]])   -- BINARY d-lego sketch (a heavy part in front)
 *   lego_estimate(sketch, item)                       -- DOUBLE estimate (lego or d-lego sketch)
 *   d_lego_estimate(sketch, item)                     -- the same function under the d-lego name
 *   lego_estimate_bounds(sketch, item[, confidence])  -- STRUCT(estimate, lower, upper, confidence) of DOUBLEs
 * </pre>
 *
 * {@code count} is a numeric column (whole numbers for d-lego; a NULL count skips its row, a NULL literal means
 * one arrival per row); {@code memory_kb} a constant (default 300; 100..100000 for lego, 101..100000 for d-lego,
 * {@link LegoAggSpec#MAX_MEMORY_KB}); {@code model} a
 * constant: a model id (16 hex digits) from the model table, or 'default'. Models are looked up and registered
 * in the model table named by the session setting {@value LegoModelTable#CONF} ({@link LegoModelTable}).
 */
final class LegoFunctions {
  private LegoFunctions() {}

  static List<SqlFunction> all() {
    List<SqlFunction> list = new ArrayList<>();
    for (SketchKind kind : List.of(SketchKind.LEGO, SketchKind.D_LEGO)) {
      String name = LegoAggregates.functionName(kind);
      list.add(new SqlFunction(name, "_FUNC_(item[, count[, memory_kb[, model]]]) - Builds a " + kind.sqlName()
          + " sketch of the item column (each row adds count, default 1) in memory_kb kilobytes (default "
          + SketchFunctions.DEFAULT_MEMORY_KB + ", bricks of 100 KB) with the given model id or 'default'; returns"
          + " BINARY. NULL and empty items and NULL counts are skipped.", args -> aggregate(kind, args)));
    }
    for (String name : List.of("lego_estimate", "d_lego_estimate")) {
      list.add(new SqlFunction(name, "_FUNC_(sketch, item) - Estimated count of item in a lego or d-lego sketch,"
          + " through the sketch's own model; NULL if either is NULL.", args -> estimate(name, args)));
    }
    list.add(new SqlFunction("lego_estimate_bounds", "_FUNC_(sketch, item[, confidence]) - STRUCT(estimate, lower,"
        + " upper, confidence) of DOUBLEs for a lego or d-lego sketch: lego_estimate's answer, upper the rule estimate"
        + " (never under the true count, up to float32 rounding), lower a bound the true count passes with probability"
        + " at least confidence (strictly between 0 and 1, default " + EstimateBounds.DEFAULT_CONFIDENCE + "); the"
        + " struct's confidence is 1.0 where the interval is exact (an unflagged d-lego heavy item). NULL if any"
        + " argument is NULL.", LegoFunctions::bounds));
    return list;
  }

  private static Expression aggregate(SketchKind kind, List<Expression> args) {
    String f = LegoAggregates.functionName(kind);
    requireArgs(f, args, 1, 4);
    Expression count = args.size() >= 2 ? args.get(1) : null;
    if (count != null && count.dataType() instanceof NullType) {
      count = null; // a NULL literal stands for "no count column"
    }
    if (args.size() == 2 && count != null && count.foldable() && !isOne(count.eval(null))) {
      throw new IllegalArgumentException(f + ": the second argument is the count of each row, and the constant "
          + count.sql() + " would multiply every row by it. For a memory budget write " + f + "(item, 1, "
          + count.sql() + ")");
    }
    long memoryKb = args.size() >= 3 ? constantLong(f, "memory_kb", args.get(2)) : SketchFunctions.DEFAULT_MEMORY_KB;
    // exactly the budgets LegoAggSpec accepts, so every call that passes here builds, serializes and merges
    long minKb = LegoAggSpec.minMemoryKb(kind);
    if (memoryKb < minKb || memoryKb > LegoAggSpec.MAX_MEMORY_KB) {
      throw new IllegalArgumentException(f + ": memory_kb must be between " + minKb + " ("
          + (kind == SketchKind.D_LEGO ? "one 100 KB brick and a heavy part" : "one 100 KB brick") + ") and "
          + LegoAggSpec.MAX_MEMORY_KB + " (1,000 bricks, the largest sketch Spark carries per group), got " + memoryKb);
    }
    String model = args.size() == 4 ? constantString(f, "model", args.get(3)) : null;
    LegoModel m = LegoModelTable.resolve(SparkSession.active(), model, f);
    return LegoAggregates.aggregate(f, LegoAggSpec.of(kind, memoryKb * 1024, m), args.get(0), count);
  }

  private static boolean isOne(Object v) {
    return v instanceof Number n && n.doubleValue() == 1.0
        || v instanceof org.apache.spark.sql.types.Decimal d && d.toDouble() == 1.0;
  }

  private static String constantString(String function, String parameter, Expression e) {
    if (!e.foldable()) {
      throw new IllegalArgumentException(function + ": " + parameter + " must be a constant, but " + e.sql()
          + " depends on the row");
    }
    if (e.dataType() instanceof NullType) {
      return null;
    }
    if (!(e.dataType() instanceof StringType)) {
      throw new IllegalArgumentException(function + ": " + parameter + " must be a STRING constant (a model id or"
          + " 'default'), got " + e.sql() + " of type " + e.dataType().sql());
    }
    Object v = e.eval(null);
    return v == null ? null : v.toString();
  }

  private static Expression estimate(String name, List<Expression> args) {
    requireArgs(name, args, 2, 2);
    Expression sketch = requireType(name, "sketch", args.get(0), DataTypes.BinaryType);
    Expression item = FrequencyAggregates.itemArgument(name, args.get(1));
    LegoEstimates estimates = new LegoEstimates(LegoModelTable.models(SparkSession.active()), name);
    SparkUserDefinedFunction udf = (SparkUserDefinedFunction) functions.udf(
        (UDF2<byte[], Object, Double>) estimates::estimate, DataTypes.DoubleType).withName(name);
    return CatalystFunctions.scalar(udf, List.of(sketch, item));
  }

  private static Expression bounds(List<Expression> args) {
    String name = "lego_estimate_bounds";
    requireArgs(name, args, 2, 3);
    Expression sketch = requireType(name, "sketch", args.get(0), DataTypes.BinaryType);
    Expression item = FrequencyAggregates.itemArgument(name, args.get(1));
    Expression confidence = args.size() == 3
        ? Columns.cast(args.get(2), DataTypes.DoubleType)
        : Literal.create(EstimateBounds.DEFAULT_CONFIDENCE, DataTypes.DoubleType);
    LegoEstimates estimates = new LegoEstimates(LegoModelTable.models(SparkSession.active()), name);
    // the same STRUCT of DOUBLEs as ada_cms_estimate_bounds: Lego counts and estimates are not whole numbers
    SparkUserDefinedFunction udf = (SparkUserDefinedFunction) functions.udf(
        (UDF3<byte[], Object, Double, Row>) (s, x, c) -> {
          LegoBounds b = estimates.bounds(s, x, c);
          return b == null ? null : RowFactory.create(b.estimate(), b.lower(), b.upper(), b.confidence());
        }, AdaFunctions.BOUNDS_TYPE).withName(name);
    return CatalystFunctions.scalar(udf, List.of(sketch, item, confidence));
  }
}
