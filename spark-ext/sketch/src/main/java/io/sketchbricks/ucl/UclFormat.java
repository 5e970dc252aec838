package io.sketchbricks.ucl;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchKind;
import java.nio.ByteBuffer;

/**
 * Payload of a UCL sketch inside the {@link SketchFormat} envelope (kind 9, version 1), all little-endian:
 *
 * <pre>
 * seed, totalCount, skipped                          3 x int64
 * hfSlots, depth, width, bfBits, bfHashes,
 *   interval, window                                 7 x int32
 * heavy filter: keys, then val, then neg             hfSlots x (int64 + int32 + int32)
 * Count-Min counters, row-major                      depth x width x int32
 * Bloom filter words                                 ceil(bfBits / 64) x int64
 * n, then tracked keys in first-arrival order        int32, n x int64
 * hot flags, one bit per key, LSB first              ceil(n / 8) bytes
 * s, then snapshots oldest first                     int32, s x (int64 arrivals + depth x width x int32)
 * </pre>
 *
 * Reading validates every count and size against the rest of the bytes, so damage that slips past the checksum
 * (or a writer bug) is reported as a {@link CorruptSketchException} rather than becoming a wrong estimate.
 */
final class UclFormat {
  private UclFormat() {}

  static byte[] write(UclSketch s) {
    UclConfig c = s.config();
    KeyTracker t = s.tracker();
    SnapshotWindow w = s.window();
    int n = t.size();
    long bytes = 24 + 28 + 16L * c.hfSlots() + 4L * c.cells() + 8L * s.bf().words.length + 4 + 8L * n
        + (n + 7) / 8 + 4 + (long) w.size() * (8 + 4L * c.cells());
    if (bytes > Integer.MAX_VALUE - 64) {
      throw new IllegalStateException("ucl sketch state of " + bytes + " bytes exceeds the 2 GiB limit of one"
          + " serialized sketch: use a smaller window or fewer counters");
    }
    return SketchFormat.write(SketchKind.UCL, (int) bytes, out -> {
      out.putLong(s.seed()).putLong(s.totalCount()).putLong(s.skippedCount());
      out.putInt(c.hfSlots()).putInt(c.depth()).putInt(c.width()).putInt(c.bfBits()).putInt(c.bfHashes())
          .putInt(c.interval()).putInt(c.window());
      HeavyFilter hf = s.hf();
      putLongs(out, hf.keys);
      putInts(out, hf.val);
      putInts(out, hf.neg);
      putInts(out, s.cm().table);
      putLongs(out, s.bf().words);
      out.putInt(n);
      for (int p = 0; p < n; p++) {
        out.putLong(t.key(p));
      }
      for (int p = 0; p < n; p += 8) {
        int b = 0;
        for (int k = 0; k < 8 && p + k < n; k++) {
          b |= t.isHot(p + k) ? 1 << k : 0;
        }
        out.put((byte) b);
      }
      out.putInt(w.size());
      for (int i = 0; i < w.size(); i++) {
        out.putLong(w.takenAt(i));
        putInts(out, w.get(i));
      }
    });
  }

