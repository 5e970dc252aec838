package io.sketchbricks.frequency;

import static io.sketchbricks.frequency.FrequentItemsSketch.MAX_LG_MAP_SIZE;
import static io.sketchbricks.frequency.FrequentItemsSketch.MIN_LG_MAP_SIZE;
import static io.sketchbricks.frequency.FrequentItemsSketch.corrupt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** DataSketches' ItemsSketch serialisation (family 10, serial version 1), checked without allocating by it. */
final class DataSketchesPreamble {
  private DataSketchesPreamble() {}

  /** Returns lgMaxMapSize after checking every field and every string of the bytes. */
  static int check(byte[] ds) {
    if (ds.length < 8) {
      throw corrupt("a DataSketches preamble of " + ds.length + " bytes (at least 8 needed)");
    }
    ByteBuffer b = ByteBuffer.wrap(ds).order(ByteOrder.LITTLE_ENDIAN);
    int preLongs = ds[0] & 0xFF;
    int serVer = ds[1] & 0xFF;
    int family = ds[2] & 0xFF;
    int lgMax = ds[3] & 0xFF;
    int lgCur = ds[4] & 0xFF;
    int flags = ds[5] & 0xFF;
    boolean empty = (flags & 4) != 0;
    if (serVer != 1 || family != 10) {
      throw corrupt("DataSketches serial version " + serVer + " / family " + family + " (expected 1 / 10)");
    }
    if (lgMax < MIN_LG_MAP_SIZE || lgMax > MAX_LG_MAP_SIZE || lgCur < MIN_LG_MAP_SIZE || lgCur > lgMax) {
      throw corrupt("map sizes 2^" + lgCur + " of 2^" + lgMax + " outside 2^" + MIN_LG_MAP_SIZE + "..2^"
          + MAX_LG_MAP_SIZE);
    }
    if (flags != (empty ? DataSketchesStrings.EMPTY_FLAGS : 0) || ds[6] != 0 || ds[7] != 0) {
      throw corrupt("unknown DataSketches flags " + flags);
    }
    if (empty) {
      if (preLongs != 1 || ds.length != 8) {
        throw corrupt("an empty DataSketches preamble with " + preLongs + " preamble longs and " + ds.length
            + " bytes");
      }
      return lgMax;
    }
    if (preLongs != 4 || ds.length < 32) {
      throw corrupt("a DataSketches preamble of " + preLongs + " longs in " + ds.length + " bytes");
    }
    int active = b.getInt(8);
    long streamLength = b.getLong(16);
    long offset = b.getLong(24);
    // every active item takes a count (8 bytes) and a string length (4 bytes): checked before any allocation
    if (active < 1 || active > 0.75 * (1 << lgMax) || (long) active * 12 > ds.length - 32L) {
      throw corrupt(active + " active items in " + (ds.length - 32) + " bytes for a map of 2^" + lgMax);
    }
    // the map grows at 0.75 load and only purges at its largest size: a smaller map is at least 0.375 full
    if (lgCur < lgMax && lgCur > MIN_LG_MAP_SIZE && active <= 0.375 * (1 << lgCur)) {
      throw corrupt("a map of 2^" + lgCur + " slots for only " + active + " items");
    }
    if (b.getInt(12) != 0 || streamLength < 0 || offset < 0 || offset > streamLength) {
      throw corrupt("stream length " + streamLength + " and maximum error " + offset);
    }
    long sum = 0;
    for (int i = 0; i < active; i++) {
      long c = b.getLong(32 + 8 * i);
      if (c < 1 || c > streamLength) {
        throw corrupt("an item count " + c + " outside [1, stream length " + streamLength + "]");
      }
      sum += c;
      if (sum > streamLength) {
        throw corrupt("item counts summing past the stream length " + streamLength);
      }
    }
    int at = 32 + 8 * active;
    int previous = -1;
    int previousLength = 0;
    for (int i = 0; i < active; i++) {
      if (ds.length - at < 4) {
        throw corrupt("item " + i + " of " + active + " missing (truncated?)");
      }
      int len = b.getInt(at);
      at += 4;
      if (len < 1 || len > ds.length - at) {
        throw corrupt("item " + i + " of length " + len + " with " + (ds.length - at) + " bytes left");
      }
      if (previous >= 0 && java.util.Arrays.compareUnsigned(ds, previous, previous + previousLength, ds, at,
          at + len) >= 0) {
        throw corrupt("item " + i + " out of order or twice (items are written sorted by their UTF-8 bytes)");
      }
      previous = at;
      previousLength = len;
      at += len;
    }
    if (at != ds.length) {
      throw corrupt((ds.length - at) + " unexpected bytes after its items");
    }
    return lgMax;
  }

  /** DataSketches' bytes (as its writer made them) with the (count, item) pairs sorted by item bytes. */
  static byte[] sortedByItem(byte[] ds) {
    if (ds[0] == 1) {
      return ds; // empty: the preamble alone
    }
    ByteBuffer b = ByteBuffer.wrap(ds).order(ByteOrder.LITTLE_ENDIAN);
    int active = b.getInt(8);
    int[] start = new int[active];
    int[] length = new int[active];
    for (int i = 0, at = 32 + 8 * active; i < active; i++) {
      length[i] = b.getInt(at);
      start[i] = at + 4;
      at = start[i] + length[i];
    }
    Integer[] order = new Integer[active];
    for (int i = 0; i < active; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> java.util.Arrays.compareUnsigned(ds, start[x], start[x] + length[x],
        ds, start[y], start[y] + length[y]));
    ByteBuffer out = ByteBuffer.allocate(ds.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(ds, 0, 32);
    for (int i : order) {
      out.putLong(b.getLong(32 + 8 * i));
    }
    for (int i : order) {
      out.putInt(length[i]).put(ds, start[i], length[i]);
    }
    return out.array();
  }
}
