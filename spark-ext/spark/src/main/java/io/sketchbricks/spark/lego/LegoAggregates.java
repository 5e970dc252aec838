package io.sketchbricks.spark.lego;

import io.sketchbricks.core.SketchKind;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.spark.compat.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;

/**
 * The Lego aggregates ({@code lego_agg}, {@code d_lego_agg}) for the DataFrame API and the function registry,
 * with their argument rules: items are STRING, BINARY or integral (read as they are: an INT 7 and a BIGINT 7 are
 * one item); counts are numeric (whole numbers for d-lego, whose heavy part counts arrivals).
 */
public final class LegoAggregates {
  private LegoAggregates() {}

  /** The SQL name of the aggregate of a kind: lego_agg or d_lego_agg. */
  public static String functionName(SketchKind kind) {
    return kind.sqlName().replace('-', '_') + "_agg";
  }

  /**
   * The aggregate over a resolved item column (taken with {@code df.col}) and an optional count column (null
   * for one arrival per row), e.g. {@code df.groupBy("day").agg(LegoAggregates.sketch(LEGO, 1 << 20, model,
   * df.col("item"), null))}.
   */
  public static Column sketch(SketchKind kind, long budgetBytes, LegoModel model, Column item, Column count) {
    String f = functionName(kind);
    Expression agg = aggregate(f, LegoAggSpec.of(kind, budgetBytes, model), Columns.expression(item),
        count == null ? null : Columns.expression(count));
    return Columns.column(((LegoAggregate) agg).toAggregateExpression());
  }

  /** The aggregate function (not yet wrapped in an AggregateExpression) for checked arguments. */
  public static Expression aggregate(String function, LegoAggSpec spec, Expression item, Expression count) {
    return new LegoAggregate(itemArgument(function, item), countArgument(function, spec.kind(), count), spec, function);
  }

  /** Accepts STRING, BINARY and integral items (a NULL literal as STRING); refuses other types with the fix. */
  public static Expression itemArgument(String function, Expression item) {
    DataType t = item.dataType();
    if (t instanceof StringType || t instanceof BinaryType || t instanceof LongType || t instanceof IntegerType
        || t instanceof ShortType || t instanceof ByteType) {
      return item;
    }
    if (t instanceof NullType) {
      return Columns.cast(item, DataTypes.StringType);
    }
    throw new IllegalArgumentException(function + ": item must be STRING, BINARY or an integral type, but "
        + item.sql() + " is " + t.sql() + "; cast it, e.g. " + function + "(CAST(" + item.sql() + " AS STRING))");
  }

  /** The count as DOUBLE (lego) or BIGINT (d-lego); the literal 1 when absent. */
  public static Expression countArgument(String function, SketchKind kind, Expression count) {
    boolean whole = kind == SketchKind.D_LEGO;
    DataType target = whole ? DataTypes.LongType : DataTypes.DoubleType;
    if (count == null) {
      return Literal.create(whole ? (Object) 1L : (Object) 1.0, target);
    }
    DataType t = count.dataType();
    boolean integral = t instanceof LongType || t instanceof IntegerType || t instanceof ShortType
        || t instanceof ByteType || (t instanceof DecimalType d && d.scale() == 0);
    boolean fractional = t instanceof DoubleType || t instanceof FloatType || t instanceof DecimalType;
    if (integral || t instanceof NullType || (!whole && fractional)) {
      Expression cast = t.equals(target) ? count : Columns.cast(count, target);
      // a constant count becomes a literal now, so the aggregate sees a constant 1 and skips evaluating it per row
      return cast.foldable() ? Literal.create(cast.eval(null), target) : cast;
    }
    if (whole && fractional) {
      throw new IllegalArgumentException(function + ": count must be a whole number (D-Lego's heavy part counts"
          + " arrivals), but " + count.sql() + " is " + t.sql() + "; round it, e.g. CAST(round(" + count.sql()
          + ") AS BIGINT), or use lego_agg");
    }
    throw new IllegalArgumentException(function + ": count must be numeric, but " + count.sql() + " is " + t.sql()
        + "; cast it, e.g. CAST(" + count.sql() + " AS DOUBLE)");
  }
}
