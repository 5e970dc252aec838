package io.sketchbricks.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.data.ZipfSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** sketch_estimate_bounds through SQL: the exact count of every item lies in [lower, upper] at the stated rate. */
class EstimateBoundsFunctionTest {
  private static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = TestSpark.get();
    ZipfSampler zipf = new ZipfSampler(5_000, 1.1);
    SplittableRandom r = new SplittableRandom(3);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      rows.add(RowFactory.create("item-" + zipf.sample(r)));
    }
    spark.createDataFrame(rows, new StructType().add("item", DataTypes.StringType))
        .createOrReplaceTempView("zipf_clicks");
  }

  @Test
  void exactCountsLieInsideTheIntervalsForEveryKind() {
    for (String kind : List.of("cms", "cu", "cs", "elastic")) {
      Row r = spark.sql("WITH s AS (SELECT " + kind + "_agg(item, 4) AS sk FROM zipf_clicks),"
          + " exact AS (SELECT item, count(*) AS n FROM zipf_clicks GROUP BY item),"
          + " b AS (SELECT n, sketch_estimate_bounds(sk, item, 0.9) AS bd FROM exact CROSS JOIN s)"
          + " SELECT avg(CAST(bd.lower <= n AND n <= bd.upper AS INT)), count(*), min(bd.confidence),"
          + " avg(bd.upper - bd.lower) FROM b").first();
      System.out.printf("sql bounds %s 4 KB c=0.9: coverage %.4f over %d items, mean width %.1f%n", kind,
          r.getDouble(0), r.getLong(1), r.getDouble(3));
      assertTrue(r.getDouble(0) >= 0.9, kind + " coverage " + r.getDouble(0));
      assertTrue(r.getDouble(2) >= 0.9, kind);
    }
  }

  @Test
  void defaultConfidenceAndNulls() {
    Row r = spark.sql("SELECT sketch_estimate_bounds(cms_agg(item), 'item-0'),"
        + " sketch_estimate_bounds(cms_agg(item), NULL), sketch_estimate_bounds(NULL, 'a'),"
        + " sketch_estimate_bounds(cms_agg(item), 'item-0', NULL) FROM zipf_clicks").first();
    Row b = r.getStruct(0);
    assertEquals(0.95, b.getDouble(3));
    assertTrue(b.getLong(1) <= b.getLong(0) && b.getLong(0) == b.getLong(2), b.toString());
    assertTrue(r.isNullAt(1) && r.isNullAt(2) && r.isNullAt(3));
  }

  @Test
  void confidenceOfOneIsRefusedWithTheRange() {
    Exception e = assertThrows(Exception.class, () -> spark.sql(
        "SELECT sketch_estimate_bounds(cms_agg(item), 'item-0', 1.0) FROM zipf_clicks").collect());
    assertTrue(String.valueOf(rootMessage(e)).contains("strictly between 0 and 1"), rootMessage(e));
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
