package io.sketchbricks.frequency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.data.ZipfSampler;
import io.sketchbricks.kinds.SketchKinds;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The stated intervals hold the exact count at (at least) the stated rate on a Zipf stream, for every kind. */
class EstimateBoundsTest {
  static final int DISTINCT = 20_000;
  static final int ARRIVALS = 300_000;

  static Stream<Arguments> cases() {
    return Stream.of("cms", "cu", "cs", "elastic")
        .flatMap(k -> Stream.of(0.5, 0.9, 0.95, 0.99).map(c -> Arguments.of(k, c)));
  }

  static long[] zipfCounts(long seed) {
    ZipfSampler zipf = new ZipfSampler(DISTINCT, 1.1);
    SplittableRandom r = new SplittableRandom(seed);
    long[] counts = new long[DISTINCT];
    for (int i = 0; i < ARRIVALS; i++) {
      counts[zipf.sample(r)]++;
    }
    return counts;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void exactCountLiesInsideTheIntervalAtTheStatedRate(String kind, double confidence) {
    long[] counts = zipfCounts(7);
    // 8 KB: small enough that collisions matter (about 680 columns for depth 3 against 20,000 items)
    FrequencySketch s = SketchKinds.create(kind, 8 * 1024);
    for (int i = 0; i < DISTINCT; i++) {
      s.add((long) i, counts[i]);
    }
    int inside = 0;
    int informative = 0; // intervals narrower than a tenth of the total: the test must not pass on trivial bounds
    for (int i = 0; i < DISTINCT; i++) {
      EstimateBounds b = s.bounds((long) i, confidence);
      assertEquals(s.estimate((long) i), b.estimate());
      assertTrue(b.lower() <= b.estimate() && b.estimate() <= b.upper(), kind + " " + b);
      if (b.lower() <= counts[i] && counts[i] <= b.upper()) {
        inside++;
      }
      if (b.upper() - b.lower() < s.totalCount() / 10) {
        informative++;
      }
    }
    double rate = inside / (double) DISTINCT;
    System.out.printf("bounds %s c=%.2f: coverage %.4f, informative %d of %d%n", kind, confidence, rate,
        informative, DISTINCT);
    assertTrue(rate >= confidence, kind + " covered " + rate + " < " + confidence);
    assertTrue(informative > DISTINCT / 10, kind + ": only " + informative + " informative intervals");
  }

  @Test
  void heavyItemsGetNarrowIntervals() {
    long[] counts = zipfCounts(11);
    for (String kind : List.of("cms", "cu", "cs", "elastic")) {
      FrequencySketch s = SketchKinds.create(kind, 64 * 1024);
      for (int i = 0; i < DISTINCT; i++) {
        s.add((long) i, counts[i]);
      }
      EstimateBounds top = s.bounds(0L, 0.95);
      assertTrue(top.lower() > 0.8 * counts[0], kind + " " + top + " vs " + counts[0]);
      assertTrue(top.upper() < 1.2 * counts[0], kind + " " + top + " vs " + counts[0]);
    }
  }

  @Test
  void confidenceOutsideTheOpenUnitIntervalIsRefused() {
    FrequencySketch s = FrequencySketch.countMin(4096);
    for (double c : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.bounds(1L, c));
      assertTrue(e.getMessage().contains("strictly between 0 and 1"), e.getMessage());
    }
  }

  @Test
  void classicCountMinSlackAtOneMinusEToTheMinusDepth() {
    double c = 1 - Math.exp(-3);
    assertEquals(Math.E * 1000 / 100, EstimateBounds.countMinSlack(1000, 100, 3, c), 1e-9);
  }

  @Test
  void unflaggedElasticResidentIsExactWithConfidenceOne() {
    ElasticSketch s = FrequencySketch.elastic(1 << 20);
    s.add("solo", 42);
    EstimateBounds b = s.bounds("solo", 0.9);
    assertEquals(new EstimateBounds(42, 42, 42, 1.0), b);
  }
}
