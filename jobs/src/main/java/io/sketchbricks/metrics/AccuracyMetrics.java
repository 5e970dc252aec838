package io.sketchbricks.metrics;

import java.util.Arrays;

/**
 * Accuracy of a frequency estimator over the distinct true keys, with the exact formulas of the UCL-sketch code
 * ({@code Utils/mertrics.py}; UCL paper, Sec. VI-A). For K keys with true counts f and estimates f&#770;:
 *
 * <ul>
 *   <li>{@code aae}: mean |f&#770; − f|.</li>
 *   <li>{@code are}: mean |f&#770; − f| / f.</li>
 *   <li>{@code wmrd}: with n1(v) = #keys whose true count is v and n2(v) = #keys whose estimate is v,
 *       Σ_v |n1(v) − n2(v)| / Σ_v (n1(v) + n2(v))/2 over the union of values v (how far apart the two
 *       flow-size distributions are).</li>
 *   <li>{@code entropyAbsErr}: |H(est) − H(true)| with the code's size-weighted "entropy"
 *       H = Σ_v v · (c_v/K) · log2(K/c_v), c_v = #keys with count v. This is the number the UCL code reports.</li>
 *   <li>{@code entropyRelErr}: entropyAbsErr / H(true), a guess at the paper's relative variant. H(true) is 0
 *       exactly when all keys share one true count; the ratio is then undefined and reported as 0, so read
 *       entropyAbsErr in that case.</li>
 * </ul>
 */
public record AccuracyMetrics(double aae, double are, double wmrd, double entropyAbsErr, double entropyRelErr) {

  /**
   * Scores integer estimates.
   *
   * @param truth true counts of the K distinct keys, each above 0
   * @param estimate estimates of the same keys, index for index
   * @throws IllegalArgumentException for null, empty or different-length arrays, or a true count &lt;= 0
   */
  public static AccuracyMetrics compute(long[] truth, long[] estimate) {
    check(truth, estimate == null ? -1 : estimate.length, "estimate");
    double absSum = 0;
    double relSum = 0;
    for (int i = 0; i < truth.length; i++) {
      double err = Math.abs((double) estimate[i] - truth[i]);
      absSum += err;
      relSum += err / truth[i];
    }
    return finish(truth, estimate.clone(), absSum, relSum);
  }

  /**
   * Scores real-valued estimates (e.g. learned or Count-Sketch-median estimators). AAE and ARE use the real
   * values; WMRD and entropy need counts, so there each estimate is rounded to the nearest long (halves up).
   *
   * @throws IllegalArgumentException as {@link #compute}, or for a NaN or infinite estimate
   */
  public static AccuracyMetrics computeDouble(long[] truth, double[] estimate) {
    check(truth, estimate == null ? -1 : estimate.length, "estimate");
    double absSum = 0;
    double relSum = 0;
    long[] rounded = new long[truth.length];
    for (int i = 0; i < truth.length; i++) {
      if (!Double.isFinite(estimate[i])) {
        throw new IllegalArgumentException("estimate[" + i + "] is " + estimate[i]
            + ": the estimator produced a non-finite value; fix it before scoring");
      }
      double err = Math.abs(estimate[i] - truth[i]);
      absSum += err;
      relSum += err / truth[i];
      rounded[i] = Math.round(estimate[i]);
    }
    return finish(truth, rounded, absSum, relSum);
  }

  private static void check(long[] truth, int estimateLength, String name) {
    if (truth == null || estimateLength < 0) {
      throw new IllegalArgumentException("truth and " + name + " must not be null");
    }
    if (truth.length == 0) {
      throw new IllegalArgumentException("no keys to score: truth is empty (the stream had no items?)");
    }
    if (truth.length != estimateLength) {
      throw new IllegalArgumentException("truth has " + truth.length + " keys but " + name + " has "
          + estimateLength + ": query the estimator for exactly the true keys, in the same order");
    }
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] <= 0) {
        throw new IllegalArgumentException("truth[" + i + "] = " + truth[i] + ": metrics are over keys that"
            + " occur, so every true count must be > 0 (drop unseen keys)");
      }
    }
  }

  /** Adds the distribution metrics; {@code estimateCopy} may be sorted in place. */
  private static AccuracyMetrics finish(long[] truth, long[] estimateCopy, double absSum, double relSum) {
    int k = truth.length;
    long[] t = truth.clone();
    Arrays.sort(t);
    Arrays.sort(estimateCopy);
    double wmrd = wmrd(t, estimateCopy);
    double hTrue = entropy(t);
    double hEst = entropy(estimateCopy);
    double absErr = Math.abs(hEst - hTrue);
    double relErr = hTrue == 0 ? 0 : absErr / hTrue;
    return new AccuracyMetrics(absSum / k, relSum / k, wmrd, absErr, relErr);
  }

  /** WMRD of two sorted count arrays: one merge over their runs of equal values, so no map of boxed counts. */
  static double wmrd(long[] a, long[] b) {
    long diff = 0;
    long sum = 0;
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      long v = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
      int n1 = 0;
      while (i < a.length && a[i] == v) {
        n1++;
        i++;
      }
      int n2 = 0;
      while (j < b.length && b[j] == v) {
        n2++;
        j++;
      }
      diff += Math.abs(n1 - n2);
      sum += n1 + n2;
    }
    // Σ(n1+n2)/2 is K when both sides hold K keys; kept in the general form to match the formula.
    return diff / (sum / 2.0);
  }

  /** The size-weighted entropy Σ_v v·(c_v/K)·log2(K/c_v) of a sorted count array. */
  static double entropy(long[] sorted) {
    double k = sorted.length;
    double h = 0;
    int i = 0;
    while (i < sorted.length) {
      long v = sorted[i];
      int start = i;
      while (i < sorted.length && sorted[i] == v) {
        i++;
      }
      double c = i - start;
      h += v * (c / k) * (Math.log(k / c) / Math.log(2));
    }
    return h;
  }
}
