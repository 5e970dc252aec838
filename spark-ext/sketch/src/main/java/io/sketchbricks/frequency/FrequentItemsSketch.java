package io.sketchbricks.frequency;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.core.SerializedSketch;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchInfo;
import io.sketchbricks.core.SketchKind;
import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;

/**
 * Top items of a STRING stream: DataSketches' frequent-items sketch ({@code frequencies.ItemsSketch}, the
 * Misra-Gries / "Space-Saving"-style reverse-purge algorithm) in the Sketchbricks envelope, so it merges with
 * {@code sketch_merge_agg}, describes itself in {@code sketch_info} and lives in the sketch table.
 *
 * <p><b>Size.</b> {@code maxItems} counters are kept: the hash map's size is the smallest power of two M with
 * 0.75 M >= maxItems (DataSketches' load factor), at most 2^{@value #MAX_LG_MAP_SIZE}.
 *
 * <p><b>Guarantee</b> (DataSketches' documentation of ItemsSketch). For every item,
 * {@code lower <= true count <= upper}, deterministically, where lower is the item's counter (0 if it has none) and
 * upper = lower + offset; offset (the sum of the purges' decrements, {@link #maximumError()}) is at most epsilon N
 * with {@code epsilon = 3.5 / M} and N the stream length. {@link #topItems(int)} lists items in the
 * NO_FALSE_NEGATIVES sense: every item with a counter, most frequent (by estimate = lower + offset) first, so any
 * item whose true count exceeds the offset is listed. Merging keeps the guarantee with the two offsets added.
 *
 * <p><b>Bytes</b> (format version 1): payload = skipped count (int64 LE: null and empty items the aggregate
 * skipped), then DataSketches' own serialisation of an {@code ItemsSketch<String>} with {@code ArrayOfStringsSerDe},
 * its (count, item) pairs sorted by the items' UTF-8 bytes (DataSketches writes them in its hash map's slot order,
 * which a read does not always reproduce; sorted, equal sketches have equal bytes and a read writes back the very
 * bytes it read; DataSketches' reader takes the pairs in any order).
 * Those bytes are checked in full here (preamble, sizes against the bytes present, counts against the stream
 * length, every string's length, no duplicates) before DataSketches' reader sees them, because that reader
 * allocates arrays sized by the preamble and the string lengths.
 */
public final class FrequentItemsSketch implements Sketch, Serializable {
  @Serial
  private static final long serialVersionUID = 1L;

  public static final int DEFAULT_MAX_ITEMS = 1024;
  /** Largest map: 2^18 slots, about 5 MB on the heap, 196,608 counters. */
  public static final int MAX_LG_MAP_SIZE = 18;
  static final int MIN_LG_MAP_SIZE = 3;
  public static final int MAX_MAX_ITEMS = (int) (0.75 * (1 << MAX_LG_MAP_SIZE));

  private final transient ItemsSketch<String> sketch;
  private final int lgMaxMapSize;
  private long skipped;

  /** A top-items row: the true count lies in [lower, upper]; estimate = upper. */
  public record Item(String item, long estimate, long lower, long upper) {}

  public FrequentItemsSketch(int maxItems) {
    this(lgMapSizeFor(maxItems), 0);
  }

  private FrequentItemsSketch(int lgMaxMapSize, long skipped) {
    this(new ItemsSketch<>(1 << lgMaxMapSize), lgMaxMapSize, skipped);
  }

  private FrequentItemsSketch(ItemsSketch<String> sketch, int lgMaxMapSize, long skipped) {
    this.sketch = sketch;
    this.lgMaxMapSize = lgMaxMapSize;
    this.skipped = skipped;
  }

  /** log2 of the smallest power-of-two map whose 0.75 load holds maxItems counters. */
  public static int lgMapSizeFor(long maxItems) {
    if (maxItems < 1 || maxItems > MAX_MAX_ITEMS) {
      throw new IllegalArgumentException("max_items " + maxItems + " must be in [1, " + MAX_MAX_ITEMS + "]");
    }
    int lg = MIN_LG_MAP_SIZE;
    while (0.75 * (1 << lg) < maxItems) {
      lg++;
    }
    return lg;
  }

  @Override
  public SketchKind kind() {
    return SketchKind.FREQUENT_ITEMS;
  }

