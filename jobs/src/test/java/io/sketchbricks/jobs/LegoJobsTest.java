package io.sketchbricks.jobs;

import static io.sketchbricks.jobs.JobsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sketchbricks.kinds.SketchKinds;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoSketch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** build-sketches --sketch lego, lego-query and bench-spark as a user runs them, on a temporary warehouse. */
class LegoJobsTest {
  static final double TOLERANCE = 1e-4;
  static Path warehouse;
  static Path modelFile;
  static LegoModel model;

  @BeforeAll
  static void setUp() throws Exception {
    Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
    warehouse = Files.createTempDirectory(target, "lego-warehouse");
    model = LegoModel.random(12);
    modelFile = warehouse.resolve("models/lego.model");
    model.save(modelFile);
    JobsTest.Result r = run("generate", "--warehouse", warehouse.toString(), "--master", "local[2]", "--events",
        "20000", "--distinct", "1500", "--span", "2d", "--seed", "5");
    assertEquals(0, r.code(), r.err());
    r = run("build-sketches", "--warehouse", warehouse.toString(), "--sketch", "lego,d-lego", "--memory-kb", "200",
        "--model", modelFile.toString(), "--out", "lego_sketches");
    assertEquals(0, r.code(), r.err());
  }

  static SparkSession spark() {
    return SparkSession.active();
  }

