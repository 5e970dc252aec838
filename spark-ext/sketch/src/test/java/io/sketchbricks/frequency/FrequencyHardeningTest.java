package io.sketchbricks.frequency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.CraftedBytes;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.kinds.SketchKinds;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile bytes, overflowing adds and merges: every failure leaves the sketch as it was, and what is written reads. */
class FrequencyHardeningTest {
  /** Tiny budgets so that large counts collide and overflow in every row. */
  private static FrequencySketch tiny(String kind) {
    return SketchKinds.create(kind, kind.equals("elastic") ? 128 : 24);
  }

  /** Adds random large counts until {@code failuresWanted} adds overflowed; each failure must change nothing. */
  @ParameterizedTest
  @ValueSource(strings = {"cms", "cs", "cu", "elastic"})
  void anAddThatOverflowsLeavesTheSketchByteIdentical(String kind) {
    int failures = 0;
    for (int trial = 0; trial < 40; trial++) {
      FrequencySketch s = tiny(kind);
      SplittableRandom rnd = new SplittableRandom(trial);
      for (int i = 0; i < 60; i++) {
        byte[] before = s.toByteArray();
        long item = rnd.nextInt(8);
        long count = 1 + rnd.nextInt(Integer.MAX_VALUE / 3);
        try {
          s.add(item, count);
        } catch (ArithmeticException e) {
          failures++;
          assertArrayEquals(before, s.toByteArray(), kind + ": a failed add changed the sketch");
          continue;
        }
        byte[] after = s.toByteArray();
        assertArrayEquals(after, SketchKinds.read(after).toByteArray(), kind + ": written but not readable");
      }
    }
    assertTrue(failures > 10, kind + ": only " + failures + " overflows: the test did not exercise them");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cms", "cs", "cu", "elastic"})
  void aMergeThatOverflowsLeavesTheTargetByteIdentical(String kind) {
    int failures = 0;
    for (int trial = 0; trial < 200; trial++) {
      FrequencySketch a = loaded(kind, 2 * trial);
      FrequencySketch b = loaded(kind, 2 * trial + 1);
      byte[] before = a.toByteArray();
      byte[] other = b.toByteArray();
      try {
        a.merge(b);
      } catch (ArithmeticException e) {
        failures++;
        assertArrayEquals(before, a.toByteArray(), kind + ": a failed merge changed the target");
        assertArrayEquals(other, b.toByteArray(), kind + ": a merge changed its argument");
        continue;
      }
      byte[] merged = a.toByteArray();
      assertArrayEquals(merged, SketchKinds.read(merged).toByteArray(), kind + ": merged but not readable");
    }
    assertTrue(failures > 5, kind + ": only " + failures + " overflows: the test did not exercise them");
  }

  /** A tiny sketch filled with large counts, stopping before its own first overflow. */
  private static FrequencySketch loaded(String kind, long seed) {
    FrequencySketch s = tiny(kind);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < 12; i++) {
      try {
        s.add((long) rnd.nextInt(8), 1 + rnd.nextInt(Integer.MAX_VALUE / 2));
      } catch (ArithmeticException e) {
        break;
      }
    }
    return s;
  }

  /** Payload of a counter table: seed, total, skipped, depth, width, then the counters. */
  private static byte[] table(SketchKind kind, long total, long skipped, int depth, int width, int... counters) {
    return CraftedBytes.envelope(kind, p -> {
      p.putLong(FrequencySketch.DEFAULT_SEED).putLong(total).putLong(skipped).putInt(depth).putInt(width);
      for (int c : counters) {
        p.putInt(c);
      }
    }, 32 + 4 * counters.length);
  }

  @Test
  void negativeCountersAreRefusedExceptInCountSketch() {
    for (SketchKind kind : new SketchKind[] {SketchKind.COUNT_MIN, SketchKind.CONSERVATIVE_COUNT_MIN}) {
      CorruptSketchException e = assertThrows(CorruptSketchException.class,
          () -> SketchKinds.read(table(kind, 5, 0, 1, 2, 5, -1)));
      assertTrue(e.getMessage().contains("negative counter"), e.getMessage());
    }
    // Count Sketch counters are signed sums of +-count
    CountSketch cs = (CountSketch) SketchKinds.read(table(SketchKind.COUNT_SKETCH, 5, 0, 1, 2, 4, -1));
    assertEquals(5, cs.totalCount());

    ElasticSketch e = FrequencySketch.elastic(128);
    e.add(1L, 3);
    int lightAt = CraftedBytes.PAYLOAD + 28 + e.heavyBuckets() * ElasticSketch.BUCKET_BYTES + 8;
    byte[] bad = CraftedBytes.damaged(e.toByteArray(), b -> b.putInt(lightAt, -2));
    CorruptSketchException ex = assertThrows(CorruptSketchException.class, () -> SketchKinds.read(bad));
    assertTrue(ex.getMessage().contains("negative counter"), ex.getMessage());
  }

