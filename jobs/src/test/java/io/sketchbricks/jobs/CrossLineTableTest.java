package io.sketchbricks.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.spark.SketchTable;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sketch tables are interchangeable between the Spark lines. {@code src/test/resources/cross-line/spark-3.5} and
 * {@code spark-4} are Delta sketch tables that this test wrote on each line (Spark 3.5.9 with Delta 3.3, Spark 4.1.0
 * with Delta 4.1) from the same click log, made here from arithmetic only. On whichever line it runs, the test builds
 * the sketches again and checks that both tables hold exactly these bytes, merges the two tables' sketches, and
 * writes into a copy of each table (replacing a window, as build-sketches does), so a table written by one line is
 * read, merged and updated by the other.
 *
 * <p>To write this line's table again (after a deliberate format change, with a version bump):
 * {@code mvn -B test -pl jobs -am -Dtest=CrossLineTableTest -Dsketchbricks.crossline.write=true [-Pspark-4]}.
 */
class CrossLineTableTest {
  static final List<String> KINDS = List.of("cms", "cs", "cu", "elastic", "ada-cms", "lego", "d-lego",
      "frequent-items");
  static final long EVENTS = 6_000;
  static final long DAY_MS = 86_400_000L;
  static final long START_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static SparkSession spark;

  @BeforeAll
  static void session() {
    // the same session configuration as the other jobs tests, so test classes of this JVM share it unchanged
    spark = SparkSession.builder().master("local[2]").appName("jobs-test")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension,io.sketchbricks.sql.SketchbricksExtensions")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.shuffle.partitions", "4").config("spark.ui.enabled", "false").getOrCreate();
  }

  /** 6,000 clicks over 3 days in 4 partitions; item i*i mod 997 of 400 (skewed), no randomness. */
  static Dataset<Row> clicks() {
    return spark.range(0, EVENTS, 1, 4).select(
        expr("timestamp_millis(" + START_MS + " + id * " + (3 * DAY_MS / EVENTS) + ")").as("event_time"),
        expr("concat('item-', cast(((id * id) % 997) % 400 AS STRING))").as("item"));
  }

  /**
   * The Lego model the fixtures were written with: the default until issue #17, still in the jar as an earlier
   * shipped model, so the fixtures also show that a changed default leaves stored Lego sketches readable.
   */
  static final String LEGO_MODEL = "4a61ee1681dd3a03";

  static Dataset<Row> build() {
    return SketchTable.build(clicks(),
        new SketchTable.Spec(KINDS, 104, "1 day", "item", "event_time", null, null, LEGO_MODEL));
  }

  static String line() {
    return org.apache.spark.package$.MODULE$.SPARK_VERSION().startsWith("3.") ? "spark-3.5" : "spark-4";
  }

  static Path fixtures() throws URISyntaxException {
    return Path.of(CrossLineTableTest.class.getResource("/cross-line").toURI());
  }

  /** (window start, kind) -> sketch bytes. */
  static Map<String, byte[]> sketches(Dataset<Row> table) {
    Map<String, byte[]> m = new HashMap<>();
    for (Row r : table.select(expr("unix_millis(window_start)"), col("kind"), col("sketch")).collectAsList()) {
      m.put(r.getLong(0) + "/" + r.getString(1), (byte[]) r.get(2));
    }
    return m;
  }

  @Test
  void bothLinesTablesHoldTheSketchesThisLineBuilds() throws Exception {
    if (Boolean.getBoolean("sketchbricks.crossline.write")) {
      Path out = Path.of("src/test/resources/cross-line", line()).toAbsolutePath();
      deleteTree(out);
      assertEquals(3 * KINDS.size(), SketchTable.write(build(), out.toString()));
    }
    Map<String, byte[]> fresh = sketches(build());
    assertEquals(3 * KINDS.size(), fresh.size());
    for (String line : List.of("spark-3.5", "spark-4")) {
      Path table = fixtures().resolve(line);
      Map<String, byte[]> stored = sketches(spark.read().format("delta").load(table.toString()));
      assertEquals(fresh.keySet(), stored.keySet(), line + "'s table has other windows or kinds");
      for (var e : fresh.entrySet()) {
        assertArrayEquals(e.getValue(), stored.get(e.getKey()),
            "the " + e.getKey() + " sketch written by " + line + " differs from the one " + line() + " builds");
      }
    }
  }

  @Test
  void sketchesOfBothLinesMergeAndEstimate() throws Exception {
    spark.read().format("delta").load(fixtures().resolve("spark-3.5").toString()).createOrReplaceTempView("t35");
    spark.read().format("delta").load(fixtures().resolve("spark-4").toString()).createOrReplaceTempView("t4");
    // every kind merges across the lines; a count-min of the two copies counts every click twice
    List<Row> rows = spark.sql("SELECT kind, sketch_merge_agg(sketch) AS s, sum(events) AS events FROM"
        + " (SELECT * FROM t35 UNION ALL SELECT * FROM t4) GROUP BY kind").collectAsList();
    assertEquals(KINDS.size(), rows.size());
    for (Row r : rows) {
      assertEquals(2 * EVENTS, r.getLong(2));
      assertTrue(((byte[]) r.get(1)).length > 0, r.getString(0));
    }
    long single = spark.sql("SELECT sketch_estimate(sketch_merge_agg(sketch), 'item-0') FROM t35 WHERE kind = 'cms'")
        .first().getLong(0);
    long both = spark.sql("SELECT sketch_estimate(sketch_merge_agg(sketch), 'item-0') FROM"
        + " (SELECT * FROM t35 UNION ALL SELECT * FROM t4) WHERE kind = 'cms'").first().getLong(0);
    assertTrue(single > 0);
    assertEquals(2 * single, both);
  }

  @Test
  void thisLineWritesIntoEitherLinesTable() throws Exception {
    Path tmp = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "cross-line");
    try {
      for (String line : List.of("spark-3.5", "spark-4")) {
        Path copy = tmp.resolve(line);
        copyTree(fixtures().resolve(line), copy);
        // rebuild the first day only: replaceWhere swaps those rows and keeps the other two days
        Dataset<Row> firstDay = build().where(expr("unix_millis(window_start) = " + START_MS));
        assertEquals(KINDS.size(), SketchTable.write(firstDay, copy.toString()));
        Dataset<Row> after = spark.read().format("delta").load(copy.toString());
        assertEquals(3 * KINDS.size(), after.count(), line);
        Map<String, byte[]> fresh = sketches(build());
        Map<String, byte[]> now = sketches(after);
        for (var e : fresh.entrySet()) {
          assertArrayEquals(e.getValue(), now.get(e.getKey()), line + " " + e.getKey());
        }
        assertEquals(2, spark.sql("DESCRIBE HISTORY delta.`" + copy + "`").count(), line);
      }
    } finally {
      deleteTree(tmp);
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
