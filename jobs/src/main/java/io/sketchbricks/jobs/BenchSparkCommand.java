package io.sketchbricks.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.sketchbricks.kinds.SketchKinds;
import io.sketchbricks.lego.LegoHash;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoModels;
import io.sketchbricks.lego.LegoSketch;
import io.sketchbricks.spark.ClickLogSpec;
import io.sketchbricks.spark.ClickLogs;
import io.sketchbricks.spark.lego.LegoModelTable;
import io.sketchbricks.spark.lego.LegoQueries;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.sketch.CountMinSketch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench-spark", mixinStandardHelpOptions = true,
    description = {"Times Lego on Spark against Spark's own count_min_sketch on the same Delta click table.",
        "In the same run: wall time of lego_agg and of count_min_sketch at the same memory (5 rows each) and their ratio (best of",
        "--rounds, interleaved), then rows/s of lego_estimate in SQL (plain-Java forward pass) and of the batched",
        "DataFrame API (DJL) over --query-rows items, and how far the two answers are apart."})
final class BenchSparkCommand implements Callable<Integer> {
  /** Rows of Spark's sketch: the same as a Lego brick's, so both touch 5 counters per item. */
  static final int CMS_DEPTH = 5;
  /** A confidence whose depth is exactly 5 under Spark's ceil(-ln(1 - c) / ln 2). */
  static final double CMS_CONFIDENCE = 0.965;

  @Mixin
  SparkOptions spark;

