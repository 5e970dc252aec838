package io.sketchbricks.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.adacms.TimeUnitSpec;
import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.CraftedBytes;
import io.sketchbricks.core.SketchKind;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Hostile bytes and overflowing adds and merges for the Hokusai baseline: refused, or all or nothing. */
class HokusaiHardeningTest {
  /** Hokusai payload: seed, total, skipped, unit, origin, depth, width, K, now, unit count, then the rest. */
  private static byte[] hokusai(long total, long skipped, int depth, int width, int logHorizon, long now, int count,
      int restBytes, Consumer<ByteBuffer> rest) {
    return CraftedBytes.envelope(SketchKind.HOKUSAI, p -> {
      p.putLong(1).putLong(total).putLong(skipped).putLong(TimeUnitSpec.HOUR_MILLIS).putLong(0);
      p.putInt(depth).putInt(width).putInt(logHorizon).putLong(now).putInt(count);
      rest.accept(p);
    }, 64 + restBytes);
  }

  @Test
  void aTinyHokusaiSketchDeclaringGigabytesIsRefusedBeforeAllocating() {
    int width = (Integer.MAX_VALUE - 8) / 32; // K = 1: a tail of 32 x 33M counters, 4 GiB
    byte[] bytes = hokusai(0, 0, 32, width, 1, -1, 0, 0, p -> { });
    assertTrue(bytes.length < 100, bytes.length + " bytes");
    CorruptSketchException e = assertThrows(CorruptSketchException.class, () -> HokusaiSketch.fromBytes(bytes));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    long allocated = CraftedBytes.allocatedBy(() -> HokusaiSketch.fromBytes(bytes));
    assertTrue(allocated < 1 << 20, "the reader allocated " + allocated + " bytes for " + bytes.length);
    // a narrow tail but 2^30 declared units
    byte[] units = hokusai(1, 0, 1, 1, 30, 5, 1 << 30, 4, p -> p.putInt(0));
    assertThrows(CorruptSketchException.class, () -> HokusaiSketch.fromBytes(units));
    assertTrue(CraftedBytes.allocatedBy(() -> HokusaiSketch.fromBytes(units)) < 1 << 20);
  }

  @Test
  void hokusaiCountersAboveTheTotalOrAnEmptySketchWithATimeAreRefused() {
    // depth 1, width 1, K 1: tail of one counter; no units
    CorruptSketchException above = assertThrows(CorruptSketchException.class,
        () -> HokusaiSketch.fromBytes(hokusai(3, 0, 1, 1, 1, 5, 0, 4, p -> p.putInt(4))));
    assertTrue(above.getMessage().contains("above its total count"), above.getMessage());
    HokusaiSketch ok = HokusaiSketch.fromBytes(hokusai(4, 0, 1, 1, 1, 5, 0, 4, p -> p.putInt(4)));
    assertEquals(4, ok.totalCount());
    CorruptSketchException timeless = assertThrows(CorruptSketchException.class,
        () -> HokusaiSketch.fromBytes(hokusai(4, 0, 1, 1, 1, -1, 0, 4, p -> p.putInt(4))));
    assertTrue(timeless.getMessage().contains("disagrees"), timeless.getMessage());
    assertThrows(CorruptSketchException.class,
        () -> HokusaiSketch.fromBytes(hokusai(0, 0, 1, 1, 1, 5, 0, 4, p -> p.putInt(0))));
  }

  /** depth 2, full width 2, horizon 8: every large count collides, folds add counters, the tail fills. */
  private static HokusaiSketch tinyHokusai() {
    return new HokusaiSketch(88, 2, 3, TimeUnitSpec.DEFAULT, 1);
  }

  @Test
  void aHokusaiAddThatOverflowsAnywhereLeavesTheSketchByteIdentical() {
    int failures = 0;
    for (int trial = 0; trial < 40; trial++) {
      HokusaiSketch s = tinyHokusai();
      SplittableRandom rnd = new SplittableRandom(trial);
      long t = 0;
      for (int i = 0; i < 60; i++) {
        t += rnd.nextInt(3); // advancing "now" folds units and retires them into the tail
        byte[] before = s.toByteArray();
        try {
          s.add((long) rnd.nextInt(6), t, 1 + rnd.nextInt(Integer.MAX_VALUE / 3));
        } catch (ArithmeticException e) {
          failures++;
          assertArrayEquals(before, s.toByteArray(), "a failed add changed the sketch");
          continue;
        }
        byte[] after = s.toByteArray();
        assertArrayEquals(after, HokusaiSketch.fromBytes(after).toByteArray(), "written but not readable");
      }
    }
    assertTrue(failures > 10, "only " + failures + " overflows: the test did not exercise them");
  }

  private static HokusaiSketch loadedHokusai(long seed) {
    HokusaiSketch s = tinyHokusai();
    SplittableRandom rnd = new SplittableRandom(seed);
    long t = rnd.nextInt(5);
    for (int i = 0; i < 12; i++) {
      t += rnd.nextInt(3);
      try {
        s.add((long) rnd.nextInt(6), t, 1 + rnd.nextInt(Integer.MAX_VALUE / 2));
      } catch (ArithmeticException e) {
        break;
      }
    }
    return s;
  }

  @Test
  void aHokusaiMergeThatOverflowsLeavesBothSketchesByteIdentical() {
    int failures = 0;
    for (int trial = 0; trial < 200; trial++) {
      HokusaiSketch a = loadedHokusai(2 * trial);
      HokusaiSketch b = loadedHokusai(2 * trial + 1);
      byte[] before = a.toByteArray();
      byte[] other = b.toByteArray();
      try {
        a.mergeSketch(b);
      } catch (ArithmeticException e) {
        failures++;
        assertArrayEquals(before, a.toByteArray(), "a failed merge changed the target");
        assertArrayEquals(other, b.toByteArray(), "a failed merge changed its argument");
        continue;
      }
      assertArrayEquals(other, b.toByteArray(), "a merge changed its argument");
      byte[] merged = a.toByteArray();
      assertArrayEquals(merged, HokusaiSketch.fromBytes(merged).toByteArray(), "merged but not readable");
    }
    assertTrue(failures > 5, "only " + failures + " overflows: the test did not exercise them");
  }

  @Test
  void hokusaiSkippedCountsThatWouldPassLongMaxAreRefused() {
    HokusaiSketch s = HokusaiSketch.fromBytes(hokusai(0, Long.MAX_VALUE, 1, 1, 1, -1, 0, 4, p -> p.putInt(0)));
    byte[] before = s.toByteArray();
    assertThrows(ArithmeticException.class, () -> s.addNullable(null, 0L, 1));
    HokusaiSketch one = HokusaiSketch.fromBytes(hokusai(1, 1, 1, 1, 1, 0, 0, 4, p -> p.putInt(1)));
    assertThrows(ArithmeticException.class, () -> s.mergeSketch(one));
    assertArrayEquals(before, s.toByteArray());
  }
}
