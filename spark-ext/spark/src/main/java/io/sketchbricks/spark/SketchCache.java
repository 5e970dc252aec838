package io.sketchbricks.spark;

import io.sketchbricks.core.Sketch;
import io.sketchbricks.kinds.SketchKinds;
import java.util.Arrays;

/**
 * Row-at-a-time query functions see the same sketch bytes on every row (a join or a scalar subquery against one
 * stored sketch). Parsing and checksumming a sketch of hundreds of KB per row would dominate, so each thread
 * keeps the last sketch it parsed and reuses it while the bytes are equal.
 */
public final class SketchCache {
  private static final ThreadLocal<Entry> LAST = new ThreadLocal<>();

  private record Entry(byte[] bytes, Sketch sketch) {}

  private SketchCache() {}

  public static Sketch read(byte[] bytes) {
    Entry e = LAST.get();
    if (e != null && (e.bytes == bytes || Arrays.equals(e.bytes, bytes))) {
      return e.sketch;
    }
    Sketch sketch = SketchKinds.read(bytes);
    LAST.set(new Entry(bytes.clone(), sketch));
    return sketch;
  }
}
