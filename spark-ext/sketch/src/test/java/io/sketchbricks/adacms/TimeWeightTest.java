package io.sketchbricks.adacms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimeWeightTest {
  @Test
  void parsesTheThreeShapesAndPrintsParseableForms() {
    assertEquals(TimeWeight.exponential(1.0015), TimeWeight.parse("exp:1.0015"));
    assertEquals(TimeWeight.exponential(TimeWeight.DEFAULT_EXP_BASE), TimeWeight.parse(" EXP "));
    assertEquals(TimeWeight.linear(0.5), TimeWeight.parse("linear:0.5"));
    assertEquals(TimeWeight.linear(TimeWeight.DEFAULT_LINEAR_SLOPE), TimeWeight.parse("linear"));
    assertSame(TimeWeight.NONE, TimeWeight.parse("none"));
    for (String s : new String[] {"exp:1.0015", "linear:0.5", "none", "exp:1.25"}) {
      assertEquals(s, TimeWeight.parse(s).toString());
    }
  }

  @Test
  void refusesBadSpecsWithAHint() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TimeWeight.parse("log:2")).getMessage()
        .contains("expected exp:A"));
    assertThrows(IllegalArgumentException.class, () -> TimeWeight.parse("exp:abc"));
    assertThrows(IllegalArgumentException.class, () -> TimeWeight.parse("exp:0.9")); // decreasing f
    assertThrows(IllegalArgumentException.class, () -> TimeWeight.parse("linear:0"));
    assertThrows(IllegalArgumentException.class, () -> TimeWeight.parse("none:3"));
    assertThrows(IllegalArgumentException.class, () -> TimeWeight.parse(null));
  }

  @Test
  void linearIsShiftedSoUnitZeroHasPositiveWeight() {
    TimeWeight f = TimeWeight.linear(0.5);
    assertEquals(0.5, f.f(0));
    assertEquals(1.0, f.f(1));
  }

  @Test
  void relativeWeightMatchesTheRatioOfPowersWithoutOverflow() {
    TimeWeight f = TimeWeight.exponential(1.0015);
    assertEquals(Math.pow(1.0015, 300), f.relative(1300, 1000), 1e-12 * Math.pow(1.0015, 300));
    assertEquals(Double.POSITIVE_INFINITY, f.f(1_000_000)); // why relative() exists
    double r = f.relative(1_000_000_000L, 1_000_000_000L - 10);
    assertEquals(Math.pow(1.0015, 10), r, 1e-13);
    assertEquals(1.0, f.decay(7, 7));
    assertEquals(Math.pow(1.0015, -5), f.decay(5, 10), 1e-15);
  }

  @Test
  void gammaPicksTheBaseWhoseOldestErrorFactorIsGamma() {
    for (double gamma : new double[] {2, 10}) {
      for (long horizon : new long[] {1, 100, 1000, 100_000}) {
        TimeWeight f = TimeWeight.exponentialForGamma(gamma, horizon);
        assertEquals(TimeWeight.Shape.EXPONENTIAL, f.shape());
        assertEquals(gamma, f.errorFactor(0, horizon), 1e-9 * gamma, "closed form, T=" + horizon);
        if (horizon <= 1000) {
          // brute-force the definition: sqrt(sum_t a^{2t}) / f(0) / sqrt(T+1)
          double sum = 0;
          for (long t = 0; t <= horizon; t++) {
            sum += Math.pow(f.parameter(), 2.0 * t);
          }
          assertEquals(gamma, Math.sqrt(sum / (horizon + 1)), 1e-9 * gamma, "brute force, T=" + horizon);
        }
        // recent times beat Count-Min (factor < 1) and the factor falls with recency
        assertTrue(f.errorFactor(horizon, horizon) < 1.0);
        assertTrue(f.errorFactor((horizon + 1) / 2, horizon) < f.errorFactor(0, horizon));
      }
    }
    assertTrue(TimeWeight.exponentialForGamma(10, 1000).parameter() > TimeWeight.exponentialForGamma(2, 1000)
        .parameter(), "tolerating more loss allows a steeper f");
    assertThrows(IllegalArgumentException.class, () -> TimeWeight.exponentialForGamma(1.0, 100));
    assertThrows(IllegalArgumentException.class, () -> TimeWeight.exponentialForGamma(2, 0));
  }

  @Test
  void errorFactorOfCountMinIsOneAndLinearFallsWithRecency() {
    assertEquals(1.0, TimeWeight.NONE.errorFactor(3, 10));
    TimeWeight lin = TimeWeight.linear(0.5);
    assertTrue(lin.errorFactor(0, 100) > 1 && lin.errorFactor(100, 100) < 1);
    assertEquals(lin.errorFactor(40, 100), TimeWeight.linear(7).errorFactor(40, 100), 1e-12);
  }
}
