package io.sketchbricks.spark;

import io.sketchbricks.core.SketchKind;
import io.sketchbricks.spark.compat.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.expressions.UserDefinedAggregator;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;

/**
 * The frequency-sketch aggregates for the DataFrame API, and the item-type rules every sketch function shares:
 * items are STRING, BINARY or integral; integral ones are widened to BIGINT so that 7 and 7L are one item.
 */
public final class FrequencyAggregates {
  private FrequencyAggregates() {}

  /** The aggregate as a Spark aggregate function over {@code item}, for the function registry. */
  public static UserDefinedAggregator<?, ?, ?> aggregator(String function, SketchKind kind, long memoryBytes,
      DataType itemType) {
    MemoryBudget.checkBytes(function + ": the memory budget", memoryBytes);
    // named, so that a result column reads cms_agg(item), not the aggregator's class and fields (Spark 4)
    return ((UserDefinedAggregator<?, ?, ?>) functions.udaf(
        new FrequencySketchAggregator<>(kind.sqlName(), memoryBytes), itemEncoder(function, itemType)))
        .withName(function);
  }

  /**
   * {@code kind_agg(item, memory)} as a column, e.g.
   * {@code df.groupBy(...).agg(sketch(COUNT_MIN, 300 * 1024, df.col("item")))}. The item column must be resolved
   * (taken from its Dataset with {@code df.col}), because its type picks how items are hashed. The memory is at most
   * 16 MiB ({@link MemoryBudget}).
   */
  public static Column sketch(SketchKind kind, long memoryBytes, Column item) {
    String function = kind.sqlName() + "_agg";
    Expression widened = itemArgument(function, Columns.expression(item));
    return aggregator(function, kind, memoryBytes, widened.dataType()).apply(Columns.column(widened));
  }

  /** Widens integral items to BIGINT and a NULL literal to STRING; refuses other types with the fix. */
  public static Expression itemArgument(String function, Expression item) {
    DataType t = item.dataType();
    if (t instanceof StringType || t instanceof BinaryType || t instanceof LongType) {
      return item;
    }
    if (t instanceof NullType) {
      return Columns.cast(item, DataTypes.StringType);
    }
    if (t instanceof IntegerType || t instanceof ShortType || t instanceof ByteType) {
      return Columns.cast(item, DataTypes.LongType);
    }
    throw new IllegalArgumentException(function + ": item must be STRING, BINARY or an integral type, but "
        + item.sql() + " is " + t.sql() + "; cast it, e.g. " + function + "(CAST(" + item.sql() + " AS STRING))");
  }

  @SuppressWarnings("unchecked")
  static <T> Encoder<T> itemEncoder(String function, DataType t) {
    if (t instanceof StringType) {
      return (Encoder<T>) Encoders.STRING();
    } else if (t instanceof BinaryType) {
      return (Encoder<T>) Encoders.BINARY();
    } else if (t instanceof LongType) {
      return (Encoder<T>) Encoders.LONG();
    }
    throw new IllegalArgumentException(function + ": item type " + t.sql() + " was not widened; call itemArgument");
  }
}
