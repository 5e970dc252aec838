package io.sketchbricks.frequency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.data.ZipfSampler;
import io.sketchbricks.kinds.SketchKinds;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FrequentItemsSketchTest {
  static final int DISTINCT = 100_000;
  static final int ARRIVALS = 1_000_000;

  static long[] zipfCounts(double alpha, long seed) {
    ZipfSampler zipf = new ZipfSampler(DISTINCT, alpha);
    SplittableRandom r = new SplittableRandom(seed);
    long[] counts = new long[DISTINCT];
    for (int i = 0; i < ARRIVALS; i++) {
      counts[zipf.sample(r)]++;
    }
    return counts;
  }

  static List<String> exactTop(long[] counts, int k) {
    return IntStream.range(0, counts.length).boxed()
        .sorted(Comparator.<Integer>comparingLong(i -> -counts[i]).thenComparing(i -> "item-" + i))
        .limit(k).map(i -> "item-" + i).toList();
  }

  /** Feeds the stream arrival by arrival (in a shuffled order), as an aggregate would. */
  static FrequentItemsSketch build(long[] counts, int maxItems, long seed) {
    List<Integer> arrivals = new ArrayList<>(ARRIVALS);
    for (int i = 0; i < counts.length; i++) {
      for (long c = 0; c < counts[i]; c++) {
        arrivals.add(i);
      }
    }
    java.util.Collections.shuffle(arrivals, new java.util.Random(seed));
    FrequentItemsSketch s = new FrequentItemsSketch(maxItems);
    for (int i : arrivals) {
      s.add("item-" + i, 1);
    }
    return s;
  }

  @Test
  void topTwentyMatchExactTopTwentyOnZipf() {
    long[] counts = zipfCounts(1.1, 5);
    FrequentItemsSketch s = build(counts, 256, 1);
    List<FrequentItemsSketch.Item> top = s.topItems(20);
    List<String> exact = exactTop(counts, 20);
    assertEquals(exact, top.stream().map(FrequentItemsSketch.Item::item).toList());
    for (FrequentItemsSketch.Item it : top) {
      long truth = counts[Integer.parseInt(it.item().substring(5))];
      assertTrue(it.lower() <= truth && truth <= it.upper(), it + " vs " + truth);
    }
    System.out.printf("frequent-items max_items=256 (M=512) Zipf 1.1, %d arrivals over %d items: max error %d"
        + " (epsilon N = %.0f), top-20 exact; 20th true count %d%n", ARRIVALS, DISTINCT, s.maximumError(),
        s.epsilon() * ARRIVALS, counts[Integer.parseInt(exact.get(19).substring(5))]);
    assertTrue(s.maximumError() <= s.epsilon() * ARRIVALS);
  }

  @Test
  void everyItemBoundHoldsAndMergedHalvesKeepTheTop() {
    long[] counts = zipfCounts(1.0, 9);
    long[] a = new long[DISTINCT];
    long[] b = new long[DISTINCT];
    for (int i = 0; i < DISTINCT; i++) {
      a[i] = counts[i] / 2;
      b[i] = counts[i] - a[i];
    }
    FrequentItemsSketch merged = build(a, 1024, 2);
    merged.mergeSketch(SketchKinds.read(build(b, 1024, 3).toByteArray()));
    assertEquals(ARRIVALS, merged.streamLength());
    for (int i = 0; i < DISTINCT; i++) {
      String item = "item-" + i;
      assertTrue(merged.lowerBound(item) <= counts[i] && counts[i] <= merged.upperBound(item), item);
    }
    assertEquals(exactTop(counts, 20), merged.topItems(20).stream().map(FrequentItemsSketch.Item::item).toList());
  }

  @Test
  void roundTripsThroughTheEnvelope() {
    FrequentItemsSketch s = build(zipfCounts(1.2, 4), 64, 7);
    s.add(null, 1);
    s.add("", 1);
    byte[] bytes = s.toByteArray();
    assertEquals(SketchKind.FREQUENT_ITEMS, SketchFormat.kindOf(bytes));
    FrequentItemsSketch back = FrequentItemsSketch.fromBytes(bytes);
    assertEquals(s.topItems(10), back.topItems(10));
    assertEquals(2, back.skippedCount());
    assertEquals(s.info(), back.info());
    for (int maxItems : new int[] {6, 24, 100, 1000}) { // purging, growing and merged maps write back exactly
      FrequentItemsSketch a = build(zipfCounts(1.0, maxItems), maxItems, 1);
      a.mergeSketch(build(zipfCounts(0.8, maxItems + 1), maxItems, 2));
      assertArrayEquals(a.toByteArray(), FrequentItemsSketch.fromBytes(a.toByteArray()).toByteArray());
    }
    assertArrayEquals(new FrequentItemsSketch(64).toByteArray(),
        FrequentItemsSketch.fromBytes(new FrequentItemsSketch(64).toByteArray()).toByteArray());
  }

  /** Envelope around a DataSketches body of our choosing (the checksum made valid, so the body is what is read). */
  static byte[] envelope(byte[] ds) {
    return SketchFormat.write(SketchKind.FREQUENT_ITEMS, 8 + ds.length, out -> out.putLong(0).put(ds));
  }

  static byte[] body(int lgMax, int lgCur, int active, long stream, long offset, long[] counts, byte[] items) {
    ByteBuffer b = ByteBuffer.allocate(32 + 8 * counts.length + items.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 4).put((byte) 1).put((byte) 10).put((byte) lgMax).put((byte) lgCur).put((byte) 0).putShort((short) 0);
    b.putInt(active).putInt(0).putLong(stream).putLong(offset);
    for (long c : counts) {
      b.putLong(c);
    }
    b.put(items);
    return b.array();
  }

  static byte[] item(String s) {
    byte[] u = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + u.length).order(ByteOrder.LITTLE_ENDIAN).putInt(u.length).put(u).array();
  }

  @Test
  void hostileBodiesAreRefusedBeforeDataSketchesAllocates() {
    byte[] one = item("a");
    // a valid one-item body reads
    assertEquals(3, FrequentItemsSketch.fromBytes(envelope(body(4, 3, 1, 3, 0, new long[] {3}, one))).estimate("a"));
    List<byte[]> bad = List.of(
        body(4, 3, Integer.MAX_VALUE, 3, 0, new long[] {3}, one), // active items far past the bytes
        body(30, 30, 1, 3, 0, new long[] {3}, one), // a 2^30 map
        body(4, 3, 1, 3, 0, new long[] {3}, ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(Integer.MAX_VALUE).put((byte) 'a').array()), // a 2 GB string length
        body(4, 3, 1, 3, 0, new long[] {-3}, one), // negative count
        body(4, 3, 1, 2, 0, new long[] {3}, one), // counts past the stream length
        body(4, 3, 1, 3, -1, new long[] {3}, one), // negative maximum error
        body(12, 11, 1, 3, 0, new long[] {3}, one), // a 2^11 map for one item
        body(4, 3, 2, 6, 0, new long[] {3, 3}, concat(one, one)), // one item twice
        body(4, 3, 2, 6, 0, new long[] {3, 3}, concat(item("b"), one)), // items out of their sorted order
        body(4, 3, 1, 3, 0, new long[] {3}, new byte[] {1, 0, 0, 0, (byte) 0xFF})); // invalid UTF-8
    for (byte[] ds : bad) {
      CorruptSketchException e = assertThrows(CorruptSketchException.class,
          () -> FrequentItemsSketch.fromBytes(envelope(ds)));
      assertTrue(e.getMessage().startsWith("frequent-items sketch has"), e.getMessage());
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
  }

  @Test
  void maxItemsOutsideTheRangeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new FrequentItemsSketch(0));
    assertThrows(IllegalArgumentException.class, () -> new FrequentItemsSketch(FrequentItemsSketch.MAX_MAX_ITEMS + 1));
    assertEquals(6, new FrequentItemsSketch(1).maxItems());
    assertEquals(1536, new FrequentItemsSketch(1024).maxItems());
  }
}
