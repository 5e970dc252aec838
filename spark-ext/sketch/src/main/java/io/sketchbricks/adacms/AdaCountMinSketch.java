package io.sketchbricks.adacms;

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
 * Ada-CMS, the time-adaptive Count-Min sketch (Shrivastava, König, Bilenko, SIGMOD 2016): counts of (item, time)
 * pairs where recent times are more accurate than old ones. An arrival of {@code count} at time unit t adds
 * {@code f(t) * count} to one counter per row (pre-emphasis); a query divides the row minimum by f(t)
 * (de-emphasis). f is a {@link TimeWeight}: {@code exp:a}, {@code linear:a} or {@code none} (plain Count-Min over
 * (item, t) pairs). Time units come from a {@link TimeUnitSpec} (default: hours since the Unix epoch).
 *
 * <p><b>Memory.</b> Counters are doubles (8 bytes). The budget is split evenly over the dyadic levels:
 * {@code width = floor(memoryBytes / (8 * depth * levels))} counters per row, {@link #memoryBytes()} =
 * {@code 8 * levels * depth * width}. Defaults: depth {@value #DEFAULT_DEPTH}, {@value #DEFAULT_LEVELS} levels
 * (blocks of 1 to 2^16 units). With {@code levels = 1} the whole budget serves point queries.
 *
 * <p><b>Point error bound</b> (Count-Min's bound applied to the f-weighted counts). Let C^t be the total count at
 * time t, ||C||_2 = sqrt(sum_t (C^t)^2) and {@code beta_t = sqrt(sum_{t'<=T} f(t')^2) / f(t)}. With width w and depth
 * d, for any item and t, {@code c <= estimate(item, t) <= c + (e / w) * beta_t * ||C||_2} with probability at least
 * 1 - e^-d. The estimate is never below the true count (up to floating-point rounding, relative 1e-15) and never
 * above {@link #totalCount()}. For {@code exp:a} the bound grows like a^age; for {@code none}, beta = sqrt(T+1).
 *
 * <p><b>Range queries</b> ({@link #estimate(long, long, long)}). Level l is its own d x w table counting blocks of
 * 2^l units; a range splits into O(levels) aligned dyadic blocks plus one per top-level block, never a scan over t.
 * It is never below the true range count and, with probability at least 1 - k e^-d over its k blocks, exceeds it by
 * at most the sum of their point bounds (for f = 1: {@code k * e * totalCount / w}).
 *
 * <p><b>Numerics</b>. Each level keeps its counters scaled by f at its own origin and moves that origin forward (an
 * exact rescale) before they could overflow, so any time up to 2^62 - 1 works; estimates are never Inf or NaN, and
 * times too old for the counters' precision answer the total count, an upper bound.
 *
 * <p>Merging adds counters (after moving both to the later origin), so a merged sketch equals one built from all
 * data in one place up to rounding. The counters, the query walks and the byte layout are package-private classes
 * beside this one (AdaTables, AdaQueries, AdaCodec); the seed, time unit, item overloads of add and skipped count
 * are {@link TimedItemSketch}'s.
 */
public final class AdaCountMinSketch extends TimedItemSketch implements Serializable {
  @Serial
  private static final long serialVersionUID = 1L;

  public static final long DEFAULT_SEED = 0x736B6272L;
  public static final int DEFAULT_DEPTH = 4;
  /** Levels 0..16: one range block covers up to 2^16 units (7.5 years of hours). */
  public static final int DEFAULT_LEVELS = 17;

  /** The levels' counters, with their depth, width and f. */
  final AdaTables tables;
  private long totalCount;
  /** Smallest and largest time unit with arrivals, -1 while empty. */
  private long minT;
  private long maxT;
  /** Block lookups made by queries, for tests of the O(log range) cost. */
  transient long lookups;

  /**
   * @param memoryBytes counter budget, split over levels (see the class comment)
   * @param depth rows per level, 1..32
   * @param levels dyadic levels, 1..48 (1 = point queries only)
   */
  public AdaCountMinSketch(long memoryBytes, int depth, int levels, TimeWeight weight, TimeUnitSpec unit, long seed) {
    this(seed, unit, new AdaTables(depth, AdaTables.widthFor(memoryBytes, depth, levels), levels, weight),
        0, 0, -1, -1);
  }

  /** A sketch over given counters and totals: new ones, or those {@link AdaCodec} read and checked. */
  AdaCountMinSketch(long seed, TimeUnitSpec unit, AdaTables tables, long total, long skipped, long minT, long maxT) {
    super(seed, unit, skipped);
    this.tables = tables;
    this.totalCount = total;
    this.minT = minT;
    this.maxT = maxT;
  }

  /** Default depth, levels, exponential f (a = 1.0015), hour units from the epoch and seed. */
  public static AdaCountMinSketch create(long memoryBytes) {
    return create(memoryBytes, TimeWeight.defaultExponential());
  }

  public static AdaCountMinSketch create(long memoryBytes, TimeWeight weight) {
    return new AdaCountMinSketch(memoryBytes, DEFAULT_DEPTH, DEFAULT_LEVELS, weight, TimeUnitSpec.DEFAULT,
        DEFAULT_SEED);
  }

  /** Reads an Ada-CMS sketch from bytes written by {@link #toByteArray()}. */
  public static AdaCountMinSketch fromBytes(byte[] bytes) {
    return SketchFormat.read(bytes, SketchKind.ADA_CMS, AdaCountMinSketch::readPayload);
  }

  // ---- updates -----------------------------------------------------------------------------------------

  /**
   * Adds a count for an item given by its hash under this sketch's seed ({@link #hashOf(Object)}) at unit t. All or
   * nothing: once the arguments and the total are checked the counters cannot overflow.
   */
  @Override
  public void addHashed(long itemHash, long t, long count) {
    TimeUnitSpec.checkUnit(t);
    if (count < 0) {
      throw new IllegalArgumentException("count " + count + " is negative: Ada sketches count arrivals only");
    }
    if (count == 0) {
      return;
    }
    long newTotal = Math.addExact(totalCount, count);
    tables.add(itemHash, t, count, totalCount > 0);
    totalCount = newTotal;
    if (maxT < 0) {
      minT = t;
      maxT = t;
    } else {
      minT = Math.min(minT, t);
      maxT = Math.max(maxT, t);
    }
  }

  // ---- queries (the walks are in AdaQueries) -----------------------------------------------------------

  public double estimate(long item, long t) {
    return estimateHashed(ItemHash.hash(item, seed()), t);
  }

  public double estimate(String item, long t) {
    return estimateHashed(ItemHash.hash(ItemHash.requireItem(item), seed()), t);
  }

  public double estimate(byte[] item, long t) {
    return estimateHashed(ItemHash.hash(ItemHash.requireItem(item), seed()), t);
  }

  /** Estimated count of the item at time unit t: the row minimum divided by f(t). */
  public double estimateHashed(long itemHash, long t) {
    TimeUnitSpec.checkUnit(t);
    return AdaQueries.point(this, itemHash, t);
  }

  /**
   * The point estimate at time unit t with an interval holding the true count with probability at least
   * {@code confidence} (strictly between 0 and 1): {lower, estimate, upper}. The estimate never undercounts, so
   * upper = estimate; the lower end is Markov's bound on the colliding mass over independent rows. Old times (small
   * f(t) under an exponential f) get wide intervals: the class comment's beta_t.
   */
  public double[] pointBoundsHashed(long itemHash, long t, double confidence) {
    return AdaQueries.pointBounds(this, itemHash, t, confidence);
  }

  /** Estimated total count of the item over time units t1..t2 inclusive (see {@link #estimateRangeHashed}). */
  public double estimate(long item, long t1, long t2) {
    return estimateRangeHashed(ItemHash.hash(item, seed()), t1, t2);
  }

  public double estimate(String item, long t1, long t2) {
    return estimateRangeHashed(ItemHash.hash(ItemHash.requireItem(item), seed()), t1, t2);
  }

  public double estimate(byte[] item, long t1, long t2) {
    return estimateRangeHashed(ItemHash.hash(ItemHash.requireItem(item), seed()), t1, t2);
  }

  /**
   * Estimated total count of the item over time units t1..t2 inclusive, never below the true count; the range is
   * clamped to [{@link #minTime()}, {@link #maxTime()}] first. Cost: at most {@code 2 (levels - 1) + 1 + k} block
   * lookups, k being the top-level blocks (2^(levels-1) units) of the clamped range. Past 4,096 of them (2^15 / depth
   * above depth 8: over 2^28 units at the default 17 levels, or 4,096 units with {@code levels = 1}) it makes no
   * lookups and answers {@link #totalCount()}, an upper bound; no query takes more than about 0.3 ms.
   */
  public double estimateRangeHashed(long itemHash, long t1, long t2) {
    TimeUnitSpec.checkUnit(t1);
    TimeUnitSpec.checkUnit(t2);
    return AdaQueries.range(this, itemHash, t1, t2);
  }

  public double recent(long item, long nowT) {
    return recentHashed(ItemHash.hash(item, seed()), nowT);
  }

  public double recent(String item, long nowT) {
    return recentHashed(ItemHash.hash(ItemHash.requireItem(item), seed()), nowT);
  }

  public double recent(byte[] item, long nowT) {
    return recentHashed(ItemHash.hash(ItemHash.requireItem(item), seed()), nowT);
  }

  /**
   * The forward-decayed weight of an item as seen at time nowT: {@code sum over arrivals at t <= nowT of
   * count * f(t) / f(nowT)} (for {@code exp:a}, an exponentially decayed count with half-life ln 2 / ln a units;
   * for {@code none}, the plain count up to nowT), never an underestimate.
   *
   * <p>Blocks no longer than 1/8 of their age stand for their arrivals, so one of age A counts with at most
   * f(t + A/8) / f(nowT) (for exp: a^(-7A/8) instead of a^-A); everything older than where the walk stops (1e-12 of
   * the result, or its lookup cap of the range query's plus {@code 8 levels}) is added as an upper bound. For a
   * constant f it is the range estimate over [{@link #minTime()}, min(nowT, {@link #maxTime()})].
   */
  public double recentHashed(long itemHash, long nowT) {
    TimeUnitSpec.checkUnit(nowT);
    return AdaQueries.recent(this, itemHash, nowT);
  }

  /** How many top-level blocks a range or recent query looks up at most (see {@link #estimateRangeHashed}). */
  long maxTopBlocks() {
    return AdaQueries.maxTopBlocks(tables.depth);
  }

  // ---- state -------------------------------------------------------------------------------------------

  public int depth() {
    return tables.depth;
  }

  /** Counters per row of each level. */
  public int width() {
    return tables.width;
  }

  public int levels() {
    return tables.levels;
  }

  public TimeWeight weight() {
    return tables.weight;
  }

  /** Sum of all counts added (undecayed). */
  public long totalCount() {
    return totalCount;
  }

  /** Earliest time unit with arrivals, or -1 if none. */
  public long minTime() {
    return minT;
  }

  /** Latest time unit with arrivals, or -1 if none. */
  public long maxTime() {
    return maxT;
  }

  /** Scale origin t0 of a level (its counters are stored divided by f(t0)); 0 unless f is exponential. */
  public long scaleOrigin(int level) {
    return tables.origins[level];
  }

  /** Bytes of counters: 8 * levels * depth * width. */
  public long memoryBytes() {
    return 8L * tables.levels * tables.depth * tables.width;
  }

  @Override
  public SketchKind kind() {
    return SketchKind.ADA_CMS;
  }

  @Override
  public SketchInfo info() {
    return new SketchInfo(kind().sqlName(), kind().currentVersion(), memoryBytes(), totalCount,
        "depth=" + depth() + ",width=" + width() + ",levels=" + levels() + ",f=" + weight() + "," + timeUnit().params()
            + ",seed=" + seed() + ",skipped=" + skippedCount() + ",min_t=" + minT + ",max_t=" + maxT);
  }

  // ---- merge -------------------------------------------------------------------------------------------

  /**
   * Adds other into this sketch. Both must have the same depth, width, levels, f, time unit, origin and seed;
   * their scale origins may differ: each level moves to the later one, rescaling the other side exactly.
   *
   * @throws IncompatibleMergeException naming the first parameter that differs
   */
  @Override
  public void mergeSketch(Sketch other) {
    if (!(other instanceof AdaCountMinSketch o)) {
      throw new IncompatibleMergeException("cannot merge an ada-cms sketch with "
          + (other == null ? "null" : "a " + other.kind().sqlName() + " sketch")
          + ": only sketches of the same kind merge");
    }
    String k = kind().sqlName();
    IncompatibleMergeException.requireEqual(k, "seed", seed(), o.seed());
    IncompatibleMergeException.requireEqual(k, "depth", depth(), o.depth());
    IncompatibleMergeException.requireEqual(k, "levels", levels(), o.levels());
    IncompatibleMergeException.requireEqual(k, "width (memory_kb)", width(), o.width());
    if (!weight().equals(o.weight())) {
      throw new IncompatibleMergeException("cannot merge ada-cms sketches with different time weights f (" + weight()
          + " vs " + o.weight() + "): build both with the same f");
    }
    IncompatibleMergeException.requireEqual(k, "time unit in ms", timeUnit().unitMillis(), o.timeUnit().unitMillis());
    IncompatibleMergeException.requireEqual(k, "time origin in ms", timeUnit().originMillis(),
        o.timeUnit().originMillis());
    long newTotal = Math.addExact(totalCount, o.totalCount);
    long newSkipped = Math.addExact(skippedCount(), o.skippedCount());
    if (o.totalCount == 0) {
      setSkippedCount(newSkipped);
      return;
    }
    tables.mergeFrom(o.tables, totalCount > 0); // all or nothing: throws before changing a counter
    totalCount = newTotal;
    setSkippedCount(newSkipped);
    if (maxT < 0) {
      minT = o.minT;
      maxT = o.maxT;
    } else {
      minT = Math.min(minT, o.minT);
      maxT = Math.max(maxT, o.maxT);
    }
  }

  // ---- binary format (layout in AdaCodec) --------------------------------------------------------------

  /** The sketch in the {@link SketchFormat} envelope, format version 1 (field by field at AdaCodec). */
  @Override
  public byte[] toByteArray() {
    return AdaCodec.write(this);
  }

  /** Reads a version-1 payload, validating every parameter and length (the kind registry's reader). */
  public static AdaCountMinSketch readPayload(ByteBuffer in, int version) {
    return AdaCodec.read(in, version);
  }

  @Serial
  private Object writeReplace() {
    return new SerializedSketch<>(toByteArray(), SketchKind.ADA_CMS, AdaCountMinSketch::readPayload);
  }
}
