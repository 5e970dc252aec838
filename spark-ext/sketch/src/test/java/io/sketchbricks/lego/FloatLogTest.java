package io.sketchbricks.lego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FloatLogTest {
  /** Distance in float ulps between the fast logarithm and the correctly rounded one. */
  private static double ulps(float x) {
    float expected = (float) Math.log(x);
    float actual = FloatLog.ln(x);
    return expected == 0f ? Math.abs(actual) / Float.MIN_NORMAL : Math.abs(actual - expected) / Math.ulp(expected);
  }

  @Test
  void withinOneUlpOverEveryBinade() {
    SplittableRandom rnd = new SplittableRandom(42);
    double worst = 0;
    for (int i = 0; i < 2_000_000; i++) {
      // every positive normal float is equally likely by bit pattern: all exponents, all mantissas
      float x = Float.intBitsToFloat(0x00800000 + rnd.nextInt(0x7f800000 - 0x00800000));
      worst = Math.max(worst, ulps(x));
    }
    assertTrue(worst <= 1, "worst error " + worst + " ulps");
  }

  @Test
  void withinOneUlpWhereTheDecoderUsesIt() {
    // the decoder takes ln(1 + x / load) with x / load from 0 to about 5120 (a whole stream in one cell)
    double worst = 0;
    for (float x = 1f; x < 5200f; x = Math.nextUp(x * 1.0001f)) {
      worst = Math.max(worst, ulps(x));
      worst = Math.max(worst, ulps(Math.nextUp(x)));
    }
    for (int k = 1; k < 5000; k++) {
      worst = Math.max(worst, ulps(1f + k * Math.ulp(1f)));
    }
    assertTrue(worst <= 1, "worst error " + worst + " ulps");
    assertEquals(0f, FloatLog.ln(1f));
    assertEquals((float) Math.log(2), FloatLog.ln(2f));
  }

  @Test
  void specialValuesAreJavas() {
    for (float x : new float[] {0f, -0f, -1f, Float.MIN_VALUE, 1e-40f, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NaN}) {
      assertEquals((float) Math.log(x), FloatLog.ln(x), "ln(" + x + ")");
    }
  }
}
