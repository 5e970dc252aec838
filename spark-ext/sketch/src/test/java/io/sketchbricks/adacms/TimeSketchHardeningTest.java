package io.sketchbricks.adacms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.CraftedBytes;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.kinds.SketchKinds;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile bytes, overflowing adds and merges and unbounded query spans for Ada-CMS (the eval jobs' Hokusai baseline
 * has its own, HokusaiHardeningTest).
 */
class TimeSketchHardeningTest {
  private static final long YEAR_MS = 365L * 24 * TimeUnitSpec.HOUR_MILLIS;
  private static final long T0_MS = 1_700_000_000_000L;

  // ---- Ada-CMS -----------------------------------------------------------------------------------------

  /** Ada payload: seed 7, totals, hour units, f, depth, width, levels, span, zero origins, then the counters. */
  private static byte[] ada(long total, long skipped, int shape, double a, int depth, int width, int levels,
      long minT, long maxT, double... counters) {
    return CraftedBytes.envelope(SketchKind.ADA_CMS, p -> {
      p.putLong(7).putLong(total).putLong(skipped).putLong(TimeUnitSpec.HOUR_MILLIS).putLong(0);
      p.put((byte) shape).putDouble(a).putInt(depth).putInt(width).putInt(levels).putLong(minT).putLong(maxT);
      for (int l = 0; l < levels; l++) {
        p.putLong(0);
      }
      for (double c : counters) {
        p.putDouble(c);
      }
    }, 77 + 8 * levels + 8 * counters.length);
  }

  @Test
  void aCraftedAdaSketchSpanningAllTimeAnswersRangeAndRecentQueriesAtOnce() {
    // one level, one counter, arrivals claimed over the whole 2^62-unit axis: a block walk would never end
    AdaCountMinSketch s = AdaCountMinSketch.fromBytes(ada(3, 0, 0, 1.0, 1, 1, 1, 0, TimeUnitSpec.MAX_UNIT, 0.0));
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      assertEquals(3.0, s.estimate(1L, 0, TimeUnitSpec.MAX_UNIT), "past MAX_RANGE_BLOCKS top blocks: the total, a bound");
      assertEquals(s.estimate(1L, s.minTime(), s.maxTime()), s.estimate(1L, 0, TimeUnitSpec.MAX_UNIT));
      double recent = s.recent(1L, TimeUnitSpec.MAX_UNIT);
      assertTrue(recent >= 0 && recent <= 3, "recent " + recent);
    });
    assertTrue(s.lookups <= AdaQueries.MAX_RANGE_BLOCKS + 8, "lookups " + s.lookups);
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "linear:0.5", "exp:1.0000001"})
  void millisecondUnitsAndARangeOfYearsAnswerTheClampedRange(String f) {
    // 8 levels: top blocks of 128 ms, so six years hold 1.5e9 of them, the few hours of data 2e5
    AdaCountMinSketch s = new AdaCountMinSketch(8L * 4 * 8 * 4096, 4, 8, TimeWeight.parse(f),
        new TimeUnitSpec(1, 0), 3);
    SplittableRandom rnd = new SplittableRandom(9);
    long exact = 0;
    for (int i = 0; i < 2000; i++) {
      long item = rnd.nextInt(20);
      long t = s.unitOf(T0_MS + rnd.nextLong(6 * TimeUnitSpec.HOUR_MILLIS));
      s.add(item, t, 1);
      exact += item == 5 ? 1 : 0;
    }
    long lo = s.unitOf(T0_MS - 3 * YEAR_MS);
    long hi = s.unitOf(T0_MS + 3 * YEAR_MS);
    long heldBlocks = (s.maxTime() - s.minTime() + 1) >> (s.levels() - 1);
    double[] answers = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      s.lookups = 0;
      double years = s.estimate(5L, lo, hi);
      long lookups = s.lookups;
      double clamped = s.estimate(5L, s.minTime(), s.maxTime());
      s.lookups = 0;
      double recent = s.recent(5L, hi);
      return new double[] {years, clamped, lookups, s.lookups, recent};
    });
    assertEquals(answers[1], answers[0], "a range of years answers as its part the sketch holds");
    assertTrue(answers[0] >= exact - 1e-6 * exact, "range " + answers[0] + " below the true " + exact);
    assertTrue(answers[2] <= 2L * (s.levels() - 1) + 1 + heldBlocks, "range lookups " + answers[2]);
    assertTrue(answers[3] <= 8L * s.levels() + heldBlocks + 2, "recent lookups " + answers[3]);
    assertTrue(answers[4] <= s.totalCount(), "recent " + answers[4]);
    if (f.equals("none")) { // f = 1: recent is the plain count up to now, never below the truth
      assertTrue(answers[4] >= exact, "recent " + answers[4] + " below the true " + exact);
    }
    assertEquals(0.0, s.estimate(5L, lo, s.minTime() - 1), "a range before all arrivals holds nothing");
    assertEquals(0.0, s.estimate(5L, s.maxTime() + 1, hi), "a range after all arrivals holds nothing");
  }

  @Test
  void anAdaMergeThatWouldOverflowToInfinityIsRefusedLeavingTheTargetByteIdentical() {
    byte[] big = ada(1, 0, 0, 1.0, 1, 2, 1, 5, 5, 1e308, 1.0);
    AdaCountMinSketch a = AdaCountMinSketch.fromBytes(big);
    AdaCountMinSketch b = AdaCountMinSketch.fromBytes(big);
    ArithmeticException e = assertThrows(ArithmeticException.class, () -> a.mergeSketch(b));
    assertTrue(e.getMessage().contains("infinity"), e.getMessage());
    assertArrayEquals(big, a.toByteArray());
    // a merge that fits still writes bytes that read back
    AdaCountMinSketch c = AdaCountMinSketch.fromBytes(ada(1, 0, 0, 1.0, 1, 2, 1, 5, 5, 1e307, 1.0));
    c.mergeSketch(AdaCountMinSketch.fromBytes(ada(1, 0, 0, 1.0, 1, 2, 1, 9, 9, 1e307, 0.0)));
    byte[] merged = c.toByteArray();
    assertArrayEquals(merged, SketchKinds.read(merged).toByteArray());
    assertEquals(2, c.totalCount());
  }

  @Test
  void adaSkippedCountsThatWouldPassLongMaxAreRefused() {
    AdaCountMinSketch s = AdaCountMinSketch.fromBytes(ada(0, Long.MAX_VALUE, 0, 1.0, 1, 1, 1, -1, -1, 0.0));
    byte[] before = s.toByteArray();
    assertThrows(ArithmeticException.class, () -> s.addNullable(null, 0L, 1));
    AdaCountMinSketch one = AdaCountMinSketch.fromBytes(ada(0, 1, 0, 1.0, 1, 1, 1, -1, -1, 0.0));
    assertThrows(ArithmeticException.class, () -> s.mergeSketch(one));
    assertArrayEquals(before, s.toByteArray());
  }

  @Test
  void adaReaderChecksSizesBeforeAllocating() {
    byte[] bytes = ada(0, 0, 0, 1.0, 32, (Integer.MAX_VALUE - 8) / 32, 48, -1, -1);
    assertThrows(CorruptSketchException.class, () -> AdaCountMinSketch.fromBytes(bytes));
    long allocated = CraftedBytes.allocatedBy(() -> AdaCountMinSketch.fromBytes(bytes));
    assertTrue(allocated < 1 << 20, "the reader allocated " + allocated + " bytes for " + bytes.length);
  }
}
