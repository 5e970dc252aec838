package io.sketchbricks.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.kinds.SketchKinds;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The jobs as a user runs them, in process: real local Spark, real Delta tables in a temporary warehouse. */
class JobsTest {
  static Path warehouse;

  @BeforeAll
  static void generateOnce() throws Exception {
    Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
    warehouse = Files.createTempDirectory(target, "warehouse");
    Result r = run("generate", "--warehouse", warehouse.toString(), "--master", "local[2]", "--events", "30000",
        "--distinct", "2000", "--span", "3d", "--drift", "0.5", "--seed", "7");
    assertEquals(0, r.code, r.err);
  }

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    CommandLine cl = Sketchbricks.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      // Dataset.show prints to Scala's Console, which keeps the System.out it first saw: point it here too
      int code = scala.Console$.MODULE$.withOut(System.out, () -> cl.execute(args));
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(oldOut);
    }
  }

  static SparkSession spark() {
    return SparkSession.active();
  }

  @Test
  void generatedLogIsDeterministicAndDrifts() {
    var clicks = spark().read().format("delta").load(warehouse.resolve("clicks").toString());
    assertEquals(30000, clicks.count());
    assertEquals(List.of("event_time", "user_id", "item"), List.of(clicks.columns()));
    // with drift, the top item of the first day is not the top item of the last day
    List<Row> tops = spark().sql("SELECT d, max_by(item, n) FROM (SELECT date(event_time) d, item, count(*) n FROM delta.`"
        + warehouse.resolve("clicks") + "` GROUP BY 1, 2) GROUP BY d ORDER BY d").collectAsList();
    assertTrue(tops.size() >= 3);
    assertTrue(!tops.get(0).getString(1).equals(tops.get(tops.size() - 1).getString(1)), tops.toString());
  }

  @Test
  void buildSketchesReplacesWindowsAndKeepsHistory() {
    String[] build = {"build-sketches", "--warehouse", warehouse.toString(), "--sketch", "cms,cu", "--memory-kb", "16"};
    assertEquals(0, run(build).code);
    Result again = run(build);
    assertEquals(0, again.code, again.err);
    String table = warehouse.resolve("sketches").toString();
    var sketches = spark().read().format("delta").load(table);
    long windows = spark().read().format("delta").load(warehouse.resolve("clicks").toString())
        .selectExpr("date(event_time)").distinct().count();
    assertEquals(windows * 2, sketches.count(), "re-running replaced the windows instead of appending");
    assertEquals(windows * 2, spark().read().format("delta").option("versionAsOf", 0).load(table).count(),
        "version 0 is still readable by time travel");

    // exact truth from Spark agrees with the in-JVM counts
    var clicks = spark().read().format("delta").load(warehouse.resolve("clicks").toString());
    List<Row> exact = io.sketchbricks.spark.ExactCounts.of(clicks, "item").collectAsList();
    io.sketchbricks.metrics.ExactCounts inJvm = new io.sketchbricks.metrics.ExactCounts();
    clicks.select("item").as(org.apache.spark.sql.Encoders.STRING()).collectAsList().forEach(i -> inJvm.add(i, 1));
    assertEquals(inJvm.distinct(), exact.size());
    exact.forEach(r -> assertEquals(inJvm.count(r.getString(0)), r.getLong(1)));

    // the per-day CMS agrees with an in-JVM sketch over the same day's items
    Row day = sketches.where("kind = 'cms'").orderBy("window_start").first();
    List<String> items = spark().read().format("delta").load(warehouse.resolve("clicks").toString())
        .where(org.apache.spark.sql.functions.col("event_time").geq(day.getTimestamp(0))
            .and(org.apache.spark.sql.functions.col("event_time").lt(day.getTimestamp(1))))
        .select("item").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    FrequencySketch local = FrequencySketch.countMin(16 * 1024);
    items.forEach(local::add);
    assertEquals(day.getLong(5), items.size());
    FrequencySketch stored = SketchKinds.readFrequency((byte[]) day.get(6));
    Map<String, Long> truth = items.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    truth.forEach((item, n) -> {
      assertEquals(local.estimate(item), stored.estimate(item));
      assertTrue(stored.estimate(item) >= n);
    });
  }

  @Test
  void sqlCommandSeesWarehouseTablesAndFunctions() {
    assertEquals(0, run("build-sketches", "--warehouse", warehouse.toString(), "--sketch", "elastic",
        "--out", "sql_sketches").code);
    Result r = run("sql", "--warehouse", warehouse.toString(), "-e",
        "SELECT count(*) AS n FROM clicks; SELECT sketch_info(sketch_merge_agg(sketch)).total_count AS total "
            + "FROM sql_sketches");
    assertEquals(0, r.code, r.err);
    assertTrue(r.out.contains("30000"), r.out);
  }

  @Test
  void sqlOpensOnlyTheTablesAStatementNamesAndSkipsABrokenOneWithAWarning() throws Exception {
    // what a job that failed before its first commit leaves: a log folder without a commit
    Path empty = Files.createDirectories(warehouse.resolve("failed_job/_delta_log"));
    // and a log whose only commit is not JSON
    Path garbled = Files.createDirectories(warehouse.resolve("garbled/_delta_log"));
    Files.writeString(garbled.resolve("00000000000000000000.json"), "this is not a Delta commit\n");
    try {
      // the broken tables are not named: not opened, no warning (opening every table made "SELECT 1" slow)
      Result r = run("sql", "--warehouse", warehouse.toString(), "-e", "SELECT count(*) AS n FROM clicks");
      assertEquals(0, r.code, r.err);
      assertTrue(r.out.contains("30000"), r.out);
      assertEquals(List.of(), r.err.lines().filter(l -> l.startsWith("warning:")).toList(), r.err);
      // named, each is skipped with a warning and the statement that needs it fails; the others are served
      r = run("sql", "--warehouse", warehouse.toString(), "-e",
          "SELECT count(*) AS n FROM clicks WHERE item NOT IN (SELECT item FROM FAILED_JOB UNION SELECT item FROM garbled)");
      assertEquals(1, r.code, r.err);
      List<String> warnings = r.err.lines().filter(l -> l.startsWith("warning: skipped table")).toList();
      assertEquals(2, warnings.size(), r.err);
      assertTrue(warnings.get(0).contains("failed_job") && warnings.get(1).contains("garbled"), r.err);
    } finally {
      Files.delete(empty);
      Files.delete(garbled.resolve("00000000000000000000.json"));
      Files.delete(garbled);
    }
  }

  @Test
  void tablesAreNamedAsWholeWords() {
    assertTrue(WarehouseViews.names("select * from Clicks;", "clicks"));
    assertTrue(WarehouseViews.names("SELECT 1 FROM x JOIN clicks_2 c", "clicks_2"));
    assertTrue(!WarehouseViews.names("SELECT * FROM clicks_2", "clicks"));
    assertTrue(!WarehouseViews.names("SELECT 1", "clicks"));
  }

  /** The demo, small: every family's tables come out, and they all follow the last day's top items. */
  @Test
  void demoShowsEveryFamilyOnTheSameItems() throws Exception {
    Path wh = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "demo");
    Result r = run("demo", "--warehouse", wh.toString(), "--master", "local[2]", "--events", "40000",
        "--distinct", "3000");
    assertEquals(0, r.code, r.err);
    for (String step : List.of("[1/7]", "[2/7]", "[3/7]", "[4/7]", "[5/7]", "[6/7] Lego and D-Lego", "[7/7] UCL")) {
      assertTrue(r.out.contains(step), step + " missing:\n" + r.out);
    }
    List<List<String>> tables = tables(r.out);
    List<String> dayItems = column(tables.get(0), 0);
    assertEquals(5, dayItems.size(), r.out);
    // the whole-week table, Ada-CMS's hourly table, Lego's and UCL's item tables show those same items
    assertEquals(Set.copyOf(dayItems), Set.copyOf(column(tables.get(1), 0)), r.out);
    assertEquals(dayItems.get(0), column(tables.get(2), 0).get(0), r.out);
    assertEquals(dayItems, column(tables.get(4), 0), r.out);
    assertEquals(dayItems, column(tables.get(6), 0), r.out);
    // the accuracy tables of Lego and UCL: one row per kind
    assertEquals(Set.of("lego", "d-lego", "cu"), Set.copyOf(column(tables.get(5), 0)), r.out);
    assertEquals(Set.of("ucl", "ucl (ml)", "cu"), Set.copyOf(column(tables.get(7), 0)), r.out);
    assertTrue(Files.exists(wh.resolve("ucl_models/_delta_log")), "the demo's stream trained a UCL model");
  }

  /** The tables Dataset.show printed: each a list of its data rows (header and borders dropped). */
  static List<List<String>> tables(String out) {
    List<List<String>> tables = new java.util.ArrayList<>();
    List<String> current = null;
    int borders = 0;
    for (String line : out.lines().toList()) {
      if (line.startsWith("+-")) {
        if (current == null) {
          current = new java.util.ArrayList<>();
          borders = 0;
        }
        if (++borders == 3) {
          tables.add(current);
          current = null;
        }
      } else if (line.startsWith("|") && current != null && borders == 2) {
        current.add(line);
      }
    }
    return tables;
  }

  static List<String> column(List<String> rows, int i) {
    return rows.stream().map(row -> row.split("\\|")[i + 1].strip()).toList();
  }

  @Test
  void sparkSubmitSettingsWinOverTheJobsDefaults() {
    org.apache.spark.SparkConf given = new org.apache.spark.SparkConf(false)
        .set("spark.sql.shuffle.partitions", "3").set("spark.ui.enabled", "true")
        .set("spark.ui.showConsoleProgress", "true").set("spark.sql.warehouse.dir", "hdfs://nn:8020/spark-wh")
        .set("spark.sql.extensions", "com.example.Ext");
    Map<String, String> set = SparkOptions.defaults(given, "file:/wh", false);
    for (String key : List.of("spark.sql.shuffle.partitions", "spark.ui.enabled", "spark.ui.showConsoleProgress",
        "spark.sql.warehouse.dir")) {
      assertTrue(!set.containsKey(key), key + " was given and must stay as given: " + set);
    }
    assertEquals("com.example.Ext," + SparkOptions.EXTENSIONS, set.get("spark.sql.extensions"));
    Map<String, String> none = SparkOptions.defaults(new org.apache.spark.SparkConf(false), "file:/wh", false);
    assertEquals("8", none.get("spark.sql.shuffle.partitions"));
    assertEquals("false", none.get("spark.ui.enabled"));
    assertEquals("file:/wh/_spark", none.get("spark.sql.warehouse.dir"));
    assertEquals("false", none.get("spark.ui.showConsoleProgress"), "nobody watches a test");
    assertEquals("true", SparkOptions.defaults(new org.apache.spark.SparkConf(false), "file:/wh", true)
        .get("spark.ui.showConsoleProgress"), "a person at a terminal sees Spark's progress bar");
  }

  @Test
  void evalPrintsOneJsonLinePerSketch() throws Exception {
    Path tokens = warehouse.resolve("tokens.dat");
    StringBuilder sb = new StringBuilder("% a comment\n");
    for (int i = 0; i < 3000; i++) {
      sb.append(i % 7).append(' ').append(i % 101).append(' ').append(i).append('\n');
    }
    Files.writeString(tokens, sb.toString());
    Result r = run("eval", "--input", tokens.toString(), "--sketch", "exact,cms,cu,cs,elastic", "--memory-kb", "4",
        "--json");
    assertEquals(0, r.code, r.err);
    List<JsonNode> lines = r.out.lines().map(l -> {
      try {
        return new ObjectMapper().readTree(l);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + l, e);
      }
    }).toList();
    assertEquals(5, lines.size());
    for (JsonNode n : lines) {
      for (String f : List.of("sketch", "memory_bytes", "events", "distinct", "aae", "are", "wmrd",
          "entropy_abs_err", "entropy_rel_err", "insert_per_s", "query_per_s")) {
        assertTrue(n.has(f), f + " missing in " + n);
      }
      assertEquals(9000, n.get("events").asLong());
      assertEquals(3000, n.get("distinct").asLong());
    }
    assertEquals(0.0, lines.get(0).get("aae").asDouble(), "exact is exact");
  }

  @Test
  void evalReadsDeltaAndCsvClickLogs() throws Exception {
    Result delta = run("eval", "--input", warehouse.resolve("clicks").toString(), "--format", "delta",
        "--sketch", "exact,cms", "--json");
    assertEquals(0, delta.code, delta.err);
    JsonNode exact = new ObjectMapper().readTree(delta.out.lines().findFirst().orElseThrow());
    assertEquals(30000, exact.get("events").asLong());

    Path csv = warehouse.resolve("clicks-csv");
    assertEquals(0, run("generate", "--warehouse", warehouse.toString(), "--out", csv.toString(), "--format", "csv",
        "--events", "5000", "--distinct", "300").code);
    Result fromCsv = run("eval", "--input", csv.toString(), "--format", "csv", "--sketch", "cu", "--json");
    assertEquals(0, fromCsv.code, fromCsv.err);
    JsonNode cu = new ObjectMapper().readTree(fromCsv.out.lines().findFirst().orElseThrow());
    assertEquals(5000, cu.get("events").asLong());
    assertTrue(cu.get("distinct").asLong() > 100);
  }

  /** 4096 counters hold every one of the 2,000 items, so nothing purges and the lists must be exactly SQL's. */
  @Test
  void frequentItemsSketchesAnswerTopItemsPerDayAndOverMergedWindows() {
    Result r = run("build-sketches", "--warehouse", warehouse.toString(), "--sketch", "frequent-items,cms",
        "--max-items", "4096", "--memory-kb", "16", "--out", "top_sketches");
    assertEquals(0, r.code, r.err);
    String clicks = "delta.`" + warehouse.resolve("clicks") + "`";
    String sketches = "delta.`" + warehouse.resolve("top_sketches") + "`";
    List<Row> days = spark().sql("SELECT window_start, transform(frequent_items(sketch, 10), x -> x.item),"
        + " params FROM " + sketches + " WHERE kind = 'frequent-items' ORDER BY 1").collectAsList();
    assertEquals(3, days.size(), "--span 3d gives three daily windows");
    assertTrue(days.get(0).getString(2).contains("max_items=4096"), days.get(0).getString(2));
    for (Row day : days) {
      List<String> exact = spark().sql("SELECT CAST(item AS STRING) FROM " + clicks + " WHERE event_time >="
          + " timestamp_millis(" + ((java.sql.Timestamp) day.get(0)).getTime() + ") AND event_time <"
          + " timestamp_millis(" + ((java.sql.Timestamp) day.get(0)).getTime() + " + 86400000)"
          + " GROUP BY item ORDER BY count(*) DESC, CAST(item AS STRING) LIMIT 10").collectAsList().stream()
          .map(x -> x.getString(0)).toList();
      assertEquals(exact, day.getList(1), "top items of " + day.get(0));
    }
    Row window = spark().sql("SELECT transform(frequent_items(sketch_merge_agg(sketch), 10), x -> x.item)"
        + " FROM " + sketches + " WHERE kind = 'frequent-items'").first();
    List<String> exact = spark().sql("SELECT CAST(item AS STRING) FROM " + clicks + " GROUP BY item"
        + " ORDER BY count(*) DESC, CAST(item AS STRING) LIMIT 10").collectAsList().stream()
        .map(x -> x.getString(0)).toList();
    assertEquals(exact, window.getList(0), "top items over the merged three days");
  }

  @Test
  void adaCmsSketchesGoIntoTheSketchTableAndAnswerPerHour() {
    Result r = run("build-sketches", "--warehouse", warehouse.toString(), "--sketch", "ada-cms", "--memory-kb", "256",
        "--out", "ada_sketches", "--ada-options", "unit=1 hour, levels=4");
    assertEquals(0, r.code, r.err);
    String clicks = "delta.`" + warehouse.resolve("clicks") + "`";
    String sketches = "delta.`" + warehouse.resolve("ada_sketches") + "`";
    List<Row> rows = spark().sql("WITH hourly AS (SELECT item, date_trunc('HOUR', event_time) AS h, count(*) AS n"
        + " FROM " + clicks + " GROUP BY 1, 2 ORDER BY n DESC LIMIT 20) "
        + "SELECT h.n, ada_cms_estimate(s.sketch, h.item, h.h) FROM hourly h JOIN " + sketches + " s"
        + " ON h.h >= s.window_start AND h.h < s.window_end").collectAsList();
    assertEquals(20, rows.size());
    for (Row row : rows) {
      assertTrue(row.getDouble(1) >= row.getLong(0) - 1e-6, row.toString());
      assertTrue(row.getDouble(1) <= row.getLong(0) * 1.5 + 5, "a 256 KB sketch of one day is nearly exact: " + row);
    }
    Row params = spark().sql("SELECT params FROM " + sketches + " LIMIT 1").first();
    assertTrue(params.getString(0).contains("ada=f:exp:1.0015"), params.getString(0));
  }

  @Test
  void evalTimeReportsTenDecilesPerSketch() throws Exception {
    Path tokens = warehouse.resolve("timed.dat");
    StringBuilder sb = new StringBuilder();
    for (int line = 0; line < 2000; line++) {
      sb.append("a").append(line % 13).append(' ').append("b").append((line * 7) % 101).append('\n');
    }
    Files.writeString(tokens, sb.toString());
    Result r = run("eval-time", "--input", tokens.toString(), "--memory-kb", "8", "--unit", "20", "--gamma", "2",
        "--json");
    assertEquals(0, r.code, r.err);
    List<JsonNode> lines = new java.util.ArrayList<>();
    for (String l : r.out.lines().toList()) {
      lines.add(new ObjectMapper().readTree(l));
    }
    assertEquals(List.of("ada-exp", "ada-linear", "cms-time", "hokusai"),
        lines.stream().map(n -> n.get("sketch").asText()).toList());
    for (JsonNode n : lines) {
      assertEquals(10, n.get("aae_by_decile").size());
      assertEquals(10, n.get("are_by_decile").size());
      assertEquals(100, n.get("horizon_units").asLong());
    }
  }

  @Test
  void trainLegoWritesACheckpointAndCardThatEvalLegoUses() throws Exception {
    Path out = warehouse.resolve("lego-train");
    Result r = run("train-lego", "--tasks", "16", "--out", out.toString(), "--seed", "3", "--n-min", "1000",
        "--n-max", "1500", "--validate-every", "8", "--checkpoint-every", "8");
    assertEquals(0, r.code, r.err);
    assertTrue(r.out.contains("validation tasks=8"), r.out);
    assertTrue(Files.isRegularFile(out.resolve("lego.model")));
    String card = Files.readString(out.resolve("model-card.md"));
    assertTrue(card.contains("meta-tasks seen: 16") && card.contains("--seed 3"), card);
    Result again = run("train-lego", "--tasks", "24", "--out", out.toString(), "--resume", out.toString(), "--seed",
        "3", "--n-min", "1000", "--n-max", "1500", "--validate-every", "8", "--checkpoint-every", "8");
    assertEquals(0, again.code, again.err);
    assertTrue(again.out.contains("tasks=24"), again.out);

    Result eval = run("eval-lego", "--model", out.resolve("lego.model").toString(), "--items", "20000", "--alpha",
        "0.5,1.5", "--memory-kb", "300", "--sketch", "lego,cms", "--json");
    assertEquals(0, eval.code, eval.err);
    List<JsonNode> rows = eval.out.lines().map(l -> {
      try {
        return new ObjectMapper().readTree(l);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + l, e);
      }
    }).toList();
    assertEquals(4, rows.size());
    assertTrue(rows.get(0).has("neural_share") && rows.get(0).has("reference_are"), rows.get(0).toString());
    Result table = run("eval-lego", "--model", out.resolve("lego.model").toString(), "--items", "20000", "--alpha",
        "0.9", "--memory-kb", "300", "--sketch", "lego,cms");
    assertEquals(0, table.code, table.err);
    assertTrue(table.out.contains("lego/cms"), table.out);
    Result bad = run("train-lego", "--tasks", "8", "--out", out.toString(), "--resume", out.toString(), "--seed", "4");
    assertEquals(1, bad.code);
    assertTrue(bad.err.contains("seed 3"), bad.err);

    // combine-lego: the trained model with itself as low-skew networks (same V), then used like any model file
    Path both = warehouse.resolve("lego-both.model");
    Result combined = run("combine-lego", "--model", out.resolve("lego.model").toString(), "--low-skew",
        out.resolve("lego.model").toString(), "--below", "1.1", "--out", both.toString());
    assertEquals(0, combined.code, combined.err);
    io.sketchbricks.lego.LegoModel read = io.sketchbricks.lego.LegoModel.load(both);
    assertEquals(1.1f, read.lowSkewBelow());
    assertTrue(combined.out.contains("model " + read.idHex()), combined.out);
    Result evalBoth = run("eval-lego", "--model", both.toString(), "--items", "20000", "--alpha", "0.9",
        "--memory-kb", "300", "--sketch", "lego,cms");
    assertEquals(0, evalBoth.code, evalBoth.err);
    Result badBelow = run("combine-lego", "--model", both.toString(), "--low-skew", out.resolve("lego.model").toString(),
        "--below", "1.1", "--out", warehouse.resolve("nested.model").toString());
    assertEquals(1, badBelow.code);
    assertTrue(badBelow.err.contains("at most one set of low-skew networks"), badBelow.err);
  }

  @Test
  void userErrorsAreMessagesNotStackTraces() {
    Result badSketch = run("eval", "--input", "/nonexistent", "--sketch", "nope");
    assertEquals(1, badSketch.code);
    assertTrue(badSketch.err.contains("unknown sketch 'nope'"), badSketch.err);
    Result missing = run("eval", "--input", "/nonexistent/file.dat");
    assertTrue(missing.err.contains("does not exist"), missing.err);
    Result badCol = run("build-sketches", "--warehouse", warehouse.toString(), "--item-col", "nope");
    assertTrue(badCol.err.contains("no item column 'nope'"), badCol.err);
    Result noCommand = run();
    assertTrue(noCommand.code != 0);
  }
}
