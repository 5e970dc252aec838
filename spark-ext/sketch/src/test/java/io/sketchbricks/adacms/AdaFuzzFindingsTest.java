package io.sketchbricks.adacms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.CraftedBytes;
import io.sketchbricks.core.SketchKind;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Ada-CMS inputs that ReaderFuzzTest (seed 20261129) found, and the rules that now cover them: range and recent
 * queries bounded in lookups whatever span a sketch claims, and a time weight parameter that is either one a writer
 * produces or refused.
 */
class AdaFuzzFindingsTest {
  /** The items and queries of the fuzz suite's checks. */
  private static final long[] ITEMS = {0, 1, 2, 3, 42, -7, 1_000_003, Long.MIN_VALUE};

  /** Case 623: f = none, 2 levels, arrivals claimed over [0, 33,554,440]: 2^24 top blocks of 2 units. */
  private static final String NONE_WIDE_SPAN = """
      534b425205010000dd00000007000000000000003100000000000000000000000000000080ee3600000000000000000000000000
      00000000000000f03f02000000040000000200000000000000000000000800000200000000000000000000000000000000000000
      000000000000002c400000000000002440000000000000314000000000000020400000000000002a400000000000002440000000
      000000204000000000000032400000000000002e4000000000000024400000000000002040000000000000304000000000000022
      4000000000000018400000000000002a4000000000000035407af0a188""";
  /** Case 753: linear:0.5, 4 levels, arrivals claimed over [0, 2^51 + 8]. */
  private static final String LINEAR_WIDE_SPAN = """
      534b4252050100006d01000007000000000000003100000000000000000000000000000080ee3600000000000000000000000000
      02000000000000e03f02000000040000000400000000000000000000000800000000000800000000000000000000000000000000
      00000000000000000000000000000000000000000000803d400000000000803b4000000000004044400000000000002e40000000
      0000803b40000000000000334000000000008038400800000000c044400000000000803740000000000000384000000000000038
      400000000000003d4000000000000025400000000000002a4000000000008037400000000000c04a400000000000003a40000000
      0000c042400000000000002a4000000000000000000000000000002d400000000000003d4000000000008031400000000000002f
      40000000000000084000000000000028400000000000080840000000000000254000000000000025400000000000000840000000
      00000020400000000000001c40da170980""";
  /** Case 1033: as 753 with a span of 2^57 and a unit of 2^52 ms. */
  private static final String LINEAR_WIDER_SPAN = """
      534b4252050100006d01000007000000000000003100000000000000000000000000000080ee3600000010000000000000000000
      02000000000000e03f02000000040000000400000000000000000000000800000000000002000000000000000000000000000000
      00000000000000000000000000000000000000000000803d400000000000803b4000000000004044400000000000002e40000000
      0000803b40000000000000334000000000008038400000000000c044480000000000803740000000000000384000000000000038
      400000000000003d4000000000000025400000000000002a4000000000008037400000000000c04a400000000000003a40000000
      0000c042400000000000002a4000000000000000000000000000002d400000200000003d4000000000008031400000000000002f
      40000000000000084000000100000028400000000000000840000000000000254000000000000025400000000000000840800000
      00000020400000000000001c4056f3afce""";
  /** Case 69: f = none with its parameter stored as 0 instead of 1.0. */
  private static final String NONE_PARAMETER_ZERO = """
      534b425205010000dd00000007000000000000003100000000000000000000000000000080ee3600000000000000000000000000
      00000000000000000002000000040000000200000000000000000000000800000000000000000000000000000000000000000000
      000000000000002c400000000000002440000000000000314000000000000020400000000000002a400000000000002440000000
      000000204000000000000032400000000000002e4000000000000024400000000000002040000000000000304000000000000022
      4000000000000018400000000000002a400000000000003540b4455829""";
  /** Case 303: f = none with bit 1 of its parameter's first byte set. */
  private static final String NONE_PARAMETER_FLIPPED = """
      534b425205010000dd00000007000000000000003100000000000000000000000000000080ee3600000000000000000000000000
      00020000000000f03f02000000040000000200000000000000000000000800000000000000000000000000000000000000000000
      000000400000002c400000000000002440000000000000314000000000000020400020000000002a400000000000002440000000
      000000204000000000000032400000000000002e4000000000000024400000000100002040000000000000304000000000000022
      4000000000000018400000000000002a4000000000000035404b95f6f8""";
  /** Case 366: an exp:1.0015 sketch whose shape byte was set to none, keeping the base as the parameter. */
  private static final String NONE_PARAMETER_EXP_BASE = """
      534b4252050100002501000007000000000000000000000000000000000000000000000080ee3600000000000000000000000000
      00a01a2fdd2406f03f020000000400000003000000ffffffffffffffffffffffffffffffff000000000000000000000000000000
      00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
      00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
      00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
      000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000c6361f89""";

