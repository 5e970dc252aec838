package io.sketchbricks.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.adacms.AdaCountMinSketch;
import io.sketchbricks.adacms.TimeUnitSpec;
import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.kinds.SketchKinds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class HokusaiSketchTest {
  private static HokusaiSketch sketch(long memory, int logHorizon) {
    return new HokusaiSketch(memory, 4, logHorizon, TimeUnitSpec.DEFAULT, 11);
  }

  private static long key(long item, long t) {
    return item * 1_000_003L + t;
  }

  @Test
  void exactForRecentUnitsAndUpperBoundPastTheHorizon() {
    HokusaiSketch s = sketch(4L * 4 * 8 * 16384, 6); // w ~ 16384: 5 items per unit never collide in all rows
    Map<Long, Long> truth = new HashMap<>();
    SplittableRandom rnd = new SplittableRandom(1);
    for (long t = 0; t <= 200; t++) {
      for (int i = 0; i < 10; i++) {
        long item = rnd.nextInt(5);
        s.add(item, t, 1 + rnd.nextInt(4));
        truth.merge(key(item, t), 0L, Long::sum);
      }
    }
    // rebuild the truth with the same draws (the map above only fixed the keys)
    truth.clear();
    rnd = new SplittableRandom(1);
    for (long t = 0; t <= 200; t++) {
      for (int i = 0; i < 10; i++) {
        long item = rnd.nextInt(5);
        truth.merge(key(item, t), (long) (1 + rnd.nextInt(4)), Long::sum);
      }
    }
    assertEquals(200, s.now());
    for (long item = 0; item < 6; item++) {
      for (long t = 0; t <= 205; t++) {
        long exact = truth.getOrDefault(key(item, t), 0L);
        long est = s.estimate(item, t);
        if (200 - t < s.horizon()) {
          assertEquals(exact, est, "item " + item + " at age " + (200 - t));
        } else {
          long tailTotal = 0;
          for (long u = 0; u <= 200 - s.horizon(); u++) {
            tailTotal += truth.getOrDefault(key(item, u), 0L);
          }
          assertTrue(est >= tailTotal && est >= exact, "tail estimate " + est + " < " + tailTotal);
        }
      }
    }
  }

  @Test
  void neverUnderestimatesAndErrorStepsUpWithAge() {
    HokusaiSketch s = sketch(4L * 4 * 12 * 512, 8);
    Map<Long, Long> truth = new HashMap<>();
    SplittableRandom rnd = new SplittableRandom(2);
    int span = 256;
    for (int i = 0; i < 60_000; i++) {
      long item = rnd.nextInt(1500);
      long t = rnd.nextInt(span);
      s.add(item, t, 1);
      truth.merge(key(item, t), 1L, Long::sum);
    }
    s.add(0L, span - 1, 1);
    truth.merge(key(0, span - 1), 1L, Long::sum);
    double young = 0;
    double old = 0;
    for (long item = 0; item < 1500; item += 3) {
      for (long t = 0; t < span; t++) {
        long exact = truth.getOrDefault(key(item, t), 0L);
        long est = s.estimate(item, t);
        assertTrue(est >= exact, "underestimate at " + t);
        long age = span - 1 - t;
        if (age < 2) {
          young += est - exact;
        } else if (age >= 128) {
          old += (est - exact) / 64.0; // 128 units vs 2
        }
      }
    }
    assertTrue(old > 10 * young, "old units (width w/128) err more: " + old + " vs " + young);
  }

  @Test
  void lateArrivalsIntoFoldedUnitsEqualArrivalsBeforeFolding() {
    HokusaiSketch a = sketch(1 << 20, 8);
    HokusaiSketch b = sketch(1 << 20, 8);
    a.add("x", 10, 2);
    a.add("y", 100, 1);
    a.add("x", 10, 3); // unit 10 is 90 units old now: folded to w/64
    a.add("z", 5, 1);
    b.add("x", 10, 5);
    b.add("z", 5, 1);
    b.add("y", 100, 1);
    assertArrayEquals(b.toByteArray(), a.toByteArray());
    assertEquals(5, a.estimate("x", 10));
  }

  @Test
  void mergeEqualsSingleBuildExactly() {
    HokusaiSketch whole = sketch(4L * 4 * 9 * 256, 7);
    HokusaiSketch left = sketch(4L * 4 * 9 * 256, 7);
    HokusaiSketch right = sketch(4L * 4 * 9 * 256, 7);
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 30_000; i++) {
      long item = rnd.nextInt(700);
      boolean isRight = rnd.nextInt(3) == 0;
      // right stops at 300, left goes to 500; late arrivals everywhere, some past the horizon
      long t = isRight ? rnd.nextInt(300) : Math.min(500, i / 60 + rnd.nextInt(20)) - rnd.nextInt(150);
      t = Math.max(0, t);
      (isRight ? right : left).add(item, t, 1);
      whole.add(item, t, 1);
    }
    right.addNullable(null, 0L, 1);
    whole.addNullable(null, 0L, 1);
    HokusaiSketch rightFirst = HokusaiSketch.fromBytes(right.toByteArray());
    rightFirst.mergeSketch(left);
    left.mergeSketch(right);
    assertArrayEquals(whole.toByteArray(), left.toByteArray());
    assertArrayEquals(whole.toByteArray(), rightFirst.toByteArray());
  }

  @Test
  void mismatchedConfigurationsRefuseToMerge() {
    HokusaiSketch base = sketch(1 << 20, 6);
    Map<String, HokusaiSketch> others = Map.of(
        "width", sketch(1 << 21, 6),
        "horizon", sketch(1 << 20, 7),
        "depth", new HokusaiSketch(1 << 20, 3, 6, TimeUnitSpec.DEFAULT, 11),
        "seed", new HokusaiSketch(1 << 20, 4, 6, TimeUnitSpec.DEFAULT, 12),
        "time unit", new HokusaiSketch(1 << 20, 4, 6, new TimeUnitSpec(60_000, 0), 11),
        "time origin", new HokusaiSketch(1 << 20, 4, 6, new TimeUnitSpec(TimeUnitSpec.HOUR_MILLIS, 5), 11));
    for (var e : others.entrySet()) {
      IncompatibleMergeException ex = assertThrows(IncompatibleMergeException.class,
          () -> base.mergeSketch(e.getValue()));
      assertTrue(ex.getMessage().contains(e.getKey()), ex.getMessage());
    }
    assertThrows(IncompatibleMergeException.class, () -> base.mergeSketch(AdaCountMinSketch.create(1 << 20)));
  }

  @Test
  void roundTripsAndRefusesDamagedBytes() throws Exception {
    HokusaiSketch s = sketch(1 << 16, 5);
    for (long t = 0; t < 80; t += 3) {
      s.add("a" + t % 7, t, 1 + t % 4);
    }
    s.addNullable("", 1L, 1);
    s.addNullable(9L, 3_600_000L * 81, 2);
    byte[] bytes = s.toByteArray();
    HokusaiSketch r = HokusaiSketch.fromBytes(bytes);
    assertArrayEquals(bytes, r.toByteArray());
    assertEquals(s.info(), r.info());
    assertEquals(2, r.estimate(9L, 81));
    assertEquals(1, r.skippedCount());
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bos)) {
      out.writeObject(s);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bos.toByteArray()))) {
      assertArrayEquals(bytes, ((HokusaiSketch) in.readObject()).toByteArray());
    }

    for (int cut : new int[] {5, 30, bytes.length / 2, bytes.length - 1}) {
      assertThrows(CorruptSketchException.class, () -> HokusaiSketch.fromBytes(Arrays.copyOf(bytes, cut)));
    }
    byte[] flipped = bytes.clone();
    flipped[bytes.length / 2] ^= 1;
    assertThrows(CorruptSketchException.class, () -> HokusaiSketch.fromBytes(flipped));
    int p = 12;
    int depthAt = p + 40;
    int nowAt = depthAt + 12;
    int firstUnitAt = nowAt + 12;
    assertCorrupt(bytes, b -> b.putInt(depthAt, 99), "depth");
    assertCorrupt(bytes, b -> b.putInt(depthAt + 8, 0), "horizon");
    assertCorrupt(bytes, b -> b.putLong(nowAt, -7), "current time");
    assertCorrupt(bytes, b -> b.putLong(firstUnitAt, 1000), "out of order or outside");
    assertCorrupt(bytes, b -> b.putInt(firstUnitAt + 8, -1), "negative counter");
    assertCorrupt(bytes, b -> b.putInt(nowAt + 8, 3), "unexpected bytes"); // fewer units than stored
  }

  private static void assertCorrupt(byte[] original, java.util.function.Consumer<ByteBuffer> damage, String says) {
    byte[] b = original.clone();
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    damage.accept(buf);
    CRC32C crc = new CRC32C();
    crc.update(b, 0, b.length - 4);
    buf.putInt(b.length - 4, (int) crc.getValue());
    CorruptSketchException e = assertThrows(CorruptSketchException.class, () -> HokusaiSketch.fromBytes(b));
    assertTrue(e.getMessage().contains(says), e.getMessage());
  }

  @Test
  void memoryBudgetHoldsAFullHorizon() {
    long budget = 1 << 18;
    HokusaiSketch s = sketch(budget, 8);
    assertTrue(s.memoryBytes() <= budget && s.memoryBytes() > budget * 0.95, "uses " + s.memoryBytes());
    assertEquals(4L * 4 * HokusaiBands.countersPerRow(s.width(), 8), s.memoryBytes());
    for (long t = 0; t < 300; t++) {
      s.add(1L, t, 1);
    }
    assertEquals(s.memoryBytes(), s.allocatedBytes(), "every unit of the horizon present = the whole budget");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sketch(1000, 12));
    assertTrue(e.getMessage().contains("cannot hold a horizon"), e.getMessage());
    HokusaiSketch def = HokusaiSketch.create(1 << 20);
    assertEquals(1L << HokusaiSketch.DEFAULT_LOG_HORIZON, def.horizon());
    assertEquals("hokusai", def.info().kind());
    IllegalArgumentException before = assertThrows(IllegalArgumentException.class,
        () -> new HokusaiSketch(1 << 20, 4, 6, new TimeUnitSpec(1000, 10_000), 1).addNullable("a", 5L, 1));
    assertTrue(before.getMessage().contains("before the sketch origin"));
  }

  /** The library does not read this kind; its message sends readers here. Ada and Hokusai refuse each other. */
  @Test
  void theLibraryRefusesHokusaiBytesAndTheKindsDoNotMix() {
    byte[] bytes = sketch(1 << 16, 5).toByteArray();
    CorruptSketchException e = assertThrows(CorruptSketchException.class, () -> SketchKinds.read(bytes));
    assertTrue(e.getMessage().contains(HokusaiSketch.class.getName()), e.getMessage());
    AdaCountMinSketch ada = AdaCountMinSketch.create(1 << 16);
    assertThrows(IncompatibleMergeException.class, () -> sketch(1 << 16, 5).mergeSketch(ada));
    assertThrows(IncompatibleMergeException.class, () -> ada.mergeSketch(sketch(1 << 16, 5)));
    assertThrows(CorruptSketchException.class, () -> HokusaiSketch.fromBytes(ada.toByteArray()));
    assertThrows(CorruptSketchException.class, () -> AdaCountMinSketch.fromBytes(bytes));
  }
}
