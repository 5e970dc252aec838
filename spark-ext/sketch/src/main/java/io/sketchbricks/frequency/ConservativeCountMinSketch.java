package io.sketchbricks.frequency;

import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchKind;
import java.nio.ByteBuffer;

/**
 * Count-Min with conservative update (Estan and Varghese, 2002): an add raises each of the item's counters only
 * up to {@code current estimate + count}, which never lowers an estimate below the truth and usually brings it
 * much closer.
 *
 * <p>Bounds: those of {@link CountMinSketch}, inherited. They stay valid because a conservative estimate is never
 * below the true count and never above the Count-Min estimate of the same stream (nor, after merges, above the sum
 * of the parts' Count-Min estimates, which is the Count-Min estimate of the union), so the true count lies in
 * [CM estimate - slack, CU estimate], inside [CU estimate - slack, CU estimate].
 *
 * <p>Error bound: never an underestimate, and never above what a Count-Min of the same shape would say.
 * Merging adds counters: the merged sketch still never underestimates, but it is not identical to (and may be
 * less accurate than) one sketch built over all the data, because conservative update is order-dependent.
 */
public class ConservativeCountMinSketch extends CountMinSketch {
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
    int[] cells = cellsOf(h);
    int min = Integer.MAX_VALUE;
    for (int cell : cells) {
      min = Math.min(min, table[cell]);
    }
    int target = checkedAdd(min, count); // the only check: no cell is raised above target
    for (int cell : cells) {
      if (table[cell] < target) {
        table[cell] = target;
      }
    }
  }

  @Override
  protected SketchFormat.PayloadReader<? extends FrequencySketch> payloadReader() {
    return ConservativeCountMinSketch::readPayload;
  }

  public static ConservativeCountMinSketch readPayload(ByteBuffer in, int version) {
    return readTable(in, "cu", false, ConservativeCountMinSketch::new);
  }
}
