package io.sketchbricks.adacms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.kinds.SketchKinds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AdaCountMinSketchTest {
  private static final long HOUR_2024 = 473_000; // hours since the epoch, early 2024

  /** Exact counts per (item, t): the truth the sketch is checked against. */
  private static final class Truth {
    final Map<Long, Map<Long, Long>> counts = new HashMap<>();

    void add(long item, long t, long c) {
      counts.computeIfAbsent(item, k -> new HashMap<>()).merge(t, c, Long::sum);
    }

    long at(long item, long t) {
      return counts.getOrDefault(item, Map.of()).getOrDefault(t, 0L);
    }

    long range(long item, long t1, long t2) {
      long s = 0;
      for (var e : counts.getOrDefault(item, Map.of()).entrySet()) {
        if (e.getKey() >= t1 && e.getKey() <= t2) {
          s += e.getValue();
        }
      }
      return s;
    }

    double decayed(long item, long now, TimeWeight f) {
      double s = 0;
      for (var e : counts.getOrDefault(item, Map.of()).entrySet()) {
        if (e.getKey() <= now) {
          s += e.getValue() * f.decay(e.getKey(), now);
        }
      }
      return s;
    }
  }

  private static AdaCountMinSketch sketch(long memory, int levels, String f) {
    return new AdaCountMinSketch(memory, 4, levels, TimeWeight.parse(f), TimeUnitSpec.DEFAULT,
        AdaCountMinSketch.DEFAULT_SEED);
  }

  private static void assertClose(double expected, double actual, String what) {
    assertEquals(expected, actual, 1e-9 * Math.max(1.0, Math.abs(expected)), what);
  }

  @ParameterizedTest
  @ValueSource(strings = {"exp:1.0015", "linear:0.5", "none"})
  void exactWithoutCollisionsForPointsRangesAndRecent(String f) {
    // 2^16 counters per row and level for 8 items x ~40 times: collisions are unlikely, and fixed by the seed
    AdaCountMinSketch s = sketch(8L * 4 * 8 * 65536, 8, f);
    Truth truth = new Truth();
    SplittableRandom rnd = new SplittableRandom(1);
    // 300,000 units apart: for exp:1.0015 a weight ratio of e^-450, still inside the counters' precision
    long[] bases = {0, 17, 300_000};
    for (long base : bases) {
      for (int i = 0; i < 300; i++) {
        long item = rnd.nextInt(8);
        long t = base + rnd.nextInt(40);
        long c = 1 + rnd.nextInt(5);
        s.add(item, t, c);
        truth.add(item, t, c);
      }
    }
    for (long item = 0; item < 9; item++) {
      for (long base : bases) {
        for (long t = base; t < base + 45; t++) {
          assertClose(truth.at(item, t), s.estimate(item, t), f + " point " + item + "@" + t);
        }
        for (long t1 = base; t1 < base + 45; t1 += 3) {
          for (long t2 = t1; t2 < base + 60; t2 += 7) {
            assertClose(truth.range(item, t1, t2), s.estimate(item, t1, t2), f + " range");
          }
        }
      }
      long end = 300_000 + 5000; // the whole stream: ~3,700 top-level (2^7-unit) blocks
      assertClose(truth.range(item, 0, end), s.estimate(item, 0, end), f + " whole range");
      // recent: exact for the newest arrivals; for older ones an upper bound within the documented decay error
      long now = 300_000 + 39;
      double exact = truth.decayed(item, now, s.weight());
      double r = s.recent(item, now);
      assertTrue(r >= exact * (1 - 1e-12), f + " recent never underestimates");
      double bound = 0;
      for (var e : truth.counts.getOrDefault(item, Map.of()).entrySet()) {
        long t = e.getKey();
        bound += e.getValue() * s.weight().decay(Math.min(now, t + (now - t) / 8 + 1), now);
      }
      assertTrue(r <= bound * (1 + 1e-9) + 1e-9 * s.totalCount(), f + " recent " + r + " within bound " + bound);
      if (f.equals("none")) {
        assertClose(exact, r, "recent of f = 1 is the plain count up to now");
      }
    }
  }

  @Test
  void recentIsExactForArrivalsAtNow() {
    AdaCountMinSketch s = sketch(1 << 22, 17, "exp:1.0015");
    s.add("b", HOUR_2024, 5);
    assertEquals(5.0, s.recent("b", HOUR_2024), 1e-9);
    s.add("a", HOUR_2024, 5);
    s.add("a", HOUR_2024 - 462, 4); // one half-life (ln 2 / ln a = 462.4 units) earlier: counts as about 2
    double exact = 5 + 4 * Math.pow(1.0015, -462);
    double r = s.recent("a", HOUR_2024);
    // the old arrival is read through a block of at most 462 / 8 units, weighed at its end: a^57 = 1.09 at most
    assertTrue(r >= exact - 1e-9 && r <= 5 + 4 * Math.pow(1.0015, -462 + 58), r + " vs " + exact);
    assertEquals(0.0, s.recent("a", HOUR_2024 - 1000), 0.0);
    assertEquals(4.0, s.recent("a", HOUR_2024 - 462), 1e-9);
  }

  @ParameterizedTest
  @ValueSource(strings = {"exp:1.003", "linear:0.5", "none"})
  void neverUnderestimatesPointsOrRanges(String f) {
    AdaCountMinSketch s = sketch(8L * 4 * 5 * 64, 5, f); // 64 counters per row: heavy collisions
    Truth truth = new Truth();
    SplittableRandom rnd = new SplittableRandom(2);
    for (int i = 0; i < 20_000; i++) {
      long item = (long) Math.floor(Math.pow(rnd.nextDouble(), 3) * 500); // skewed
      long t = HOUR_2024 + rnd.nextInt(600);
      s.add(item, t, 1);
      truth.add(item, t, 1);
    }
    for (long item = 0; item < 500; item += 7) {
      for (long t = HOUR_2024; t < HOUR_2024 + 600; t += 5) {
        double est = s.estimate(item, t);
        assertTrue(est >= truth.at(item, t) * (1 - 1e-12), f + " point " + est + " < " + truth.at(item, t));
        assertTrue(est <= s.totalCount());
      }
      double range = s.estimate(item, HOUR_2024 + 13, HOUR_2024 + 431);
      assertTrue(range >= truth.range(item, HOUR_2024 + 13, HOUR_2024 + 431) * (1 - 1e-12), f + " range");
    }
  }

  @Test
  void exponentialErrorGrowsWithAgeWhileCountMinErrorIsFlat() {
    long start = HOUR_2024;
    int span = 1000;
    double[] expErr = ageErrors(sketch(8L * 4 * 256, 1, "exp:1.005"), start, span);
    double[] cmsErr = ageErrors(sketch(8L * 4 * 256, 1, "none"), start, span);
    // expErr[0]: mean overestimate over the oldest 100 units; [1]: over the newest 100
    assertTrue(expErr[0] > 20 * expErr[1], "old " + expErr[0] + " vs recent " + expErr[1]);
    assertTrue(expErr[1] < cmsErr[1] / 3, "recent exp error " + expErr[1] + " vs Count-Min " + cmsErr[1]);
    assertTrue(expErr[0] > cmsErr[0], "old exp error " + expErr[0] + " vs Count-Min " + cmsErr[0]);
    assertTrue(cmsErr[0] < 2 * cmsErr[1] && cmsErr[1] < 2 * cmsErr[0], "Count-Min is time-blind");
  }

  private static double[] ageErrors(AdaCountMinSketch s, long start, int span) {
    Truth truth = new Truth();
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 50_000; i++) {
      long item = rnd.nextInt(2000);
      long t = start + rnd.nextInt(span);
      s.add(item, t, 1);
      truth.add(item, t, 1);
    }
    double old = 0;
    double recent = 0;
    for (long item = 0; item < 2000; item += 3) {
      for (int d = 0; d < 100; d++) {
        old += s.estimate(item, start + d) - truth.at(item, start + d);
        recent += s.estimate(item, start + span - 1 - d) - truth.at(item, start + span - 1 - d);
      }
    }
    return new double[] {old, recent};
  }

  @Test
  void linearEstimatesDoNotDependOnTheSlope() {
    AdaCountMinSketch half = sketch(8L * 4 * 3 * 128, 3, "linear:0.5");
    AdaCountMinSketch other = sketch(8L * 4 * 3 * 128, 3, "linear:3.7");
    SplittableRandom rnd = new SplittableRandom(4);
    for (int i = 0; i < 10_000; i++) {
      long item = rnd.nextInt(300);
      long t = rnd.nextInt(200);
      long c = 1 + rnd.nextInt(3);
      half.add(item, t, c);
      other.add(item, t, c);
    }
    assertEquals(half.totalCount(), other.totalCount());
    for (long item = 0; item < 300; item += 11) {
      for (long t = 0; t < 200; t += 3) {
        assertClose(half.estimate(item, t), other.estimate(item, t), "point");
      }
      assertClose(half.estimate(item, 5, 150), other.estimate(item, 5, 150), "range");
      assertClose(half.recent(item, 190), other.recent(item, 190), "recent");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"exp:1.0015", "exp:1.1", "linear:0.5"})
  void hugeTimesStayFiniteAndRecentEstimatesExact(String f) {
    AdaCountMinSketch s = sketch(1 << 22, 17, f);
    long[] times = {0, 1000, HOUR_2024, 2_000_000, 123_456_789, 999_999_000, 1_000_000_000};
    for (long t : times) {
      for (int k = 0; k < 3; k++) {
        s.add("item" + k, t + k, 10 + k);
        s.add("item" + k, t + k + 1, 1);
      }
      for (int k = 0; k < 3; k++) { // the newest times are exact after every jump (and its renormalisation)
        assertEquals(10.0 + k, s.estimate("item" + k, t + k), 1e-9 * 10, f + " at " + t);
        assertEquals(11.0 + k, s.estimate("item" + k, t + k, t + k + 1), 1e-9 * 11, f + " range at " + t);
      }
    }
    if (f.startsWith("exp")) {
      assertTrue(s.scaleOrigin(0) > 999_000_000L, "renormalised to a recent origin: " + s.scaleOrigin(0));
    }
    for (long t : times) {
      for (int k = 0; k < 3; k++) {
        double est = s.estimate("item" + k, t + k);
        assertTrue(Double.isFinite(est) && est >= 10 + k - 1e-9 && est <= s.totalCount(), f + " old " + est);
        double range = s.estimate("item" + k, t, t + 3);
        assertTrue(Double.isFinite(range) && range >= 11 + k - 1e-9, f + " old range " + range);
      }
    }
    assertTrue(Double.isFinite(s.recent("item0", 1_000_000_001L)));
    AdaCountMinSketch copy = AdaCountMinSketch.fromBytes(s.toByteArray()); // the reader refuses Inf/NaN counters
    assertEquals(s.estimate("item2", 1_000_000_002L), copy.estimate("item2", 1_000_000_002L));
  }

  @ParameterizedTest
  @ValueSource(strings = {"exp:1.0015", "linear:0.5", "none"})
  void mergeEqualsSingleBuildIncludingDifferentScaleOrigins(String f) {
    long memory = 8L * 4 * 6 * 512; // collisions, so the merged values are sums of many weights
    AdaCountMinSketch whole = sketch(memory, 6, f);
    AdaCountMinSketch early = sketch(memory, 6, f);
    AdaCountMinSketch late = sketch(memory, 6, f);
    SplittableRandom rnd = new SplittableRandom(5);
    Truth truth = new Truth();
    for (int i = 0; i < 20_000; i++) {
      long item = rnd.nextInt(1000);
      // half the stream 60,000 units after the other: beyond 64 / ln a, so origins differ for exp:1.0015
      boolean isLate = rnd.nextBoolean();
      long t = HOUR_2024 + rnd.nextInt(300) + (isLate ? 60_000 : 0);
      (isLate ? late : early).add(item, t, 1);
      whole.add(item, t, 1);
      truth.add(item, t, 1);
    }
    if (f.startsWith("exp")) {
      assertNotEquals(early.scaleOrigin(0), late.scaleOrigin(0));
    }
    early.addNullable(null, 1L, 1);
    whole.addNullable(null, 1L, 1);
    early.mergeSketch(late);
    early.mergeSketch(sketchOf(early, f)); // merging an empty sketch changes nothing
    assertEquals(whole.totalCount(), early.totalCount());
    assertEquals(whole.skippedCount(), early.skippedCount());
    assertEquals(whole.minTime(), early.minTime());
    assertEquals(whole.maxTime(), early.maxTime());
    for (long item = 0; item < 1000; item += 13) {
      for (long t = HOUR_2024; t < HOUR_2024 + 60_300; t += (t < HOUR_2024 + 300 ? 7 : 60_000 - 280)) {
        assertEquals(whole.estimate(item, t), early.estimate(item, t),
            1e-9 * Math.max(1, whole.estimate(item, t)), f + " point");
      }
      double wr = whole.estimate(item, HOUR_2024 + 100, HOUR_2024 + 60_200);
      assertEquals(wr, early.estimate(item, HOUR_2024 + 100, HOUR_2024 + 60_200), 1e-9 * Math.max(1, wr));
      double rec = whole.recent(item, HOUR_2024 + 60_299);
      assertEquals(rec, early.recent(item, HOUR_2024 + 60_299), 1e-9 * Math.max(1, rec), f + " recent");
    }
  }

  /** An empty sketch of the same configuration (merging an empty sketch is a no-op). */
  private static AdaCountMinSketch sketchOf(AdaCountMinSketch like, String f) {
    return new AdaCountMinSketch(like.memoryBytes(), like.depth(), like.levels(), TimeWeight.parse(f),
        like.timeUnit(), like.seed());
  }

  @Test
  void mergeInEitherOrderAndIntoEmpty() {
    AdaCountMinSketch a = sketch(1 << 20, 5, "exp:1.0015");
    AdaCountMinSketch b = sketch(1 << 20, 5, "exp:1.0015");
    a.add(1L, HOUR_2024, 3);
    b.add(1L, HOUR_2024 + 100_000, 4);
    AdaCountMinSketch ab = sketch(1 << 20, 5, "exp:1.0015");
    ab.mergeSketch(a);
    ab.mergeSketch(b);
    AdaCountMinSketch ba = AdaCountMinSketch.fromBytes(b.toByteArray());
    ba.mergeSketch(a);
    for (AdaCountMinSketch m : new AdaCountMinSketch[] {ab, ba}) {
      assertEquals(3.0, m.estimate(1L, HOUR_2024), 1e-9);
      assertEquals(4.0, m.estimate(1L, HOUR_2024 + 100_000), 1e-9);
      assertEquals(7.0, m.estimate(1L, HOUR_2024, HOUR_2024 + 100_000), 1e-9);
      assertEquals(HOUR_2024 + 100_000, m.scaleOrigin(0));
    }
  }

  @Test
  void mismatchedConfigurationsRefuseToMergeNamingTheDifference() {
    AdaCountMinSketch base = sketch(1 << 16, 4, "exp:1.0015");
    Map<String, AdaCountMinSketch> others = new HashMap<>();
    others.put("width", sketch(1 << 17, 4, "exp:1.0015"));
    others.put("levels", sketch(1 << 16, 5, "exp:1.0015"));
    others.put("time weights", sketch(1 << 16, 4, "exp:1.002"));
    others.put("depth", new AdaCountMinSketch(1 << 16, 3, 4, TimeWeight.parse("exp:1.0015"),
        TimeUnitSpec.DEFAULT, AdaCountMinSketch.DEFAULT_SEED));
    others.put("time unit", new AdaCountMinSketch(1 << 16, 4, 4, TimeWeight.parse("exp:1.0015"),
        new TimeUnitSpec(60_000, 0), AdaCountMinSketch.DEFAULT_SEED));
    others.put("time origin", new AdaCountMinSketch(1 << 16, 4, 4, TimeWeight.parse("exp:1.0015"),
        new TimeUnitSpec(TimeUnitSpec.HOUR_MILLIS, 1), AdaCountMinSketch.DEFAULT_SEED));
    others.put("seed", new AdaCountMinSketch(1 << 16, 4, 4, TimeWeight.parse("exp:1.0015"),
        TimeUnitSpec.DEFAULT, 7));
    for (var e : others.entrySet()) {
      IncompatibleMergeException ex = assertThrows(IncompatibleMergeException.class,
          () -> base.mergeSketch(e.getValue()));
      assertTrue(ex.getMessage().contains(e.getKey()), ex.getMessage());
    }
    assertThrows(IncompatibleMergeException.class, () -> base.mergeSketch(SketchKinds.create("cms", 1 << 10)));
    assertThrows(IncompatibleMergeException.class, () -> base.mergeSketch(null));
  }

  @Test
  void roundTripsThroughBytesAndJavaSerialisation() throws Exception {
    AdaCountMinSketch s = sketch(1 << 18, 6, "exp:1.0015");
    s.add("x", HOUR_2024, 3);
    s.add(new byte[] {1, 2}, HOUR_2024 + 50_000, 2);
    s.add(42L, HOUR_2024 + 7, 1);
    s.addNullable("", 0L, 1);
    s.addNullable("y", null, 1);
    s.addNullable(5, 3_600_000L * (HOUR_2024 + 1), 6);
    byte[] bytes = s.toByteArray();
    assertEquals(SketchKind.ADA_CMS, SketchFormat.kindOf(bytes));
    AdaCountMinSketch r = (AdaCountMinSketch) SketchKinds.read(bytes);
    assertArrayEquals(bytes, r.toByteArray());
    assertEquals(s.info(), r.info());
    assertEquals(2, r.skippedCount());
    assertTrue(r.info().params().contains("skipped=2") && r.info().params().contains("f=exp:1.0015"));
    assertEquals(6.0, r.estimate(5L, HOUR_2024 + 1), 1e-9);
    assertEquals(3.0, r.estimate("x", HOUR_2024), 1e-9);
    assertEquals(s.memoryBytes(), r.info().memoryBytes());

    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bos)) {
      out.writeObject(s);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bos.toByteArray()))) {
      assertArrayEquals(bytes, ((AdaCountMinSketch) in.readObject()).toByteArray());
    }
  }

  @Test
  void truncatedOrCorruptBytesAreRefused() {
    AdaCountMinSketch s = sketch(1 << 12, 2, "exp:1.0015");
    s.add(1L, HOUR_2024, 1);
    byte[] bytes = s.toByteArray();
    for (int cut : new int[] {0, 10, 20, bytes.length / 2, bytes.length - 1}) {
      byte[] truncated = java.util.Arrays.copyOf(bytes, cut);
      assertThrows(CorruptSketchException.class, () -> AdaCountMinSketch.fromBytes(truncated));
    }
    byte[] flipped = bytes.clone();
    flipped[100] ^= 4;
    assertThrows(CorruptSketchException.class, () -> AdaCountMinSketch.fromBytes(flipped));

    // Payload-level damage behind a valid checksum: the reader itself must notice.
    int payload = 12;
    int shapeAt = payload + 8 * 5;
    int depthAt = shapeAt + 9;
    int countersAt = depthAt + 12 + 16 + 8 * s.levels();
    assertCorrupt(bytes, b -> b.put(shapeAt, (byte) 9), "unknown time weight");
    assertCorrupt(bytes, b -> b.putDouble(shapeAt + 1, 0.5), "exponential base");
    assertCorrupt(bytes, b -> b.putInt(depthAt, 0), "depth");
    assertCorrupt(bytes, b -> b.putInt(depthAt + 4, s.width() + 1), "truncated");
    assertCorrupt(bytes, b -> b.putDouble(countersAt, Double.NaN), "invalid counter");
    assertCorrupt(bytes, b -> b.putDouble(countersAt, -1.0), "invalid counter");
    assertCorrupt(bytes, b -> b.putLong(payload + 8, -5), "negative");
    assertCorrupt(bytes, b -> b.putLong(payload + 24, 0), "time unit");
    assertThrows(CorruptSketchException.class, () -> AdaCountMinSketch.fromBytes(
        SketchKinds.create("cms", 1 << 10).toByteArray()));
  }

  private static void assertCorrupt(byte[] original, java.util.function.Consumer<ByteBuffer> damage, String says) {
    byte[] b = original.clone();
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    damage.accept(buf);
    CRC32C crc = new CRC32C();
    crc.update(b, 0, b.length - 4);
    buf.putInt(b.length - 4, (int) crc.getValue());
    CorruptSketchException e = assertThrows(CorruptSketchException.class, () -> AdaCountMinSketch.fromBytes(b));
    assertTrue(e.getMessage().contains(says), e.getMessage());
  }

  @Test
  void timesBeforeTheOriginAreAClearError() {
    AdaCountMinSketch s = new AdaCountMinSketch(1 << 16, 4, 2, TimeWeight.NONE,
        new TimeUnitSpec(TimeUnitSpec.HOUR_MILLIS, 1_700_000_000_000L), 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.addNullable("a", 1_600_000_000_000L, 1));
    assertTrue(e.getMessage().contains("before the sketch origin"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.add("a", -1, 1));
    assertThrows(IllegalArgumentException.class, () -> s.add("a", 1, -1));
    assertThrows(IllegalArgumentException.class, () -> s.estimate("a", 5, 4));
    assertThrows(IllegalArgumentException.class, () -> s.add((String) null, 1, 1));
    s.addNullable("a", 1_700_000_000_000L + 2 * TimeUnitSpec.HOUR_MILLIS, 2);
    assertEquals(2.0, s.estimate("a", 2));
  }

  @Test
  void rangeQueriesTouchLogarithmicallyManyBlocksAndAgreeWithPointSums() {
    int levels = 17;
    AdaCountMinSketch s = sketch(8L * 4 * levels * 256, levels, "none");
    Truth truth = new Truth();
    SplittableRandom rnd = new SplittableRandom(6);
    for (int i = 0; i < 30_000; i++) {
      long item = rnd.nextInt(3000);
      long t = HOUR_2024 + rnd.nextInt(5000);
      s.add(item, t, 1);
      truth.add(item, t, 1);
    }
    double slack = 0; // how far range estimates exceed truth, against the documented bound
    for (long item = 0; item < 3000; item += 97) {
      for (int q = 0; q < 20; q++) {
        long t1 = HOUR_2024 + rnd.nextInt(5000);
        long t2 = t1 + rnd.nextInt(5000);
        s.lookups = 0;
        double range = s.estimate(item, t1, t2);
        long blocks = s.lookups;
        long len = t2 - t1 + 1;
        long maxBlocks = 2L * (levels - 1) + (len >> (levels - 1)) + 1;
        assertTrue(blocks <= maxBlocks && blocks <= 2 * (64 - Long.numberOfLeadingZeros(len)),
            len + " units took " + blocks + " lookups");
        long exact = truth.range(item, t1, t2);
        assertTrue(range >= exact);
        // documented bound for f = 1: each block over by at most e * N / w (w.h.p.)
        assertTrue(range - exact <= blocks * Math.E * s.totalCount() / s.width(), "range error " + (range - exact));
        slack += range - exact;
        if (len <= 64) {
          double points = 0;
          for (long t = t1; t <= t2; t++) {
            points += s.estimate(item, t);
          }
          assertTrue(points >= exact);
          assertTrue(Math.abs(range - points) <= (blocks + len) * Math.E * s.totalCount() / s.width());
        }
      }
    }
    assertTrue(slack >= 0);
    s.lookups = 0;
    s.estimate(7L, 0, 1L << 32); // 2^32 units: bounded by the top level's block count
    assertTrue(s.lookups <= 2L * levels + ((1L << 32) >> 16) + 1, "lookups " + s.lookups);
    double point = s.estimate(7L, HOUR_2024 + 3);
    s.lookups = 0;
    assertEquals(point, s.estimate(7L, HOUR_2024 + 3, HOUR_2024 + 3));
    assertEquals(1, s.lookups, "a one-unit range is one point lookup");
  }

  @Test
  void memoryAccountingAndDefaults() {
    AdaCountMinSketch s = AdaCountMinSketch.create(1 << 20);
    assertEquals(AdaCountMinSketch.DEFAULT_DEPTH, s.depth());
    assertEquals(AdaCountMinSketch.DEFAULT_LEVELS, s.levels());
    assertEquals((1 << 20) / (8 * 4 * 17), s.width());
    assertEquals(8L * 17 * 4 * s.width(), s.memoryBytes());
    assertTrue(s.memoryBytes() <= 1 << 20);
    assertEquals(TimeWeight.parse("exp:1.0015"), s.weight());
    assertEquals(TimeUnitSpec.DEFAULT, s.timeUnit());
    assertEquals("ada-cms", s.info().kind());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AdaCountMinSketch.create(100));
    assertTrue(e.getMessage().contains("too small"), e.getMessage());
  }
}
