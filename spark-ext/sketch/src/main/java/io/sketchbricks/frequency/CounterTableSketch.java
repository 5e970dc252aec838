package io.sketchbricks.frequency;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchFormat;
import java.nio.ByteBuffer;

/**
 * The depth x width table of 32-bit counters shared by Count-Min, conservative update and Count Sketch.
 *
 * <p>Memory accounting: {@code width = floor(memoryBytes / (4 * depth))}, so the counters take at most the
 * budget. Row r of an item with hash h uses column {@code index(row(h, r), width)}.
 */
abstract class CounterTableSketch extends FrequencySketch {
  static final int MAX_DEPTH = 32;

  protected final int depth;
  protected final int width;
  protected final int[] table;

  protected CounterTableSketch(long memoryBytes, int depth, long seed) {
    super(seed);
    if (depth < 1 || depth > MAX_DEPTH) {
      throw new IllegalArgumentException("depth " + depth + " must be in [1, " + MAX_DEPTH + "]");
    }
    long w = memoryBytes / (4L * depth);
    if (w < 1) {
      throw new IllegalArgumentException("memory budget of " + memoryBytes + " bytes is too small for " + depth
          + " rows of 4-byte counters: give at least " + (4L * depth) + " bytes");
    }
    if (w * depth > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("memory budget of " + memoryBytes + " bytes is over the 8 GiB limit of one sketch");
    }
    this.depth = depth;
    this.width = (int) w;
    this.table = new int[depth * width];
  }

  /** Reading constructor: parameters come from the payload, already validated. */
  protected CounterTableSketch(long seed, int depth, int width, int[] table) {
    super(seed);
    this.depth = depth;
    this.width = width;
    this.table = table;
  }

  public final int depth() {
    return depth;
  }

  public final int width() {
    return width;
  }

  @Override
  public long memoryBytes() {
    return 4L * table.length;
  }

  @Override
  protected String params() {
    return "depth=" + depth + ",width=" + width;
  }

  @Override
  public void mergeSketch(Sketch other) {
    CounterTableSketch o = requireSameKind(other, getClass());
    IncompatibleMergeException.requireEqual(kind().sqlName(), "depth", depth, o.depth);
    IncompatibleMergeException.requireEqual(kind().sqlName(), "width (memory_kb)", width, o.width);
    long[] totals = mergedTotals(o);
    for (int i = 0; i < table.length; i++) { // check every cell first: a failed merge changes nothing
      if (overflows(table[i], o.table[i])) {
        throw overflow();
      }
    }
    for (int i = 0; i < table.length; i++) {
      table[i] += o.table[i];
    }
    setTotals(totals);
  }

  @Override
  public byte[] toByteArray() {
    return SketchFormat.write(kind(), 8 + 8 + 8 + 4 + 4 + 4 * table.length, out -> {
      writeTotals(out);
      out.putInt(depth).putInt(width);
      out.asIntBuffer().put(table);
      out.position(out.position() + 4 * table.length);
    });
  }

  /**
   * Reads seed, totals, shape and counters; {@code factory} builds the concrete sketch. The declared shape is checked
   * against the bytes present before the table is allocated; {@code signed} allows negative counters.
   */
  protected static <T extends CounterTableSketch> T readTable(ByteBuffer in, String kind, boolean signed,
      TableFactory<T> factory) {
    long seed = in.getLong();
    long total = in.getLong();
    long skipped = in.getLong();
    if (total < 0 || skipped < 0) {
      throw new CorruptSketchException(kind + " sketch has a negative total or skipped count");
    }
    int depth = SketchFormat.readInt(in, "depth", 1, MAX_DEPTH);
    int width = SketchFormat.readInt(in, "width", 1, (Integer.MAX_VALUE - 8) / depth);
    if ((long) depth * width * 4 != in.remaining()) {
      throw new CorruptSketchException("sketch declares " + depth + " x " + width + " counters but holds "
          + in.remaining() + " bytes of them (truncated?)");
    }
    int[] table = new int[depth * width];
    in.asIntBuffer().get(table);
    in.position(in.position() + 4 * table.length);
    checkCounters(kind, table, total, signed);
    T sketch = factory.create(seed, depth, width, table);
    sketch.totalCount = total;
    sketch.skipped = skipped;
    return sketch;
  }

  @FunctionalInterface
  protected interface TableFactory<T> {
    T create(long seed, int depth, int width, int[] table);
  }
}
