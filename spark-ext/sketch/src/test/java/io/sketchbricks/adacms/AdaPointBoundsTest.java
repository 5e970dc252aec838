package io.sketchbricks.adacms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The point bounds hold the true count at (at least) the stated rate, and are not trivially wide. */
class AdaPointBoundsTest {
  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.9, 0.99})
  void trueCountLiesInsideAtTheStatedRate(double confidence) {
    for (TimeWeight weight : new TimeWeight[] {TimeWeight.defaultExponential(), TimeWeight.NONE}) {
      AdaCountMinSketch s = new AdaCountMinSketch(8L * 4 * 4096, 4, 1, weight, TimeUnitSpec.DEFAULT, 11);
      Map<Long, Map<Long, Long>> exact = new HashMap<>();
      Random r = new Random(7);
      long t0 = 494_000;
      for (int i = 0; i < 60_000; i++) {
        long item = (long) Math.floor(Math.pow(r.nextDouble(), 4) * 5_000);
        long t = t0 + r.nextInt(48);
        s.add(item, t, 1);
        exact.computeIfAbsent(item, k -> new HashMap<>()).merge(t, 1L, Long::sum);
      }
      long pairs = 0;
      long inside = 0;
      long heavyWithLowerAboveZero = 0;
      long heavy = 0;
      for (Map.Entry<Long, Map<Long, Long>> e : exact.entrySet()) {
        for (Map.Entry<Long, Long> c : e.getValue().entrySet()) {
          double[] b = s.pointBoundsHashed(s.hashOf(e.getKey()), c.getKey(), confidence);
          assertEquals(s.estimate(e.getKey(), c.getKey()), b[1], 0.0);
          assertTrue(b[0] <= b[1] && b[1] == b[2] && b[0] >= 0, "ordered, non-negative: " + b[0] + " " + b[1]);
          assertTrue(c.getValue() <= b[2] + 1e-9, "never below the true count");
          pairs++;
          if (c.getValue() >= b[0] - 1e-9) {
            inside++;
          }
          if (c.getValue() >= 100) {
            heavy++;
            heavyWithLowerAboveZero += b[0] > 0 ? 1 : 0;
          }
        }
      }
      double coverage = (double) inside / pairs;
      System.out.printf("ada point bounds %s c=%.2f: coverage %.4f over %d (item, hour) pairs; %d of %d heavy pairs"
          + " with lower > 0%n", weight, confidence, coverage, pairs, heavyWithLowerAboveZero, heavy);
      assertTrue(coverage >= confidence, "coverage " + coverage + " below " + confidence);
      assertTrue(heavy > 0 && heavyWithLowerAboveZero == heavy, "heavy counts get a non-trivial lower bound");
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 1, -0.5, Double.NaN})
  void confidenceOutsideTheOpenIntervalIsRefused(double confidence) {
    AdaCountMinSketch s = AdaCountMinSketch.create(4096);
    assertThrows(IllegalArgumentException.class, () -> s.pointBoundsHashed(1, 494_000, confidence));
  }
}
