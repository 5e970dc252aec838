package io.sketchbricks.spark;

import io.sketchbricks.spark.compat.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.expressions.UserDefinedAggregator;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/** The Ada-CMS aggregate for the DataFrame API and the function registry, and its time-argument rules. */
public final class AdaAggregates {
  private AdaAggregates() {}

  /** {@code ada_cms_agg} over (item, time) with the given options, for the function registry. */
  public static UserDefinedAggregator<?, ?, ?> aggregator(String function, AdaOptions options, DataType itemType) {
    return ((UserDefinedAggregator<?, ?, ?>) functions.udaf(new AdaSketchAggregator<>(options),
        Encoders.tuple(FrequencyAggregates.itemEncoder(function, itemType), Encoders.TIMESTAMP()))).withName(function);
  }

  /** {@code ada_cms_agg(item, time, options)} as a column; both columns resolved (taken with {@code df.col}). */
  public static Column sketch(AdaOptions options, Column item, Column time) {
    String function = "ada_cms_agg";
    Expression i = FrequencyAggregates.itemArgument(function, Columns.expression(item));
    Expression t = timeArgument(function, Columns.expression(time));
    return aggregator(function, options, i.dataType()).apply(Columns.column(i), Columns.column(t));
  }

  /** Accepts TIMESTAMP, and DATE, TIMESTAMP_NTZ or STRING cast to TIMESTAMP; refuses other types with the fix. */
  public static Expression timeArgument(String function, Expression time) {
    DataType t = time.dataType();
    if (t instanceof TimestampType) {
      return time;
    }
    if (t instanceof DateType || t instanceof TimestampNTZType || t instanceof StringType || t instanceof NullType) {
      return Columns.cast(time, DataTypes.TimestampType);
    }
    throw new IllegalArgumentException(function + ": time must be a TIMESTAMP, but " + time.sql() + " is "
        + t.sql() + "; convert it, e.g. timestamp_seconds(" + time.sql() + ") or to_timestamp(" + time.sql() + ")");
  }
}
