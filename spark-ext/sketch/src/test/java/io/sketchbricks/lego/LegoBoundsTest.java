package io.sketchbricks.lego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.data.ZipfStreams;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The intervals of {@link LegoBounds} hold the exact count: never above upper, and at least lower at (at least) the
 * stated rate, for Lego and D-Lego sketches of Zipf streams built with the shipped model.
 */
class LegoBoundsTest {
  static final double[] CONFIDENCES = {0.5, 0.9, 0.95, 0.99};

  /** A sketch's bounds and estimate of an id. */
  interface Queried {
    LegoBounds bounds(long id, double confidence);

    double estimate(long id);
  }

  static LegoModel shipped() {
    return LearnedGoldenBytesTest.shipped();
  }

  static Stream<Arguments> streams() {
    return Stream.of(
        // 3 bricks of about 30,000 distinct items each: the shipped model answers through the network
        Arguments.of(200_000, 1.1, 1_000_000L),
        // under 10,000 items per brick and skewed: the rule estimate answers
        Arguments.of(20_000, 1.5, 300_000L));
  }

  @ParameterizedTest
  @MethodSource("streams")
  void zipfStreamsLieInsideTheIntervalAtTheStatedRate(int distinct, double alpha, long events) {
    LegoModel model = shipped();
    LegoSketch lego = new LegoSketch(model, 300 * 1024L);
    DLegoSketch dLego = new DLegoSketch(model, 300 * 1024L);
    Map<Long, Long> counts = new HashMap<>();
    ZipfStreams.sample(distinct, alpha, events, 17, (item, t) -> {
      long id = LegoHash.idOf(item);
      counts.merge(id, 1L, Long::sum);
      lego.add(id);
      dLego.add(id);
    });
    String name = "zipf(" + distinct + ", " + alpha + ", " + events + ")";
    int neural = 0;
    for (long id : counts.keySet()) {
      neural += lego.answersNeurally(id) ? 1 : 0;
    }
    int shortRule = 0;
    double worst = 0;
    for (Map.Entry<Long, Long> entry : counts.entrySet()) {
      double rule = lego.ruleEstimateId(entry.getKey());
      if (rule < entry.getValue()) { // float32 rounding: what LegoBounds.ROUNDING widens for
        shortRule++;
        worst = Math.max(worst, (entry.getValue() - rule) / entry.getValue());
      }
    }
    System.out.printf("%s: %d items, %d answered through the network by lego; its rule estimate under the true"
        + " count for %d, by at most %.2g relative%n", name, counts.size(), neural, shortRule, worst);
    check(name + " lego", counts, new Queried() {
      public LegoBounds bounds(long id, double c) {
        return lego.boundsId(id, c);
      }

      public double estimate(long id) {
        return lego.estimateId(id);
      }
    });
    check(name + " d-lego", counts, new Queried() {
      public LegoBounds bounds(long id, double c) {
        return dLego.boundsId(id, c);
      }

      public double estimate(long id) {
        return dLego.estimateId(id);
      }
    });
  }

  static void check(String name, Map<Long, Long> counts, Queried sketch) {
    long top = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    for (double c : CONFIDENCES) {
      int inside = 0;
      int positiveLower = 0;
      int estimateBelow = 0; // the learned estimate under the lower bound (allowed; see LegoBounds)
      double width = 0;
      for (Map.Entry<Long, Long> entry : counts.entrySet()) {
        long id = entry.getKey();
        long f = entry.getValue();
        LegoBounds b = sketch.bounds(id, c);
        assertEquals(sketch.estimate(id), b.estimate(), name + ": the estimate must be estimateId's, bit for bit");
        assertTrue(f <= b.upper(), name + ": upper " + b + " is under the true count " + f + " of id " + id);
        assertTrue(b.estimate() <= b.upper() && 0 <= b.lower() && b.lower() <= b.upper(), name + " " + b);
        assertTrue(b.confidence() == c || (b.confidence() == 1.0 && b.lower() == b.upper()), name + " " + b);
        inside += b.lower() <= f ? 1 : 0;
        positiveLower += b.lower() > 0 ? 1 : 0;
        width += b.upper() - b.lower();
        estimateBelow += b.estimate() < b.lower() ? 1 : 0;
      }
      double coverage = inside / (double) counts.size();
      LegoBounds t = sketch.bounds(top, c);
      System.out.printf("%s c=%.2f: coverage %.4f, lower > 0 for %d of %d items, estimate < lower for %d, mean"
          + " width %.1f; top item %d in [%.1f, %.1f], estimate %.1f%n", name, c, coverage, positiveLower,
          counts.size(), estimateBelow, width / counts.size(), counts.get(top), t.lower(), t.upper(), t.estimate());
      assertTrue(coverage >= c, name + " covered " + coverage + " < " + c);
      // not a trivial interval: the heaviest item is pinned within 10 % from below
      assertTrue(t.lower() >= 0.9 * counts.get(top), name + ": top item " + counts.get(top) + " got " + t);
    }
  }

