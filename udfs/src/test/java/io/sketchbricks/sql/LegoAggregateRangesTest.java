package io.sketchbricks.sql;

import static io.sketchbricks.sql.SketchFunctionsTest.rootMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.kinds.SketchKinds;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoModels;
import io.sketchbricks.lego.LegoSketch;
import io.sketchbricks.spark.lego.LegoAggSpec;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The memory_kb range that lego_agg and d_lego_agg accept at analysis is exactly the range that works end to end:
 * at both ends a sketch builds over two partitions (so the final aggregation merges two serialized partials),
 * reads back, counts every row and answers lego_estimate; one step outside either end is refused before the query
 * runs. Counts a sketch cannot hold are refused with a clear error.
 */
class LegoAggregateRangesTest {
  static SparkSession spark;
  static String id;
  static final int ROWS = 2_000;

  @BeforeAll
  static void setUp() {
    spark = TestSpark.get();
    LegoModel model = LegoModels.register(LegoModel.random(505));
    id = model.idHex();
    // 2,000 rows over 20 items (item-i: i % 20), in two partitions
    spark.range(0, ROWS, 1, 2).selectExpr("concat('item-', CAST(id % 20 AS STRING)) AS item", "id AS num")
        .createOrReplaceTempView("range_clicks");
  }

  private static Row run(String function, long memoryKb) {
    return spark.sql("SELECT s, lego_estimate(s, 'item-7') FROM (SELECT " + function + "(item, 1, " + memoryKb
        + ", '" + id + "') AS s FROM range_clicks)").first();
  }

  private static void refused(String sql, String expected) {
    Exception e = assertThrows(Exception.class, () -> spark.sql(sql).collect(), sql);
    assertTrue(rootMessage(e).contains(expected), sql + " -> " + rootMessage(e));
  }

  @Test
  void legoAggWorksAtBothEndsOfItsRangeAndRefusesOneStepOutside() {
    for (long kb : new long[] {100, LegoAggSpec.MAX_MEMORY_KB}) {
      Row r = run("lego_agg", kb);
      LegoSketch s = (LegoSketch) SketchKinds.read((byte[]) r.get(0));
      assertEquals(kb / 100, s.brickCount(), "memory_kb " + kb);
      assertEquals(ROWS, s.totalCount(), "memory_kb " + kb);
      assertTrue(r.getDouble(1) >= ROWS / 20.0 - 1e-3, "never under the true count by rule: " + r.getDouble(1));
    }
    refused("SELECT lego_agg(item, 1, 99) FROM range_clicks", "between 100");
    refused("SELECT lego_agg(item, 1, " + (LegoAggSpec.MAX_MEMORY_KB + 1) + ") FROM range_clicks", "and 100000");
  }

  @Test
  void dLegoAggWorksAtBothEndsOfItsRangeAndRefusesOneStepOutside() {
    for (long kb : new long[] {101, LegoAggSpec.MAX_MEMORY_KB}) {
      Row r = run("d_lego_agg", kb);
      DLegoSketch s = (DLegoSketch) SketchKinds.read((byte[]) r.get(0));
      assertEquals(ROWS, s.totalCount(), "memory_kb " + kb);
      assertTrue(s.heavyBuckets() >= 1, "memory_kb " + kb);
      assertTrue(r.getDouble(1) >= ROWS / 20.0 - 1e-3, "never under the true count: " + r.getDouble(1));
    }
    // 100 KB is one brick and no room for a heavy bucket: refused at analysis, not when the tasks run
    refused("SELECT d_lego_agg(item, 1, 100) FROM range_clicks", "between 101");
    refused("SELECT d_lego_agg(item, 1, " + (LegoAggSpec.MAX_MEMORY_KB + 1) + ") FROM range_clicks", "and 100000");
  }

  @Test
  void countsASketchCannotHoldAreRefused() {
    // a DOUBLE count of 1e300 used to give an infinite estimate and a total stuck at Long.MAX_VALUE
    refused("SELECT lego_agg(item, 1e300D, 100) FROM range_clicks", "2^53");
    refused("SELECT lego_agg(item, CAST(num AS DOUBLE) * 1e14) FROM range_clicks", "2^53");
    refused("SELECT d_lego_agg(item, 9223372036854775807, 101) FROM range_clicks", "2^53");
  }
}
