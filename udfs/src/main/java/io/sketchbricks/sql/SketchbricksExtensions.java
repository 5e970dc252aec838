package io.sketchbricks.sql;

import org.apache.spark.sql.SparkSessionExtensions;
import scala.Tuple3;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Registers every Sketchbricks SQL function in each new session, as Delta registers its own:
 * {@code --conf spark.sql.extensions=io.sketchbricks.sql.SketchbricksExtensions} (comma-separate it from
 * Delta's {@code io.delta.sql.DeltaSparkSessionExtension}).
 */
public final class SketchbricksExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {
  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    for (SqlFunction f : SketchFunctions.all()) {
      extensions.injectFunction(new Tuple3<>(f.identifier(), f.info(), f.scalaBuilder()));
    }
    return BoxedUnit.UNIT;
  }
}
