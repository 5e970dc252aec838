package io.sketchbricks.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfSamplerTest {
  @Test
  void probabilitiesFollowThePowerLawAndSumToOne() {
    ZipfSampler z = new ZipfSampler(4, 1.0);
    // Weights 1, 1/2, 1/3, 1/4 sum to 25/12, so P(0) = 12/25 and P(3) = 3/25.
    assertEquals(12.0 / 25, z.probability(0), 1e-15);
    assertEquals(3.0 / 25, z.probability(3), 1e-15);
    double sum = 0;
    for (int k = 0; k < z.size(); k++) {
      sum += z.probability(k);
    }
    assertEquals(1.0, sum, 1e-12);
    assertEquals(4, z.size());
  }

  @Test
  void samplesMatchTheDistribution() {
    int n = 1000;
    ZipfSampler z = new ZipfSampler(n, 1.1);
    SplittableRandom random = new SplittableRandom(42);
    int draws = 1_000_000;
    long[] hits = new long[n];
    for (int i = 0; i < draws; i++) {
      hits[z.sample(random)]++;
    }
    // Chi-square over the first 20 ranks plus one bucket for the tail: 20 degrees of freedom, whose 99.9 %
    // quantile is about 45.3, so a correct sampler fails this with probability 0.001 (and never for seed 42).
    double chi2 = 0;
    double tailExpected = draws;
    long tailHits = draws;
    for (int k = 0; k < 20; k++) {
      double expected = draws * z.probability(k);
      chi2 += (hits[k] - expected) * (hits[k] - expected) / expected;
      tailExpected -= expected;
      tailHits -= hits[k];
    }
    chi2 += (tailHits - tailExpected) * (tailHits - tailExpected) / tailExpected;
    assertTrue(chi2 < 45.3, "chi-square " + chi2);
    assertEquals(z.probability(0), hits[0] / (double) draws, 0.002);
  }

  @Test
  void oneItemAlwaysGivesRankZeroAndSteepSkewStaysInRange() {
    SplittableRandom random = new SplittableRandom(1);
    ZipfSampler one = new ZipfSampler(1, 2.0);
    ZipfSampler steep = new ZipfSampler(100, 60.0); // tail weights underflow to 0
    for (int i = 0; i < 10_000; i++) {
      assertEquals(0, one.sample(random));
      int r = steep.sample(random);
      assertTrue(r >= 0 && r < 100, "rank " + r);
    }
  }

  @Test
  void invalidParametersAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new ZipfSampler(0, 1.0));
    assertThrows(IllegalArgumentException.class, () -> new ZipfSampler(10, 0.0));
    assertThrows(IllegalArgumentException.class, () -> new ZipfSampler(10, -1.0));
    assertThrows(IllegalArgumentException.class, () -> new ZipfSampler(10, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new ZipfSampler(10, Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> new ZipfSampler(10, 1.0).probability(10));
  }

  @Test
  void streamsAreDeterministicPerSeed() {
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    Recorder c = new Recorder();
    ZipfStreams.sample(500, 1.0, 10_000, 7, a);
    ZipfStreams.sample(500, 1.0, 10_000, 7, b);
    ZipfStreams.sample(500, 1.0, 10_000, 8, c);
    assertEquals(a.items, b.items);
    assertTrue(!a.items.equals(c.items));
    List<Long> expectedTimes = new ArrayList<>();
    for (long t = 0; t < 10_000; t++) {
      expectedTimes.add(t);
    }
    assertEquals(expectedTimes, a.times);
    assertTrue(a.items.stream().allMatch(s -> s.startsWith("item-")));
    assertEquals("item-0", mostFrequent(a.items));
  }

  @Test
  void streamsPinTheirFirstItems() {
    // Pins the stream for one seed: a changed sampler or naming would silently change every benchmark.
    Recorder r = new Recorder();
    ZipfStreams.sample(100, 1.0, 5, 12345, r);
    assertEquals(List.of("item-0", "item-1", "item-0", "item-0", "item-7"), r.items);
  }

  @Test
  void zeroEventsIsEmptyAndNegativeIsRejected() {
    Recorder r = new Recorder();
    ZipfStreams.sample(10, 1.0, 0, 1, r);
    assertTrue(r.items.isEmpty());
    assertThrows(IllegalArgumentException.class, () -> ZipfStreams.sample(10, 1.0, -1, 1, r));
  }

  private static String mostFrequent(List<String> items) {
    java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    items.forEach(s -> counts.merge(s, 1, Integer::sum));
    return counts.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
  }
}
