package io.sketchbricks.spark.lego;

import io.sketchbricks.core.Sketch;
import io.sketchbricks.kinds.SketchKinds;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoSketch;
import java.util.Arrays;

/**
 * The parsed Lego sketch a thread last queried, so that {@code lego_estimate} parses, checksums and scans a
 * sketch once and not once per row: the bricks' memory-scan features are cached inside the parsed sketch, so
 * they too are computed once per sketch per thread.
 *
 * <p>Spark hands the same sketch either as the same array on every row (a literal or a scalar subquery), which
 * is recognised by identity plus its length and stored checksum, or as a fresh copy per row (a join), which is
 * compared in full: a megabyte compare is still far cheaper than a parse and a scan.
 */
final class LegoSketchCache {
  private static final ThreadLocal<Entry> LAST = new ThreadLocal<>();

  private record Entry(byte[] original, byte[] copy, int crc, Sketch sketch) {}

  private LegoSketchCache() {}

  /** The parsed sketch (lego or d-lego) with its model attached. */
  static Sketch read(byte[] bytes, LegoModelSet models, String function) {
    Entry e = LAST.get();
    if (e != null && e.original == bytes && bytes.length == e.copy.length && crc(bytes) == e.crc) {
      return e.sketch;
    }
    if (e != null && Arrays.equals(e.copy, bytes)) {
      // the same sketch in a new array (the next query's literal, or a join's copy): remember the new array, so a
      // literal is recognised by identity again from its second row on
      LAST.set(new Entry(bytes, e.copy, e.crc, e.sketch));
      return e.sketch;
    }
    Sketch s = SketchKinds.read(bytes);
    LegoSketch light;
    if (s instanceof LegoSketch l) {
      light = l;
    } else if (s instanceof DLegoSketch d) {
      light = d.light();
    } else {
      throw new IllegalArgumentException(function + " reads lego and d-lego sketches (from lego_agg or d_lego_agg),"
          + " not a " + s.kind().sqlName() + " sketch: use " + (function.endsWith("_bounds") ? "sketch_estimate_bounds"
          : "sketch_estimate") + " for it");
    }
    if (light.model() == null) {
      light.attachModel(models.require(light.modelId(), function));
    }
    LAST.set(new Entry(bytes, bytes.clone(), crc(bytes), s));
    return s;
  }

  /** The sketch's stored CRC-32C, its last 4 bytes. */
  private static int crc(byte[] b) {
    int n = b.length;
    return n < 4 ? 0 : (b[n - 4] & 0xFF) | (b[n - 3] & 0xFF) << 8 | (b[n - 2] & 0xFF) << 16 | (b[n - 1] & 0xFF) << 24;
  }
}
