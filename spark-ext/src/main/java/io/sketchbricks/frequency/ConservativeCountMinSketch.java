package io.sketchbricks.frequency;

import io.sketchbricks.core.SketchKind;
import io.sketchbricks.hash.ItemHash;
import java.nio.ByteBuffer;

/**
 * Count-Min with conservative update (Estan and Varghese, 2002): an add raises each of the item's counters only
 * up to {@code current estimate + count}, which never lowers an estimate below the truth and usually brings it
 * much closer.
 *
 * <p>Error bound: never an underestimate, and never above what a Count-Min of the same shape would say.
 * Merging adds counters: the merged sketch still never underestimates, but it is not identical to (and may be
 * less accurate than) one sketch built over all the data, because conservative update is order-dependent.
 */
public class ConservativeCountMinSketch extends CountMinSketch {
  /** Scratch for the item's cells, reused across adds (sketches are single-threaded). */
  private transient int[] cells;

  public ConservativeCountMinSketch(long memoryBytes, int depth, long seed) {
    super(memoryBytes, depth, seed);
  }

  private ConservativeCountMinSketch(long seed, int depth, int width, int[] table) {
    super(seed, depth, width, table);
  }

  @Override
  public SketchKind kind() {
    return SketchKind.CONSERVATIVE_COUNT_MIN;
  }

  @Override
  protected void addHash(long h, int count) {
    int[] cells = this.cells;
    if (cells == null) {
      cells = this.cells = new int[depth];
    }
    int min = Integer.MAX_VALUE;
    for (int r = 0, base = 0; r < depth; r++, base += width) {
      cells[r] = base + ItemHash.index(ItemHash.row(h, r), width);
      min = Math.min(min, table[cells[r]]);
    }
    int target = checkedAdd(min, count);
    for (int cell : cells) {
      if (table[cell] < target) {
        table[cell] = target;
      }
    }
  }

  public static ConservativeCountMinSketch readPayload(ByteBuffer in, int version) {
    return readTable(in, ConservativeCountMinSketch::new);
  }
}
