package io.sketchbricks.adacms;

import io.sketchbricks.core.CorruptSketchException;
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
import java.util.Map;
import java.util.TreeMap;

/**
 * Hokusai item aggregation (Matusevych, Smola, Ahmed, UAI 2012, Alg. 3), the time-adaptive baseline Ada-CMS is
 * compared with: one Count-Min sketch per past time unit, folded to half its width each time its age passes a
 * power of two, so old units keep fewer counters.
 *
 * <p><b>Layout.</b> The newest unit ("now" is the latest time seen) has full width w; a unit whose age lies in
 * [2^k, 2^(k+1)) has width {@code W(k) = ceil(w / 2^k)}, made by adding the upper half of each row onto the lower
 * half (so a column index at width W(k+1) is the index at width W(k) modulo W(k+1)). Units at least
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
 * the result is identical to a sketch built from all arrivals in one place.
 */
public final class HokusaiSketch implements Sketch, Serializable {
  @Serial
  private static final long serialVersionUID = 1L;

  public static final int DEFAULT_DEPTH = 4;
  public static final int DEFAULT_LOG_HORIZON = 12;
  static final int MAX_DEPTH = 32;
  static final int MAX_LOG_HORIZON = 30;

  private final long seed;
  private final int depth;
  private final int width;
  private final int logHorizon;
  private final TimeUnitSpec unit;
  /** Per-unit tables keyed by time unit; a table's width follows the unit's age. */
  private TreeMap<Long, int[]> units = new TreeMap<>();
  private int[] tail;
  private long now = -1;
  /** Scratch for an add's cells, all checked before any is raised (sketches are single-threaded). */
  private transient int[] cells;
  private long totalCount;
  private long skipped;

  /**
   * @param memoryBytes counter budget for the full horizon (see the class comment)
   * @param logHorizon K: units older than 2^K share the tail sketch, 1..30
   */
  public HokusaiSketch(long memoryBytes, int depth, int logHorizon, TimeUnitSpec unit, long seed) {
    this(seed, depth, widthFor(memoryBytes, depth, logHorizon), logHorizon, unit);
  }

  private HokusaiSketch(long seed, int depth, int width, int logHorizon, TimeUnitSpec unit) {
    if (unit == null) {
      throw new IllegalArgumentException("time unit must not be null");
    }
    this.seed = seed;
    this.depth = depth;
    this.width = width;
    this.logHorizon = logHorizon;
    this.unit = unit;
    this.tail = new int[depth * widthAt(width, logHorizon)];
  }

  /** Default depth and horizon, hour units from the epoch, default seed. */
  public static HokusaiSketch create(long memoryBytes) {
    return new HokusaiSketch(memoryBytes, DEFAULT_DEPTH, DEFAULT_LOG_HORIZON, TimeUnitSpec.DEFAULT,
        AdaCountMinSketch.DEFAULT_SEED);
  }

  public static HokusaiSketch fromBytes(byte[] bytes) {
    return SketchFormat.read(bytes, SketchKind.HOKUSAI, HokusaiSketch::readPayload);
  }

  /** Counters per row when every unit of the horizon is present. */
  static long countersPerRow(long w, int logHorizon) {
    long sum = w; // age 0
    for (int k = 0; k < logHorizon; k++) {
      sum += (1L << k) * widthAt(w, k);
    }
    return sum + widthAt(w, logHorizon);
  }

  static int widthAt(long w, int band) {
    return (int) (((w - 1) >> band) + 1);
  }

