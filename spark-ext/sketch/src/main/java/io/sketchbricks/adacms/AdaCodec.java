package io.sketchbricks.adacms;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.SketchFormat;
import java.nio.ByteBuffer;

/**
 * The payload layout of an {@link AdaCountMinSketch} inside the {@link SketchFormat} envelope (format version 1),
 * written and read in one place so the two cannot drift. All values little-endian:
 *
 * <pre>
 * offset            size            field
 * 0                 8  long         seed
 * 8                 8  long         totalCount (undecayed sum of all counts, &gt;= 0)
 * 16                8  long         skipped (rows addNullable skipped, &gt;= 0)
 * 24                8  long         unit ms (TimeUnitSpec.unitMillis, &gt;= 1)
 * 32                8  long         origin ms (TimeUnitSpec.originMillis)
 * 40                1  byte         f shape: 0 none, 1 exp, 2 linear
 * 41                8  double       f parameter a: exp's base in [1, 1e6], linear's slope in [1e-12, 1e12],
 *                                   exactly 1.0 for none (the reader refuses anything else)
 * 49                4  int          depth, 1..32
 * 53                4  int          width, counters per row of each level
 * 57                4  int          levels, 1..48
 * 61                8  long         minT, earliest unit with arrivals (-1 when empty)
 * 69                8  long         maxT, latest unit with arrivals (-1 when empty)
 * 77                8 x levels      scale origin t0 of each level (long; 0 unless f rescales)
 * 77 + 8 levels     8 x levels x depth x width   counters (double), level by level, each row-major
 * </pre>
 *
 * <p>The reader checks every parameter, the span against the total, and the exact length before allocating, and
 * refuses counters that are negative, NaN or infinite.
 */
final class AdaCodec {
  /** Bytes of the fixed fields before the per-level origins. */
  private static final int HEADER_BYTES = 8 * 5 + 1 + 8 + 4 * 3 + 8 * 2;

  private AdaCodec() {}

  static byte[] write(AdaCountMinSketch s) {
    AdaTables t = s.tables;
    long counters = (long) t.levels * t.depth * t.width;
    long size = HEADER_BYTES + 8L * t.levels + 8 * counters;
    if (size > Integer.MAX_VALUE - 64) {
      throw new IllegalStateException("sketch of " + size + " bytes is over the 2 GiB limit of one byte array:"
          + " use a smaller memory budget");
    }
    TimeUnitSpec unit = s.timeUnit();
    return SketchFormat.write(s.kind(), (int) size, out -> {
      out.putLong(s.seed()).putLong(s.totalCount()).putLong(s.skippedCount());
      out.putLong(unit.unitMillis()).putLong(unit.originMillis());
      out.put((byte) t.weight.shape().code).putDouble(t.weight.parameter());
      out.putInt(t.depth).putInt(t.width).putInt(t.levels);
      out.putLong(s.minTime()).putLong(s.maxTime());
      for (long o : t.origins) {
        out.putLong(o);
      }
      for (double[] table : t.tables) {
        out.asDoubleBuffer().put(table);
        out.position(out.position() + 8 * table.length);
      }
    });
  }

  /** Reads a version-1 payload, validating every parameter and length. */
  static AdaCountMinSketch read(ByteBuffer in, int version) {
    long seed = in.getLong();
    long total = in.getLong();
    long skipped = in.getLong();
    if (total < 0 || skipped < 0) {
      throw new CorruptSketchException("ada-cms sketch has a negative total or skipped count");
    }
    TimeUnitSpec unit;
    TimeWeight weight;
    try {
      unit = new TimeUnitSpec(in.getLong(), in.getLong());
      int shape = in.get();
      weight = TimeWeight.of(shape, in.getDouble());
    } catch (IllegalArgumentException e) {
      throw new CorruptSketchException("ada-cms sketch has invalid parameters: " + e.getMessage(), e);
    }
    int depth = SketchFormat.readInt(in, "depth", 1, AdaTables.MAX_DEPTH);
    int width = SketchFormat.readInt(in, "width", 1, (Integer.MAX_VALUE - 8) / depth);
    int levels = SketchFormat.readInt(in, "levels", 1, AdaTables.MAX_LEVELS);
    long minT = in.getLong();
    long maxT = in.getLong();
    boolean empty = minT == -1 && maxT == -1;
    if (!empty && !(0 <= minT && minT <= maxT && maxT <= TimeUnitSpec.MAX_UNIT)) {
      throw new CorruptSketchException("ada-cms sketch has an invalid time span [" + minT + ", " + maxT + "]");
    }
    if (empty != (total == 0)) {
      throw new CorruptSketchException("ada-cms sketch's time span [" + minT + ", " + maxT
          + "] disagrees with its total count " + total);
    }
    long counterBytes = 8L * levels * depth * width;
    if (in.remaining() != 8L * levels + counterBytes) {
      throw new CorruptSketchException("ada-cms sketch declares " + levels + " levels of " + depth + " x " + width
          + " counters but holds " + in.remaining() + " bytes of origins and counters (truncated?)");
    }
    AdaTables t = new AdaTables(depth, width, levels, weight);
    for (int l = 0; l < levels; l++) {
      long o = in.getLong();
      if (o < 0 || o > TimeUnitSpec.MAX_UNIT || (!weight.rescales() && o != 0)) {
        throw new CorruptSketchException("ada-cms sketch has an invalid scale origin " + o + " at level " + l);
      }
      t.origins[l] = o;
    }
    for (double[] table : t.tables) {
      in.asDoubleBuffer().get(table);
      in.position(in.position() + 8 * table.length);
      for (double v : table) {
        if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
          throw new CorruptSketchException("ada-cms sketch has an invalid counter " + v
              + " (counters are finite and non-negative)");
        }
      }
    }
    return new AdaCountMinSketch(seed, unit, t, total, skipped, minT, maxT);
  }
}