  static UclSketch read(ByteBuffer in, int version) {
    long seed = in.getLong();
    long total = in.getLong();
    long skipped = in.getLong();
    UclConfig c;
    try {
      c = new UclConfig(in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt());
    } catch (IllegalArgumentException e) {
      throw new CorruptSketchException("ucl sketch has invalid sizes (" + e.getMessage() + ")", e);
    }
    need(in, 16L * c.hfSlots(), "heavy filter");
    HeavyFilter hf = new HeavyFilter(getLongs(in, c.hfSlots()), getInts(in, c.hfSlots()), getInts(in, c.hfSlots()));
    for (int i = 0; i < c.hfSlots(); i++) {
      if (hf.val[i] < 0 || hf.neg[i] < 0 || (hf.val[i] == 0 && (hf.keys[i] != 0 || hf.neg[i] != 0))
          || (hf.val[i] > 0 && hf.neg[i] >= hf.val[i])) {
        throw new CorruptSketchException("ucl sketch heavy-filter slot " + i + " is inconsistent (val " + hf.val[i]
            + ", neg " + hf.neg[i] + "): the bytes were damaged; rebuild the sketch");
      }
    }
    need(in, 4L * c.cells(), "Count-Min counters");
    CountMinPart cm = new CountMinPart(c.depth(), c.width(), getInts(in, c.cells()));
    for (int v : cm.table) {
      if (v < 0) {
        throw new CorruptSketchException("ucl sketch has a negative Count-Min counter: the bytes were damaged");
      }
    }
    int words = (c.bfBits() + 63) >>> 6;
    need(in, 8L * words, "Bloom filter");
    BloomFilter bf = new BloomFilter(getLongs(in, words), c.bfBits(), c.bfHashes());
    int n = SketchFormat.readInt(in, "tracked keys", 0, Integer.MAX_VALUE - 64);
    need(in, 8L * n + (n + 7) / 8, "key list");
    KeyTracker tracker = new KeyTracker();
    long[] keys = getLongs(in, n);
    byte[] hot = new byte[(n + 7) / 8];
    in.get(hot);
    if (n % 8 != 0 && (hot[hot.length - 1] & 0xFF) >>> (n % 8) != 0) {
      throw new CorruptSketchException("ucl sketch sets hot flags past its " + n + " tracked keys: the bytes were"
          + " damaged; rebuild the sketch");
    }
    for (int p = 0; p < n; p++) {
      if (tracker.position(keys[p]) >= 0) {
        throw new CorruptSketchException("ucl sketch lists key " + keys[p] + " twice: the bytes were damaged");
      }
      tracker.add(keys[p], (hot[p >>> 3] & (1 << (p & 7))) != 0);
    }
    int s = SketchFormat.readInt(in, "snapshots", 0, c.window());
    need(in, (long) s * (8 + 4L * c.cells()), "snapshot window");
    SnapshotWindow window = new SnapshotWindow(c.window(), c.cells());
    long previous = 0;
    for (int i = 0; i < s; i++) {
      long at = in.getLong();
      // snapshots are taken every interval arrivals, oldest first, never after the last arrival
      if (at <= previous || at > total || at % c.interval() != 0) {
        throw new CorruptSketchException("ucl sketch snapshot " + i + " was taken after " + at + " arrivals, which"
            + " is not a multiple of the interval " + c.interval() + " after " + previous + " and up to the total "
            + total + ": the bytes were damaged; rebuild the sketch");
      }
      previous = at;
      int[] counters = getInts(in, c.cells());
      for (int v : counters) {
        if (v < 0) {
          throw new CorruptSketchException("ucl sketch snapshot " + i + " has a negative counter: the bytes were"
              + " damaged; rebuild the sketch");
        }
      }
      window.add(counters, at);
    }
    return UclSketch.restore(c, seed, total, skipped, hf, cm, bf, tracker, window);
  }

  private static void need(ByteBuffer in, long bytes, String what) {
    if (bytes > in.remaining()) {
      throw new CorruptSketchException("ucl sketch " + what + " needs " + bytes + " bytes but only "
          + in.remaining() + " remain (truncated?)");
    }
  }

  private static void putInts(ByteBuffer out, int[] a) {
    out.asIntBuffer().put(a);
    out.position(out.position() + 4 * a.length);
  }

  private static void putLongs(ByteBuffer out, long[] a) {
    out.asLongBuffer().put(a);
    out.position(out.position() + 8 * a.length);
  }

  private static int[] getInts(ByteBuffer in, int n) {
    int[] a = new int[n];
    in.asIntBuffer().get(a);
    in.position(in.position() + 4 * n);
    return a;
  }

  private static long[] getLongs(ByteBuffer in, int n) {
    long[] a = new long[n];
    in.asLongBuffer().get(a);
    in.position(in.position() + 8 * n);
    return a;
  }
}
