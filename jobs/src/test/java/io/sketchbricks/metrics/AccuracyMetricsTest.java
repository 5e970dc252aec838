package io.sketchbricks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccuracyMetricsTest {
  private static final double EPS = 1e-12;

  @Test
  void smallExampleByHand() {
    long[] truth = {1, 1, 2, 4};
    long[] est = {1, 2, 2, 5};
    AccuracyMetrics m = AccuracyMetrics.compute(truth, est);
    // AAE = (0 + 1 + 0 + 1) / 4 = 0.5; ARE = (0 + 1/1 + 0 + 1/4) / 4 = 0.3125.
    assertEquals(0.5, m.aae(), EPS);
    assertEquals(0.3125, m.are(), EPS);
    // n1: {1:2, 2:1, 4:1}; n2: {1:1, 2:2, 5:1}. Over v in {1,2,4,5}: |2-1| + |1-2| + |1-0| + |0-1| = 4,
    // and sum (n1+n2)/2 = (4+4)/2 = 4, so WMRD = 1.
    assertEquals(1.0, m.wmrd(), EPS);
    // K = 4. H(true) = 1*(2/4)*log2(4/2) + 2*(1/4)*log2(4) + 4*(1/4)*log2(4) = 0.5 + 1 + 2 = 3.5.
    // H(est)  = 1*(1/4)*log2(4) + 2*(2/4)*log2(2) + 5*(1/4)*log2(4) = 0.5 + 1 + 2.5 = 4.0.
    // abs = 0.5, rel = 0.5 / 3.5 = 1/7.
    assertEquals(0.5, m.entropyAbsErr(), EPS);
    assertEquals(1.0 / 7, m.entropyRelErr(), EPS);
  }

  @Test
  void perfectEstimateScoresZero() {
    long[] truth = {5, 1, 1, 9, 3, 3, 3};
    AccuracyMetrics m = AccuracyMetrics.compute(truth, truth.clone());
    assertEquals(new AccuracyMetrics(0, 0, 0, 0, 0), m);
    AccuracyMetrics d = AccuracyMetrics.computeDouble(truth, new double[] {5, 1, 1, 9, 3, 3, 3});
    assertEquals(new AccuracyMetrics(0, 0, 0, 0, 0), d);
  }

  @Test
  void realEstimatesUseRealErrorsButRoundedDistributions() {
    long[] truth = {1, 1, 2, 4};
    double[] est = {1.0, 1.6, 2.4, 4.5};
    AccuracyMetrics m = AccuracyMetrics.computeDouble(truth, est);
    // AAE = (0 + 0.6 + 0.4 + 0.5) / 4 = 0.375; ARE = (0 + 0.6 + 0.2 + 0.125) / 4 = 0.23125.
    assertEquals(0.375, m.aae(), EPS);
    assertEquals(0.23125, m.are(), EPS);
    // Rounded (halves up) to {1, 2, 2, 5}: the same distributions as smallExampleByHand.
    assertEquals(1.0, m.wmrd(), EPS);
    assertEquals(0.5, m.entropyAbsErr(), EPS);
    assertEquals(1.0 / 7, m.entropyRelErr(), EPS);
  }

  @Test
  void uniformTruthHasZeroEntropyAndZeroRelativeError() {
    // H(true) = 3 * (2/2) * log2(1) = 0; H(est) = 3*(1/2)*1 + 4*(1/2)*1 = 3.5.
    // WMRD: n1 {3:2}, n2 {3:1, 4:1}: (|2-1| + |0-1|) / 2 = 1.
    AccuracyMetrics m = AccuracyMetrics.compute(new long[] {3, 3}, new long[] {3, 4});
    assertEquals(3.5, m.entropyAbsErr(), EPS);
    assertEquals(0.0, m.entropyRelErr(), EPS);
    assertEquals(1.0, m.wmrd(), EPS);
  }

  @Test
  void underestimatesAndNegativeEstimatesAreScored() {
    // Count Sketch can go below zero: |(-1) - 2| = 3, ARE = 3/2; WMRD: n1 {2:1}, n2 {-1:1} -> 2 / 1 = 2.
    AccuracyMetrics m = AccuracyMetrics.compute(new long[] {2}, new long[] {-1});
    assertEquals(3, m.aae(), EPS);
    assertEquals(1.5, m.are(), EPS);
    assertEquals(2, m.wmrd(), EPS);
  }

  @Test
  void badInputsAreRejectedWithClearMessages() {
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> AccuracyMetrics.compute(new long[0], new long[0]));
    assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
        () -> AccuracyMetrics.compute(new long[] {1, 2}, new long[] {1}));
    assertTrue(lengths.getMessage().contains("2 keys"), lengths.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> AccuracyMetrics.computeDouble(new long[] {1, 2}, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> AccuracyMetrics.compute(new long[] {1, 0}, new long[2]));
    assertThrows(IllegalArgumentException.class, () -> AccuracyMetrics.compute(null, new long[1]));
    assertThrows(IllegalArgumentException.class, () -> AccuracyMetrics.compute(new long[1], null));
    assertThrows(IllegalArgumentException.class,
        () -> AccuracyMetrics.computeDouble(new long[] {1}, new double[] {Double.NaN}));
  }

  @Test
  void inputsAreNotModified() {
    long[] truth = {4, 1, 2};
    long[] est = {5, 1, 1};
    AccuracyMetrics.compute(truth, est);
    assertEquals(4, truth[0]);
    assertEquals(5, est[0]);
  }
}