  /** Adds count arrivals of item; a null or empty item is counted as skipped instead. */
  public void add(String item, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count " + count + " is negative: this sketch counts arrivals only");
    }
    if (item == null || item.isEmpty()) {
      skipped = Math.incrementExact(skipped);
      return;
    }
    Math.addExact(sketch.getStreamLength(), count); // checked first: a failed add changes nothing
    sketch.update(item, count);
  }

  public long estimate(String item) {
    return sketch.getEstimate(item);
  }

  public long lowerBound(String item) {
    return sketch.getLowerBound(item);
  }

  public long upperBound(String item) {
    return sketch.getUpperBound(item);
  }

  /** The largest error of any estimate: the purges' total decrement, at most 3.5 N / M. */
  public long maximumError() {
    return sketch.getMaximumError();
  }

  /** epsilon = 3.5 / M, the a-priori bound on maximumError() / N. */
  public double epsilon() {
    return ItemsSketch.getEpsilon(1 << lgMaxMapSize);
  }

  public long streamLength() {
    return sketch.getStreamLength();
  }

  public long skippedCount() {
    return skipped;
  }

  /** Counters this sketch may hold (0.75 of its map). */
  public int maxItems() {
    return (int) (0.75 * (1 << lgMaxMapSize));
  }

  /** The k items with the largest estimates, largest first (ties by item, for a stable answer). */
  public List<Item> topItems(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k " + k + " must not be negative");
    }
    ItemsSketch.Row<String>[] rows = sketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES);
    List<ItemsSketch.Row<String>> sorted = new ArrayList<>(List.of(rows));
    sorted.sort((a, b) -> a.getEstimate() != b.getEstimate() ? Long.compare(b.getEstimate(), a.getEstimate())
        : a.getItem().compareTo(b.getItem()));
    List<Item> out = new ArrayList<>(Math.min(k, sorted.size()));
    for (int i = 0; i < sorted.size() && i < k; i++) {
      ItemsSketch.Row<String> r = sorted.get(i);
      out.add(new Item(r.getItem(), r.getEstimate(), r.getLowerBound(), r.getUpperBound()));
    }
    return out;
  }

  @Override
  public SketchInfo info() {
    return new SketchInfo(kind().sqlName(), kind().currentVersion(), memoryBytes(), streamLength(),
        "max_items=" + maxItems() + ",active_items=" + sketch.getNumActiveItems() + ",max_error=" + maximumError()
            + ",skipped=" + skipped);
  }

  /** The map's slots as DataSketches holds them: a key reference, a long and a short state each. */
  public long memoryBytes() {
    return (long) (1 << lgMaxMapSize) * 18;
  }

  /**
   * Adds other into this sketch. DataSketches merges sketches of different sizes too; the result keeps this
   * sketch's size and its error is within the larger of the two tolerances, so sizes may differ.
   */
  @Override
  public void mergeSketch(Sketch other) {
    if (!(other instanceof FrequentItemsSketch o)) {
      throw new IncompatibleMergeException("cannot merge a frequent-items sketch with "
          + (other == null ? "null" : "a " + other.kind().sqlName() + " sketch") + ": only sketches of the same kind merge");
    }
    long newSkipped = Math.addExact(skipped, o.skipped); // checked first: a failed merge changes nothing
    Math.addExact(Math.addExact(streamLength(), o.streamLength()), Math.addExact(maximumError(), o.maximumError()));
    sketch.merge(o.sketch);
    skipped = newSkipped;
  }

  @Override
  public byte[] toByteArray() {
    byte[] ds = DataSketchesPreamble.sortedByItem(DataSketchesStrings.toByteArray(sketch));
    return SketchFormat.write(kind(), 8 + ds.length, out -> out.putLong(skipped).put(ds));
  }

  public static FrequentItemsSketch fromBytes(byte[] bytes) {
    return SketchFormat.read(bytes, SketchKind.FREQUENT_ITEMS, FrequentItemsSketch::readPayload);
  }

  /** Reads a version-1 payload, validating DataSketches' bytes in full before handing them to its reader. */
  public static FrequentItemsSketch readPayload(ByteBuffer in, int version) {
    long skipped = in.getLong();
    if (skipped < 0) {
      throw corrupt("a negative skipped count");
    }
    byte[] ds = new byte[in.remaining()];
    in.get(ds);
    int lgMax = DataSketchesPreamble.check(ds);
    ItemsSketch<String> sketch;
    try {
      sketch = DataSketchesStrings.read(ds);
    } catch (RuntimeException e) { // checked above; anything DataSketches still refuses is damage too
      throw new CorruptSketchException("frequent-items sketch: DataSketches refused its bytes (" + e.getMessage()
          + "); rebuild the sketch from its source data", e);
    }
    // DataSketches' reader re-inserts the items; bytes it would not write back the same way (invalid UTF-8, a map
    // size its items overflow, so that it grows or purges while reading) carry a state the reader changes: refuse
    if (!java.util.Arrays.equals(ds, DataSketchesPreamble.sortedByItem(DataSketchesStrings.toByteArray(sketch)))) {
      throw corrupt("DataSketches bytes that do not read back to themselves (items out of their map order,"
          + " a map size that does not fit its items, or invalid UTF-8)");
    }
    return new FrequentItemsSketch(sketch, lgMax, skipped);
  }

  static CorruptSketchException corrupt(String what) {
    return new CorruptSketchException("frequent-items sketch has " + what + ": the bytes were damaged or crafted;"
        + " rebuild the sketch from its source data");
  }

  @Serial
  private Object writeReplace() {
    return new SerializedSketch<>(toByteArray(), SketchKind.FREQUENT_ITEMS, FrequentItemsSketch::readPayload);
  }
}
