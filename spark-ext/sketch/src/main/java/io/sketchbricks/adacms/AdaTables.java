package io.sketchbricks.adacms;

import io.sketchbricks.hash.ItemHash;
import java.util.Arrays;

/**
 * The counters of an {@link AdaCountMinSketch}: one depth x width table of doubles per dyadic level, level l keyed by
 * (item, t >> l), each arrival pre-emphasised by f(start of its block). Kept apart from the sketch so the scaling
 * arithmetic below lives in one place for adds, queries and merges.
 *
 * <p><b>Numerics</b>. a^t overflows double at t ~ 473,500 for a = 1.0015, which hour units from the epoch pass. So
 * each level stores its counters scaled by g = a^t0 for its own origin t0 and weighs an arrival by
 * {@code exp((t - t0) ln a)}. When an arrival's exponent would pass {@value #RENORM_LOG} the level moves t0 to that
 * arrival's block and multiplies all its counters by {@code a^(old t0 - new t0)}: an exact change of scale up to one
 * rounding per counter. Counters stay below e^(64+44) whatever the time (tested to t = 10^9 units). Contributions
 * whose weight drops below 2^-960 (about 443,000 units of age for a = 1.0015, where beta_t is already e^665 times
 * Count-Min's) are never dropped to zero, but their estimates are reported as the total count: an honest upper
 * bound instead of a wrong small number. Estimates are never Inf or NaN.
 */
final class AdaTables {
  /** An exponent ln(f(t)/g) above this triggers a renormalisation: counters stay far from double overflow. */
  static final double RENORM_LOG = 64.0;
  /** Weights below this are beyond the precision the counters can hold for a time: such estimates are capped. */
  static final double MIN_WEIGHT = 0x1p-960;
  static final int MAX_DEPTH = 32;
  static final int MAX_LEVELS = 48;

  final int depth;
  final int width;
  final int levels;
  final TimeWeight weight;
  /** tables[l] holds level l's depth x width counters, row-major. */
  final double[][] tables;
  /** origins[l] is level l's scale origin t0: its counters are stored divided by f(t0) (exponential f only). */
  final long[] origins;
  // Weight of the last block start seen per level: streams repeat the same t, and exp() is the costly part.
  private final long[] cachedStart;
  private final double[] cachedWeight;

  AdaTables(int depth, int width, int levels, TimeWeight weight) {
    if (weight == null) {
      throw new IllegalArgumentException("time weight and time unit must not be null");
    }
    this.depth = depth;
    this.width = width;
    this.levels = levels;
    this.weight = weight;
    this.tables = new double[levels][depth * width];
    this.origins = new long[levels];
    this.cachedStart = new long[levels];
    this.cachedWeight = new double[levels];
    Arrays.fill(cachedStart, -1L);
  }

  /** Counters per row for a memory budget split over the levels, refusing shapes the format cannot hold. */
  static int widthFor(long memoryBytes, int depth, int levels) {
    if (depth < 1 || depth > MAX_DEPTH) {
      throw new IllegalArgumentException("depth " + depth + " must be in [1, " + MAX_DEPTH + "]");
    }
    if (levels < 1 || levels > MAX_LEVELS) {
      throw new IllegalArgumentException("levels " + levels + " must be in [1, " + MAX_LEVELS + "]: level l answers"
          + " blocks of 2^l units (1 level = point queries only)");
    }
    long w = memoryBytes / (8L * depth * levels);
    if (w < 1) {
      throw new IllegalArgumentException("memory budget of " + memoryBytes + " bytes is too small for " + levels
          + " levels x " + depth + " rows of 8-byte counters: give at least " + (8L * depth * levels)
          + " bytes, or fewer levels");
    }
    if (w * depth > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("memory budget of " + memoryBytes + " bytes gives one level more than"
          + " 2^31 counters: use more levels or a smaller budget");
    }
    return (int) w;
  }

  /**
   * Adds {@code count} arrivals of the item at unit t to its block at every level. Cannot overflow: an added amount
   * is at most count x the largest weight (e^{@value #RENORM_LOG} after renormalisation, or 10^12 (2^62 + 1) for a
   * linear f), about 10^50, far below the half-ulp of the largest double (about 10^292), so even a counter at
   * Double.MAX_VALUE stays finite; and a renormalisation only shrinks counters.
   *
   * @param holdsArrivals whether the sketch has counted anything yet (only then does a renormalisation rescale)
   */
  void add(long itemHash, long t, long count, boolean holdsArrivals) {
    for (int l = 0; l < levels; l++) {
      long block = t >> l;
      long start = block << l;
      if (weight.rescales() && (start - origins[l]) * weight.lnA() > RENORM_LOG) {
        renormalize(l, start, holdsArrivals);
      }
      // A weight that underflowed still adds a positive amount, so the cell never reads as "no arrivals".
      double add = count * Math.max(weightOf(l, start), Double.MIN_NORMAL);
      double[] table = tables[l];
      long key = key(itemHash, l, block);
      for (int r = 0, base = 0; r < depth; r++, base += width) {
        table[base + ItemHash.index(ItemHash.row(key, r), width)] += add;
      }
    }
  }

