package io.sketchbricks.sql;

import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;

/**
 * One SQL function: its name, its documentation (shown by {@code DESCRIBE FUNCTION}) and a builder from
 * argument expressions to the Catalyst expression that computes it. The same object feeds both registration
 * paths: {@code spark.sql.extensions} and {@link SketchFunctions#register}.
 */
record SqlFunction(String name, String usage, Function<List<Expression>, Expression> builder) {

  FunctionIdentifier identifier() {
    return FunctionIdentifier.apply(name);
  }

  ExpressionInfo info() {
    return new ExpressionInfo(SketchFunctions.class.getName(), null, name, usage, "");
  }

}
