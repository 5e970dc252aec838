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

/** frequent_items_agg / frequent_items / sketch_merge_agg against exact SQL counts on a Zipf stream. */
class FrequentItemsFunctionsTest {
  private static SparkSession spark;
  private static final long[] EXACT = new long[50_000];

  @BeforeAll
  static void setUp() {
    spark = TestSpark.get();
    ZipfSampler zipf = new ZipfSampler(50_000, 1.05);
    SplittableRandom r = new SplittableRandom(21);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 400_000; i++) {
      int item = zipf.sample(r);
      EXACT[item]++;
      rows.add(RowFactory.create((long) item, "d" + (i % 4)));
    }
    rows.add(RowFactory.create(null, "d0"));
    spark.createDataFrame(rows, new StructType().add("item", DataTypes.LongType).add("day", DataTypes.StringType))
        .repartition(4).createOrReplaceTempView("fi_clicks");
  }

  private static List<String> exactTop(String where) {
    return spark.sql("SELECT CAST(item AS STRING) FROM fi_clicks WHERE item IS NOT NULL " + where
        + " GROUP BY item ORDER BY count(*) DESC, CAST(item AS STRING) LIMIT 20").collectAsList().stream()
        .map(r -> r.getString(0)).toList();
  }

  @Test
  void topTwentyMatchesTheExactTopTwentyAtMaxItems2048() {
    List<Row> top = spark.sql("SELECT frequent_items(frequent_items_agg(item, 2048), 20) FROM fi_clicks")
        .first().getList(0);
    assertEquals(exactTop(""), top.stream().map(r -> r.getString(0)).toList());
    // every row's bounds hold the exact count
    for (Row t : top) {
      long exact = EXACT[Integer.parseInt(t.getString(0))];
      assertTrue(t.getLong(2) <= exact && exact <= t.getLong(3), t + " vs " + exact);
    }
    Row info = spark.sql("SELECT sketch_info(frequent_items_agg(item, 2048)) FROM fi_clicks").first().getStruct(0);
    System.out.println("frequent_items_agg(item, 2048) over 400,000 Zipf(1.05) rows: " + info + "; top-20 exact; 20th: "
        + top.get(19));
    assertEquals("frequent-items", info.getString(0));
    assertEquals(400_000L, info.getLong(3));
    assertTrue(info.getString(4).contains("skipped=1"), info.getString(4));
  }

  @Test
  void perDaySketchesMergeIntoTheWindowTop() {
    spark.sql("SELECT day, frequent_items_agg(item, 1024) AS s FROM fi_clicks GROUP BY day")
        .createOrReplaceTempView("fi_daily");
    List<Row> merged = spark.sql("SELECT frequent_items(sketch_merge_agg(s), 20) FROM fi_daily").first().getList(0);
    for (Row t : merged) { // the merged window's bounds hold the exact counts
      long exact = EXACT[Integer.parseInt(t.getString(0))];
      assertTrue(t.getLong(2) <= exact && exact <= t.getLong(3), t + " vs " + exact);
    }
    assertEquals(exactTop("").subList(0, 10), merged.stream().map(r -> r.getString(0)).toList().subList(0, 10));
    List<Row> day1 = spark.sql("SELECT frequent_items(s, 5) FROM fi_daily WHERE day = 'd1'").first().getList(0);
    assertEquals(exactTop("AND day = 'd1'").subList(0, 5), day1.stream().map(r -> r.getString(0)).toList());
    Row est = spark.sql("SELECT sketch_estimate(sketch_merge_agg(s), 0), sketch_estimate_bounds(sketch_merge_agg(s),"
        + " '0') FROM fi_daily").first();
    long exact = EXACT[0];
    Row b = est.getStruct(1);
    assertEquals(est.getLong(0), b.getLong(0));
    assertTrue(b.getLong(1) <= exact && exact <= b.getLong(2) && b.getDouble(3) == 1.0, b + " vs " + exact);
  }

  @Test
  void nullsTypesAndRanges() {
    Row r = spark.sql("SELECT frequent_items(NULL, 3), frequent_items(frequent_items_agg(item), NULL),"
        + " size(frequent_items(frequent_items_agg(item), 0)) FROM fi_clicks").first();
    assertTrue(r.isNullAt(0) && r.isNullAt(1));
    assertEquals(0, r.getInt(2));
    assertThrows(Exception.class, () -> spark.sql("SELECT frequent_items_agg(item, 0) FROM fi_clicks").collect());
    assertThrows(Exception.class, () -> spark.sql("SELECT frequent_items_agg(X'01')").collect());
    Exception e = assertThrows(Exception.class,
        () -> spark.sql("SELECT frequent_items(cms_agg(item), 3) FROM fi_clicks").collect());
    assertTrue(String.valueOf(rootMessage(e)).contains("frequent_items reads frequent-items sketches"),
        rootMessage(e));
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
