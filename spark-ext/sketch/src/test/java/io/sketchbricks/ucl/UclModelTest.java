package io.sketchbricks.ucl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.core.CorruptSketchException;
import org.junit.jupiter.api.Test;

class UclModelTest {
  @Test
  void parameterCountMatchesTheReferenceCheckpoints() {
    assertEquals(224_192, UclModel.initial(4, 521, 1).parameterCount());
    assertEquals(289_472, UclModel.initial(4, 1031, 1).parameterCount());
    assertEquals(4 * 224_192, UclModel.initial(4, 521, 1).parameterBytes());
  }

  @Test
  void bytesRoundTripAndDamageIsRefused() {
    UclModel m = UclModel.initial(4, 53, 16, 8, 32, 7);
    byte[] bytes = m.toByteArray();
    UclModel r = UclModel.fromBytes(bytes);
    assertArrayEquals(bytes, r.toByteArray());
    for (int i = 0; i < 8; i++) {
      assertArrayEquals(m.weight(i), r.weight(i));
      assertArrayEquals(m.bias(i), r.bias(i));
    }
    byte[] flipped = bytes.clone();
    flipped[100] ^= 1;
    assertThrows(CorruptSketchException.class, () -> UclModel.fromBytes(flipped));
    assertThrows(CorruptSketchException.class, () -> UclModel.fromBytes(java.util.Arrays.copyOf(bytes, 40)));
    assertThrows(CorruptSketchException.class, () -> UclModel.fromBytes(new byte[64]));
  }

  @Test
  void initialisationIsPyTorchsUniformFanIn() {
    UclModel m = UclModel.initial(4, 521, 3);
    double bound = 1 / Math.sqrt(521);
    float max = 0;
    for (float v : m.weight(0)) {
      max = Math.max(max, Math.abs(v));
    }
    assertTrue(max <= bound && max > 0.99 * bound, "max " + max + " bound " + bound);
  }

  @Test
  void transformClampsGrowsHotKeysAndBumpsFivePercent() {
    int n = 1000;
    float[] x = new float[n];
    x[0] = 30;
    x[1] = 10; // hot keys 0 and 1: they share +100 as 3:1
    x[2] = 0.2f;
    EquivarianceTransform t = new EquivarianceTransform(n, new int[] {0, 1}, 100, 0.05);
    float[] copy = x.clone();
    t.apply(x, 0, n, new java.util.SplittableRandom(1));
    t.apply(copy, 0, n, new java.util.SplittableRandom(1));
    assertArrayEquals(x, copy, "the same random state gives the same transform");
    int bumped = 0;
    double sum = 0;
    for (int j = 0; j < n; j++) {
      sum += x[j];
      assertTrue(x[j] >= 1);
      if (j >= 2 && x[j] == 2) {
        bumped++;
      }
    }
    assertEquals(30 + 10 + 100 + (n - 2) + 50, sum, 1e-3, "clamp to 1, +100 on the hot keys, +1 on 50 keys");
    assertTrue(x[0] == 105 || x[0] == 106, "30 + 75 (+1 if drawn): " + x[0]);
    assertTrue(x[1] == 35 || x[1] == 36, "10 + 25 (+1 if drawn): " + x[1]);
    assertTrue(bumped >= 48 && bumped <= 50);
  }

  @Test
  void instanceNormScaleIsTheSmallestRowMaximum() {
    int[] s = {1, 9, 3, 7, 2, 5};
    assertEquals(7, InstanceNorm.scale(s, 2, 3)); // row maxima 9 and 7
    assertEquals(1, InstanceNorm.scale(new int[6], 2, 3));
  }
}
