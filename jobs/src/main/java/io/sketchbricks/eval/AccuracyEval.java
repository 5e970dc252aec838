package io.sketchbricks.eval;

import io.sketchbricks.metrics.AccuracyMetrics;
import io.sketchbricks.metrics.ExactCounts;

/**
 * Streams an {@link ItemStream} through an estimator, queries every distinct item, and scores the estimates
 * against the exact counts (metrics of {@link AccuracyMetrics}), timing inserts and queries.
 */
public final class AccuracyEval {
  /** One estimator's figures, as the eval job prints them. */
  public record Result(String sketch, long memoryBytes, long events, int distinct, AccuracyMetrics metrics,
      double insertPerSecond, double queryPerSecond, java.util.Map<String, Object> extras) {}

  private AccuracyEval() {}

  public static Result run(Estimator estimator, ItemStream stream, ExactCounts truth) {
    long t0 = System.nanoTime();
    for (int i = 0, n = stream.size(); i < n; i++) {
      estimator.add(stream.get(i));
    }
    long t1 = System.nanoTime();
    String[] items = truth.items();
    long[] estimates = new long[items.length];
    for (int i = 0; i < items.length; i++) {
      estimates[i] = estimator.estimate(items[i]);
    }
    long t2 = System.nanoTime();
    AccuracyMetrics metrics = AccuracyMetrics.compute(truth.counts(), estimates);
    return new Result(estimator.name(), estimator.memoryBytes(), stream.size(), items.length, metrics,
        perSecond(stream.size(), t1 - t0), perSecond(items.length, t2 - t1), estimator.extras());
  }

  static double perSecond(long operations, long nanos) {
    return nanos <= 0 ? Double.NaN : operations * 1e9 / nanos;
  }
}
