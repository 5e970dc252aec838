package io.sketchbricks.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks from a Zipf distribution over {@code n} items: rank {@code k} in {@code [0, n)} has probability
 * proportional to {@code 1/(k+1)^alpha}.
 *
 * <p>The cumulative distribution is precomputed once (8 bytes per rank) and each sample is one uniform draw plus
 * a binary search, O(log n). That is exact for any alpha, unlike rejection samplers that approximate the
 * normaliser, and it is fast enough for the 1e5 to 1e6 item universes used in the sketch papers.
 */
public final class ZipfSampler {
  private final double alpha;
  private final double normaliser;
  /** cdf[k] = P(rank <= k); the last entry is forced to exactly 1 so rounding can never sample past the end. */
  private final double[] cdf;

  /**
   * @param n number of ranks, at least 1
   * @param alpha skew, a finite value above 0 (about 1 is typical for real item popularity)
   * @throws IllegalArgumentException for n &lt; 1 or a non-positive or non-finite alpha
   */
  public ZipfSampler(int n, double alpha) {
    if (n < 1) {
      throw new IllegalArgumentException("Zipf needs n >= 1 items, got " + n + ": pass the number of distinct"
          + " items");
    }
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("Zipf alpha must be finite and > 0, got " + alpha
          + ": use e.g. 0.5 (mild skew) to 1.5 (heavy skew)");
    }
    this.alpha = alpha;
    this.cdf = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += weight(k);
      cdf[k] = sum;
    }
    this.normaliser = sum;
    for (int k = 0; k < n; k++) {
      cdf[k] /= sum;
    }
    cdf[n - 1] = 1.0;
  }

  private double weight(int rank) {
    return Math.pow(rank + 1.0, -alpha);
  }

  /** Draws one rank in {@code [0, size())}. */
  public int sample(SplittableRandom random) {
    double u = random.nextDouble(); // in [0, 1), and cdf[n - 1] == 1, so a rank always exists
    int i = Arrays.binarySearch(cdf, u);
    // An exact hit on cdf[i] means u == P(rank <= i), which belongs to rank i + 1 (the interval is half-open);
    // a miss returns -(insertion point) - 1, and the insertion point is the first cdf entry above u.
    return i >= 0 ? nextDistinct(i) : -i - 1;
  }

  /** The first rank after {@code i} whose cdf is above cdf[i] (skips ranks whose weight underflowed to 0). */
  private int nextDistinct(int i) {
    int k = i + 1;
    while (cdf[k] <= cdf[i]) {
      k++;
    }
    return k;
  }

  /** P(rank), exactly {@code (rank+1)^-alpha / sum_k (k+1)^-alpha}. */
  public double probability(int rank) {
    if (rank < 0 || rank >= cdf.length) {
      throw new IllegalArgumentException("rank " + rank + " is outside [0, " + cdf.length + ")");
    }
    return weight(rank) / normaliser;
  }

  /** The number of ranks, n. */
  public int size() {
    return cdf.length;
  }
}
