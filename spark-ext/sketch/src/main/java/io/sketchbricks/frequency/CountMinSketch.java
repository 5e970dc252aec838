package io.sketchbricks.frequency;

import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.hash.ItemHash;
import java.nio.ByteBuffer;

/**
 * Count-Min sketch (Cormode and Muthukrishnan, 2005): each row adds the count to one counter; the estimate is
 * the row minimum.
 *
 * <p>Error bound: never an underestimate; with width w and depth d, an estimate exceeds the true count by more
 * than {@code e/w * totalCount} with probability at most {@code e^-d}.
 *
 * <p>Bounds ({@link #bounds}): the upper bound is the estimate itself (it never underestimates). For any confidence
 * c in (0, 1) the lower bound is {@code max(0, estimate - N / (w (1 - c)^(1/d)))} with N the total count: Markov's
 * inequality on each row's colliding mass (mean at most N/w) and independence of the d rows, see
 * {@link EstimateBounds#countMinSlack}. At c = 1 - e^-d the slack is the classic e N / w; a higher c widens it
 * (any c below 1 is reachable, the bound just grows towards the trivial 0). Merging adds counters, so a merged
 * sketch is bit-identical to one built from all the data in one place.
 */
public class CountMinSketch extends CounterTableSketch {
  public CountMinSketch(long memoryBytes, int depth, long seed) {
    super(memoryBytes, depth, seed);
  }

  CountMinSketch(long seed, int depth, int width, int[] table) {
    super(seed, depth, width, table);
  }

  @Override
  public SketchKind kind() {
    return SketchKind.COUNT_MIN;
  }

  /** Scratch for the item's cells, reused across adds (sketches are single-threaded). */
  private transient int[] cells;

  @Override
  protected void addHash(long h, int count) {
    int[] cells = cellsOf(h);
    for (int cell : cells) { // check every row first: an overflow in a later row must not leave earlier ones raised
      if (overflows(table[cell], count)) {
        throw overflow();
      }
    }
    for (int cell : cells) {
      table[cell] += count;
    }
  }

  /** The item's cell in each row (a reused scratch array; rows never share a cell). */
  final int[] cellsOf(long h) {
    int[] c = cells;
    if (c == null) {
      c = cells = new int[depth];
    }
    for (int r = 0, base = 0; r < depth; r++, base += width) {
      c[r] = base + ItemHash.index(ItemHash.row(h, r), width);
    }
    return c;
  }

  @Override
  public long estimateHash(long h) {
    int min = Integer.MAX_VALUE;
    for (int r = 0, base = 0; r < depth; r++, base += width) {
      min = Math.min(min, table[base + ItemHash.index(ItemHash.row(h, r), width)]);
    }
    return min;
  }

  @Override
  protected EstimateBounds boundsHash(long h, double confidence) {
    return EstimateBounds.overestimating(estimateHash(h),
        EstimateBounds.countMinSlack(totalCount, width, depth, confidence), confidence);
  }

  /** Sum of row 0, which every add raises by its count: the total of a table filled through addHash alone. */
  final long rowTotal() {
    long sum = 0;
    for (int i = 0; i < width; i++) {
      sum += table[i];
    }
    return sum;
  }

  @Override
  protected SketchFormat.PayloadReader<? extends FrequencySketch> payloadReader() {
    return CountMinSketch::readPayload;
  }

  public static CountMinSketch readPayload(ByteBuffer in, int version) {
    return readTable(in, "cms", false, CountMinSketch::new);
  }
}
