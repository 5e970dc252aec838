package io.sketchbricks.spark.compat;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.DataType;

/**
 * Between a DataFrame {@link Column} and the Catalyst {@link Expression} it stands for. Spark 3.5: a Column wraps
 * its expression ({@code new Column(expr)}, {@code column.expr()}). Spark 4 made Column a client-side tree that
 * Spark Connect can ship, and this conversion moved to {@code org.apache.spark.sql.classic}; the spark-4 source
 * folder has that line's version of this class.
 */
public final class Columns {
  private Columns() {}

  public static Expression expression(Column column) {
    return column.expr();
  }

  public static Column column(Expression expression) {
    return new Column(expression);
  }

  /** {@code CAST(expression AS type)}, resolved the way the DataFrame API's {@code Column.cast} does it. */
  public static Expression cast(Expression expression, DataType type) {
    return expression(column(expression).cast(type));
  }
}
