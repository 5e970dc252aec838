package io.sketchbricks.lego;

import io.sketchbricks.core.CorruptSketchException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * What a Lego brick may hold, checked on every read of brick bytes and before every merge, so that a sketch never
 * holds, and never writes, a value its reader refuses; and how many bricks a sketch may have.
 *
 * <ul>
 *   <li>Bricks: one per 100 KB of budget, 1 to {@link #MAX_BRICKS} = 20,000, which keeps the serialized form
 *       under 2 GB (a byte array's limit).</li>
 *   <li>Counts: a sketch's stream lengths add up to at most {@link #MAX_TOTAL} = 2^53, the largest total a double
 *       holds exactly. Totals beyond it could no longer be told apart from their neighbours, and a float32 cell
 *       near {@code 5 x 2^53} is still far from float32's overflow, so no estimate becomes infinite.</li>
 *   <li>Cells: finite, not negative (arrivals only), and at most {@link #MAX_CELL} = 2^57. A cell holds
 *       {@code sum count x e_r} with every {@code e_r < 5}, so at most {@code 5 x 2^53}; float32 rounding of many
 *       additions can overshoot that by up to a factor of 2, and 2^57 leaves room for it. Two cells under the
 *       limit always add to a finite float.</li>
 * </ul>
 */
final class BrickLimits {
  /** The most bricks one sketch holds. */
  static final int MAX_BRICKS = 20_000;
  /** The largest total count (sum of stream lengths) of one sketch: 2^53. */
  static final double MAX_TOTAL = 0x1p53;
  /**
   * The reader's total limit: {@link #MAX_TOTAL} plus a relative 1e-6 for the rounding of fractional counts,
   * whose sum depends on the order of the additions (arrival order when added, brick order when read).
   */
  static final double READ_TOTAL = MAX_TOTAL * (1 + 1e-6);
  /** The largest cell value: 2^57. */
  static final float MAX_CELL = 0x1p57f;
  /** Bytes of one serialized brick: its stream length and 25,600 float32 cells. */
  static final long SERIALIZED_BRICK = 8 + 4L * Brick.CELLS;

  private BrickLimits() {}

  /** {@link LegoSketch#bricksFor}. */
  static int bricksFor(long budgetBytes) {
    if (budgetBytes < Brick.BYTES) {
      throw new IllegalArgumentException("memory budget of " + budgetBytes + " bytes is under one Lego brick ("
          + Brick.BYTES + " bytes = 100 KB): give at least 100 KB, or use a classic sketch (cms) for smaller budgets");
    }
    long k = budgetBytes / Brick.BYTES;
    if (k > MAX_BRICKS) {
      throw new IllegalArgumentException("memory budget of " + budgetBytes + " bytes needs " + k
          + " bricks, more than the " + MAX_BRICKS + " one sketch holds: split the stream over several sketches");
    }
    return (int) k;
  }

  /** {@code k} empty bricks, refusing a count outside 1..{@link #MAX_BRICKS}. */
  static Brick[] newBricks(int k) {
    if (k < 1 || k > MAX_BRICKS) {
      throw new IllegalArgumentException(k + " bricks requested: a Lego sketch holds 1.." + MAX_BRICKS + " bricks");
    }
    Brick[] b = new Brick[k];
    for (int i = 0; i < k; i++) {
      b[i] = new Brick();
    }
    return b;
  }

  /** Refuses a brick count whose bricks are not all present, before anything is allocated. */
  static void requireBricks(ByteBuffer in, int bricks, String kind) {
    long need = bricks * SERIALIZED_BRICK;
    if (need > in.remaining()) {
      throw new CorruptSketchException(kind + " sketch says " + bricks + " bricks (" + need + " bytes) but only "
          + in.remaining() + " bytes remain: the bytes were truncated or damaged; rebuild the sketch");
    }
  }

  static void checkStreamLength(String kind, int brick, double n) {
    if (!(n >= 0) || n > MAX_TOTAL) {
      throw new CorruptSketchException(kind + " sketch brick " + brick + " has an invalid stream length " + n
          + " (a count in [0, 2^53]): the bytes were damaged; rebuild the sketch");
    }
  }

  /** Refuses a brick whose cells, from the buffer's position on, are negative, NaN, infinite or over the limit. */
  static void checkCells(String kind, int brick, FloatBuffer cells) {
    for (int i = 0; i < Brick.CELLS; i++) {
      float x = cells.get(i);
      if (!(x >= 0 && x <= MAX_CELL)) {
        throw new CorruptSketchException(kind + " sketch brick " + brick + " has an invalid counter " + x
            + " at cell " + i + " (counters are finite, not negative and at most 2^57): the bytes were damaged;"
            + " rebuild the sketch");
      }
    }
  }

  static void checkTotal(String kind, double total) {
    if (!(total <= READ_TOTAL)) {
      throw new CorruptSketchException(kind + " sketch holds a total count of " + total + ", more than a sketch"
          + " holds (2^53): the bytes were damaged; rebuild the sketch");
    }
  }

  /** The error of a merge whose sum of two cells would pass the limit (checked before anything is added). */
  static IllegalArgumentException mergedCellTooLarge(int brick, int cell, double sum) {
    return new IllegalArgumentException("merging would put " + sum + " into cell " + cell + " of brick " + brick
        + ", more than a Lego counter holds (2^57): the merged streams are too large for one sketch");
  }

  /**
   * Whether {@code adding} more keeps a total of {@code held} within {@link #MAX_TOTAL}. Compared as a
   * difference: at 2^53 a double sum rounds {@code 2^53 + 1} back to 2^53, so the sum would let it through.
   */
  static boolean fits(double held, double adding) {
    return adding <= MAX_TOTAL - held;
  }

  static IllegalArgumentException tooLarge(double total, double adding) {
    return new IllegalArgumentException("adding " + adding + " to a Lego sketch holding " + total
        + " would pass the 2^53 (" + (long) MAX_TOTAL + ") total a sketch can hold exactly: split the stream over"
        + " several sketches, or scale the counts down");
  }
}