  @Option(names = "--events", defaultValue = "10000000", description = "Clicks in the generated table (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(names = "--distinct", defaultValue = "100000", description = "Items (default: ${DEFAULT-VALUE}).")
  int distinct;

  @Option(names = "--alpha", defaultValue = "1.1", description = "Zipf exponent (default: ${DEFAULT-VALUE}).")
  double alpha;

  @Option(names = "--memory-kb", defaultValue = "1024", description = "Memory of both sketches in KB (default: ${DEFAULT-VALUE}).")
  int memoryKb;

  @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds of each aggregate; the best counts (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--query-rows", defaultValue = "1000000", description = "Items estimated by each query path (default: ${DEFAULT-VALUE}).")
  int queryRows;

  @Option(names = "--batch", defaultValue = "65536", description = "Items per DJL batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the generated table and the queries (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--table", defaultValue = "bench_clicks", paramLabel = "TABLE",
      description = "The click table; regenerated unless it holds --events rows already (default: ${DEFAULT-VALUE}).")
  String table;

  @Option(names = "--model", paramLabel = "FILE",
      description = "Lego model file (default: the default model; without one, a random model of the same shape: same cost).")
  String model;

  @Option(names = "--json", description = "Print one JSON line instead of the table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    SparkSession session = spark.session("sketchbricks-bench-spark");
    String path = spark.tablePath(table);
    ensureTable(session, path, events, distinct, alpha, partitions);
    LegoModel m = model(session, model, "bench-spark");
    Dataset<Row> clicks = session.read().format("delta").load(path).select("item");
    // Lego rounds the budget down to whole bricks; Spark's sketch gets exactly the bytes Lego uses
    long budget = LegoSketch.bricksFor(memoryKb * 1024L) * LegoSketch.BRICK_BYTES;
    int width = (int) (budget / (8L * CMS_DEPTH));
    double eps = 2.0 / (width - 0.5); // Spark's width is ceil(2 / eps): exactly `width`
    double[] lego = new double[rounds];
    double[] cms = new double[rounds];
    byte[][] sketches = new byte[2][];
    for (int r = 0; r < rounds; r++) {
      // alternate the order, so neither pays for warming up the other every round
      boolean legoFirst = r % 2 == 1;
      for (int pass = 0; pass < 2; pass++) {
        if ((pass == 0) == legoFirst) {
          lego[r] = seconds(() -> sketches[0] = (byte[]) clicks.select(functions.call_function("lego_agg",
              col("item"), lit(1), lit(memoryKb), lit(m.idHex()))).first().get(0));
        } else {
          cms[r] = seconds(() -> sketches[1] = (byte[]) clicks.select(functions.count_min_sketch(col("item"),
              lit(eps), lit(CMS_CONFIDENCE), lit(42))).first().get(0));
        }
      }
      System.err.printf(Locale.ROOT, "round %d: lego_agg %.2f s, count_min_sketch %.2f s%n", r + 1, lego[r], cms[r]);
    }
    LegoSketch legoSketch = (LegoSketch) SketchKinds.read(sketches[0]);
    CountMinSketch sparkCms = CountMinSketch.readFrom(new ByteArrayInputStream(sketches[1]));
    long cmsBytes = 8L * sparkCms.depth() * sparkCms.width();

    Dataset<Row> queries = clicks.limit(queryRows).repartition(partitions).cache();
    long n = queries.count();
    // warm up both paths (JIT, the PyTorch engine's start, the per-JVM model) outside the timed runs
    Dataset<Row> warm = queries.limit(10_000);
    warm.select(functions.sum(functions.call_function("lego_estimate", lit(sketches[0]), col("item")))).first();
    LegoQueries.estimate(warm, "item", sketches[0], batch).agg(functions.sum(LegoQueries.ESTIMATE)).first();
    double sqlSeconds = seconds(() -> queries.select(functions.sum(functions.call_function("lego_estimate",
        lit(sketches[0]), col("item")))).first());
    double batchSeconds = seconds(() -> LegoQueries.estimate(queries, "item", sketches[0], batch)
        .agg(functions.sum(LegoQueries.ESTIMATE)).first());
    double[] agreement = agreement(queries, sketches[0], legoSketch);
    queries.unpersist();

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("events", events);
    out.put("memory_bytes_lego", legoSketch.memoryBytes());
    out.put("memory_bytes_spark_cms", cmsBytes);
    out.put("lego_agg_s", round(min(lego)));
    out.put("count_min_sketch_s", round(min(cms)));
    out.put("ratio", round(min(lego) / min(cms)));
    out.put("lego_agg_rounds_s", roundAll(lego));
    out.put("count_min_sketch_rounds_s", roundAll(cms));
    out.put("query_rows", n);
    out.put("lego_estimate_sql_rows_per_s", Math.round(n / sqlSeconds));
    out.put("batched_rows_per_s", Math.round(n / batchSeconds));
    out.put("batch", batch);
    out.put("max_rel_diff_sql_vs_batched", agreement[0]);
    out.put("neural_share", round(agreement[1]));
    out.put("model", m.idHex());
    out.put("cores", Runtime.getRuntime().availableProcessors());
    if (json) {
      System.out.println(new ObjectMapper().writeValueAsString(out));
    } else {
      System.out.printf(Locale.ROOT, "%,d clicks, %d KB: lego_agg %d bricks (%,d B), count_min_sketch %d x %d longs"
          + " (%,d B)%n", events, memoryKb, legoSketch.brickCount(), legoSketch.memoryBytes(), sparkCms.depth(),
          sparkCms.width(), cmsBytes);
      out.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-30s %s%n", k, v));
    }
    return 0;
  }

  /** The generated click table of the Spark benchmarks (bench-spark, bench-scale), reused when it has the size. */
  static void ensureTable(SparkSession session, String path, long events, int distinct, double alpha,
      int partitions) {
    if (DeltaTable.isDeltaTable(session, path) && session.read().format("delta").load(path).count() == events) {
      System.err.println("reusing the " + events + "-click table " + path);
      return;
    }
    ClickLogSpec spec = new ClickLogSpec(events, distinct, alpha, Instant.parse("2026-01-01T00:00:00Z"),
        Duration.ofDays(7), 0.0, 10_000, 42);
    double s = seconds(() -> ClickLogs.write(ClickLogs.generate(session, spec, partitions), path, "delta"));
    System.err.printf(Locale.ROOT, "generated %,d clicks into %s in %.1f s%n", events, path, s);
  }

  /** The model a benchmark times: --model, else the default model, else a random one of the same shape. */
  static LegoModel model(SparkSession session, String model, String command) {
    String id = LegoModelOption.register(session, model);
    if (id != null) {
      return LegoModelTable.resolve(session, id, command);
    }
    try {
      return LegoModelTable.defaultModel(session);
    } catch (IllegalStateException e) {
      LegoModel random = LegoModels.register(LegoModel.random(1));
      System.err.println("no default Lego model in this build (" + e.getMessage() + "): timing a random model of the"
          + " same shape, " + random.idHex() + " (the same work per item; only the neural share differs)");
      LegoModelTable.registerIfConfigured(session, random, "random model of " + command + " (seed 1)");
      return random;
    }
  }

  /** The largest relative difference (scale at least 1) between the two query paths, and the neural share. */
  private double[] agreement(Dataset<Row> queries, byte[] sketch, LegoSketch local) {
    List<Row> rows = LegoQueries.estimate(queries.limit(20_000), "item", sketch, batch)
        .withColumn("sql", functions.call_function("lego_estimate", lit(sketch), col("item"))).collectAsList();
    double worst = 0;
    int neural = 0;
    for (Row r : rows) {
      double a = r.getDouble(1);
      double b = r.getDouble(2);
      worst = Math.max(worst, Math.abs(a - b) / Math.max(1, Math.max(Math.abs(a), Math.abs(b))));
      neural += local.answersNeurally(LegoHash.idOf(r.getString(0))) ? 1 : 0;
    }
    return new double[] {worst, rows.isEmpty() ? 0 : (double) neural / rows.size()};
  }

  static double seconds(Runnable r) {
    long t = System.nanoTime();
    r.run();
    return (System.nanoTime() - t) / 1e9;
  }

  private static double seconds(Supplier<?> s) {
    return seconds((Runnable) s::get);
  }

  private static double min(double[] a) {
    double m = Double.POSITIVE_INFINITY;
    for (double x : a) {
      m = Math.min(m, x);
    }
    return m;
  }

  private static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }

  private static List<Double> roundAll(double[] a) {
    return java.util.Arrays.stream(a).map(BenchSparkCommand::round).boxed().toList();
  }
}
