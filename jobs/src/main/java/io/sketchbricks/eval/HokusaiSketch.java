package io.sketchbricks.eval;

import io.sketchbricks.adacms.AdaCountMinSketch;
import io.sketchbricks.adacms.TimeUnitSpec;
import io.sketchbricks.adacms.TimedItemSketch;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.core.SerializedSketch;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchInfo;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.hash.ItemHash;
import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;

/**
 * Hokusai item aggregation (Matusevych, Smola, Ahmed, UAI 2012, Alg. 3), the time-adaptive baseline Ada-CMS is
 * compared with in {@code eval-time}: one Count-Min sketch per past time unit, folded to half its width each time its
 * age passes a power of two, so old units keep fewer counters. It lives with the evaluation, not in the library: the
 * library neither registers nor reads its kind (code 6 stays reserved for these bytes).
 *
 * <p><b>Layout.</b> The newest unit ("now" is the latest time seen) has full width w; a unit whose age lies in
 * [2^k, 2^(k+1)) has width {@code W(k) = ceil(w / 2^k)} (folded as HokusaiBands describes). Units at least
 * {@code horizon = 2^K} old are folded to width W(K) and added into one shared tail sketch: a query for such a unit
 * returns the item's count over all of them, an upper bound.
 *
 * <p><b>Memory.</b> 4-byte int counters. The budget must hold every unit of the horizon:
 * {@code 4 * depth * (w + sum_{k<K} 2^k W(k) + W(K))} bytes, about {@code 4 * depth * w * (K + 1)}; w is the
 * largest width that fits. Units without arrivals take nothing ({@link #allocatedBytes()}); {@link #memoryBytes()}
 * reports the full-horizon budget. Defaults: depth {@value #DEFAULT_DEPTH}, horizon 2^{@value #DEFAULT_LOG_HORIZON}
 * units.
 *
 * <p><b>Error bound.</b> For a unit of age in [2^k, 2^(k+1)), the point estimate never underestimates and exceeds
 * the true count by more than {@code e * 2^k / w * C^t} (C^t = total count in that unit) with probability at most
 * e^-d: the error steps up at each power-of-two age, the discontinuity Ada-CMS avoids.
 *
 * <p>Merging sketches of equal configuration ages both to the later "now" and adds counters; folding is linear, so
 * the result is identical to a sketch built from all arrivals in one place. The byte layout is in HokusaiCodec; the
 * seed, time unit, item overloads of add and skipped count are {@link TimedItemSketch}'s, as Ada-CMS's are.
 */
public final class HokusaiSketch extends TimedItemSketch implements Serializable {
  @Serial
  private static final long serialVersionUID = 1L;

  public static final int DEFAULT_DEPTH = 4;
  public static final int DEFAULT_LOG_HORIZON = 12;

  /** Depth, full width and horizon, with the width arithmetic of the age bands. */
  final HokusaiBands bands;
  /** Per-unit tables and the tail, replaced whole by an add that moves "now" and by a merge. */
  HokusaiTables tables;
  private long now;
  /** Scratch for an add's cells, all checked before any is raised (sketches are single-threaded). */
  private transient int[] cells;
  private long totalCount;

  /**
   * @param memoryBytes counter budget for the full horizon (see the class comment)
   * @param logHorizon K: units older than 2^K share the tail sketch, 1..30
   */
  public HokusaiSketch(long memoryBytes, int depth, int logHorizon, TimeUnitSpec unit, long seed) {
    this(seed, unit, new HokusaiBands(depth, HokusaiBands.widthFor(memoryBytes, depth, logHorizon), logHorizon));
  }

  private HokusaiSketch(long seed, TimeUnitSpec unit, HokusaiBands bands) {
    this(seed, unit, bands, HokusaiTables.empty(bands), -1, 0, 0);
  }

  /** A sketch over given tables and totals: new ones, or those {@link HokusaiCodec} read and checked. */
  HokusaiSketch(long seed, TimeUnitSpec unit, HokusaiBands bands, HokusaiTables tables, long now, long total,
      long skipped) {
    super(seed, unit, skipped);
    this.bands = bands;
    this.tables = tables;
    this.now = now;
    this.totalCount = total;
  }

  /** Default depth and horizon, hour units from the epoch, default seed. */
  public static HokusaiSketch create(long memoryBytes) {
    return new HokusaiSketch(memoryBytes, DEFAULT_DEPTH, DEFAULT_LOG_HORIZON, TimeUnitSpec.DEFAULT,
        AdaCountMinSketch.DEFAULT_SEED);
  }

  public static HokusaiSketch fromBytes(byte[] bytes) {
    return SketchFormat.read(bytes, SketchKind.HOKUSAI, HokusaiSketch::readPayload);
  }

  // ---- updates -----------------------------------------------------------------------------------------

  /**
   * Adds a count for an item hash at unit t. All or nothing: the aged state (when t is a new "now") is built aside
   * and every counter the add touches is checked before anything changes, so an overflow leaves the sketch as it was.
   */
  @Override
  public void addHashed(long itemHash, long t, long count) {
    TimeUnitSpec.checkUnit(t);
    if (count < 0 || count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("count " + count + " must be in [0, 2^31 - 1]: Hokusai counters are"
          + " 32-bit; split larger counts into several adds");
    }
    if (count == 0) {
      return;
    }
    long newTotal = Math.addExact(totalCount, count);
    HokusaiTables next = t > now ? tables.agedTo(bands, now, t) : tables;
    long newNow = Math.max(now, t);
    long age = newNow - t;
    int band = bands.bandOf(age);
    int depth = bands.depth;
    int w = bands.widthOf(band);
    int[] table = bands.isTail(age) ? next.tail() : next.units().get(t);
    boolean fresh = table == null;
    if (fresh) {
      table = new int[depth * w];
    }
    int[] cells = this.cells;
    if (cells == null) {
      cells = this.cells = new int[depth];
    }
    for (int r = 0; r < depth; r++) {
      cells[r] = r * w + bands.column(itemHash, r, band);
      HokusaiBands.checkedAdd(table[cells[r]], (int) count); // check every row before raising any
    }
    for (int cell : cells) {
      table[cell] += (int) count;
    }
    if (fresh) {
      next.units().put(t, table);
    }
    tables = next;
    now = newNow;
    totalCount = newTotal;
  }

