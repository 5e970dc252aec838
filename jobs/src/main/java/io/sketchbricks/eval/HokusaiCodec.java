package io.sketchbricks.eval;

import io.sketchbricks.adacms.TimeUnitSpec;
import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.SketchFormat;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * The payload layout of a {@link HokusaiSketch} inside the {@link SketchFormat} envelope (format version 1, kind code
 * 6), written and read in one place so the two cannot drift. All values little-endian:
 *
 * <pre>
 * offset   size                  field
 * 0        8  long               seed
 * 8        8  long               totalCount (&gt;= 0)
 * 16       8  long               skipped (rows addNullable skipped, &gt;= 0)
 * 24       8  long               unit ms (TimeUnitSpec.unitMillis, &gt;= 1)
 * 32       8  long               origin ms (TimeUnitSpec.originMillis)
 * 40       4  int                depth, 1..32
 * 44       4  int                width w, the full width of the newest unit
 * 48       4  int                K, log2 of the horizon, 1..30
 * 52       8  long               now, the latest unit seen (-1 exactly when empty)
 * 60       4  int                n, the number of units kept apart, 0..2^K
 * 64       n x (8 + 4 depth W)   per unit in increasing time: its index (long, in (now - 2^K, now]) and its
 *                                depth x W(band of its age) counters (int, row-major)
 * ...      4 x depth x W(K)      the tail's counters (int, row-major)
 * </pre>
 *
 * <p>W(k) = ceil(w / 2^k) ({@link HokusaiBands}). The reader checks the parameters and that the bytes can hold the
 * declared tables before allocating them, and refuses counters that are negative or above the total.
 */
final class HokusaiCodec {
  /** Bytes of the fixed fields before the units. */
  private static final int HEADER_BYTES = 8 * 5 + 4 * 3 + 8 + 4;

  private HokusaiCodec() {}

  static byte[] write(HokusaiSketch s) {
    long size = HEADER_BYTES + 4L * s.tables.tail().length;
    for (int[] t : s.tables.units().values()) {
      size += 8 + 4L * t.length;
    }
    if (size > Integer.MAX_VALUE - 64) {
      throw new IllegalStateException("sketch of " + size + " bytes is over the 2 GiB limit of one byte array");
    }
    HokusaiBands b = s.bands;
    TimeUnitSpec unit = s.timeUnit();
    return SketchFormat.write(s.kind(), (int) size, out -> {
      out.putLong(s.seed()).putLong(s.totalCount()).putLong(s.skippedCount());
      out.putLong(unit.unitMillis()).putLong(unit.originMillis());
      out.putInt(b.depth).putInt(b.width).putInt(b.logHorizon);
      out.putLong(s.now()).putInt(s.tables.units().size());
      for (Map.Entry<Long, int[]> e : s.tables.units().entrySet()) {
        out.putLong(e.getKey());
        putInts(out, e.getValue());
      }
      putInts(out, s.tables.tail());
    });
  }

  private static void putInts(ByteBuffer out, int[] values) {
    out.asIntBuffer().put(values);
    out.position(out.position() + 4 * values.length);
  }

  static HokusaiSketch read(ByteBuffer in, int version) {
    long seed = in.getLong();
    long total = in.getLong();
    long skipped = in.getLong();
    if (total < 0 || skipped < 0) {
      throw new CorruptSketchException("hokusai sketch has a negative total or skipped count");
    }
    TimeUnitSpec unit;
    try {
      unit = new TimeUnitSpec(in.getLong(), in.getLong());
    } catch (IllegalArgumentException e) {
      throw new CorruptSketchException("hokusai sketch has an invalid time unit: " + e.getMessage(), e);
    }
    int depth = SketchFormat.readInt(in, "depth", 1, HokusaiBands.MAX_DEPTH);
    int width = SketchFormat.readInt(in, "width", 1, (Integer.MAX_VALUE - 8) / depth);
    int logHorizon = SketchFormat.readInt(in, "log2 horizon", 1, HokusaiBands.MAX_LOG_HORIZON);
    long now = in.getLong();
    if (now < -1 || now > TimeUnitSpec.MAX_UNIT) {
      throw new CorruptSketchException("hokusai sketch has an invalid current time " + now);
    }
    int count = SketchFormat.readInt(in, "unit count", 0, 1 << logHorizon);
    if ((now == -1) != (total == 0)) {
      throw new CorruptSketchException("hokusai sketch's current time " + now + " disagrees with its total count "
          + total + " (a sketch is empty exactly when it has no time)");
    }
    // Every unit is at least as wide as the tail: check the smallest size these parameters need against the bytes
    // present before allocating anything (a sketch of a few bytes may declare gigabytes of counters).
    HokusaiBands bands = new HokusaiBands(depth, width, logHorizon);
    long tailInts = (long) depth * bands.widthOf(logHorizon);
    long leastBytes = 4 * tailInts + count * (8 + 4 * tailInts);
    if (leastBytes > in.remaining()) {
      throw new CorruptSketchException("hokusai sketch declares " + count + " units and a tail of " + depth + " x "
          + bands.widthOf(logHorizon) + " counters, at least " + leastBytes + " bytes, but holds " + in.remaining()
          + " (truncated?)");
    }
    TreeMap<Long, int[]> units = new TreeMap<>();
    long previous = -1;
    for (int n = 0; n < count; n++) {
      long u = in.getLong();
      if (u <= previous || u > now || bands.isTail(now - u)) {
        throw new CorruptSketchException("hokusai sketch has unit " + u + " out of order or outside its horizon"
            + " (now = " + now + ")");
      }
      previous = u;
      units.put(u, readInts(in, depth * bands.widthOf(bands.bandOf(now - u)), total));
    }
    int[] tail = readInts(in, (int) tailInts, total);
    return new HokusaiSketch(seed, unit, bands, new HokusaiTables(units, tail), now, total, skipped);
  }

  /** Reads n counters after checking they are present; each must lie in [0, total]. */
  private static int[] readInts(ByteBuffer in, int n, long total) {
    if (in.remaining() < 4L * n) {
      throw new CorruptSketchException("hokusai sketch is shorter than its parameters say (truncated?)");
    }
    int[] values = new int[n];
    in.asIntBuffer().get(values);
    in.position(in.position() + 4 * n);
    for (int v : values) {
      if (v < 0) {
        throw new CorruptSketchException("hokusai sketch has a negative counter " + v);
      }
      if (v > total) {
        throw new CorruptSketchException("hokusai sketch has a counter " + v + " above its total count " + total
            + ": the bytes were damaged or crafted; rebuild the sketch from its source data");
      }
    }
    return values;
  }
}
