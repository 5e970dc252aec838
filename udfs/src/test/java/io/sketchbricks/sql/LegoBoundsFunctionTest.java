package io.sketchbricks.sql;

import static io.sketchbricks.sql.SketchFunctionsTest.rootMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.core.Sketch;
import io.sketchbricks.data.ZipfSampler;
import io.sketchbricks.kinds.SketchKinds;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoHash;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoModels;
import io.sketchbricks.lego.LegoSketch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * lego_estimate_bounds on a real local session: the exact count of every item lies in [lower, upper] at the stated
 * rate, the estimate is lego_estimate's, NULLs give NULL and other sketches one clear error.
 */
class LegoBoundsFunctionTest {
  private static SparkSession spark;
  /** The shipped model's id, named in every lego_agg here so the test does not depend on the default model. */
  private static String model;

  @BeforeAll
  static void setUp() {
    spark = TestSpark.get();
    LegoModel shipped = LegoModels.shipped();
    assertTrue(shipped != null, "the shipped model must be on the test classpath");
    model = shipped.idHex();
    // one 100 KB brick for 50,000 ranks: more than 10,000 distinct items, so the shipped model's network answers
    ZipfSampler zipf = new ZipfSampler(50_000, 1.1);
    SplittableRandom r = new SplittableRandom(5);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      rows.add(RowFactory.create("item-" + zipf.sample(r)));
    }
    spark.createDataFrame(rows, new StructType().add("item", DataTypes.StringType)).repartition(4)
        .createOrReplaceTempView("lego_bounds_clicks");
  }

  @Test
  void exactCountsLieInsideTheIntervalsAndTheEstimateIsLegoEstimates() {
    for (String agg : List.of("lego_agg", "d_lego_agg")) {
      int kb = agg.equals("lego_agg") ? 100 : 125; // one brick each; d-lego's 25 KB more hold 2,844 heavy buckets
      byte[] sketch = (byte[]) spark.sql("SELECT " + agg + "(item, 1, " + kb + ", '" + model + "')"
          + " FROM lego_bounds_clicks").first().get(0);
      spark.createDataFrame(List.of(RowFactory.create((Object) sketch)),
          new StructType().add("sk", DataTypes.BinaryType)).createOrReplaceTempView("lego_bounds_sketch");
      Row r = spark.sql("WITH exact AS (SELECT item, count(*) AS n FROM lego_bounds_clicks GROUP BY item),"
          + " b AS (SELECT n, lego_estimate_bounds(sk, item, 0.9) AS bd, lego_estimate(sk, item) AS e"
          + " FROM exact CROSS JOIN lego_bounds_sketch)"
          + " SELECT avg(CAST(bd.lower <= n AS INT)), count(*), sum(CAST(n > bd.upper AS INT)),"
          + " sum(CAST(bd.estimate <> e AS INT)), sum(CAST(NOT (bd.confidence = 0.9 OR (bd.confidence = 1.0"
          + " AND bd.lower = bd.upper)) AS INT)), sum(CAST(bd.lower > 0 AS INT)), avg(bd.upper - bd.lower) FROM b")
          .first();
      Sketch read = SketchKinds.read(sketch);
      LegoSketch light = read instanceof DLegoSketch d ? d.light() : (LegoSketch) read;
      int neural = 0; // items whose light part answers through the network (for d-lego: unless they are heavy)
      for (Row item : spark.sql("SELECT DISTINCT item FROM lego_bounds_clicks").collectAsList()) {
        neural += light.answersNeurally(LegoHash.idOf(item.getString(0))) ? 1 : 0;
      }
      System.out.printf("lego_estimate_bounds %s %d KB c=0.9: coverage %.4f over %d items (%d answered through the"
          + " network), lower > 0 for %d, mean width %.1f%n", agg, kb, r.getDouble(0), r.getLong(1), neural,
          r.getLong(5), r.getDouble(6));
      assertTrue(r.getDouble(0) >= 0.9, agg + " coverage " + r.getDouble(0));
      assertEquals(0, r.getLong(2), agg + ": a true count above its upper bound");
      assertEquals(0, r.getLong(3), agg + ": the struct's estimate differs from lego_estimate");
      assertEquals(0, r.getLong(4), agg + ": a confidence other than the one asked for, or an inexact 1.0");
      assertTrue(r.getLong(5) > 0, agg + ": every lower bound was 0");
      if (agg.equals("lego_agg")) {
        assertTrue(neural > 0, "no item answered through the network: the estimate check misses that path");
      }
    }
  }

  @Test
  void returnsAStructOfDoublesWithTheDefaultConfidenceAndNullForNull() {
    String sketch = "(SELECT lego_agg(item, 1, 100, '" + model + "') FROM lego_bounds_clicks)";
    var df = spark.sql("SELECT lego_estimate_bounds(" + sketch + ", 'item-0') AS b,"
        + " lego_estimate_bounds(NULL, 'item-0'), lego_estimate_bounds(" + sketch + ", NULL),"
        + " lego_estimate_bounds(" + sketch + ", 'item-0', NULL), lego_estimate_bounds(" + sketch + ", ''),"
        + " lego_estimate(" + sketch + ", 'item-0')");
    assertEquals(new StructType().add("estimate", DataTypes.DoubleType).add("lower", DataTypes.DoubleType)
        .add("upper", DataTypes.DoubleType).add("confidence", DataTypes.DoubleType), df.schema().apply("b").dataType());
    Row r = df.first();
    Row b = r.getStruct(0);
    assertEquals(0.95, b.getDouble(3), "the default confidence");
    assertEquals(r.getDouble(5), b.getDouble(0), "the estimate is lego_estimate's");
    assertTrue(b.getDouble(1) <= b.getDouble(0) && b.getDouble(0) <= b.getDouble(2), b.toString());
    for (int i = 1; i <= 4; i++) {
      assertTrue(r.isNullAt(i), "column " + i + " of " + r);
    }
  }

  @Test
  void otherSketchesAndBadArgumentsGiveOneClearError() {
    String lego = "(SELECT lego_agg(item, 1, 100, '" + model + "') FROM lego_bounds_clicks)";
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("SELECT lego_estimate_bounds(cms_agg(item), 'a') FROM lego_bounds_clicks",
        "lego_estimate_bounds reads lego and d-lego sketches (from lego_agg or d_lego_agg), not a cms sketch:"
            + " use sketch_estimate_bounds for it");
    cases.put("SELECT sketch_estimate_bounds(" + lego + ", 'a')", "not a lego sketch: use lego_estimate_bounds");
    cases.put("SELECT lego_estimate_bounds(" + lego + ", 'a', 1.5)", "strictly between 0 and 1");
    cases.put("SELECT lego_estimate_bounds(" + lego + ", 'a', 0)", "strictly between 0 and 1");
    cases.put("SELECT lego_estimate_bounds('not a sketch', 'a')", "lego_estimate_bounds: sketch must be BINARY");
    cases.put("SELECT lego_estimate_bounds(" + lego + ")", "lego_estimate_bounds takes 2 to 3 arguments, got 1");
    cases.forEach((sql, expected) -> {
      Exception e = assertThrows(Exception.class, () -> spark.sql(sql).collect(), sql);
      assertTrue(rootMessage(e).contains(expected), sql + " -> " + rootMessage(e));
    });
  }
}
