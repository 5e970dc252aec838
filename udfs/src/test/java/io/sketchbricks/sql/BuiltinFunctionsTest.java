package io.sketchbricks.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.junit.jupiter.api.Test;

/**
 * Our SQL functions next to Spark's own sketch functions, on either Spark line: no name of ours is a built-in
 * (Spark 4 added {@code approx_top_k*}, {@code theta_*}, {@code kll_*}; 3.5 has {@code hll_*} and
 * {@code count_min_sketch}), and with our extension loaded Spark's own still answer.
 */
class BuiltinFunctionsTest {

  @Test
  void noFunctionOfOursIsABuiltinOfThisSpark() {
    var builtin = FunctionRegistry$.MODULE$.builtin();
    TreeSet<String> sketchBuiltins = new TreeSet<>();
    scala.collection.Iterator<FunctionIdentifier> it = builtin.listFunction().iterator();
    while (it.hasNext()) {
      String name = it.next().funcName();
      if (name.contains("sketch") || name.contains("top_k") || name.startsWith("hll_") || name.startsWith("theta_")
          || name.startsWith("kll_")) {
        sketchBuiltins.add(name);
      }
    }
    System.out.println("BuiltinFunctionsTest: Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()
        + " sketch built-ins: " + sketchBuiltins);
    assertTrue(sketchBuiltins.contains("hll_sketch_agg"), sketchBuiltins.toString());
    for (SqlFunction f : SketchFunctions.all()) {
      assertFalse(builtin.functionExists(f.identifier()), f.name() + " is also a built-in function of this Spark");
    }
  }

  @Test
  void sparksOwnSketchFunctionsStillAnswerBesideOurs() {
    SparkSession spark = TestSpark.get();
    Row r = spark.sql("SELECT hll_sketch_estimate(hll_sketch_agg(item)), sketch_estimate(cms_agg(item), 'a')"
        + " FROM VALUES ('a'), ('a'), ('b') AS t(item)").first();
    assertEquals(List.of(2L, 2L), List.of(r.getLong(0), r.getLong(1)));
  }
}
