package io.sketchbricks.sql;

import static io.sketchbricks.sql.SketchFunctionsTest.rootMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.spark.MemoryBudget;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The documented memory range of the classic aggregates works end to end at both ends (build in two groups,
 * serialise through the shuffle, merge with sketch_merge_agg, estimate), and a value one past either end is refused
 * when the query is analysed, before any task runs.
 */
class MemoryLimitsTest {
  private static SparkSession spark;
  private static final List<String> KINDS = List.of("cms", "cs", "cu", "elastic");

  /** 'a' twice (once per group), 'b' once: two partial sketches to merge. */
  @BeforeAll
  static void setUp() {
    spark = TestSpark.get();
    spark.sql("SELECT * FROM VALUES ('a', 1, timestamp'2026-03-01 00:10'), ('a', 2, timestamp'2026-03-01 00:20'),"
        + " ('b', 1, timestamp'2026-03-01 01:10') AS t(item, g, event_time)").createOrReplaceTempView("limits");
  }

  /**
   * Builds one sketch per group with each aggregate, merges each column's two sketches in SQL, and reads per
   * aggregate: the estimate of 'a' and of 'b' (point queries at their hours for ada_cms_agg), the total count and
   * the merged sketch's size.
   */
  private static Row mergedFromTwoGroups(List<String> aggregates) {
    StringBuilder build = new StringBuilder("SELECT g");
    StringBuilder merge = new StringBuilder("SELECT 1 AS one");
    StringBuilder read = new StringBuilder("SELECT 1 AS one");
    for (int i = 0; i < aggregates.size(); i++) {
      String m = "m" + i;
      build.append(", ").append(aggregates.get(i)).append(" AS s").append(i);
      merge.append(", sketch_merge_agg(s").append(i).append(") AS ").append(m);
      read.append(aggregates.get(i).startsWith("ada_cms_agg")
          ? ", ada_cms_estimate(" + m + ", 'a', timestamp'2026-03-01 00:30'), ada_cms_estimate(" + m
              + ", 'b', timestamp'2026-03-01 01:30')"
          : ", sketch_estimate(" + m + ", 'a'), sketch_estimate(" + m + ", 'b')");
      read.append(", sketch_info(").append(m).append(").total_count, sketch_info(").append(m).append(").memory_bytes");
    }
    return spark.sql(read + " FROM (" + merge + " FROM (" + build + " FROM limits GROUP BY g))").first();
  }

  private static List<String> allKinds(long kb) {
    return List.of("cms_agg(item, " + kb + ")", "cs_agg(item, " + kb + ")", "cu_agg(item, " + kb + ")",
        "elastic_agg(item, " + kb + ")", "ada_cms_agg(item, event_time, 'memory_kb=" + kb + "')");
  }

  /** Checks the columns of aggregate i of {@link #mergedFromTwoGroups}. */
  private static void check(Row r, int i, String what, long kb) {
    int c = 1 + 4 * i;
    double a = ((Number) r.get(c)).doubleValue();
    double b = ((Number) r.get(c + 1)).doubleValue();
    assertEquals(3L, r.getLong(c + 2), what + ": total count");
    long bytes = r.getLong(c + 3);
    // Ada-CMS rounds its width down over 17 levels x 4 rows: at 1 KB that leaves 544 of the 1024 bytes
    assertTrue(bytes <= kb * 1024 && bytes > kb * 1024 / 2, what + ": " + bytes + " bytes");
    if (kb == MemoryBudget.MAX_KB) {
      // millions of counters per row: no two items share one, so every kind is exact
      assertEquals(2.0, a, 1e-9, what);
      assertEquals(1.0, b, 1e-9, what);
    } else if (!what.startsWith("cs")) {
      assertTrue(a >= 2 - 1e-9 && b >= 1 - 1e-9, what + ": Count-Min-like kinds never undercount, got " + a + ", " + b);
    }
  }

  @Test
  void theSmallestSketchesBuildMergeAndEstimate() {
    List<String> aggregates = allKinds(MemoryBudget.MIN_KB);
    Row r = mergedFromTwoGroups(aggregates);
    for (int i = 0; i < aggregates.size(); i++) {
      check(r, i, aggregates.get(i), MemoryBudget.MIN_KB);
    }
  }

  /** One query per kind: the aggregation holds several copies of each 16 MiB sketch at once. */
  @Test
  void theLargestSketchesBuildMergeAndEstimate() {
    for (String aggregate : allKinds(MemoryBudget.MAX_KB)) {
      var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long c0 = os.getProcessCpuTime(); long t0 = System.nanoTime();
      for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
      check(mergedFromTwoGroups(List.of(aggregate)), 0, aggregate, MemoryBudget.MAX_KB);
      long peak = 0; for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) if (pool.getType() == java.lang.management.MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
      System.out.println("MEASURE " + aggregate + " wall_ms=" + (System.nanoTime() - t0) / 1000000 + " cpu_ms=" + (os.getProcessCpuTime() - c0) / 1000000 + " heap_peak_mb=" + peak / 1048576);
    }
  }

  @Test
  void onePastEitherEndIsRefusedAtAnalysis() {
    for (long kb : new long[] {MemoryBudget.MIN_KB - 1, MemoryBudget.MAX_KB + 1}) {
      for (String kind : KINDS) {
        // spark.sql analyses the query without running it: the error comes before any task
        Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT " + kind + "_agg(item, " + kb
            + ") FROM limits"));
        assertTrue(rootMessage(e).contains(kind + "_agg: memory_kb must be between 1 and 16384"), rootMessage(e));
      }
      Exception ada = assertThrows(Exception.class, () -> spark.sql(
          "SELECT ada_cms_agg(item, event_time, 'memory_kb=" + kb + "') FROM limits"));
      assertTrue(rootMessage(ada).contains("memory_kb must be between 1 and 16384"), rootMessage(ada));
    }
  }

  @Test
  void adaShapeOptionsWorkAtTheirEndsAndAreRefusedPastThem() {
    List<String> ends = List.of("levels=1, depth=1", "levels=48, depth=1", "levels=1, depth=32",
        "gamma=2, horizon=1", "gamma=2, horizon=1000000000");
    Row r = mergedFromTwoGroups(ends.stream()
        .map(o -> "ada_cms_agg(item, event_time, 'memory_kb=1, " + o + "')").toList());
    for (int i = 0; i < ends.size(); i++) {
      assertEquals(3L, r.getLong(3 + 4 * i), ends.get(i));
    }
    for (String[] bad : new String[][] {{"levels=0", "levels"}, {"levels=49", "levels 49"}, {"depth=0", "depth"},
        {"depth=33", "depth 33"}, {"levels=4294967297", "levels=4294967297"}, {"gamma=2, horizon=0", "horizon=0"},
        {"gamma=2, horizon=1000000001", "horizon=1000000001"}, {"horizon=168", "give gamma with it"},
        {"levels=48, depth=32", "too small"}}) {
      Exception e = assertThrows(Exception.class, () -> spark.sql(
          "SELECT ada_cms_agg(item, event_time, 'memory_kb=1, " + bad[0] + "') FROM limits"));
      assertTrue(rootMessage(e).contains(bad[1]), bad[0] + ": " + rootMessage(e));
    }
  }
}
