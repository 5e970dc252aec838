package io.sketchbricks.jobs;

import io.sketchbricks.spark.ClickLogSpec;
import io.sketchbricks.spark.ClickLogs;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Writes a synthetic click log (event_time, user_id, item) with Zipf item popularity.")
final class GenerateCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Option(names = "--out", defaultValue = "clicks", paramLabel = "TABLE",
      description = "Output: a name inside the warehouse, a path or a Hadoop URI (default: ${DEFAULT-VALUE}).")
  String out;

  @Option(names = "--format", defaultValue = "delta", description = "delta, parquet, csv or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--events", defaultValue = "2000000", description = "Number of clicks (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(names = "--distinct", defaultValue = "100000", description = "Number of items (default: ${DEFAULT-VALUE}).")
  int distinct;

  @Option(names = "--alpha", defaultValue = "1.1", description = "Zipf exponent of item popularity (default: ${DEFAULT-VALUE}).")
  double alpha;

  @Option(names = "--span", defaultValue = "7d", converter = Durations.class,
      description = "Time covered, e.g. 7d, 36h, 90m (default: ${DEFAULT-VALUE}).")
  java.time.Duration span;

  @Option(names = "--start", defaultValue = "2026-01-01T00:00:00Z", description = "First event time, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Instant start;

  @Option(names = "--drift", defaultValue = "0", description = "Share of the items by which popularity ranks rotate over the span, in 7 equal steps, 0..1 (default: ${DEFAULT-VALUE}).")
  double drift;

  @Option(names = "--users", defaultValue = "10000", description = "Number of distinct users (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--partitions", defaultValue = "4", description = "Spark partitions to generate with (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Override
  public Integer call() {
    ClickLogSpec spec = new ClickLogSpec(events, distinct, alpha, start, span, drift, users, seed);
    String path = spark.tablePath(out);
    SparkSession session = spark.session("sketchbricks-generate");
    System.err.printf("generating %,d clicks on %,d items (Zipf %.2f, drift %.2f) over %s into %s (%s)%n", events,
        distinct, alpha, drift, span, path, format);
    ClickLogs.write(ClickLogs.generate(session, spec, partitions), path, format);
    System.out.println("wrote " + events + " clicks to " + path);
    return 0;
  }
}
