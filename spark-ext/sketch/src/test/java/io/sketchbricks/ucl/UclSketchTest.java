package io.sketchbricks.ucl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.kinds.SketchKinds;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

public class UclSketchTest {
  /** A Zipf-like stream of item ids (item i with probability about 1/(i+1)). */
  public static long[] stream(int n, int distinct, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] items = new long[n];
    for (int i = 0; i < n; i++) {
      items[i] = (long) Math.floor(Math.exp(r.nextDouble() * Math.log(distinct))) - 1;
    }
    return items;
  }

  public static Map<Long, Long> truth(long[] items) {
    Map<Long, Long> m = new HashMap<>();
    for (long i : items) {
      m.merge(i, 1L, Long::sum);
    }
    return m;
  }

  /** A tiny heavy filter (so most keys go to the Count-Min part) with huge CM rows and Bloom filter. */
  static UclSketch roomy(int slots, int interval, int window) {
    return new UclSketch(new UclConfig(slots, 4, 1_000_003, 1 << 24, 8, interval, window), 42);
  }

  @Test
  void heavyFilterEvictsWhenNegativesReachTheCount() {
    UclSketch s = roomy(1, 1000, 4);
    long a = 7;
    long b = 8;
    for (int i = 0; i < 3; i++) {
      s.add(a); // a resident, val 3
    }
    s.add(b); // neg 1 < 3: b -> CM with 1
    s.add(b); // neg 2 < 3: b -> CM with 1
    assertEquals(3, s.heavyCount(s.hashOf(a)));
    s.add(b); // neg 3 >= 3: a evicted with val 3 (hot), b resident with 1
    assertEquals(0, s.heavyCount(s.hashOf(a)));
    assertEquals(1, s.heavyCount(s.hashOf(b)));
    assertEquals(2, s.trackedKeys());
    assertEquals(1, s.hotKeys());
    KeyLayout layout = s.keyLayout();
    assertEquals(s.hashOf(b), layout.key(0), "flow keys come first");
    assertEquals(s.hashOf(a), layout.key(1));
    assertArrayEquals(new int[] {1}, layout.hotIndices());
    assertEquals(3, s.estimate(a));
    assertEquals(3, s.estimate(b));
    assertEquals(0, s.estimate(9));
  }

  @Test
  void aSeenKeyEvictedWithACountAboveOneBecomesHot() {
    UclSketch s = roomy(1, 1000, 4);
    s.add(1); // 1 resident
    s.add(2); // neg 1 >= 1: evicts 1 with val 1 (not hot), 2 resident
    assertEquals(0, s.hotKeys());
    s.add(2);
    s.add(2); // 2 val 3
    s.add(1);
    s.add(1); // neg 2 < 3: 1 -> CM twice
    s.add(1); // neg 3: 2 evicted with 3 -> hot (new key); 1 resident
    s.add(1); // 1 val 2
    s.add(3);
    s.add(3); // neg 2 >= 2: 1 evicted with val 2, already tracked -> becomes hot
    assertEquals(3, s.trackedKeys());
    assertEquals(2, s.hotKeys());
    assertEquals(5, s.estimate(1));
    assertEquals(3, s.estimate(2));
    assertEquals(2, s.estimate(3));
  }

  @Test
  void exactWhenNothingCollidesInCmAndLsqrModes() {
    UclSketch s = roomy(7, 1000, 4);
    long[] items = stream(20_000, 60, 11);
    for (long i : items) {
      s.add(i);
    }
    KeyLayout layout = s.keyLayout();
    assertTrue(layout.size() > 30, "most keys reached the CM part: " + layout.size());
    Set<Integer> cells = new HashSet<>();
    for (int j = 0; j < layout.size(); j++) {
      for (int r = 0; r < 4; r++) {
        assertTrue(cells.add(layout.operator().cell(j, r)), "precondition: no two keys share a counter");
      }
    }
    Map<Long, Long> truth = truth(items);
    for (DecodeMode mode : new DecodeMode[] {DecodeMode.CM, DecodeMode.LSQR}) {
      s.decode(mode);
      assertEquals(mode, s.decodedWith());
      truth.forEach((item, count) -> assertEquals(count, s.estimate(item), mode + " item " + item));
    }
    assertThrows(IllegalArgumentException.class, () -> s.decode(DecodeMode.ML));
  }

  @Test
  void cmModeNeverUnderestimatesUnderCollisions() {
    // a roomy Bloom filter: a false positive would leave a key untracked, and an untracked Bloom hit answers 1
    UclSketch s = new UclSketch(UclConfig.ofSizes(101, 53, 1 << 22), 1);
    long[] items = stream(50_000, 3000, 12);
    for (long i : items) {
      s.add(i);
    }
    s.decode(DecodeMode.CM);
    Map<Long, Long> truth = truth(items);
    truth.forEach((item, count) -> assertTrue(s.estimate(item) >= count, "item " + item));
    s.decode(DecodeMode.LSQR);
    truth.forEach((item, count) -> assertTrue(s.estimate(item) >= 1, "LSQR keeps every seen key at >= 1"));
  }

  @Test
  void aBloomHitOutsideTheKeyListCountsOne() {
    // a 1-bit Bloom filter: after the first CM key every key "was seen", so later keys are never tracked
    UclSketch s = new UclSketch(new UclConfig(1, 4, 1031, 1, 8, 1000, 4), 3);
    s.add(1);
    s.add(2); // 1 evicted (val 1) -> tracked
    s.add(3); // 2 evicted -> BF says seen -> not tracked
    assertEquals(1, s.trackedKeys());
    assertEquals(1, s.estimate(2), "untracked Bloom hit answers 1");
    assertEquals(2, s.estimate(3), "HF 1 + untracked Bloom hit 1");
  }

  @Test
  void snapshotsEveryIntervalIntoARing() {
    UclSketch s = roomy(31, 1000, 3);
    long[] items = stream(5_500, 500, 13);
    int[][] expected = new int[6][];
    for (int i = 0; i < items.length; i++) {
      s.add(items[i]);
      if ((i + 1) % 1000 == 0) {
        expected[(i + 1) / 1000] = s.counters();
      }
    }
    SnapshotWindow w = s.window();
    assertEquals(3, w.size(), "window of 3 keeps the last 3 of 5 snapshots");
    for (int i = 0; i < 3; i++) {
      assertEquals(3000L + 1000L * i, w.takenAt(i));
      assertArrayEquals(expected[3 + i], w.get(i));
    }
    assertArrayEquals(expected[5], w.latest());
    assertEquals(3L * 4 * 1_000_003 * 4, s.snapshotBytes());
  }

  @Test
  void memoryFiguresSeparateDataAndControlPlane() {
    UclSketch s = new UclSketch(UclConfig.ofSizes(1200, 512, 390_000), 5);
    assertEquals(76_303, s.memoryBytes());
    assertEquals(76_303, s.info().memoryBytes());
    for (long i : stream(30_000, 20_000, 14)) {
      s.add(i);
    }
    int n = s.trackedKeys();
    assertTrue(n > 1000);
    assertEquals(12L * n + (n + 7) / 8, s.keyListBytes());
    assertEquals(76_303, s.memoryBytes(), "tracking keys does not change the data plane");
    UclSketch b = new UclSketch(88 * 1024);
    assertTrue(b.memoryBytes() <= 88 * 1024);
  }

  @Test
  void restoredSketchHasTheSameStateAndFuture() {
    UclSketch s = new UclSketch(UclConfig.ofSizes(101, 53, 30_000).withSnapshots(500, 5), 9);
    long[] items = stream(40_000, 5000, 15);
    for (int i = 0; i < 20_000; i++) {
      s.add(items[i]);
    }
    s.addNullable(null, 1);
    byte[] bytes = s.toByteArray();
    UclSketch r = UclSketch.fromBytes(bytes);
    assertTrue(s.sameState(r));
    assertArrayEquals(bytes, r.toByteArray());
    assertTrue(SketchKinds.readFrequency(bytes) instanceof UclSketch);
    assertEquals(SketchKind.UCL, SketchFormat.kindOf(bytes));
    for (int i = 20_000; i < items.length; i++) {
      s.add(items[i]);
      r.add(items[i]);
    }
    assertTrue(s.sameState(r));
    assertArrayEquals(s.toByteArray(), r.toByteArray());
    s.decode(DecodeMode.LSQR);
    r.decode(DecodeMode.LSQR);
    for (long i = 0; i < 5000; i++) {
      assertEquals(s.estimate(i), r.estimate(i));
    }
  }

  @Test
  void damagedOrTruncatedBytesAreRefused() {
    UclSketch s = new UclSketch(UclConfig.ofSizes(31, 53, 4000).withSnapshots(100, 3), 9);
    for (long i : stream(2_000, 500, 16)) {
      s.add(i);
    }
    byte[] bytes = s.toByteArray();
    byte[] flipped = bytes.clone();
    flipped[bytes.length / 2] ^= 4;
    assertThrows(CorruptSketchException.class, () -> UclSketch.fromBytes(flipped));
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 9);
    assertThrows(CorruptSketchException.class, () -> UclSketch.fromBytes(cut));
    assertThrows(CorruptSketchException.class, () -> UclSketch.fromBytes(new byte[3]));
    byte[] cms = FrequencySketch.countMin(1024).toByteArray();
    assertThrows(CorruptSketchException.class, () -> UclSketch.fromBytes(cms));
  }

  @Test
  void inconsistentPayloadsWithAValidChecksumAreRefused() {
    UclSketch s = new UclSketch(UclConfig.ofSizes(31, 53, 4000).withSnapshots(100, 3), 9);
    for (long i : stream(2_000, 500, 17)) {
      s.add(i);
    }
    byte[] payload = payloadOf(s.toByteArray());
    int hfKeys = 24 + 28;
    // a resident whose neg reached its val cannot exist (it would have been evicted)
    byte[] badSlot = payload.clone();
    ByteBuffer.wrap(badSlot).order(ByteOrder.LITTLE_ENDIAN).putInt(hfKeys + 31 * 8 + 31 * 4, 1 << 30);
    assertCorrupt(badSlot, "heavy-filter slot");
    // window size beyond its capacity
    byte[] badSizes = payload.clone();
    ByteBuffer.wrap(badSizes).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 24, 0);
    assertCorrupt(badSizes, "invalid sizes");
    // the key count says more keys than the bytes hold
    int keyCountAt = hfKeys + 31 * 16 + 4 * 53 * 4 + 8 * ((4001 + 63) / 64);
    byte[] badKeys = payload.clone();
    ByteBuffer.wrap(badKeys).order(ByteOrder.LITTLE_ENDIAN).putInt(keyCountAt, 1 << 24);
    assertCorrupt(badKeys, "key list");
    // a key listed twice
    byte[] dup = payload.clone();
    ByteBuffer d = ByteBuffer.wrap(dup).order(ByteOrder.LITTLE_ENDIAN);
    d.putLong(keyCountAt + 4 + 8, d.getLong(keyCountAt + 4));
    assertCorrupt(dup, "twice");
  }

  @Test
  void doesNotMerge() {
    UclSketch a = new UclSketch(64 * 1024);
    UclSketch b = new UclSketch(64 * 1024);
    assertThrows(IncompatibleMergeException.class, () -> a.merge(b));
  }

  private static byte[] payloadOf(byte[] sketch) {
    int n = ByteBuffer.wrap(sketch).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
    return java.util.Arrays.copyOfRange(sketch, 12, 12 + n);
  }

  private static void assertCorrupt(byte[] payload, String messagePart) {
    byte[] bytes = SketchFormat.write(SketchKind.UCL, payload.length, out -> out.put(payload));
    CorruptSketchException e = assertThrows(CorruptSketchException.class, () -> UclSketch.fromBytes(bytes));
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
  }
}