  static double rel(double a, double b) {
    return Math.abs(a - b) / Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  private static List<String> itemsOf(Timestamp from, Timestamp to) {
    var clicks = spark().read().format("delta").load(warehouse.resolve("clicks").toString());
    if (from != null) {
      clicks = clicks.where(functions.col("event_time").geq(from).and(functions.col("event_time").lt(to)));
    }
    return clicks.select("item").as(Encoders.STRING()).collectAsList();
  }

  @Test
  void buildSketchesStoresLegoSketchesNamingARegisteredModel() {
    var sketches = spark().read().format("delta").load(warehouse.resolve("lego_sketches").toString());
    assertEquals(2 * 2, sketches.count(), "2 days x (lego, d-lego)");
    Row day = sketches.where("kind = 'lego'").orderBy("window_start").first();
    assertTrue(day.getString(4).contains("lego_model=" + model.idHex()), day.getString(4));
    LegoSketch stored = (LegoSketch) SketchKinds.read((byte[]) day.get(6));
    assertEquals(model.id(), stored.modelId());
    assertEquals(2, stored.brickCount());
    LegoSketch local = new LegoSketch(model, 200 * 1024L);
    List<String> items = itemsOf(day.getTimestamp(0), day.getTimestamp(1));
    items.forEach(i -> local.add(i, 1));
    assertEquals(day.getLong(5), items.size());
    for (String item : new LinkedHashSet<>(items)) {
      assertTrue(rel(local.estimateObject(item), stored.estimateObject(item)) <= TOLERANCE, item);
    }
    List<Row> models = spark().read().format("delta").load(warehouse.resolve("lego_models").toString())
        .where(functions.col("model_id").equalTo(model.idHex())).collectAsList();
    assertEquals(1, models.size(), "the --model file is registered once, in the warehouse's model table");
  }

  @Test
  void legoQueryAnswersPerWindowAndMergedOverWindows() throws Exception {
    List<String> all = itemsOf(null, null);
    List<String> distinct = List.copyOf(new LinkedHashSet<>(all));
    Path queries = warehouse.resolve("queries.txt");
    Files.write(queries, distinct);
    String w = warehouse.toString();

    JobsTest.Result perDay = run("lego-query", "--warehouse", w, "--sketches", "lego_sketches", "--queries",
        queries.toString(), "--queries-format", "text", "--out", "est_day", "--window", "2026-01-01", "--batch", "500");
    assertEquals(0, perDay.code(), perDay.err());
    Row day = spark().read().format("delta").load(warehouse.resolve("lego_sketches").toString())
        .where("kind = 'lego'").orderBy("window_start").first();
    LegoSketch dayLocal = new LegoSketch(model, 200 * 1024L);
    itemsOf(day.getTimestamp(0), day.getTimestamp(1)).forEach(i -> dayLocal.add(i, 1));
    checkEstimates("est_day", distinct.size(), dayLocal::estimateObject);

    JobsTest.Result merged = run("lego-query", "--warehouse", w, "--sketches", "lego_sketches", "--queries",
        queries.toString(), "--queries-format", "text", "--out", "est_all", "--from", "2026-01-01", "--to", "2026-02-01");
    assertEquals(0, merged.code(), merged.err());
    assertTrue(merged.out().contains("merged over windows"), merged.out());
    LegoSketch allLocal = new LegoSketch(model, 200 * 1024L);
    all.forEach(i -> allLocal.add(i, 1));
    checkEstimates("est_all", distinct.size(), allLocal::estimateObject);

    JobsTest.Result viaSql = run("lego-query", "--warehouse", w, "--sketches", "lego_sketches", "--queries",
        queries.toString(), "--queries-format", "text", "--out", "est_sql", "--from", "2026-01-01", "--sql");
    assertEquals(0, viaSql.code(), viaSql.err());
    checkEstimates("est_sql", distinct.size(), allLocal::estimateObject);

    JobsTest.Result dLego = run("lego-query", "--warehouse", w, "--sketches", "lego_sketches", "--kind", "d-lego",
        "--queries", queries.toString(), "--queries-format", "text", "--out", "est_dlego");
    assertEquals(0, dLego.code(), dLego.err());
    Map<Timestamp, DLegoSketch> perWindow = new HashMap<>();
    spark().read().format("delta").load(warehouse.resolve("lego_sketches").toString()).where("kind = 'd-lego'")
        .collectAsList().forEach(r -> perWindow.put(r.getTimestamp(0), (DLegoSketch) SketchKinds.read((byte[]) r.get(6))));
    List<Row> rows = spark().read().format("delta").load(warehouse.resolve("est_dlego").toString()).collectAsList();
    assertEquals(distinct.size() * perWindow.size(), rows.size(), "one answer per item and window");
    for (Row r : rows) {
      double expected = perWindow.get(r.getTimestamp(0)).estimateObject(r.getString(3));
      assertTrue(rel(expected, r.getDouble(4)) <= TOLERANCE, r.toString());
    }
  }

  private static void checkEstimates(String table, int items, java.util.function.ToDoubleFunction<String> expected) {
    List<Row> rows = spark().read().format("delta").load(warehouse.resolve(table).toString()).collectAsList();
    assertEquals(items, rows.size());
    assertEquals(List.of("window_start", "window_end", "grp", "item", "estimate"),
        List.of(spark().read().format("delta").load(warehouse.resolve(table).toString()).columns()));
    double worst = 0;
    for (Row r : rows) {
      worst = Math.max(worst, rel(expected.applyAsDouble(r.getString(3)), r.getDouble(4)));
    }
    assertTrue(worst <= TOLERANCE, table + ": estimates differ from the in-JVM sketch by " + worst);
  }

  @Test
  void benchSparkPrintsBothTimesTheRatioAndBothQueryRates() throws Exception {
    JobsTest.Result r = run("bench-spark", "--warehouse", warehouse.toString(), "--events", "20000", "--distinct",
        "1000", "--memory-kb", "200", "--rounds", "1", "--query-rows", "3000", "--batch", "1000", "--model",
        modelFile.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode n = new ObjectMapper().readTree(r.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
    assertEquals(n.get("memory_bytes_lego").asLong(), n.get("memory_bytes_spark_cms").asLong(), "same memory");
    assertEquals(n.get("lego_agg_s").asDouble() / n.get("count_min_sketch_s").asDouble(), n.get("ratio").asDouble(),
        0.01 + 0.01 * n.get("ratio").asDouble());
    assertEquals(3000, n.get("query_rows").asLong());
    assertTrue(n.get("lego_estimate_sql_rows_per_s").asLong() > 0 && n.get("batched_rows_per_s").asLong() > 0);
    assertTrue(n.get("max_rel_diff_sql_vs_batched").asDouble() <= TOLERANCE, n.toString());
  }

  @Test
  void benchScaleTimesEveryAggregateAndChecksItsCount() throws Exception {
    JobsTest.Result r = run("bench-scale", "--warehouse", warehouse.toString(), "--events", "20000", "--distinct",
        "1000", "--memory-kb", "200", "--partitions", "2", "--warmup-rows", "1000", "--model", modelFile.toString(),
        "--json");
    assertEquals(0, r.code(), r.err());
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> rows = new java.util.ArrayList<>();
    for (String line : r.out().lines().filter(l -> l.startsWith("{")).toList()) {
      rows.add(mapper.readTree(line));
    }
    assertEquals(BenchScaleCommand.AGGREGATES, rows.stream().map(n -> n.get("aggregate").asText()).toList());
    double baseline = rows.get(0).get("wall_s").asDouble();
    for (JsonNode n : rows) {
      assertEquals(20000, n.get("events").asLong());
      assertTrue(n.get("wall_s").asDouble() > 0, n.toString());
      assertTrue(n.get("cpu_s").asDouble() > 0, n.toString());
      assertEquals(n.get("wall_s").asDouble() / baseline, n.get("x_count_min_sketch").asDouble(),
          0.01 + 0.01 * n.get("x_count_min_sketch").asDouble());
      assertTrue(n.get("heap_peak_mb").asDouble() > 0, n.toString());
      assertTrue(n.get("heap_peak_mb").asDouble() <= n.get("heap_max_mb").asDouble() * 1.01, n.toString());
      long bytes = n.get("sketch_bytes").asLong();
      assertTrue(bytes > 190 * 1024 && bytes <= 200 * 1024, "every sketch at about 200 KB: " + n);
    }
    // the table is reused, not generated again, when it has the asked size
    JobsTest.Result again = run("bench-scale", "--warehouse", warehouse.toString(), "--events", "20000",
        "--memory-kb", "200", "--warmup-rows", "1000", "--model", modelFile.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("lego_agg"), again.out());
    assertEquals(1, spark().sql("DESCRIBE HISTORY delta.`" + warehouse.resolve("scale_clicks") + "`").count(),
        "one write: the second run read the table the first one generated");
  }

  @Test
  void legoQueryErrorsAreMessages() {
    String w = warehouse.toString();
    JobsTest.Result kind = run("lego-query", "--warehouse", w, "--sketches", "lego_sketches", "--queries", "clicks",
        "--kind", "cms");
    assertEquals(1, kind.code());
    assertTrue(kind.err().contains("lego and d-lego"), kind.err());
    JobsTest.Result both = run("lego-query", "--warehouse", w, "--sketches", "lego_sketches", "--queries", "clicks",
        "--window", "2026-01-01", "--from", "2026-01-01");
    assertTrue(both.err().contains("not both"), both.err());
    JobsTest.Result none = run("lego-query", "--warehouse", w, "--sketches", "lego_sketches", "--queries", "clicks",
        "--window", "1999-01-01");
    assertTrue(none.err().contains("build-sketches --sketch lego"), none.err());
    JobsTest.Result noModel = run("build-sketches", "--warehouse", w, "--sketch", "lego", "--model",
        warehouse.resolve("missing.model").toString(), "--out", "x");
    assertTrue(noModel.err().contains("does not exist"), noModel.err());
  }
}
