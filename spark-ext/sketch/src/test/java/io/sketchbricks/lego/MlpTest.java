package io.sketchbricks.lego;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A first layer reduced to some inputs gives exactly what the full layer gives: same sums, same order, same rounding. */
class MlpTest {
  private static float[] input(SplittableRandom rnd, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextInt(4) == 0 ? 0f : (float) (rnd.nextDouble() * 6 - 1); // some exact zeros, as after a ReLU
    }
    return x;
  }

  @Test
  void aReducedFirstLayerEqualsTheFullNetworkOnZerosElsewhere() {
    LegoModel m = LegoModel.random(12);
    int[] kept = {0, 3, 4, 9, 15, 20};
    Mlp reduced = m.decoder.withInputs(kept);
    assertEquals(kept.length, reduced.in());
    SplittableRandom rnd = new SplittableRandom(6);
    for (int t = 0; t < 50; t++) {
      float[] small = input(rnd, kept.length);
      float[] full = new float[24];
      for (int i = 0; i < kept.length; i++) {
        full[kept[i]] = small[i];
      }
      float[] bias = m.decoder.firstLayerSum(input(rnd, 24)); // a brick's folded inputs, as in a query
      float[] a = m.decoder.forward(full, m.decoder.newBuffers(), bias);
      float[] b = reduced.forward(small, reduced.newBuffers(), bias);
      assertArrayEquals(Arrays.copyOf(a, 16), Arrays.copyOf(b, 16));
    }
  }
}