  private static byte[] hex(String text) {
    return HexFormat.of().parseHex(text.replaceAll("\\s", ""));
  }

  @Test
  void craftedSpansFromTheFuzzerAnswerRangeAndRecentQueriesWithinTheLookupBound() {
    for (String input : List.of(NONE_WIDE_SPAN, LINEAR_WIDE_SPAN, LINEAR_WIDER_SPAN)) {
      AdaCountMinSketch s = AdaCountMinSketch.fromBytes(hex(input));
      long rangeBound = 2L * (s.levels() - 1) + 1 + s.maxTopBlocks();
      long recentBound = s.maxTopBlocks() + 8L * s.levels();
      // a hang guard only: the bound under test is the lookup count (the old walk made 2^20 per recent query)
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
        for (long item : ITEMS) {
          s.lookups = 0;
          double range = s.estimate(item, s.minTime(), s.maxTime());
          assertTrue(s.lookups <= rangeBound, s.weight() + ": range took " + s.lookups + " lookups");
          assertEquals(range, s.estimate(item, 0, s.maxTime()), "a range answers as its held part");
          s.lookups = 0;
          double recent = s.recent(item, s.maxTime());
          assertTrue(s.lookups <= recentBound, s.weight() + ": recent took " + s.lookups + " lookups");
          for (double v : new double[] {range, recent}) {
            assertTrue(v >= 0 && v <= s.totalCount(), s.weight() + ": answer " + v);
          }
        }
      });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "exp:1", "exp:1.0000001", "linear:0.5"})
  void aSketchHoldingJustTheLimitOfTopBlocksSumsThemAndOnePastAnswersTheTotal(String f) {
    for (int depth : new int[] {4, 32}) {
      // 2 levels: top blocks of 2 units; arrivals at both ends of a span of exactly maxTopBlocks() top blocks
      AdaCountMinSketch s = new AdaCountMinSketch(8L * depth * 2 * 4096, depth, 2, TimeWeight.parse(f),
          TimeUnitSpec.DEFAULT, 11);
      long blocks = s.maxTopBlocks();
      assertTrue(blocks <= AdaQueries.MAX_RANGE_BLOCKS
          && blocks * depth <= AdaQueries.MAX_RANGE_CELLS, blocks + " blocks at depth " + depth);
      long end = 2 * blocks - 1;
      s.add(1L, 0, 2);
      s.add(1L, end, 3);
      s.add(2L, end / 2, 5);
      s.lookups = 0;
      double range = s.estimate(1L, 0, end);
      assertEquals(blocks, s.lookups, "summed its blocks");
      assertTrue(range >= 5 * (1 - 1e-12) && range < s.totalCount(), f + ": range " + range + ", a block sum");
      double recent = s.recent(1L, end);
      assertTrue(recent >= (3 + 2 * s.weight().decay(0, end)) * (1 - 1e-12), f + ": recent " + recent);
      if (s.weight().isConstant()) {
        assertEquals(range, recent, f + ": a constant f makes recent the range count up to now");
      }
      // an arrival further on: past the limit the range is the total, without lookups, and recent stops at its
      // budget, adding the total weighed at its last block end, which keeps it an upper bound
      long far = 2 * (blocks + 8L * s.levels() + 2);
      s.add(3L, far, 1);
      s.lookups = 0;
      assertEquals((double) s.totalCount(), s.estimate(1L, 0, far));
      assertEquals(0, s.lookups);
      s.lookups = 0;
      double past = s.recent(1L, far);
      assertTrue(s.lookups <= blocks + 8L * s.levels(), s.lookups + " lookups");
      double exact = 3 * s.weight().decay(end, far) + 2 * s.weight().decay(0, far);
      assertTrue(past >= exact * (1 - 1e-12) && past <= s.totalCount(), f + ": recent " + past + " vs " + exact);
    }
  }

  @Test
  void fuzzedWeightParametersThatTheReaderWouldDropAreRefused() {
    for (String input : List.of(NONE_PARAMETER_ZERO, NONE_PARAMETER_FLIPPED, NONE_PARAMETER_EXP_BASE)) {
      CorruptSketchException e = assertThrows(CorruptSketchException.class,
          () -> AdaCountMinSketch.fromBytes(hex(input)));
      assertTrue(e.getMessage().contains("time weight none carries parameter"), e.getMessage());
    }
  }

  /** An empty sketch of one counter with the given weight shape code and parameter. */
  private static byte[] withWeight(int shape, double a) {
    return CraftedBytes.envelope(SketchKind.ADA_CMS, p -> {
      p.putLong(7).putLong(0).putLong(0).putLong(TimeUnitSpec.HOUR_MILLIS).putLong(0);
      p.put((byte) shape).putDouble(a).putInt(1).putInt(1).putInt(1).putLong(-1).putLong(-1);
      p.putLong(0).putDouble(0.0);
    }, 77 + 8 + 8);
  }

  @Test
  void weightParametersNoWriterProducesAreRefused() {
    double[] noneBad = {0.0, -0.0, -1.0, 1.0015, 0.5, Math.nextUp(1.0), Double.NaN, Double.POSITIVE_INFINITY};
    double[] expBad = {Math.nextDown(1.0), 0.0, -1.0015, 1e6 * 1.0001, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY};
    double[] linearBad = {0.0, -0.0, -0.5, 1e-13, 1e13, Double.NaN, Double.POSITIVE_INFINITY};
    double[][] bad = {noneBad, expBad, linearBad};
    for (int shape = 0; shape < 3; shape++) {
      for (double a : bad[shape]) {
        byte[] bytes = withWeight(shape, a);
        CorruptSketchException e = assertThrows(CorruptSketchException.class,
            () -> AdaCountMinSketch.fromBytes(bytes), "shape " + shape + " with " + a);
        assertTrue(e.getMessage().contains("invalid parameters"), e.getMessage());
      }
    }
    for (int shape : new int[] {3, -1, 127}) {
      assertThrows(CorruptSketchException.class, () -> AdaCountMinSketch.fromBytes(withWeight(shape, 1.0)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "exp", "exp:1", "exp:1000000", "linear", "linear:1e-12", "linear:1e12",
      "gamma"})
  void everyWeightAWriterBuildsReadsBackToTheSameBytes(String f) {
    TimeWeight w = f.equals("gamma") ? TimeWeight.exponentialForGamma(2, 168) : TimeWeight.parse(f);
    AdaCountMinSketch s = new AdaCountMinSketch(8L * 4 * 3 * 16, 4, 3, w, TimeUnitSpec.DEFAULT, 5);
    s.add("x", 500_000, 3);
    byte[] bytes = s.toByteArray();
    AdaCountMinSketch back = AdaCountMinSketch.fromBytes(bytes);
    assertEquals(w, back.weight());
    assertArrayEquals(bytes, back.toByteArray());
    assertArrayEquals(withWeight(w.shape().code, w.parameter()),
        AdaCountMinSketch.fromBytes(withWeight(w.shape().code, w.parameter())).toByteArray());
  }
}
