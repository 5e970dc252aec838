package io.sketchbricks.spark;

import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.kinds.SketchKinds;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The parsed sketch a thread last queried, so that row-at-a-time query functions parse and checksum a sketch once
 * and not once per row (a join or a scalar subquery against one stored sketch hands the same bytes to every row).
 *
 * <p>Spark hands the same sketch either as the same array on every row (a literal or a scalar subquery), which is
 * recognised by identity plus its length and stored checksum, or as a fresh copy per row (a join), which is compared
 * in full: a megabyte compare is still far cheaper than a parse. Each cache holds one sketch per thread; function
 * families that are used side by side in one query keep caches of their own, so that they do not evict each other.
 */
public final class SketchCache {
  private static final SketchCache ANY_KIND = new SketchCache();

  private final ThreadLocal<Entry> last = new ThreadLocal<>();

  private record Entry(byte[] original, byte[] copy, int crc, Sketch sketch) {}

  /** The parsed sketch of any kind, from the shared cache of the generic functions ({@code sketch_estimate}, ...). */
  public static Sketch read(byte[] bytes) {
    return ANY_KIND.get(bytes, SketchKinds::read);
  }

  /** The sketch {@code parse} made of these bytes on this thread last time, or a new parse if the bytes differ. */
  public Sketch get(byte[] bytes, Function<byte[], Sketch> parse) {
    Entry e = last.get();
    if (e != null && e.original == bytes && bytes.length == e.copy.length
        && SketchFormat.storedChecksum(bytes) == e.crc) {
      return e.sketch;
    }
    if (e != null && Arrays.equals(e.copy, bytes)) {
      // the same sketch in a new array (the next query's literal, or a join's copy): remember the new array, so a
      // literal is recognised by identity again from its second row on
      last.set(new Entry(bytes, e.copy, e.crc, e.sketch));
      return e.sketch;
    }
    Sketch s = parse.apply(bytes);
    last.set(new Entry(bytes, bytes.clone(), SketchFormat.storedChecksum(bytes), s));
    return s;
  }
}