  private static int widthFor(long memoryBytes, int depth, int logHorizon) {
    if (depth < 1 || depth > MAX_DEPTH) {
      throw new IllegalArgumentException("depth " + depth + " must be in [1, " + MAX_DEPTH + "]");
    }
    if (logHorizon < 1 || logHorizon > MAX_LOG_HORIZON) {
      throw new IllegalArgumentException("log2 of the horizon " + logHorizon + " must be in [1, " + MAX_LOG_HORIZON
          + "]: the sketch keeps 2^K past units apart");
    }
    long perRow = memoryBytes / (4L * depth);
    if (countersPerRow(1, logHorizon) > perRow) {
      throw new IllegalArgumentException("memory budget of " + memoryBytes + " bytes cannot hold a horizon of 2^"
          + logHorizon + " units: give at least " + 4L * depth * countersPerRow(1, logHorizon)
          + " bytes, or a shorter horizon");
    }
    long lo = 1;
    long hi = Math.min(perRow, (Integer.MAX_VALUE - 8) / depth);
    while (lo < hi) { // largest w with countersPerRow(w) <= perRow; countersPerRow grows with w
      long mid = (lo + hi + 1) >>> 1;
      if (countersPerRow(mid, logHorizon) <= perRow) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return (int) lo;
  }

  // ---- updates -----------------------------------------------------------------------------------------

  public void add(long item, long t, long count) {
    addHashed(ItemHash.hash(item, seed), t, count);
  }

  public void add(String item, long t, long count) {
    addHashed(ItemHash.hash(ItemHash.requireItem(item), seed), t, count);
  }

  public void add(byte[] item, long t, long count) {
    addHashed(ItemHash.hash(ItemHash.requireItem(item), seed), t, count);
  }

  /** Like {@link AdaCountMinSketch#addNullable}: null or empty items and null times are skipped and counted. */
  public void addNullable(Object item, Long timeMillis, long count) {
    if (timeMillis == null || ItemHash.isMissing(item)) {
      skipped = Math.incrementExact(skipped);
      return;
    }
    addHashed(ItemHash.hashObject(item, seed), unit.unitOf(timeMillis), count);
  }

  /**
   * Adds a count for an item hash at unit t. All or nothing: the aged state (when t is a new "now") is built aside
   * and every counter the add touches is checked before anything changes, so an overflow leaves the sketch as it was.
   */
  public void addHashed(long itemHash, long t, long count) {
    checkTime(t);
    if (count < 0 || count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("count " + count + " must be in [0, 2^31 - 1]: Hokusai counters are"
          + " 32-bit; split larger counts into several adds");
    }
    if (count == 0) {
      return;
    }
    long newTotal = Math.addExact(totalCount, count);
    Aged next = t > now ? advanced(t) : new Aged(units, tail);
    long newNow = Math.max(now, t);
    long age = newNow - t;
    int band = bandOf(age);
    int w = widthAt(width, band);
    int[] table = isTail(age) ? next.tail : next.units.get(t);
    boolean fresh = table == null;
    if (fresh) {
      table = new int[depth * w];
    }
    int[] cells = this.cells;
    if (cells == null) {
      cells = this.cells = new int[depth];
    }
    for (int r = 0; r < depth; r++) {
      cells[r] = r * w + column(itemHash, r, band);
      checkedAdd(table[cells[r]], (int) count); // check every row before raising any
    }
    for (int cell : cells) {
      table[cell] += (int) count;
    }
    if (fresh) {
      next.units.put(t, table);
    }
    units = next.units;
    tail = next.tail;
    now = newNow;
    totalCount = newTotal;
  }

  /** Units and tail as of some "now"; built aside so that a failing add or merge changes nothing. */
  private record Aged(TreeMap<Long, int[]> units, int[] tail) {}

  /**
   * The units and tail aged to a new "now": tables passing a power of two are folded into new arrays, those past the
   * horizon are added into a copy of the tail. This sketch is not changed; unchanged tables are shared.
   */
  private Aged advanced(long newNow) {
    TreeMap<Long, int[]> next = new TreeMap<>();
    int[] nextTail = tail;
    if (now >= 0) {
      for (Map.Entry<Long, int[]> e : units.entrySet()) {
        long u = e.getKey();
        int from = bandOf(now - u);
        if (isTail(newNow - u)) {
          if (nextTail == tail) {
            nextTail = tail.clone();
          }
          addInto(nextTail, fold(e.getValue(), from, logHorizon));
        } else {
          int to = bandOf(newNow - u);
          next.put(u, to > from ? fold(e.getValue(), from, to) : e.getValue());
        }
      }
    }
    return new Aged(next, nextTail);
  }

  /** Folds a table of band {@code from} down to band {@code to} (a new array; the input is not changed). */
  private int[] fold(int[] table, int from, int to) {
    for (int k = from; k < to; k++) {
      int oldW = widthAt(width, k);
      int newW = widthAt(width, k + 1);
      int[] folded = new int[depth * newW];
      for (int r = 0; r < depth; r++) {
        for (int i = 0; i < oldW; i++) {
          int j = r * newW + (i < newW ? i : i - newW);
          folded[j] = checkedAdd(folded[j], table[r * oldW + i]);
        }
      }
      table = folded;
    }
    return table;
  }

  private static void addInto(int[] target, int[] source) {
    for (int i = 0; i < target.length; i++) {
      target[i] = checkedAdd(target[i], source[i]);
    }
  }

  /** The column of an item's row at the width of a band: the full-width index folded down band by band. */
  private int column(long itemHash, int r, int band) {
    int i = ItemHash.index(ItemHash.row(itemHash, r), width);
    for (int k = 1; k <= band; k++) {
      i %= widthAt(width, k);
    }
    return i;
  }

  private boolean isTail(long age) {
    return age >= (1L << logHorizon);
  }

  /** Band k holds ages [2^k, 2^(k+1)); age 0 shares band 0's full width; the tail is band K. */
  private int bandOf(long age) {
    if (isTail(age)) {
      return logHorizon;
    }
    return age <= 1 ? 0 : 63 - Long.numberOfLeadingZeros(age);
  }

  // ---- queries -----------------------------------------------------------------------------------------

  public long estimate(long item, long t) {
    return estimateHashed(ItemHash.hash(item, seed), t);
  }

  public long estimate(String item, long t) {
    return estimateHashed(ItemHash.hash(ItemHash.requireItem(item), seed), t);
  }

  public long estimate(byte[] item, long t) {
    return estimateHashed(ItemHash.hash(ItemHash.requireItem(item), seed), t);
  }

  /**
   * Estimated count of the item at time unit t: the row minimum of that unit's folded sketch; 0 for units with no
   * arrivals (exact) and for units after the latest time seen; for units past the horizon, the tail's estimate of
   * the item's count over all of them.
   */
  public long estimateHashed(long itemHash, long t) {
    checkTime(t);
    if (now < 0 || t > now) {
      return 0;
    }
    long age = now - t;
    int band = bandOf(age);
    int[] table = isTail(age) ? tail : units.get(t);
    if (table == null) {
      return 0;
    }
    int w = widthAt(width, band);
    int min = Integer.MAX_VALUE;
    for (int r = 0; r < depth; r++) {
      min = Math.min(min, table[r * w + column(itemHash, r, band)]);
    }
    return min;
  }

  // ---- state -------------------------------------------------------------------------------------------

  public long seed() {
    return seed;
  }

  public int depth() {
    return depth;
  }

  /** Full width w of the newest unit's sketch. */
  public int width() {
    return width;
  }

  /** 2^K: units at least this old share the tail sketch. */
  public long horizon() {
    return 1L << logHorizon;
  }

  public TimeUnitSpec timeUnit() {
    return unit;
  }

  /** Latest time unit seen (the sketch's "now"), -1 while empty. */
  public long now() {
    return now;
  }

  public long totalCount() {
    return totalCount;
  }

  public long skippedCount() {
    return skipped;
  }

  /** The budget accounted for a full horizon: 4 * depth * counters per row. */
  public long memoryBytes() {
    return 4L * depth * countersPerRow(width, logHorizon);
  }

  /** Bytes of counters actually allocated now (units without arrivals take nothing). */
  public long allocatedBytes() {
    long n = tail.length;
    for (int[] t : units.values()) {
      n += t.length;
    }
    return 4L * n;
  }

  @Override
  public SketchKind kind() {
    return SketchKind.HOKUSAI;
  }

  @Override
  public SketchInfo info() {
    return new SketchInfo(kind().sqlName(), kind().currentVersion(), memoryBytes(), totalCount,
        "depth=" + depth + ",width=" + width + ",horizon=" + horizon() + "," + unit.params() + ",seed=" + seed
            + ",skipped=" + skipped + ",now=" + now + ",units=" + units.size());
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
    IncompatibleMergeException.requireEqual(k, "seed", seed, o.seed);
    IncompatibleMergeException.requireEqual(k, "depth", depth, o.depth);
    IncompatibleMergeException.requireEqual(k, "horizon", horizon(), o.horizon());
    IncompatibleMergeException.requireEqual(k, "width (memory_kb)", width, o.width);
    IncompatibleMergeException.requireEqual(k, "time unit in ms", unit.unitMillis(), o.unit.unitMillis());
    IncompatibleMergeException.requireEqual(k, "time origin in ms", unit.originMillis(), o.unit.originMillis());
    if (o == this) {
      throw new IllegalArgumentException("cannot merge a hokusai sketch into itself: merge a copy");
    }
    long newTotal = Math.addExact(totalCount, o.totalCount);
    long newSkipped = Math.addExact(skipped, o.skipped);
    // Merge into new arrays (aged units, a tail copy, fresh sums) and swap them in at the end: an overflow
    // anywhere leaves this sketch as it was, and o is never changed.
    Aged next = o.now > now ? advanced(o.now) : new Aged(new TreeMap<>(units), tail);
    long newNow = Math.max(now, o.now);
    int[] nextTail = next.tail == tail ? tail.clone() : next.tail;
    for (Map.Entry<Long, int[]> e : o.units.entrySet()) {
      long u = e.getKey();
      int from = o.bandOf(o.now - u);
      int to = bandOf(newNow - u);
      int[] folded = fold(e.getValue(), from, to);
      if (isTail(newNow - u)) {
        addInto(nextTail, folded);
      } else {
        int[] mine = next.units.get(u);
        int[] sum = folded == e.getValue() ? folded.clone() : folded;
        if (mine != null) {
          addInto(sum, mine);
        }
        next.units.put(u, sum);
      }
    }
    addInto(nextTail, o.tail);
    units = next.units;
    tail = nextTail;
    now = newNow;
    totalCount = newTotal;
    skipped = newSkipped;
  }

  // ---- binary format -----------------------------------------------------------------------------------

  /**
   * Format version 1, little-endian: seed, totalCount, skipped (longs); unit ms, origin ms (longs); depth, width,
   * K (ints); now (long, -1 when empty); the number of units (int); per unit in increasing time its unit index
   * (long) and depth x W(band of its age) counters (ints); then the tail's depth x W(K) counters.
   */
  @Override
  public byte[] toByteArray() {
    long size = 8 * 5 + 4 * 3 + 8 + 4 + 4L * tail.length;
    for (int[] t : units.values()) {
      size += 8 + 4L * t.length;
    }
    if (size > Integer.MAX_VALUE - 64) {
      throw new IllegalStateException("sketch of " + size + " bytes is over the 2 GiB limit of one byte array");
    }
    return SketchFormat.write(kind(), (int) size, out -> {
      out.putLong(seed).putLong(totalCount).putLong(skipped);
      out.putLong(unit.unitMillis()).putLong(unit.originMillis());
      out.putInt(depth).putInt(width).putInt(logHorizon);
      out.putLong(now).putInt(units.size());
      for (Map.Entry<Long, int[]> e : units.entrySet()) {
        out.putLong(e.getKey());
        putInts(out, e.getValue());
      }
      putInts(out, tail);
    });
  }

  private static void putInts(ByteBuffer out, int[] values) {
    out.asIntBuffer().put(values);
    out.position(out.position() + 4 * values.length);
  }

  public static HokusaiSketch readPayload(ByteBuffer in, int version) {
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
    int depth = SketchFormat.readInt(in, "depth", 1, MAX_DEPTH);
    int width = SketchFormat.readInt(in, "width", 1, (Integer.MAX_VALUE - 8) / depth);
    int logHorizon = SketchFormat.readInt(in, "log2 horizon", 1, MAX_LOG_HORIZON);
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
    long tailInts = (long) depth * widthAt(width, logHorizon);
    long leastBytes = 4 * tailInts + count * (8 + 4 * tailInts);
    if (leastBytes > in.remaining()) {
      throw new CorruptSketchException("hokusai sketch declares " + count + " units and a tail of " + depth + " x "
          + widthAt(width, logHorizon) + " counters, at least " + leastBytes + " bytes, but holds " + in.remaining()
          + " (truncated?)");
    }
    HokusaiSketch s = new HokusaiSketch(seed, depth, width, logHorizon, unit);
    long previous = -1;
    for (int n = 0; n < count; n++) {
      long u = in.getLong();
      if (u <= previous || u > now || s.isTail(now - u)) {
        throw new CorruptSketchException("hokusai sketch has unit " + u + " out of order or outside its horizon"
            + " (now = " + now + ")");
      }
      previous = u;
      int[] table = readInts(in, depth * widthAt(width, s.bandOf(now - u)), total);
      s.units.put(u, table);
    }
    s.tail = readInts(in, s.tail.length, total);
    s.now = now;
    s.totalCount = total;
    s.skipped = skipped;
    return s;
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

  @Serial
  private Object writeReplace() {
    return new SerializedSketch<>(toByteArray(), SketchKind.HOKUSAI, HokusaiSketch::readPayload);
  }

  // ---- helpers -----------------------------------------------------------------------------------------

  private static int checkedAdd(int counter, int count) {
    int sum = counter + count;
    if (((counter ^ sum) & (count ^ sum)) < 0) {
      throw new ArithmeticException("a hokusai counter passed 2^31-1: more than 2 billion arrivals share one cell;"
          + " build sketches over smaller windows or with more memory");
    }
    return sum;
  }

  private static void checkTime(long t) {
    if (t < 0 || t > TimeUnitSpec.MAX_UNIT) {
      throw new IllegalArgumentException("time unit " + t + " is outside [0, 2^62 - 1]: convert event times with"
          + " TimeUnitSpec.unitOf, which counts units from the sketch origin");
    }
  }

}