  // ---- queries -----------------------------------------------------------------------------------------

  public long estimate(long item, long t) {
    return estimateHashed(ItemHash.hash(item, seed()), t);
  }

  public long estimate(String item, long t) {
    return estimateHashed(ItemHash.hash(ItemHash.requireItem(item), seed()), t);
  }

  public long estimate(byte[] item, long t) {
    return estimateHashed(ItemHash.hash(ItemHash.requireItem(item), seed()), t);
  }

  /**
   * Estimated count of the item at time unit t: the row minimum of that unit's folded sketch; 0 for units with no
   * arrivals (exact) and for units after the latest time seen; for units past the horizon, the tail's estimate of
   * the item's count over all of them.
   */
  public long estimateHashed(long itemHash, long t) {
    TimeUnitSpec.checkUnit(t);
    if (now < 0 || t > now) {
      return 0;
    }
    long age = now - t;
    int band = bands.bandOf(age);
    int[] table = bands.isTail(age) ? tables.tail() : tables.units().get(t);
    if (table == null) {
      return 0;
    }
    int w = bands.widthOf(band);
    int min = Integer.MAX_VALUE;
    for (int r = 0; r < bands.depth; r++) {
      min = Math.min(min, table[r * w + bands.column(itemHash, r, band)]);
    }
    return min;
  }

  // ---- state -------------------------------------------------------------------------------------------

  public int depth() {
    return bands.depth;
  }

  /** Full width w of the newest unit's sketch. */
  public int width() {
    return bands.width;
  }

  /** 2^K: units at least this old share the tail sketch. */
  public long horizon() {
    return 1L << bands.logHorizon;
  }

  /** Latest time unit seen (the sketch's "now"), -1 while empty. */
  public long now() {
    return now;
  }

  public long totalCount() {
    return totalCount;
  }

  /** The budget accounted for a full horizon: 4 * depth * counters per row. */
  public long memoryBytes() {
    return 4L * bands.depth * HokusaiBands.countersPerRow(bands.width, bands.logHorizon);
  }

  /** Bytes of counters actually allocated now (units without arrivals take nothing). */
  public long allocatedBytes() {
    return 4L * tables.counters();
  }

  @Override
  public SketchKind kind() {
    return SketchKind.HOKUSAI;
  }

  @Override
  public SketchInfo info() {
    return new SketchInfo(kind().sqlName(), kind().currentVersion(), memoryBytes(), totalCount,
        "depth=" + depth() + ",width=" + width() + ",horizon=" + horizon() + "," + timeUnit().params() + ",seed="
            + seed() + ",skipped=" + skippedCount() + ",now=" + now + ",units=" + tables.units().size());
  }

  // ---- merge -------------------------------------------------------------------------------------------

  @Override
  public void mergeSketch(Sketch other) {
    if (!(other instanceof HokusaiSketch o)) {
      throw new IncompatibleMergeException("cannot merge a hokusai sketch with "
          + (other == null ? "null" : "a " + other.kind().sqlName() + " sketch")
          + ": only sketches of the same kind merge");
    }
    String k = kind().sqlName();
    IncompatibleMergeException.requireEqual(k, "seed", seed(), o.seed());
    IncompatibleMergeException.requireEqual(k, "depth", depth(), o.depth());
    IncompatibleMergeException.requireEqual(k, "horizon", horizon(), o.horizon());
    IncompatibleMergeException.requireEqual(k, "width (memory_kb)", width(), o.width());
    IncompatibleMergeException.requireEqual(k, "time unit in ms", timeUnit().unitMillis(), o.timeUnit().unitMillis());
    IncompatibleMergeException.requireEqual(k, "time origin in ms", timeUnit().originMillis(),
        o.timeUnit().originMillis());
    if (o == this) {
      throw new IllegalArgumentException("cannot merge a hokusai sketch into itself: merge a copy");
    }
    long newTotal = Math.addExact(totalCount, o.totalCount);
    long newSkipped = Math.addExact(skippedCount(), o.skippedCount());
    // The sum is built in new arrays and swapped in at the end: an overflow anywhere leaves this sketch as it was,
    // and o is never changed.
    tables = tables.mergedWith(bands, now, o.tables, o.now);
    now = Math.max(now, o.now);
    totalCount = newTotal;
    setSkippedCount(newSkipped);
  }

  // ---- binary format (layout in HokusaiCodec) ----------------------------------------------------------

  /** The sketch in the {@link SketchFormat} envelope, format version 1 (field by field at HokusaiCodec). */
  @Override
  public byte[] toByteArray() {
    return HokusaiCodec.write(this);
  }

  /** Reads a version-1 payload, validating every parameter and length. */
  public static HokusaiSketch readPayload(ByteBuffer in, int version) {
    return HokusaiCodec.read(in, version);
  }

  @Serial
  private Object writeReplace() {
    return new SerializedSketch<>(toByteArray(), SketchKind.HOKUSAI, HokusaiSketch::readPayload);
  }
}
