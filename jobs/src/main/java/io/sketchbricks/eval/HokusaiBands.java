package io.sketchbricks.eval;

import io.sketchbricks.hash.ItemHash;

/**
 * The age bands of a {@link HokusaiSketch} and the folding between them: a unit of age in [2^k, 2^(k+1)) has width
 * {@code W(k) = ceil(w / 2^k)}, made by adding the upper half of each row onto the lower half, so a column at width
 * W(k+1) is the column at width W(k) modulo W(k+1); ages of at least 2^K share the tail at width W(K). Kept apart
 * from the sketch so the width arithmetic that the adds, queries, merges and the reader must agree on is written
 * once. Counters are 32-bit and every sum is checked.
 */
final class HokusaiBands {
  static final int MAX_DEPTH = 32;
  static final int MAX_LOG_HORIZON = 30;

  final int depth;
  /** Full width w, that of the newest unit. */
  final int width;
  /** K: units at least 2^K old share the tail sketch. */
  final int logHorizon;

  HokusaiBands(int depth, int width, int logHorizon) {
    this.depth = depth;
    this.width = width;
    this.logHorizon = logHorizon;
  }

  /** Counters per row when every unit of the horizon is present. */
  static long countersPerRow(long w, int logHorizon) {
    long sum = w; // age 0
    for (int k = 0; k < logHorizon; k++) {
      sum += (1L << k) * widthAt(w, k);
    }
    return sum + widthAt(w, logHorizon);
  }

  static int widthAt(long w, int band) {
    return (int) (((w - 1) >> band) + 1);
  }

  /** The largest full width whose whole horizon fits the budget, refusing shapes the format cannot hold. */
  static int widthFor(long memoryBytes, int depth, int logHorizon) {
    if (depth < 1 || depth > MAX_DEPTH) {
      throw new IllegalArgumentException("depth " + depth + " must be in [1, " + MAX_DEPTH + "]");
    }
    if (logHorizon < 1 || logHorizon > MAX_LOG_HORIZON) {
      throw new IllegalArgumentException("log2 of the horizon " + logHorizon + " must be in [1, " + MAX_LOG_HORIZON
          + "]: the sketch keeps 2^K past units apart");
    }
    long perRow = memoryBytes / (4L * depth);
    if (countersPerRow(1, logHorizon) > perRow) {
      throw new IllegalArgumentException("memory budget of " + memoryBytes + " bytes cannot hold a horizon of 2^"
          + logHorizon + " units: give at least " + 4L * depth * countersPerRow(1, logHorizon)
          + " bytes, or a shorter horizon");
    }
    long lo = 1;
    long hi = Math.min(perRow, (Integer.MAX_VALUE - 8) / depth);
    while (lo < hi) { // largest w with countersPerRow(w) <= perRow; countersPerRow grows with w
      long mid = (lo + hi + 1) >>> 1;
      if (countersPerRow(mid, logHorizon) <= perRow) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return (int) lo;
  }

  /** Width of the tables of a band. */
  int widthOf(int band) {
    return widthAt(width, band);
  }

  boolean isTail(long age) {
    return age >= (1L << logHorizon);
  }

  /** Band k holds ages [2^k, 2^(k+1)); age 0 shares band 0's full width; the tail is band K. */
  int bandOf(long age) {
    if (isTail(age)) {
      return logHorizon;
    }
    return age <= 1 ? 0 : 63 - Long.numberOfLeadingZeros(age);
  }

  /** The column of an item's row at the width of a band: the full-width index folded down band by band. */
  int column(long itemHash, int r, int band) {
    int i = ItemHash.index(ItemHash.row(itemHash, r), width);
    for (int k = 1; k <= band; k++) {
      i %= widthAt(width, k);
    }
    return i;
  }

  /** Folds a table of band {@code from} down to band {@code to} (a new array; the input is not changed). */
  int[] fold(int[] table, int from, int to) {
    for (int k = from; k < to; k++) {
      int oldW = widthAt(width, k);
      int newW = widthAt(width, k + 1);
      int[] folded = new int[depth * newW];
      for (int r = 0; r < depth; r++) {
        for (int i = 0; i < oldW; i++) {
          int j = r * newW + (i < newW ? i : i - newW);
          folded[j] = checkedAdd(folded[j], table[r * oldW + i]);
        }
      }
      table = folded;
    }
    return table;
  }

  static void addInto(int[] target, int[] source) {
    for (int i = 0; i < target.length; i++) {
      target[i] = checkedAdd(target[i], source[i]);
    }
  }

  static int checkedAdd(int counter, int count) {
    int sum = counter + count;
    if (((counter ^ sum) & (count ^ sum)) < 0) {
      throw new ArithmeticException("a hokusai counter passed 2^31-1: more than 2 billion arrivals share one cell;"
          + " build sketches over smaller windows or with more memory");
    }
    return sum;
  }
}
