package io.sketchbricks.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sketchbricks.core.SketchInfo;
import io.sketchbricks.kinds.SketchKinds;
import io.sketchbricks.lego.LegoModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.sketch.CountMinSketch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench-scale", mixinStandardHelpOptions = true,
    description = {"Times cms_agg, ada_cms_agg and lego_agg against Spark's own count_min_sketch over a large click log.",
        "One pass of each aggregate over a generated Delta click log (default 100 M clicks) at the same memory,",
        "in the same run. Prints per aggregate the wall time and the JVM's CPU time, their ratios to",
        "count_min_sketch, and the JVM's peak heap during it (heap pools' peaks, reset between aggregates;",
        "in local mode the executors run in this JVM), and checks that every sketch counted every click.",
        "Run it with a small heap to show the aggregates stay in bounds:",
        "  SKETCHBRICKS_HEAP=2g bin/sketchbricks bench-scale --master 'local[2]'"})
final class BenchScaleCommand implements Callable<Integer> {
  /** The aggregates, in the order they run; count_min_sketch first as the baseline of the ratios. */
  static final List<String> AGGREGATES = List.of("count_min_sketch", "cms_agg", "ada_cms_agg", "lego_agg");

  @Mixin
  SparkOptions spark;

  @Option(names = "--events", defaultValue = "100000000", description = "Clicks in the generated table (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(names = "--distinct", defaultValue = "100000", description = "Items (default: ${DEFAULT-VALUE}).")
  int distinct;

  @Option(names = "--alpha", defaultValue = "1.1", description = "Zipf exponent (default: ${DEFAULT-VALUE}).")
  double alpha;

  @Option(names = "--memory-kb", defaultValue = "1024", description = "Memory of every sketch in KB (default: ${DEFAULT-VALUE}).")
  int memoryKb;

  @Option(names = "--partitions", defaultValue = "8", description = "Partitions (files) of the generated table (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--warmup-rows", defaultValue = "1000000",
      description = "Rows each aggregate runs over once, untimed, before the timed passes (default: ${DEFAULT-VALUE}).")
  long warmupRows;

  @Option(names = "--table", defaultValue = "scale_clicks", paramLabel = "TABLE",
      description = "The click table; regenerated unless it holds --events rows already (default: ${DEFAULT-VALUE}).")
  String table;

  @Option(names = "--model", paramLabel = "FILE",
      description = "Lego model file (default: the default model; without one, a random model of the same shape: same cost).")
  String model;

  @Option(names = "--json", description = "Print one JSON line per aggregate instead of the table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (events <= 0 || memoryKb <= 0) {
      throw new IllegalArgumentException("--events and --memory-kb must be positive");
    }
    SparkSession session = spark.session("sketchbricks-bench-scale");
    String path = spark.tablePath(table);
    BenchSparkCommand.ensureTable(session, path, events, distinct, alpha, partitions);
    LegoModel m = BenchSparkCommand.model(session, model, "bench-scale");
    Dataset<Row> clicks = session.read().format("delta").load(path).select("item", "event_time");
    Map<String, Column> aggregates = aggregates(m);

    for (Column c : aggregates.values()) {
      clicks.limit((int) Math.min(Integer.MAX_VALUE, warmupRows)).select(c).first();
    }
    HeapPeak heap = new HeapPeak();
    List<Map<String, Object>> rows = new ArrayList<>();
    double baseline = 0;
    double cpuBaseline = 0;
    for (var e : aggregates.entrySet()) {
      heap.start();
      byte[][] out = new byte[1][];
      long cpu0 = processCpuNanos();
      double s = BenchSparkCommand.seconds(() -> out[0] = (byte[]) clicks.select(e.getValue()).first().get(0));
      double cpu = (processCpuNanos() - cpu0) / 1e9;
      long[] bytesAndCount = describe(e.getKey(), out[0]);
      if (bytesAndCount[1] != events) {
        throw new IllegalStateException(e.getKey() + " counted " + bytesAndCount[1] + " clicks of " + events);
      }
      baseline = rows.isEmpty() ? s : baseline;
      cpuBaseline = rows.isEmpty() ? cpu : cpuBaseline;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("aggregate", e.getKey());
      row.put("events", events);
      row.put("wall_s", round(s));
      row.put("x_count_min_sketch", round(s / baseline));
      row.put("cpu_s", round(cpu));
      row.put("cpu_x_count_min_sketch", round(cpu / cpuBaseline));
      row.put("heap_peak_mb", mb(heap.heapPeak()));
      row.put("old_gen_peak_mb", mb(heap.oldGenPeak()));
      row.put("sketch_bytes", bytesAndCount[0]);
      row.put("heap_max_mb", mb(Runtime.getRuntime().maxMemory()));
      row.put("cores", Runtime.getRuntime().availableProcessors());
      rows.add(row);
      System.err.printf(Locale.ROOT, "%s: %.1f s, heap peak %.0f MB%n", e.getKey(), s, mb(heap.heapPeak()));
    }
    print(rows);
    return 0;
  }

