package io.sketchbricks.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sketchbricks.adacms.TimeUnitSpec;
import io.sketchbricks.core.CanonicalMerge;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hokusai's case of the sketch module's MergeOrderTest: partials merged in any order give the same bytes through
 * {@link CanonicalMerge}, and merging them directly changes the bytes exactly when the kind says its merge is not
 * order-free.
 */
class HokusaiMergeOrderTest {
  private static HokusaiSketch sketch() {
    return new HokusaiSketch(4096, 2, 3, TimeUnitSpec.DEFAULT, 7);
  }

  @Test
  void mergeOrderDoesNotChangeBytes() {
    Random r = new Random(1);
    List<byte[]> partials = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      HokusaiSketch s = sketch();
      for (int i = 0; i < 20_000; i++) {
        long item = (long) Math.floor(Math.pow(r.nextDouble(), 3) * 3000);
        s.add("i" + item, 100 + r.nextInt(20), 1);
      }
      partials.add(s.toByteArray());
    }
    int[][] orders = {{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}, {1, 3, 0, 2}};
    byte[] canonical = null;
    byte[] direct = null;
    boolean directDiffers = false;
    for (int[] order : orders) {
      CanonicalMerge merge = new CanonicalMerge(HokusaiSketch::fromBytes);
      Sketch acc = sketch();
      for (int i : order) {
        merge.add(partials.get(i));
        acc.mergeSketch(HokusaiSketch.fromBytes(partials.get(i)));
      }
      byte[] b = merge.resultBytes();
      if (canonical == null) {
        canonical = b;
        direct = acc.toByteArray();
      } else {
        assertArrayEquals(canonical, b, "canonical merge in order " + Arrays.toString(order));
        directDiffers |= !Arrays.equals(direct, acc.toByteArray());
      }
    }
    assertEquals(SketchKind.HOKUSAI.orderFreeMerge(), !directDiffers, "orderFreeMerge() says "
        + SketchKind.HOKUSAI.orderFreeMerge() + " but merging in other orders "
        + (directDiffers ? "changed" : "did not change") + " the bytes");
  }
}
