package io.sketchbricks.sql;

import static io.sketchbricks.sql.SketchFunctionsTest.rootMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.adacms.AdaCountMinSketch;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdaFunctionsTest {
  private static SparkSession spark;
  static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  /** item-i is clicked (i + 1) times in hour h for h = 0..i, so every (item, hour) count is known. */
  @BeforeAll
  static void setUp() {
    spark = TestSpark.get();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      for (int h = 0; h <= i; h++) {
        for (int k = 0; k <= i; k++) {
          rows.add(RowFactory.create("item-" + i, new Timestamp(START.plusSeconds(3600L * h + 60 * k).toEpochMilli())));
        }
      }
    }
    rows.add(RowFactory.create(null, new Timestamp(START.toEpochMilli())));
    rows.add(RowFactory.create("item-0", null));
    spark.createDataFrame(rows, new StructType().add("item", DataTypes.StringType)
        .add("event_time", DataTypes.TimestampType)).createOrReplaceTempView("ada_clicks");
  }

  static String hour(int h) {
    return "timestamp'" + START.plusSeconds(3600L * h + 1800) + "'";
  }

  @Test
  void everyFunctionIsExactWithoutCollisions() {
    for (String f : List.of("exp:1.0015", "linear:0.5", "none")) {
      String sketch = "(SELECT ada_cms_agg(item, event_time, 'f=" + f + ", memory_kb=512') FROM ada_clicks)";
      for (int i = 0; i < 6; i++) {
        Row r = spark.sql("SELECT ada_cms_estimate(s, 'item-" + i + "', " + hour(i) + "), "
            + "ada_cms_estimate(s, 'item-" + i + "', " + hour(i + 1) + "), "
            + "ada_cms_estimate_range(s, 'item-" + i + "', " + hour(0) + ", " + hour(10) + "), "
            + "ada_cms_estimate_range(s, 'item-" + i + "', " + hour(1) + ", " + hour(Math.max(1, i)) + ") FROM (SELECT "
            + sketch + " AS s)").first();
        assertEquals(i + 1, r.getDouble(0), 1e-9, f + " point");
        assertEquals(0, r.getDouble(1), 1e-9, f + " empty hour");
        assertEquals((i + 1) * (i + 1), r.getDouble(2), 1e-9, f + " whole range");
        assertEquals(i == 0 ? 0 : i * (i + 1), r.getDouble(3), 1e-9, f + " partial range");
      }
    }
    // forward decay at the newest hour (5): item-5 was seen in every hour 0..5, 6 times each
    double a = 1.0015;
    double expected = 0;
    for (int h = 0; h <= 5; h++) {
      expected += 6 * Math.pow(a, h - 5);
    }
    double recent = spark.sql("SELECT ada_cms_recent(ada_cms_agg(item, event_time, 'memory_kb=512'), 'item-5')"
        + " FROM ada_clicks").first().getDouble(0);
    assertEquals(expected, recent, 1e-6);
  }

  /** The SQL struct is the sketch's own point bounds: true counts inside, upper = estimate, confidence echoed. */
  @Test
  void estimateBoundsHoldTheTrueCount() {
    String sketch = "(SELECT ada_cms_agg(item, event_time, 'memory_kb=512') FROM ada_clicks)";
    for (int i = 0; i < 6; i++) {
      Row r = spark.sql("SELECT b.estimate, b.lower, b.upper, b.confidence, d.confidence FROM (SELECT"
          + " ada_cms_estimate_bounds(s, 'item-" + i + "', " + hour(i) + ", 0.9) AS b, ada_cms_estimate_bounds(s, 'item-"
          + i + "', " + hour(i) + ") AS d FROM (SELECT " + sketch + " AS s))").first();
      assertEquals(i + 1, r.getDouble(0), 1e-9, "estimate");
      assertTrue(r.getDouble(1) <= i + 1 && r.getDouble(1) >= 0, "lower " + r.getDouble(1));
      assertEquals(r.getDouble(0), r.getDouble(2), 0.0, "upper is the estimate");
      assertEquals(0.9, r.getDouble(3), 0.0);
      assertEquals(0.95, r.getDouble(4), 0.0, "default confidence");
    }
    assertTrue(spark.sql("SELECT ada_cms_estimate_bounds(NULL, 'a', " + hour(0) + ")").first().isNullAt(0));
    Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT ada_cms_estimate_bounds(" + sketch
        + ", 'item-1', " + hour(1) + ", 1.0)").collect());
    assertTrue(String.valueOf(e.getMessage()).contains("strictly between 0 and 1"), e.getMessage());
  }

  @Test
  void eightPartitionsMergeToTheSingleBuild() {
    spark.table("ada_clicks").repartition(8).createOrReplaceTempView("ada8");
    spark.table("ada_clicks").coalesce(1).createOrReplaceTempView("ada1");
    AdaCountMinSketch eight = AdaCountMinSketch.fromBytes((byte[]) spark.sql(
        "SELECT ada_cms_agg(item, event_time, map('memory_kb', '64', 'unit', '1 hour')) FROM ada8").first().get(0));
    AdaCountMinSketch one = AdaCountMinSketch.fromBytes((byte[]) spark.sql(
        "SELECT ada_cms_agg(item, event_time, map('memory_kb', '64', 'unit', '1 hour')) FROM ada1").first().get(0));
    assertEquals(one.totalCount(), eight.totalCount());
    long t = one.unitOf(START.toEpochMilli());
    for (int i = 0; i < 6; i++) {
      for (int h = 0; h < 7; h++) {
        assertEquals(one.estimate("item-" + i, t + h), eight.estimate("item-" + i, t + h),
            1e-9 * Math.max(1, one.estimate("item-" + i, t + h)));
      }
    }
  }

  @Test
  void nullsAreSkippedAndCounted() {
    Row info = spark.sql("SELECT sketch_info(ada_cms_agg(item, event_time)) FROM ada_clicks").first().getStruct(0);
    assertEquals("ada-cms", info.getString(0));
    assertEquals(91, info.getLong(3));
    assertTrue(info.getString(4).contains("skipped=2"), info.getString(4));
    Row nulls = spark.sql("SELECT ada_cms_estimate(NULL, 'a', " + hour(0) + "), ada_cms_recent(ada_cms_agg(item,"
        + " event_time), NULL) FROM ada_clicks").first();
    assertTrue(nulls.isNullAt(0) && nulls.isNullAt(1));
  }

  @Test
  void badInputGivesClearErrors() {
    Exception early = assertThrows(Exception.class, () -> spark.sql(
        "SELECT ada_cms_agg(item, event_time, 'origin=2026-06-01') FROM ada_clicks").collect());
    assertTrue(rootMessage(early).contains("before the sketch origin"), rootMessage(early));

    Exception mismatch = assertThrows(Exception.class, () -> spark.sql(
        "SELECT sketch_merge_agg(s) FROM (SELECT ada_cms_agg(item, event_time, 'f=exp:1.0015') s FROM ada_clicks"
            + " UNION ALL SELECT ada_cms_agg(item, event_time, 'f=linear:0.5') FROM ada_clicks)").collect());
    assertTrue(rootMessage(mismatch).contains("merge"), rootMessage(mismatch));

    Exception option = assertThrows(Exception.class, () -> spark.sql(
        "SELECT ada_cms_agg(item, event_time, 'speed=fast') FROM ada_clicks").collect());
    assertTrue(rootMessage(option).contains("unknown Ada-CMS option"), rootMessage(option));

    Exception wrongKind = assertThrows(Exception.class, () -> spark.sql(
        "SELECT ada_cms_estimate(cms_agg(item), 'item-1', " + hour(0) + ") FROM ada_clicks").collect());
    assertTrue(rootMessage(wrongKind).contains("needs an Ada-CMS sketch"), rootMessage(wrongKind));

    Exception corrupt = assertThrows(Exception.class, () -> spark.sql(
        "SELECT ada_cms_estimate(X'534B42520501000000000000', 'a', " + hour(0) + ")").collect());
    assertTrue(rootMessage(corrupt).contains("sketch"), rootMessage(corrupt));

    Exception inverted = assertThrows(Exception.class, () -> spark.sql("SELECT ada_cms_estimate_range("
        + "ada_cms_agg(item, event_time), 'item-1', " + hour(2) + ", " + hour(1) + ") FROM ada_clicks").collect());
    assertTrue(rootMessage(inverted).contains("is after to_time"), rootMessage(inverted));

    Exception time = assertThrows(Exception.class, () -> spark.sql(
        "SELECT ada_cms_agg(item, 3.5) FROM ada_clicks").collect());
    assertTrue(rootMessage(time).contains("TIMESTAMP"), rootMessage(time));
  }

  @Test
  void gammaOptionPicksAnExponentialBase() {
    Row info = spark.sql("SELECT sketch_info(ada_cms_agg(item, event_time, 'gamma=2, horizon=168'))"
        + " FROM ada_clicks").first().getStruct(0);
    assertTrue(info.getString(4).contains("exp:"), info.getString(4));
  }
}
