package io.sketchbricks.sql;

import io.sketchbricks.spark.compat.CatalystFunctions;
import org.apache.spark.sql.SparkSessionExtensions;
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
      CatalystFunctions.inject(extensions, f.identifier(), f.info(), f.builder());
    }
    return BoxedUnit.UNIT;
  }
}