  /** The aggregates as columns, each at --memory-kb; Spark's sketch gets 5 rows of 8-byte counters in it. */
  private Map<String, Column> aggregates(LegoModel m) {
    int width = (int) (memoryKb * 1024L / (8L * BenchSparkCommand.CMS_DEPTH));
    double eps = 2.0 / (width - 0.5); // Spark's width is ceil(2 / eps): exactly `width`
    Map<String, Column> a = new LinkedHashMap<>();
    a.put(AGGREGATES.get(0), functions.count_min_sketch(col("item"), lit(eps),
        lit(BenchSparkCommand.CMS_CONFIDENCE), lit(42)));
    a.put(AGGREGATES.get(1), functions.call_function("cms_agg", col("item"), lit(memoryKb)));
    a.put(AGGREGATES.get(2), functions.call_function("ada_cms_agg", col("item"), col("event_time"),
        lit("memory_kb=" + memoryKb)));
    a.put(AGGREGATES.get(3), functions.call_function("lego_agg", col("item"), lit(1), lit(memoryKb),
        lit(m.idHex())));
    return a;
  }

  /** Counter bytes and total count of a finished sketch, read back from its bytes. */
  private static long[] describe(String aggregate, byte[] sketch) {
    if (aggregate.equals(AGGREGATES.get(0))) {
      try {
        CountMinSketch cms = CountMinSketch.readFrom(new ByteArrayInputStream(sketch));
        return new long[] {8L * cms.depth() * cms.width(), cms.totalCount()};
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    SketchInfo info = SketchKinds.read(sketch).info();
    return new long[] {info.memoryBytes(), info.totalCount()};
  }

  private void print(List<Map<String, Object>> rows) throws IOException {
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      for (Map<String, Object> r : rows) {
        System.out.println(mapper.writeValueAsString(r));
      }
      return;
    }
    System.out.printf(Locale.ROOT, "%,d clicks, %d KB per sketch, heap max %.0f MB, %d cores%n", events, memoryKb,
        mb(Runtime.getRuntime().maxMemory()), Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "  %-18s %9s %8s %9s %8s %14s %16s %12s%n", "aggregate", "wall s", "x Spark",
        "CPU s", "x Spark", "heap peak MB", "old-gen peak MB", "sketch B");
    for (Map<String, Object> r : rows) {
      System.out.printf(Locale.ROOT, "  %-18s %9.2f %8.2f %9.2f %8.2f %14.0f %16.0f %,12d%n", r.get("aggregate"),
          r.get("wall_s"), r.get("x_count_min_sketch"), r.get("cpu_s"), r.get("cpu_x_count_min_sketch"),
          r.get("heap_peak_mb"), r.get("old_gen_peak_mb"), r.get("sketch_bytes"));
    }
  }

  /**
   * CPU time of this whole JVM (every thread: the local executors' tasks, GC, JIT), the fairer measure when other
   * processes share the cores and stretch the wall time.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double mb(long bytes) {
    return Math.round(bytes / 1048576.0 * 10) / 10.0;
  }

  private static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
