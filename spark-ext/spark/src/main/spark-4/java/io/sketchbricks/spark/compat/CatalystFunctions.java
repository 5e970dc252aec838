package io.sketchbricks.spark.compat;

import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.classic.UserDefinedFunctionUtils$;
import org.apache.spark.sql.execution.aggregate.ScalaAggregator$;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import org.apache.spark.sql.expressions.UserDefinedAggregator;
import scala.Tuple3;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * SQL functions backed by Java code, as Catalyst sees them: a registered builder from argument expressions to an
 * expression, a typed {@code Aggregator} as an aggregate function, a UDF as a scalar expression. Spark 4 (Scala
 * 2.13) takes {@code immutable.Seq} arguments, and since its UDF objects live in the Connect-shared API module,
 * the classic session builds their expressions in {@code ScalaAggregator.apply} and
 * {@code UserDefinedFunctionUtils.toScalaUDF}; the spark-3.5 source folder has that line's version.
 */
public final class CatalystFunctions {
  private CatalystFunctions() {}

  /** Registers the function in a session's registry. */
  public static void register(FunctionRegistry registry, FunctionIdentifier name, ExpressionInfo info,
      Function<List<Expression>, Expression> builder) {
    registry.registerFunction(name, info, scalaBuilder(builder));
  }

  /** Registers the function in every session built with these extensions. */
  public static void inject(SparkSessionExtensions extensions, FunctionIdentifier name, ExpressionInfo info,
      Function<List<Expression>, Expression> builder) {
    extensions.injectFunction(new Tuple3<>(name, info, scalaBuilder(builder)));
  }

  /** The aggregate function that applies a typed aggregator to these arguments. */
  public static Expression aggregate(UserDefinedAggregator<?, ?, ?> aggregator, List<Expression> args) {
    return ScalaAggregator$.MODULE$.apply(aggregator, seq(args));
  }

  /** The scalar expression that applies a UDF to these arguments. */
  public static Expression scalar(SparkUserDefinedFunction udf, List<Expression> args) {
    return UserDefinedFunctionUtils$.MODULE$.toScalaUDF(udf, seq(args));
  }

  private static scala.Function1<Seq<Expression>, Expression> scalaBuilder(
      Function<List<Expression>, Expression> builder) {
    return new AbstractFunction1<>() {
      @Override
      public Expression apply(Seq<Expression> children) {
        return builder.apply(CollectionConverters.asJava(children));
      }
    };
  }

  private static Seq<Expression> seq(List<Expression> list) {
    return CollectionConverters.asScala(list).toSeq();
  }
}