  @Test
  void elasticHeavyPartValuesNoSketchHoldsAreRefused() {
    ElasticSketch e = FrequencySketch.elastic(128); // two buckets: item 1 fills one, the other stays empty
    e.add(1L, 3);
    byte[] ok = e.toByteArray();
    SketchKinds.read(ok);
    int bucketsAt = CraftedBytes.PAYLOAD + 28;
    int full = ByteBuffer.wrap(ok).order(ByteOrder.LITTLE_ENDIAN).getInt(bucketsAt + 8) == 3 ? 0 : 1;
    int fullAt = bucketsAt + 16 * full;
    int emptyAt = bucketsAt + 16 * (1 - full);
    assertEquals(3, ByteBuffer.wrap(ok).order(ByteOrder.LITTLE_ENDIAN).getInt(fullAt + 8), "precondition");
    assertCorrupt(CraftedBytes.damaged(ok, b -> b.putInt(fullAt + 8, 4)), "outside [0, total count");
    assertCorrupt(CraftedBytes.damaged(ok, b -> b.putInt(fullAt + 8, -1)), "outside [0, total count");
    assertCorrupt(CraftedBytes.damaged(ok, b -> b.putInt(emptyAt + 12, 5)), "empty heavy bucket");
    assertCorrupt(CraftedBytes.damaged(ok, b -> b.putInt(emptyAt + 12, Integer.MIN_VALUE)), "empty heavy bucket");
    assertCorrupt(CraftedBytes.damaged(ok, b -> b.putLong(emptyAt, 42)), "empty heavy bucket");
  }

  private static void assertCorrupt(byte[] bytes, String says) {
    CorruptSketchException e = assertThrows(CorruptSketchException.class, () -> SketchKinds.read(bytes));
    assertTrue(e.getMessage().contains(says), e.getMessage());
  }

  @Test
  void countersAboveTheTotalCountAreRefused() {
    for (SketchKind kind : new SketchKind[] {SketchKind.COUNT_MIN, SketchKind.COUNT_SKETCH,
        SketchKind.CONSERVATIVE_COUNT_MIN}) {
      CorruptSketchException e = assertThrows(CorruptSketchException.class,
          () -> SketchKinds.read(table(kind, 5, 0, 1, 2, 6, 0)));
      assertTrue(e.getMessage().contains("above its total count"), e.getMessage());
    }
    assertThrows(CorruptSketchException.class,
        () -> SketchKinds.read(table(SketchKind.COUNT_SKETCH, 5, 0, 1, 2, -6, 0)));
  }

  /** A sketch whose total count sits just below Long.MAX_VALUE is valid; pushing it past must fail cleanly. */
  @ParameterizedTest
  @ValueSource(strings = {"cms", "cs", "cu"})
  void totalsThatWouldPassLongMaxAreRefusedLeavingTheSketchAsItWas(String kind) {
    SketchKind k = SketchKind.ofName(kind);
    FrequencySketch s = SketchKinds.readFrequency(table(k, Long.MAX_VALUE - 1, 0, 1, 2, 0, 0));
    byte[] before = s.toByteArray();
    assertThrows(ArithmeticException.class, () -> s.add(7L, 5));
    assertArrayEquals(before, s.toByteArray());
    FrequencySketch other = SketchKinds.readFrequency(table(k, 2, 0, 1, 2, 0, 0));
    assertThrows(ArithmeticException.class, () -> s.merge(other));
    assertArrayEquals(before, s.toByteArray());

    FrequencySketch skippy = SketchKinds.readFrequency(table(k, 0, Long.MAX_VALUE, 1, 2, 0, 0));
    byte[] skippyBefore = skippy.toByteArray();
    assertThrows(ArithmeticException.class, () -> skippy.addNullable(null, 1));
    assertThrows(ArithmeticException.class, () -> skippy.merge(SketchKinds.readFrequency(table(k, 0, 1, 1, 2, 0, 0))));
    assertArrayEquals(skippyBefore, skippy.toByteArray());
  }

  @Test
  void readersCheckSizesBeforeAllocating() {
    int width = (Integer.MAX_VALUE - 8) / 32; // 32 x 67M counters = 8 GiB declared, none present
    for (SketchKind kind : new SketchKind[] {SketchKind.COUNT_MIN, SketchKind.COUNT_SKETCH,
        SketchKind.CONSERVATIVE_COUNT_MIN}) {
      byte[] bytes = table(kind, 0, 0, 32, width);
      assertThrows(CorruptSketchException.class, () -> SketchKinds.read(bytes));
      long allocated = CraftedBytes.allocatedBy(() -> SketchKinds.read(bytes));
      assertTrue(allocated < 1 << 20, kind + " reader allocated " + allocated + " bytes for a 48-byte sketch");
    }
    // elastic: one heavy bucket, then a light part declaring 8 GiB
    byte[] elastic = CraftedBytes.envelope(SketchKind.ELASTIC, p -> {
      p.putLong(FrequencySketch.DEFAULT_SEED).putLong(0).putLong(0).putInt(1);
      p.putLong(0).putInt(0).putInt(0);
      p.putInt(32).putInt(width);
    }, 28 + 16 + 8);
    assertThrows(CorruptSketchException.class, () -> SketchKinds.read(elastic));
    long allocated = CraftedBytes.allocatedBy(() -> SketchKinds.read(elastic));
    assertTrue(allocated < 1 << 20, "elastic reader allocated " + allocated + " bytes");
    // elastic: a bucket count the bytes cannot hold
    byte[] buckets = CraftedBytes.envelope(SketchKind.ELASTIC, p -> {
      p.putLong(FrequencySketch.DEFAULT_SEED).putLong(0).putLong(0).putInt(Integer.MAX_VALUE);
      p.putInt(3).putInt(1).putInt(0).putInt(0).putInt(0);
    }, 28 + 20);
    assertThrows(CorruptSketchException.class, () -> SketchKinds.read(buckets));
  }
}