  /**
   * Moves level l's scale origin forward to newOrigin, multiplying its counters by f(old)/f(new) = a^(old - new).
   * Positive counters that would fall below the smallest normal double are kept at it: one-sidedness needs a cell
   * that received arrivals to stay positive.
   */
  private void renormalize(int l, long newOrigin, boolean holdsArrivals) {
    if (holdsArrivals) {
      scale(tables[l], weight.relative(origins[l], newOrigin));
    }
    origins[l] = newOrigin;
    cachedStart[l] = -1;
  }

  private static void scale(double[] table, double factor) {
    for (int i = 0; i < table.length; i++) {
      double v = table[i];
      if (v > 0) {
        table[i] = Math.max(v * factor, Double.MIN_NORMAL);
      }
    }
  }

  /** f(start) / f(origin of level l): the factor between a block's true and stored counts. */
  double weightOf(int l, long start) {
    if (cachedStart[l] != start) {
      cachedWeight[l] = weight.relative(start, origins[l]);
      cachedStart[l] = start;
    }
    return cachedWeight[l];
  }

  /** Level 0 keys are ItemHash.withTime(item, t); higher levels are salted so their collisions are independent. */
  private static long key(long itemHash, int level, long block) {
    long k = ItemHash.withTime(itemHash, block);
    return level == 0 ? k : ItemHash.mix(k + level * 0x9E3779B97F4A7C15L);
  }

  /**
   * De-emphasised estimate of block {@code block} of level l (for l = 0 the block is the time unit), at most
   * {@code totalCount}.
   */
  double blockEstimate(long itemHash, int l, long block, long totalCount) {
    double[] table = tables[l];
    long key = key(itemHash, l, block);
    double min = Double.POSITIVE_INFINITY;
    for (int r = 0, base = 0; r < depth; r++, base += width) {
      double v = table[base + ItemHash.index(ItemHash.row(key, r), width)];
      if (v < min) { // counters are finite and non-negative, so Math.min's NaN and -0.0 cases cannot arise
        min = v;
      }
    }
    if (min <= 0) {
      return 0.0;
    }
    double w = weightOf(l, block << l);
    if (w < MIN_WEIGHT) {
      return totalCount; // beyond the counters' precision for this time: the only honest bound left
    }
    return Math.min(min / w, totalCount);
  }

  /** Sum of level 0's first row: the f-weighted mass every row of that level holds. */
  double rowMass() {
    double mass = 0;
    for (int c = 0; c < width; c++) {
      mass += tables[0][c];
    }
    return mass;
  }

  /**
   * Adds other's counters (same shape and f) into these, each level moved to the later of the two origins.
   *
   * @param holdsArrivals whether this sketch has counted anything (only then are its own counters rescaled)
   * @throws ArithmeticException if a merged counter would be infinite; nothing is changed then
   */
  void mergeFrom(AdaTables o, boolean holdsArrivals) {
    // Two passes over the same arithmetic: the first only checks that every merged counter is finite (two finite
    // counters near Double.MAX_VALUE can sum to Infinity, which the reader refuses), the second writes. So a merge
    // that could not be read back fails with this sketch unchanged, without allocating a copy.
    for (int pass = 0; pass < 2; pass++) {
      for (int l = 0; l < levels; l++) {
        boolean scaleMine = false;
        double mineFactor = 1.0;
        double otherFactor = 1.0;
        long target = origins[l];
        if (weight.rescales()) {
          target = Math.max(origins[l], o.origins[l]);
          otherFactor = weight.relative(o.origins[l], target);
          if (origins[l] < target && holdsArrivals) { // what renormalize(l, target) does to this level
            scaleMine = true;
            mineFactor = weight.relative(origins[l], target);
          }
        }
        double[] mine = tables[l];
        double[] theirs = o.tables[l];
        for (int i = 0; i < mine.length; i++) {
          double v = mine[i];
          if (scaleMine && v > 0) {
            v = Math.max(v * mineFactor, Double.MIN_NORMAL);
          }
          double u = theirs[i];
          if (u > 0) {
            v += Math.max(u * otherFactor, Double.MIN_NORMAL);
          }
          if (pass == 0 && v == Double.POSITIVE_INFINITY) {
            throw new ArithmeticException("merging these ada-cms sketches overflows a counter to infinity at level "
                + l + ": their counts are beyond what a double counter holds; merge smaller sketches");
          }
          if (pass == 1) {
            mine[i] = v;
          }
        }
        if (pass == 1 && target != origins[l]) {
          origins[l] = target;
          cachedStart[l] = -1;
        }
      }
    }
  }
}
