package io.sketchbricks.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.kinds.SketchKinds;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoSketch;
import io.sketchbricks.spark.ClickLogs;
import io.sketchbricks.spark.lego.LegoModelTable;
import io.sketchbricks.spark.lego.LegoQueries;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "lego-query", mixinStandardHelpOptions = true,
    description = {"Estimates every item of a query table against stored Lego (or D-Lego) sketches.",
        "Writes the estimates to a Delta table: columns window_start, window_end, grp, the query columns and estimate.",
        "One answer per item and sketch row (pick rows with --window and --group), or per item and group against",
        "the windows starting in [--from, --to) merged into one sketch. Batched through the DJL network on each",
        "executor's GPU or CPU; --sql uses the row-at-a-time lego_estimate instead: the same answers up to float32",
        "rounding (PyTorch sums in another order than the plain-Java pass)."})
final class LegoQueryCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Option(names = "--sketches", defaultValue = "sketches", paramLabel = "TABLE",
      description = "Delta sketch table written by build-sketches: a name inside the warehouse, a path or a Hadoop"
          + " URI (default: ${DEFAULT-VALUE}).")
  String sketches;

  @Option(names = "--queries", required = true, paramLabel = "TABLE|FILE",
      description = "Items to estimate: a table name inside the warehouse, a path or a Hadoop URI (see --queries-format).")
  String queries;

  @Option(names = "--queries-format", defaultValue = "delta",
      description = "delta, parquet, csv, json, or text (one item per line) (default: ${DEFAULT-VALUE}).")
  String queriesFormat;

  @Option(names = "--item-col", defaultValue = "item", description = "Item column of the queries (default: ${DEFAULT-VALUE}).")
  String itemCol;

  @Option(names = "--out", defaultValue = "lego_estimates", paramLabel = "TABLE",
      description = "Delta table for the estimates, overwritten: a name inside the warehouse, a path or a Hadoop URI"
          + " (default: ${DEFAULT-VALUE}).")
  String out;

  @Option(names = "--kind", defaultValue = "lego", description = "lego or d-lego (default: ${DEFAULT-VALUE}).")
  String kind;

  @Option(names = "--window", paramLabel = "TIME", description = "Only the window starting at TIME, e.g. 2026-01-03.")
  String window;

  @Option(names = "--from", paramLabel = "TIME", description = "Merge the windows starting at or after TIME (per group).")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "Merge the windows starting before TIME (per group).")
  String to;

  @Option(names = "--group", paramLabel = "VALUE", description = "Only the sketches of this group (grp column).")
  String group;

  @Option(names = "--batch", defaultValue = "65536", description = "Items per DJL batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--sql", description = "Estimate row at a time with lego_estimate in SQL instead of DJL batches.")
  boolean sql;

  /** One sketch to answer from, with the window and group it covers. */
  record Target(Timestamp start, Timestamp end, String group, byte[] sketch) {}

  @Override
  public Integer call() {
    SketchKind k = SketchKind.ofName(kind);
    if (k != SketchKind.LEGO && k != SketchKind.D_LEGO) {
      throw new IllegalArgumentException("lego-query answers lego and d-lego sketches, not " + kind
          + ": use the sql command with sketch_estimate for the others");
    }
    if (window != null && (from != null || to != null)) {
      throw new IllegalArgumentException("give either --window (one window) or --from/--to (a merged range), not both");
    }
    SparkSession session = spark.session("sketchbricks-lego-query");
    Dataset<Row> items = readQueries(session);
    List<Target> targets = targets(session, k);
    Dataset<Row> result = null;
    for (Target t : targets) {
      Dataset<Row> est = sql
          ? items.withColumn(LegoQueries.ESTIMATE, functions.call_function("lego_estimate", lit(t.sketch()), col(itemCol)))
          : LegoQueries.estimate(items, itemCol, t.sketch(), batch);
      List<Column> cols = new ArrayList<>(List.of(lit(t.start()).as("window_start"), lit(t.end()).as("window_end"),
          lit(t.group()).cast("string").as("grp")));
      for (String c : est.columns()) {
        cols.add(col(c));
      }
      est = est.select(cols.toArray(Column[]::new));
      result = result == null ? est : result.unionByName(est);
    }
    String outPath = spark.tablePath(out);
    // one write for every sketch: the output appears whole (one Delta commit) or not at all
    result.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(outPath);
    long rows = session.read().format("delta").load(outPath).count();
    System.out.println("wrote " + rows + " estimates (" + targets.size() + " sketch" + (targets.size() == 1 ? "" : "es")
        + (from != null || to != null ? ", merged over windows" : "") + ") to " + outPath);
    return 0;
  }

  private Dataset<Row> readQueries(SparkSession session) {
    String path = spark.tablePath(queries);
    if (queriesFormat.equalsIgnoreCase("text")) {
      return session.read().text(path).withColumnRenamed("value", itemCol);
    }
    return ClickLogs.read(session, path, queriesFormat);
  }

  private List<Target> targets(SparkSession session, SketchKind k) {
    String table = spark.tablePath(sketches);
    Dataset<Row> rows = session.read().format("delta").load(table).where(col("kind").equalTo(k.sqlName()));
    if (group != null) {
      rows = rows.where(col("grp").equalTo(group));
    }
    if (window != null) {
      rows = rows.where(col("window_start").equalTo(lit(window).cast("timestamp")));
    }
    if (from != null) {
      rows = rows.where(col("window_start").geq(lit(from).cast("timestamp")));
    }
    if (to != null) {
      rows = rows.where(col("window_start").lt(lit(to).cast("timestamp")));
    }
    List<Row> found = rows.select("window_start", "window_end", "grp", "sketch").orderBy("window_start", "grp")
        .collectAsList();
    if (found.isEmpty()) {
      throw new IllegalArgumentException("no " + k.sqlName() + " sketches in " + table
          + (group == null ? "" : " for group " + group) + (window == null ? "" : " starting at " + window)
          + (from == null && to == null ? "" : " starting in [" + from + ", " + to + ")")
          + ": build them with build-sketches --sketch " + k.sqlName());
    }
    List<Target> targets = new ArrayList<>();
    if (from == null && to == null) {
      for (Row r : found) {
        targets.add(new Target(r.getTimestamp(0), r.getTimestamp(1), r.getString(2), (byte[]) r.get(3)));
      }
      return targets;
    }
    // merged over the range: one sketch per group, merged here (D-Lego merges need the model)
    Map<String, Row> first = new LinkedHashMap<>();
    Map<String, Timestamp> last = new LinkedHashMap<>();
    Map<String, Sketch> merged = new LinkedHashMap<>();
    for (Row r : found) {
      String g = Objects.toString(r.getString(2), "\0");
      Sketch s = SketchKinds.read((byte[]) r.get(3));
      LegoSketch light = s instanceof DLegoSketch d ? d.light() : (LegoSketch) s;
      if (light.model() == null) {
        light.attachModel(LegoModelTable.modelOf(session, light.modelId(), "lego-query"));
      }
      first.putIfAbsent(g, r);
      last.put(g, r.getTimestamp(1));
      merged.merge(g, s, (a, b) -> {
        a.mergeSketch(b);
        return a;
      });
    }
    merged.forEach((g, s) -> targets.add(new Target(first.get(g).getTimestamp(0), last.get(g), first.get(g).getString(2),
        s.toByteArray())));
    return targets;
  }
}
