package io.sketchbricks.frequency;

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
    long median = (depth & 1) == 1 ? values[depth / 2] : (values[depth / 2 - 1] + values[depth / 2]) / 2;
    return Math.max(0, median);
  }

  public static CountSketch readPayload(ByteBuffer in, int version) {
    return readTable(in, "cs", true, CountSketch::new);
  }
}
