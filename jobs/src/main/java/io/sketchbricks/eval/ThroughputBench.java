package io.sketchbricks.eval;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.util.sketch.CountMinSketch;

/**
 * Insert and query throughput of each estimator next to Spark's own {@link CountMinSketch} at the same memory,
 * on the same items, in the same run: ratios, not absolute rates, are what survives a noisy machine. Each figure
 * is the best of several rounds that take the contenders in turn (the first round also warms the JIT).
 */
public final class ThroughputBench {
  /** One estimator's rates and their ratio to Spark's Count-Min (above 1: faster than Spark). */
  public record Result(String sketch, long memoryBytes, long events, double insertPerSecond,
      double queryPerSecond, double sparkInsertPerSecond, double sparkQueryPerSecond) {
    public double insertRatio() {
      return insertPerSecond / sparkInsertPerSecond;
    }

    public double queryRatio() {
      return queryPerSecond / sparkQueryPerSecond;
    }
  }

  private ThroughputBench() {}

  /**
   * @param names estimator names ({@link Estimators#names()})
   * @param memoryBytes memory of every sketch, Spark's included
   * @param rounds rounds per estimator; the best counts
   * @param progress receives a line per estimator as it finishes
   */
  public static List<Result> run(List<String> names, long memoryBytes, ItemStream stream, int rounds,
      java.util.function.Consumer<String> progress) {
    // Spark's counters are 8-byte longs: the same bytes buy half the width of our 4-byte counters
    int depth = io.sketchbricks.frequency.FrequencySketch.DEFAULT_DEPTH;
    int sparkWidth = (int) Math.max(1, memoryBytes / (8L * depth));
    List<Round> contenders = new ArrayList<>();
    contenders.add(() -> {
      CountMinSketch cms = CountMinSketch.create(depth, sparkWidth, 42);
      return time(stream, cms::addString, item -> cms.estimateCount(item));
    });
    for (String name : names) {
      contenders.add(() -> {
        Estimator e = Estimators.create(name, memoryBytes);
        return time(stream, e::add, e::estimate);
      });
    }
    // Rounds go over all contenders in turn, so JIT warm-up and machine noise hit each of them alike.
    double[][] best = new double[contenders.size()][2];
    for (int round = 0; round < Math.max(1, rounds); round++) {
      for (int c = 0; c < contenders.size(); c++) {
        double[] r = contenders.get(c).run();
        best[c][0] = Math.max(best[c][0], r[0]);
        best[c][1] = Math.max(best[c][1], r[1]);
      }
      progress.accept("round " + (round + 1) + " of " + rounds + " done");
    }
    double[] spark = best[0];
    progress.accept(String.format("spark-cms: %.2f M inserts/s, %.2f M queries/s", spark[0] / 1e6, spark[1] / 1e6));
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      long memory = Estimators.create(name, memoryBytes).memoryBytes();
      Result r = new Result(name, memory, stream.size(), best[i + 1][0], best[i + 1][1], spark[0], spark[1]);
      progress.accept(String.format("%s: %.2f M inserts/s (%.2fx Spark), %.2f M queries/s (%.2fx Spark)", name,
          r.insertPerSecond() / 1e6, r.insertRatio(), r.queryPerSecond() / 1e6, r.queryRatio()));
      results.add(r);
    }
    return results;
  }

  private interface Round {
    double[] run();
  }

  private static double[] time(ItemStream stream, java.util.function.Consumer<String> add,
      java.util.function.ToLongFunction<String> query) {
    int n = stream.size();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      add.accept(stream.get(i));
    }
    long t1 = System.nanoTime();
    long sink = 0;
    for (int i = 0; i < n; i++) {
      sink += query.applyAsLong(stream.get(i));
    }
    long t2 = System.nanoTime();
    if (sink == Long.MIN_VALUE) {
      System.out.print(""); // keeps the query loop from being optimised away
    }
    return new double[] {AccuracyEval.perSecond(n, t1 - t0), AccuracyEval.perSecond(n, t2 - t1)};
  }
}
