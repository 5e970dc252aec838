package io.sketchbricks.frequency;

import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.hash.ItemHash;
import java.nio.ByteBuffer;

/**
 * Count Sketch (Charikar, Chen and Farach-Colton, 2002): each row adds +count or -count (a per-row random sign)
 * to one counter; the estimate is the median over rows of sign x counter, clamped at zero because counts here
 * are never negative.
 *
 * <p>Error bound: unbiased per row; with width w and depth d the error exceeds {@code 3 * L2 / sqrt(w)} with
 * probability shrinking exponentially in d, where L2 is the Euclidean norm of all counts. It can under- or
 * overestimate. Merging adds counters, so a merged sketch is bit-identical to a single build.
 *
 * <p>Bounds ({@link #bounds}), two-sided. Row r's value sign x counter is unbiased for the true count f with
 * variance at most F2 / w (F2 = sum of squared counts), so by Chebyshev it misses f by more than t with probability
 * at most p = F2 / (w t^2). The median misses by more than t only if at least ceil(d/2) rows do, which happens with
 * probability at most the binomial tail P(Bin(d, p) >= ceil(d/2)); the bound solves that tail = 1 - c for p and
 * answers {@code [max(0, median - t), min(N, median + t)]} with {@code t = sqrt(F2 / (w p))}. F2 is not stored: it is
 * estimated as the largest over rows of the sum of squared counters (each row's sum is an unbiased AMS estimate of
 * F2, accurate to about sqrt(2/w) relative), so this interval is an estimate of the stated one, not a guarantee.
 * Any c below 1 is reachable; the interval widens as c nears 1.
 */
public class CountSketch extends CounterTableSketch {
  /** Scratch for the row values of a query, reused (sketches are single-threaded). */
  private transient long[] scratch;
  /** Scratch for an add's cells and signed counts, checked in full before any is applied. */
  private transient int[] cells;
  private transient int[] deltas;

  public CountSketch(long memoryBytes, int depth, long seed) {
    super(memoryBytes, depth, seed);
  }

  private CountSketch(long seed, int depth, int width, int[] table) {
    super(seed, depth, width, table);
  }

  @Override
  public SketchKind kind() {
    return SketchKind.COUNT_SKETCH;
  }

  @Override
  protected void addHash(long h, int count) {
    int[] cells = this.cells;
    int[] deltas = this.deltas;
    if (cells == null) {
      cells = this.cells = new int[depth];
      deltas = this.deltas = new int[depth];
    }
    for (int r = 0, base = 0; r < depth; r++, base += width) {
      long rh = ItemHash.row(h, r);
      cells[r] = base + ItemHash.index(rh, width);
      // the sign uses the low bit, the column the high 32 bits: independent parts of one mixed hash
      deltas[r] = (rh & 1) == 0 ? count : -count;
      if (overflows(table[cells[r]], deltas[r])) { // checked for every row before any is changed
        throw overflow();
      }
    }
    for (int r = 0; r < depth; r++) {
      table[cells[r]] += deltas[r];
    }
  }

  @Override
  public long estimateHash(long h) {
    return Math.max(0, median(h));
  }

  @Override
  protected EstimateBounds boundsHash(long h, double confidence) {
    long median = median(h);
    double p = rowFailureProbability(depth, 1 - confidence);
    double t = Math.sqrt(secondMomentEstimate() / (width * p));
    long lower = Math.max(0, (long) Math.ceil(median - t));
    long upper = (long) Math.min(totalCount, Math.floor(median + t));
    return new EstimateBounds(Math.max(0, median), Math.min(lower, Math.max(0, median)), Math.max(upper,
        Math.max(0, median)), confidence);
  }

  /** The largest over rows of the sum of squared counters: each is an unbiased estimate of F2. */
  double secondMomentEstimate() {
    double max = 0;
    for (int r = 0, base = 0; r < depth; r++, base += width) {
      double sum = 0;
      for (int i = base; i < base + width; i++) {
        sum += (double) table[i] * table[i];
      }
      max = Math.max(max, sum);
    }
    return max;
  }

  /**
   * The per-row miss probability p at which P(Bin(depth, p) >= ceil(depth/2)) = delta, by bisection (the tail grows
   * with p). Capped at 1 (then t is the per-row Chebyshev width at p = 1: sqrt(F2 / w)).
   */
  static double rowFailureProbability(int depth, double delta) {
    int need = (depth + 1) / 2;
    double lo = 0;
    double hi = 1;
    for (int i = 0; i < 100; i++) {
      double mid = (lo + hi) / 2;
      if (binomialTail(depth, need, mid) > delta) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return Math.max(lo, Double.MIN_NORMAL);
  }

  static double binomialTail(int n, int k, double p) {
    double sum = 0;
    for (int j = k; j <= n; j++) {
      double c = 1;
      for (int i = 0; i < j; i++) {
        c = c * (n - i) / (i + 1);
      }
      sum += c * Math.pow(p, j) * Math.pow(1 - p, n - j);
    }
    return sum;
  }

  /** Median over rows of sign x counter, before the clamp at zero. */
  private long median(long h) {
    long[] values = scratch;
    if (values == null) {
      values = scratch = new long[depth];
    }
    for (int r = 0, base = 0; r < depth; r++, base += width) {
      long rh = ItemHash.row(h, r);
      int c = table[base + ItemHash.index(rh, width)];
      long v = (rh & 1) == 0 ? c : -(long) c;
      int j = r;
      for (; j > 0 && values[j - 1] > v; j--) { // insertion sort: depth is small
        values[j] = values[j - 1];
      }
      values[j] = v;
    }
    return (depth & 1) == 1 ? values[depth / 2] : (values[depth / 2 - 1] + values[depth / 2]) / 2;
  }

  @Override
  protected SketchFormat.PayloadReader<? extends FrequencySketch> payloadReader() {
    return CountSketch::readPayload;
  }

  public static CountSketch readPayload(ByteBuffer in, int version) {
    return readTable(in, "cs", true, CountSketch::new);
  }
}