  /**
   * The worst case for rounding: an item alone in its five cells, alternating with a slot-mate of the arrival
   * buffer, reaches the cells as n separate additions of the same product, each rounded the same way within a
   * binade. At n = 16,000 the rule estimate alone falls short of the count (by up to about 2e-4 relative) and the
   * widened upper bound must not; past that the widening is no longer a guarantee, and the test prints how far
   * the rule estimate falls short at 100,000 and 1,000,000 additions (the limit the javadoc states).
   */
  @Test
  void upperHoldsForCellsOf16000Additions() {
    LegoModel model = shipped();
    for (int n : new int[] {16_000, 100_000, 1_000_000}) {
      int shortRule = 0;
      int shortUpper = 0;
      double worst = 0;
      for (long x = 1; x <= 40; x++) {
        long mate = slotMateSharingNoCell(x);
        LegoSketch s = LegoSketch.withBricks(model, 1);
        for (int i = 0; i < n; i++) {
          s.add(x);
          s.add(mate); // evicts x from the buffer: every arrival of x is one addition to its cells
        }
        LegoBounds b = s.boundsId(x, 0.9);
        double rule = s.ruleEstimateId(x);
        shortRule += rule < n ? 1 : 0;
        shortUpper += b.upper() < n ? 1 : 0;
        worst = Math.max(worst, (n - rule) / n);
        if (n == 16_000) {
          assertTrue(b.upper() >= n, "item " + x + ": " + b + " under " + n);
          assertTrue(b.lower() <= n, "item " + x + ": " + b + " over " + n);
        }
      }
      System.out.printf("%,d single additions: rule estimate under the count for %d of 40 items (by at most %.2g"
          + " relative), upper bound under it for %d%n", n, shortRule, worst, shortUpper);
      if (n == 16_000) {
        assertTrue(shortRule > 0, "no rule estimate fell short: the case no longer tests the widening");
      }
    }
  }

  private static long slotMateSharingNoCell(long x) {
    for (long z = x + 1; ; z++) {
      boolean shares = false;
      for (int r = 0; r < LegoModel.ROWS; r++) {
        shares |= LegoHash.column(x, r) == LegoHash.column(z, r);
      }
      if (!shares && bufferSlot(z) == bufferSlot(x)) {
        return z;
      }
    }
  }

  /** The arrival buffer's slot of an id ({@link LegoSketch#addChecked}). */
  private static int bufferSlot(long id) {
    return (int) ((id * 0x9E3779B97F4A7C15L) >>> 56);
  }

  @Test
  void anItemNeverAddedHasTheIntervalZeroToZero() {
    LegoSketch lego = LegoSketch.withBricks(shipped(), 1);
    lego.add(1L, 10);
    LegoBounds b = lego.boundsId(2L, 0.95);
    assertEquals(0, b.upper(), "" + b); // in some row item 2's cell holds nothing of item 1
    assertEquals(0, b.lower());
  }

  @Test
  void anUnflaggedHeavyResidentIsExactWithConfidenceOne() {
    DLegoSketch d = new DLegoSketch(shipped(), 300 * 1024L);
    d.add(42L, 1234);
    assertEquals(new LegoBounds(1234, 1234, 1234, 1.0), d.boundsId(42L, 0.9));
  }

  @Test
  void confidenceOutsideTheOpenUnitIntervalIsRefused() {
    LegoSketch lego = LegoSketch.withBricks(shipped(), 1);
    DLegoSketch dLego = new DLegoSketch(shipped(), 110_000);
    lego.add(1L);
    dLego.add(1L); // an unflagged resident: its exact answer still checks the confidence
    for (double c : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
      assertThrows(IllegalArgumentException.class, () -> lego.boundsId(1L, c));
      assertThrows(IllegalArgumentException.class, () -> dLego.boundsId(1L, c));
    }
  }
}
