package io.sketchbricks.spark.compat;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.classic.ColumnConversions$;
import org.apache.spark.sql.classic.ExpressionColumnNode$;

/**
 * Between a DataFrame {@link Column} and the Catalyst {@link Expression} it stands for. Spark 4 made Column a
 * client-side tree (a {@code ColumnNode}, which Spark Connect can ship); on the classic (in-JVM) session an
 * expression travels in an {@code ExpressionColumnNode} and a column becomes an expression through
 * {@code ColumnConversions}. The spark-3.5 source folder has that line's version of this class.
 */
public final class Columns {
  private Columns() {}

  public static Expression expression(Column column) {
    return ColumnConversions$.MODULE$.expression(column);
  }

  public static Column column(Expression expression) {
    return new Column(ExpressionColumnNode$.MODULE$.apply(expression));
  }

  /** {@code CAST(expression AS type)}, resolved the way the DataFrame API's {@code Column.cast} does it. */
  public static Expression cast(Expression expression, DataType type) {
    return expression(column(expression).cast(type));
  }
}
