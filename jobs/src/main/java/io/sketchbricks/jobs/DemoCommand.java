package io.sketchbricks.jobs;

import io.sketchbricks.spark.ClickLogSpec;
import io.sketchbricks.spark.ClickLogs;
import io.sketchbricks.spark.MemoryBudget;
import io.sketchbricks.spark.SketchTable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"End to end: every sketch family on a generated click log, against exact counts.",
        "On the embedded default it generates a click log into the warehouse, then shows daily Count-Min, CU, Count and Elastic sketches in a Delta table queried",
        "in SQL, Ada-CMS, Lego and D-Lego with the shipped model, and a UCL-sketch fed by a stream over the log."})
final class DemoCommand implements Callable<Integer> {
  static final List<String> KINDS = SketchChoices.classic();

  @Mixin
  SparkOptions spark;

  @Option(names = "--events", defaultValue = "1000000", description = "Clicks to generate (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(names = "--distinct", defaultValue = "50000", description = "Items (default: ${DEFAULT-VALUE}).")
  int distinct;

  @Option(names = "--memory-kb", defaultValue = "64", description = "Memory of each classic daily sketch and of the UCL-sketch in KB, 1 to 16384; Lego and"
      + " D-Lego get at least 300 (default: ${DEFAULT-VALUE}).")
  int memoryKb;

  /** Lego's smallest sketch is one 100 KB brick: the learned families get at least that much. */
  static final int MIN_LEARNED_KB = 300;

  @Override
  public Integer call() throws Exception {
    MemoryBudget.checkKb("--memory-kb", memoryKb); // before generating a click log the sketches could not take
    long started = System.nanoTime();
    SparkSession session = spark.session("sketchbricks-demo");
    String clicks = spark.tablePath("clicks");
    String sketches = spark.tablePath("sketches");

    step("1/7", "generating " + String.format("%,d", events) + " clicks on " + String.format("%,d", distinct)
        + " items over 7 days (Zipf 1.1, popularity drifting) into " + clicks);
    ClickLogSpec spec = new ClickLogSpec(events, distinct, 1.1, Instant.parse("2026-01-01T00:00:00Z"),
        Duration.ofDays(7), 0.5, 5_000, 42);
    ClickLogs.write(ClickLogs.generate(session, spec, 4), clicks, "delta");

    step("2/7", "building daily " + String.join(", ", KINDS) + " sketches of " + memoryKb + " KB into " + sketches);
    long rows = SketchTable.write(SketchTable.build(session.read().format("delta").load(clicks),
        new SketchTable.Spec(KINDS, memoryKb, "1 day", "item", "event_time", null)), sketches);
    System.out.println("   " + rows + " sketch rows (7 days x " + KINDS.size() + " kinds)");
    session.read().format("delta").load(clicks).createOrReplaceTempView("clicks");
    session.read().format("delta").load(sketches).createOrReplaceTempView("sketches");

    step("3/7", "Count-Min (cms), conservative update (cu), Count sketch (cs), Elastic: fixed small memory, merge"
        + " across days and partitions; cu is the tightest on point queries, cs is unbiased, elastic keeps heavy"
        + " items apart");
    System.out.println("   SQL: the last day's top items, exact and estimated");
    Row lastDay = session.sql("SELECT max(window_start) FROM sketches").first();
    String day = "timestamp'" + lastDay.getTimestamp(0).toInstant() + "'";
    // every table below follows these items, so the rows can be compared across tables
    session.sql("""
        SELECT item, count(*) AS exact FROM clicks
        WHERE event_time >= %1$s AND event_time < %1$s + INTERVAL 1 DAY
        GROUP BY item ORDER BY exact DESC, item LIMIT 5""".formatted(day)).cache().createOrReplaceTempView("demo_items");
    show(session, """
        SELECT e.item, e.exact,
               max(CASE WHEN s.kind = 'cms' THEN sketch_estimate(s.sketch, e.item) END) AS cms,
               max(CASE WHEN s.kind = 'cu' THEN sketch_estimate(s.sketch, e.item) END) AS cu,
               max(CASE WHEN s.kind = 'cs' THEN sketch_estimate(s.sketch, e.item) END) AS cs,
               max(CASE WHEN s.kind = 'elastic' THEN sketch_estimate(s.sketch, e.item) END) AS elastic
        FROM demo_items e JOIN sketches s ON s.window_start = %1$s
        GROUP BY e.item, e.exact ORDER BY e.exact DESC""".formatted(day));

    System.out.println("   SQL: whole-week counts of those items from the 7 daily sketches merged with"
        + " sketch_merge_agg");
    show(session, """
        WITH week AS (SELECT kind, sketch_merge_agg(sketch) AS sketch FROM sketches GROUP BY kind),
             items AS (SELECT c.item, count(*) AS week_exact, max(i.exact) AS day_exact
                       FROM clicks c JOIN demo_items i ON c.item = i.item GROUP BY c.item)
        SELECT i.item, i.week_exact, w.kind, sketch_estimate(w.sketch, i.item) AS estimate,
               sketch_info(w.sketch).total_count AS sketch_total
        FROM items i CROSS JOIN week w ORDER BY i.day_exact DESC, w.kind""");

    step("4/7", "Ada-CMS: one sketch for a whole period that answers any hour or range, sharper for recent hours"
        + " than old ones. One 2 MB sketch for the week (hour units, gamma 2): the last day's top item per hour,"
        + " and over the whole day (a range query)");
    String ada = spark.tablePath("ada_sketches");
    SketchTable.write(SketchTable.build(session.read().format("delta").load(clicks),
        new SketchTable.Spec(List.of("ada-cms"), 2048, "7 days", "item", "event_time", null,
            "unit=1 hour, gamma=2, horizon=168, levels=6")), ada);
    session.read().format("delta").load(ada).createOrReplaceTempView("ada_sketches");
    show(session, """
        WITH top AS (SELECT item FROM demo_items ORDER BY exact DESC, item LIMIT 1),
             hourly AS (
          SELECT c.item, date_trunc('HOUR', c.event_time) AS hour, count(*) AS exact
          FROM clicks c JOIN top t ON c.item = t.item
          WHERE c.event_time >= %1$s + INTERVAL 18 HOURS GROUP BY 1, 2)
        SELECT h.item, h.hour, h.exact, round(ada_cms_estimate(a.sketch, h.item, h.hour), 1) AS estimate,
               (SELECT count(*) FROM clicks c WHERE c.item = h.item AND c.event_time >= %1$s) AS day_exact,
               round(ada_cms_estimate_range(a.sketch, h.item, %1$s, %1$s + INTERVAL 23 HOURS), 1) AS day_estimate
        FROM hourly h CROSS JOIN ada_sketches a ORDER BY h.hour""".formatted(day));

    step("5/7", "accuracy of the last day's classic sketches over every item seen that day");
    show(session, """
        WITH exact AS (
          SELECT item, count(*) AS exact FROM clicks
          WHERE event_time >= %1$s AND event_time < %1$s + INTERVAL 1 DAY GROUP BY item)
        SELECT s.kind, count(*) AS items,
               round(avg(abs(sketch_estimate(s.sketch, e.item) - e.exact)), 3) AS aae,
               round(avg(abs(sketch_estimate(s.sketch, e.item) - e.exact) / e.exact), 3) AS are,
               sum(CASE WHEN sketch_estimate(s.sketch, e.item) = e.exact THEN 1 ELSE 0 END) AS exact_hits
        FROM exact e JOIN sketches s ON s.window_start = %1$s
        GROUP BY s.kind ORDER BY aae""".formatted(day));

    int learnedKb = Math.max(MIN_LEARNED_KB, memoryKb);
    step("6/7", "Lego and D-Lego: a trained network reads a Count-Min-like sketch's counters (its gain is largest"
        + " when memory is tight for the stream); D-Lego keeps the heaviest items in exact buckets in front. The last day in " + learnedKb
        + " KB each with the shipped model (lego_agg, d_lego_agg), against exact counts and cu_agg of the same"
        + " memory");
    DemoLearned.lego(session, day, learnedKb);

    step("7/7", "UCL-sketch: for a stream, tracked keys and a solve over its counters recover every item's count"
        + " in little memory; restarts are exact. stream-ucl's sink over the click table (" + memoryKb
        + " KB, one training of the learned solver on the final window), then ucl_estimate (least squares, the"
        + " default, and the learned solver, 'ml') against exact whole-week counts and cu_agg of the same memory");
    DemoLearned.ucl(session, spark, events, memoryKb);

    endStep();
    System.out.printf("demo finished in %.0f s. Explore further with:%n"
        + "  bin/sketchbricks sql -e \"SELECT kind, window_start, sketch_info(sketch) FROM sketches\"%n"
        + "  bin/sketchbricks sql -e \"SELECT item, ucl_estimate(item) FROM clicks GROUP BY item LIMIT 10\"%n"
        + "  bin/sketchbricks sql          (a prompt: the tables above are views by their names)%n",
        (System.nanoTime() - started) / 1e9);
    return 0;
  }

  private long stepStarted;

  /** Starts a step, after printing how long the one before took. */
  private void step(String n, String what) {
    endStep();
    stepStarted = System.nanoTime();
    System.out.println();
    System.out.println((n.isEmpty() ? "   " : "[" + n + "] ") + what);
  }

  private void endStep() {
    if (stepStarted != 0) {
      System.out.printf("   (%.1f s)%n", (System.nanoTime() - stepStarted) / 1e9);
    }
  }

  static void show(SparkSession session, String sql) {
    session.sql(sql).show(20, false);
  }
}
