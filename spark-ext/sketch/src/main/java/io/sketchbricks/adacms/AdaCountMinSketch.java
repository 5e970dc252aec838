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
import java.util.Arrays;

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
 * <p><b>Range queries</b> ({@link #estimate(long, long, long)}). Level l is its own d x w table keyed by
 * (item, t >> l), so it counts blocks of 2^l units; an arrival at t is added to its block at every level with the
 * weight f(start of block). A range [t1, t2], clamped to the span [minTime, maxTime] that holds arrivals, splits
 * greedily into aligned dyadic blocks: at most {@code 2 (levels - 1) + 1 + k} block lookups for the k top-level
 * blocks (2^(levels-1) units) of the clamped range, never a scan over t (past {@value #MAX_RANGE_BLOCKS} top
 * blocks, fewer for depths above 8, the answer is the total count, an upper bound; see
 * {@link #estimateRangeHashed}). The range
 * estimate is the sum of the block estimates, so it is never below the true range count and, with probability at
 * least 1 - k e^-d over its k blocks, exceeds it by at most the sum of the k blocks' point bounds (for f = 1:
 * {@code k * e * totalCount / w}).
 *
 * <p><b>Numerics</b>. a^t overflows double at t ~ 473,500 for a = 1.0015, which hour units from the
 * epoch pass. So each level stores its counters scaled by g = a^t0 for its own origin t0 and weighs an arrival by
 * {@code exp((t - t0) ln a)}. When an arrival's exponent would pass {@value #RENORM_LOG} the level moves t0 to
 * that arrival's block and multiplies all its counters by {@code a^(old t0 - new t0)}: an exact change of scale
 * up to one rounding per counter. Counters stay below e^(64+44) whatever the time (tested to t = 10^9 units).
 * Contributions whose weight drops below 2^-960 (about 443,000 units of age for a = 1.0015, where beta_t is
 * already e^665 times Count-Min's) are never dropped to zero, but their estimates are reported as the total count:
 * an honest upper bound instead of a wrong small number. Estimates are never Inf or NaN.
 *
 * <p>Merging adds counters (after moving both to the later origin), so a merged sketch equals one built from all
 * data in one place up to rounding.
 */
public final class AdaCountMinSketch implements Sketch, Serializable {
  @Serial
  private static final long serialVersionUID = 1L;

  public static final long DEFAULT_SEED = 0x736B6272L;
  public static final int DEFAULT_DEPTH = 4;
  /** Levels 0..16: one range block covers up to 2^16 units (7.5 years of hours). */
  public static final int DEFAULT_LEVELS = 17;
  static final int MAX_DEPTH = 32;
  static final int MAX_LEVELS = 48;
  /** An exponent ln(f(t)/g) above this triggers a renormalisation: counters stay far from double overflow. */
  static final double RENORM_LOG = 64.0;
  /** Weights below this are beyond the precision the counters can hold for a time: such estimates are capped. */
  static final double MIN_WEIGHT = 0x1p-960;
  /** {@link #recent} uses blocks at most 1/RECENT_AGE_RATIO as long as their age, to bound its decay error. */
  static final long RECENT_AGE_RATIO = 8;
  /** {@link #recent} stops once everything older could add at most this fraction of its result. */
  static final double RECENT_TAIL_EPS = 1e-12;
  /**
   * Range and recent queries look up at most this many top-level blocks (besides O(levels) smaller ones), and at
   * most {@link #MAX_RANGE_CELLS} counters in them ({@link #maxTopBlocks()}); beyond, they answer an upper bound
   * from the total count. The sketch holds nothing coarser than a top block, so a longer span has no cheaper answer
   * from its counters. 2^12 blocks cover 2^28 units (30,000 years of hours) at the default 17 levels.
   */
  static final long MAX_RANGE_BLOCKS = 1L << 12;
  /**
   * The counters those top blocks may read: a lookup costs about 2.5 to 3 ns a row plus 15 to 25 ns for the block
   * (measured on a loaded 2-core machine), so deep sketches get fewer blocks (2^15 / depth: 1,024 at depth 32) and
   * the worst query stays at about 0.3 ms or less at every depth (72 such queries took 6 to 21 ms of CPU).
   */
  static final long MAX_RANGE_CELLS = 1L << 15;

  private final long seed;
  private final int depth;
  private final int width;
  private final int levels;
  private final TimeWeight weight;
  private final TimeUnitSpec unit;
  /** tables[l] holds level l's depth x width counters, row-major. */
  private final double[][] tables;
  /** origins[l] is level l's scale origin t0: its counters are stored divided by f(t0) (exponential f only). */
  private final long[] origins;
  private long totalCount;
  private long skipped;
  /** Smallest and largest time unit with arrivals, -1 while empty. */
  private long minT = -1;
  private long maxT = -1;

  // Weight of the last block start seen per level: streams repeat the same t, and exp() is the costly part.
  private transient long[] cachedStart;
  private transient double[] cachedWeight;
  /** Block lookups made by queries, for tests of the O(log range) cost. */
  transient long lookups;

  /**
   * @param memoryBytes counter budget, split over levels (see the class comment)
   * @param depth rows per level, 1..32
   * @param levels dyadic levels, 1..48 (1 = point queries only)
   */
  public AdaCountMinSketch(long memoryBytes, int depth, int levels, TimeWeight weight, TimeUnitSpec unit, long seed) {
    this(seed, depth, checkedWidth(memoryBytes, depth, levels), levels, weight, unit);
  }

  private AdaCountMinSketch(long seed, int depth, int width, int levels, TimeWeight weight, TimeUnitSpec unit) {
    if (weight == null || unit == null) {
      throw new IllegalArgumentException("time weight and time unit must not be null");
    }
    this.seed = seed;
    this.depth = depth;
    this.width = width;
    this.levels = levels;
    this.weight = weight;
    this.unit = unit;
    this.tables = new double[levels][depth * width];
    this.origins = new long[levels];
    initCache();
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

  private static int checkedWidth(long memoryBytes, int depth, int levels) {
    if (depth < 1 || depth > MAX_DEPTH) {
      throw new IllegalArgumentException("depth " + depth + " must be in [1, " + MAX_DEPTH + "]");
    }
    if (levels < 1 || levels > MAX_LEVELS) {
      throw new IllegalArgumentException("levels " + levels + " must be in [1, " + MAX_LEVELS + "]: level l answers"
          + " blocks of 2^l units (1 level = point queries only)");
    }
    long w = memoryBytes / (8L * depth * levels);
    if (w < 1) {
      throw new IllegalArgumentException("memory budget of " + memoryBytes + " bytes is too small for " + levels
          + " levels x " + depth + " rows of 8-byte counters: give at least " + (8L * depth * levels)
          + " bytes, or fewer levels");
    }
    if (w * depth > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("memory budget of " + memoryBytes + " bytes gives one level more than"
          + " 2^31 counters: use more levels or a smaller budget");
    }
    return (int) w;
  }

  private void initCache() {
    cachedStart = new long[levels];
    cachedWeight = new double[levels];
    Arrays.fill(cachedStart, -1L);
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

  /**
   * Adds a boxed item at an event time in epoch milliseconds, as the SQL aggregates do: a null or empty item or a
   * null time is not added but counted in {@link #skippedCount()}.
   *
   * @throws IllegalArgumentException if the time is before the origin of the time unit
   */
  public void addNullable(Object item, Long timeMillis, long count) {
    if (timeMillis == null || ItemHash.isMissing(item)) {
      skipped = Math.incrementExact(skipped);
      return;
    }
    addHashed(ItemHash.hashObject(item, seed), unit.unitOf(timeMillis), count);
  }

  /**
   * Adds a count for an item given by its hash under this sketch's seed ({@link #hashOf(Object)}) at unit t.
   *
   * <p>Nothing can fail once the arguments and the total are checked: an added amount is at most count x the
   * largest weight (e^{@value #RENORM_LOG} after renormalisation, or 10^12 (2^62 + 1) for a linear f), about 10^50,
   * far below the half-ulp of the largest double (about 10^292), so even a counter at Double.MAX_VALUE stays finite;
   * and a renormalisation only shrinks counters.
   */
  public void addHashed(long itemHash, long t, long count) {
    checkTime(t);
    if (count < 0) {
      throw new IllegalArgumentException("count " + count + " is negative: Ada sketches count arrivals only");
    }
    if (count == 0) {
      return;
    }
    long newTotal = Math.addExact(totalCount, count);
    for (int l = 0; l < levels; l++) {
      long block = t >> l;
      long start = block << l;
      if (weight.rescales() && (start - origins[l]) * weight.lnA() > RENORM_LOG) {
        renormalize(l, start);
      }
      // A weight that underflowed still adds a positive amount, so the cell never reads as "no arrivals".
      double add = count * Math.max(weightOf(l, start), Double.MIN_NORMAL);
      double[] table = tables[l];
      long key = key(itemHash, l, block);
      for (int r = 0, base = 0; r < depth; r++, base += width) {
        table[base + ItemHash.index(ItemHash.row(key, r), width)] += add;
      }
    }
    totalCount = newTotal;
    if (maxT < 0) {
      minT = t;
      maxT = t;
    } else {
      minT = Math.min(minT, t);
      maxT = Math.max(maxT, t);
    }
  }

  /** The item's hash under this sketch's seed, for callers that add or query one item many times. */
  public long hashOf(Object item) {
    return ItemHash.hashObject(item, seed);
  }

  /** The time unit index of an event time (see {@link TimeUnitSpec#unitOf(long)}). */
  public long unitOf(long eventTimeMillis) {
    return unit.unitOf(eventTimeMillis);
  }

  /**
   * Moves level l's scale origin forward to newOrigin, multiplying its counters by f(old)/f(new) = a^(old - new).
   * Positive counters that would fall below the smallest normal double are kept at it: one-sidedness needs a cell
   * that received arrivals to stay positive.
   */
  private void renormalize(int l, long newOrigin) {
    if (totalCount > 0) {
      scale(tables[l], weight.relative(origins[l], newOrigin));
    }
    origins[l] = newOrigin;
    cachedStart[l] = -1;
  }

  private static void scale(double[] table, double factor) {
    for (int i = 0; i < table.length; i++) {
      double v = table[i];
      if (v > 0) {
        table[i] = Math.max(v * factor, Double.MIN_NORMAL);
      }
    }
  }

  private double weightOf(int l, long start) {
    if (cachedStart[l] != start) {
      cachedWeight[l] = weight.relative(start, origins[l]);
      cachedStart[l] = start;
    }
    return cachedWeight[l];
  }

  /** Level 0 keys are ItemHash.withTime(item, t); higher levels are salted so their collisions are independent. */
  private static long key(long itemHash, int level, long block) {
    long k = ItemHash.withTime(itemHash, block);
    return level == 0 ? k : ItemHash.mix(k + level * 0x9E3779B97F4A7C15L);
  }

  // ---- queries -----------------------------------------------------------------------------------------

  public double estimate(long item, long t) {
    return estimateHashed(ItemHash.hash(item, seed), t);
  }

  public double estimate(String item, long t) {
    return estimateHashed(ItemHash.hash(ItemHash.requireItem(item), seed), t);
  }

  public double estimate(byte[] item, long t) {
    return estimateHashed(ItemHash.hash(ItemHash.requireItem(item), seed), t);
  }

  /** Estimated count of the item at time unit t: the row minimum divided by f(t). */
  public double estimateHashed(long itemHash, long t) {
    checkTime(t);
    return Math.min(blockEstimate(itemHash, 0, t), totalCount);
  }

  /**
   * The point estimate at time unit t with an interval holding the true count with probability at least
   * {@code confidence} (strictly between 0 and 1): {lower, estimate, upper}. The estimate never undercounts, so
   * upper = estimate. For the lower end: at level 0 every arrival lands once in each row with weight f(t'), so the
   * colliding mass in the item's cell of a row, divided by f(t), has mean at most {@code M / (w f(t))} for the row's
   * total mass M; by Markov and independent rows, P(every row exceeds the count by s or more) is at most
   * {@code (M / (w f(t) s))^d}, which is {@code 1 - confidence} at {@code s = M / (w f(t) (1 - confidence)^(1/d))}.
   * Old times (small f(t) under an exponential f) get wide intervals: the class comment's beta_t.
   */
  public double[] pointBoundsHashed(long itemHash, long t, double confidence) {
    io.sketchbricks.frequency.EstimateBounds.checkConfidence(confidence);
    double estimate = estimateHashed(itemHash, t);
    double rowMass = 0;
    for (int c = 0; c < width; c++) {
      rowMass += tables[0][c];
    }
    double ft = weightOf(0, t);
    double slack = ft < MIN_WEIGHT ? Double.POSITIVE_INFINITY
        : rowMass / (ft * width * Math.pow(1 - confidence, 1.0 / depth));
    return new double[] {Math.max(0, estimate - slack), estimate, estimate};
  }

  /**
   * Estimated total count of the item over time units t1..t2 inclusive (see the class comment; cost and worst case
   * at {@link #estimateRangeHashed}).
   */
  public double estimate(long item, long t1, long t2) {
    return estimateRangeHashed(ItemHash.hash(item, seed), t1, t2);
  }

  public double estimate(String item, long t1, long t2) {
    return estimateRangeHashed(ItemHash.hash(ItemHash.requireItem(item), seed), t1, t2);
  }

  public double estimate(byte[] item, long t1, long t2) {
    return estimateRangeHashed(ItemHash.hash(ItemHash.requireItem(item), seed), t1, t2);
  }

  /**
   * Estimated total count of the item over time units t1..t2 inclusive (see the class comment).
   *
   * <p>The range is first clamped to [{@link #minTime()}, {@link #maxTime()}], the units that hold arrivals: blocks
   * outside hold none, so this only drops collision noise, and the answer equals that of the clamped range. Cost: at
   * most {@code 2 (levels - 1) + 1 + k} block lookups of {@code depth} cells each, k being the number of top-level
   * blocks (2^(levels-1) units) in the clamped range, whatever t1 and t2 are. Worst case: when k would pass
   * {@link #maxTopBlocks()} (4,096 up to depth 8, 2^15 / depth above: a held span of over 2^28 units at the default
   * 17 levels and depth 4, i.e. 30,000 years of hours or 3 days of milliseconds; 4,096 units with
   * {@code levels = 1}; or a crafted sketch) it makes no lookups and answers {@link #totalCount()}, an upper bound;
   * so no call makes more than {@code 2 (levels - 1) + 1 + maxTopBlocks()} lookups (measured at 0.3 ms or less).
   */
  public double estimateRangeHashed(long itemHash, long t1, long t2) {
    checkTime(t1);
    checkTime(t2);
    if (t1 > t2) {
      throw new IllegalArgumentException("range start " + t1 + " is after its end " + t2 + ": give t1 <= t2");
    }
    long lo = Math.max(t1, minT);
    long hi = Math.min(t2, maxT);
    if (maxT < 0 || lo > hi) {
      return 0.0; // no arrivals in the range: exact
    }
    if ((hi - lo + 1) >> (levels - 1) > maxTopBlocks()) {
      return totalCount;
    }
    double sum = 0;
    for (long s = lo; s <= hi; ) {
      int l = largestBlock(s, hi - s + 1);
      sum += blockEstimate(itemHash, l, s >> l);
      s += 1L << l;
    }
    return Math.min(sum, totalCount);
  }

  /** The largest level whose block starting at s is aligned and fits in {@code remaining} units. */
  private int largestBlock(long s, long remaining) {
    int l = Math.min(levels - 1, 63 - Long.numberOfLeadingZeros(remaining));
    return s == 0 ? l : Math.min(l, Long.numberOfTrailingZeros(s));
  }

  public double recent(long item, long nowT) {
    return recentHashed(ItemHash.hash(item, seed), nowT);
  }

  public double recent(String item, long nowT) {
    return recentHashed(ItemHash.hash(ItemHash.requireItem(item), seed), nowT);
  }

  public double recent(byte[] item, long nowT) {
    return recentHashed(ItemHash.hash(ItemHash.requireItem(item), seed), nowT);
  }

  /**
   * The forward-decayed weight of an item as seen at time nowT: {@code sum over arrivals at t <= nowT of
   * count * f(t) / f(nowT)} (for {@code exp:a}, an exponentially decayed count with half-life ln 2 / ln a units;
   * for {@code none}, the plain count up to nowT).
   *
   * <p>It walks back from nowT over dyadic blocks no longer than 1/8 of their age, weighing each block's estimated
   * count by f(block end) / f(nowT). So it is never an underestimate; beyond the point errors of its blocks, an
   * arrival of age A counts with at most f(t + A/8) / f(nowT) instead of f(t) / f(nowT) (for exp: a^(-7A/8)
   * instead of a^-A). It stops once all arrivals of the sketch, if they were older, would add less than 1e-12 of
   * the result, and adds that bound.
   *
   * <p>For a constant f ({@code none}, {@code exp:1}) every factor is 1 and the answer is the range estimate over
   * [{@link #minTime()}, min(nowT, {@link #maxTime()})], with its cost and worst case: fewer blocks than the walk,
   * so also less collision error.
   *
   * <p>Otherwise the walk starts at min(nowT, {@link #maxTime()}) (later units hold no arrivals) and ends at
   * {@link #minTime()}. Cost: at most about {@code 8 levels} block lookups of {@code depth} cells each, plus one per
   * 2^(levels-1) units of the span [minTime, min(nowT, maxTime)] the sketch holds. Worst case (a slowly decaying
   * or linear f over a held span of more top blocks than {@link #maxTopBlocks()}, or a crafted sketch): never more
   * than {@code maxTopBlocks() + 8 levels} lookups; there it stops and adds
   * {@code totalCount * f(e) / f(nowT)} for everything at or before the last block end e, an upper bound like the
   * 1e-12 stop (for exp:a the added part is a^-(nowT - e) of the total, so a fast decay loses nothing; for
   * linear f it is (e + 1) / (nowT + 1) of the total).
   */
  public double recentHashed(long itemHash, long nowT) {
    checkTime(nowT);
    if (maxT < 0 || nowT < minT) {
      return 0.0;
    }
    long e = Math.min(nowT, maxT);
    if (weight.isConstant()) {
      return estimateRangeHashed(itemHash, minT, e); // every decay factor is 1: the plain count up to nowT
    }
    double sum = 0;
    double endDecay = weight.decay(e, nowT);
    for (long lookupsLeft = maxTopBlocks() + 8L * levels; ; ) {
      int l = Math.min(levels - 1, Long.numberOfTrailingZeros(e + 1));
      l = Math.min(l, 63 - Long.numberOfLeadingZeros(1 + (nowT - e) / RECENT_AGE_RATIO));
      long start = e + 1 - (1L << l);
      double count = blockEstimate(itemHash, l, start >> l);
      if (count > 0) {
        sum += count * endDecay;
      }
      e = start - 1;
      if (e < minT) {
        break;
      }
      endDecay = weight.decay(e, nowT); // f is non-decreasing: the largest factor of everything at or before e
      double tail = totalCount * endDecay;
      if (tail <= RECENT_TAIL_EPS * Math.max(sum, 1.0) || --lookupsLeft <= 0) {
        sum += tail;
        break;
      }
    }
    return Math.min(sum, totalCount);
  }

  /**
   * How many top-level blocks a range or recent query looks up at most: {@value #MAX_RANGE_BLOCKS}, and no more
   * than {@value #MAX_RANGE_CELLS} counters (1,024 blocks at depth 32).
   */
  long maxTopBlocks() {
    return Math.min(MAX_RANGE_BLOCKS, MAX_RANGE_CELLS / depth);
  }

  /** De-emphasised estimate of block {@code block} of level l (for l = 0 the block is the time unit). */
  private double blockEstimate(long itemHash, int l, long block) {
    lookups++;
    double[] table = tables[l];
    long key = key(itemHash, l, block);
    double min = Double.POSITIVE_INFINITY;
    for (int r = 0, base = 0; r < depth; r++, base += width) {
      double v = table[base + ItemHash.index(ItemHash.row(key, r), width)];
      if (v < min) { // counters are finite and non-negative, so Math.min's NaN and -0.0 cases cannot arise
        min = v;
      }
    }
    if (min <= 0) {
      return 0.0;
    }
    double w = weightOf(l, block << l);
    if (w < MIN_WEIGHT) {
      return totalCount; // beyond the counters' precision for this time: the only honest bound left
    }
    return Math.min(min / w, totalCount);
  }

  // ---- state -------------------------------------------------------------------------------------------

  public long seed() {
    return seed;
  }

  public int depth() {
    return depth;
  }

  /** Counters per row of each level. */
  public int width() {
    return width;
  }

  public int levels() {
    return levels;
  }

  public TimeWeight weight() {
    return weight;
  }

  public TimeUnitSpec timeUnit() {
    return unit;
  }

  /** Sum of all counts added (undecayed). */
  public long totalCount() {
    return totalCount;
  }

  /** Rows that {@link #addNullable} skipped for a null or empty item or a null time. */
  public long skippedCount() {
    return skipped;
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
    return origins[level];
  }

  /** Bytes of counters: 8 * levels * depth * width. */
  public long memoryBytes() {
    return 8L * levels * depth * width;
  }

  @Override
  public SketchKind kind() {
    return SketchKind.ADA_CMS;
  }

  @Override
  public SketchInfo info() {
    return new SketchInfo(kind().sqlName(), kind().currentVersion(), memoryBytes(), totalCount,
        "depth=" + depth + ",width=" + width + ",levels=" + levels + ",f=" + weight + "," + unit.params()
            + ",seed=" + seed + ",skipped=" + skipped + ",min_t=" + minT + ",max_t=" + maxT);
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
    IncompatibleMergeException.requireEqual(k, "seed", seed, o.seed);
    IncompatibleMergeException.requireEqual(k, "depth", depth, o.depth);
    IncompatibleMergeException.requireEqual(k, "levels", levels, o.levels);
    IncompatibleMergeException.requireEqual(k, "width (memory_kb)", width, o.width);
    if (!weight.equals(o.weight)) {
      throw new IncompatibleMergeException("cannot merge ada-cms sketches with different time weights f (" + weight
          + " vs " + o.weight + "): build both with the same f");
    }
    IncompatibleMergeException.requireEqual(k, "time unit in ms", unit.unitMillis(), o.unit.unitMillis());
    IncompatibleMergeException.requireEqual(k, "time origin in ms", unit.originMillis(), o.unit.originMillis());
    long newTotal = Math.addExact(totalCount, o.totalCount);
    long newSkipped = Math.addExact(skipped, o.skipped);
    if (o.totalCount == 0) {
      skipped = newSkipped;
      return;
    }
    // Two passes over the same arithmetic: the first only checks that every merged counter is finite (two finite
    // counters near Double.MAX_VALUE can sum to Infinity, which the reader refuses), the second writes. So a merge
    // that could not be read back fails with this sketch unchanged, without allocating a copy.
    for (int pass = 0; pass < 2; pass++) {
      for (int l = 0; l < levels; l++) {
        boolean scaleMine = false;
        double mineFactor = 1.0;
        double otherFactor = 1.0;
        long target = origins[l];
        if (weight.rescales()) {
          target = Math.max(origins[l], o.origins[l]);
          otherFactor = weight.relative(o.origins[l], target);
          if (origins[l] < target && totalCount > 0) { // what renormalize(l, target) does to this level
            scaleMine = true;
            mineFactor = weight.relative(origins[l], target);
          }
        }
        double[] mine = tables[l];
        double[] theirs = o.tables[l];
        for (int i = 0; i < mine.length; i++) {
          double v = mine[i];
          if (scaleMine && v > 0) {
            v = Math.max(v * mineFactor, Double.MIN_NORMAL);
          }
          double u = theirs[i];
          if (u > 0) {
            v += Math.max(u * otherFactor, Double.MIN_NORMAL);
          }
          if (pass == 0 && v == Double.POSITIVE_INFINITY) {
            throw new ArithmeticException("merging these ada-cms sketches overflows a counter to infinity at level "
                + l + ": their counts are beyond what a double counter holds; merge smaller sketches");
          }
          if (pass == 1) {
            mine[i] = v;
          }
        }
        if (pass == 1 && target != origins[l]) {
          origins[l] = target;
          cachedStart[l] = -1;
        }
      }
    }
    totalCount = newTotal;
    skipped = newSkipped;
    if (maxT < 0) {
      minT = o.minT;
      maxT = o.maxT;
    } else {
      minT = Math.min(minT, o.minT);
      maxT = Math.max(maxT, o.maxT);
    }
  }

  // ---- binary format -----------------------------------------------------------------------------------

  /**
   * Format version 1, little-endian: seed, totalCount, skipped (longs); unit ms, origin ms (longs); f shape (byte:
   * 0 none, 1 exp, 2 linear) and parameter a (double: exp's base in [1, 1e6], linear's slope in [1e-12, 1e12],
   * exactly 1.0 for none; the reader refuses anything else); depth, width, levels (ints); minT, maxT (longs, -1 when
   * empty); one scale origin per level (longs); then levels x depth x width counters (doubles).
   */
  @Override
  public byte[] toByteArray() {
    long counters = (long) levels * depth * width;
    long size = 8 * 5 + 1 + 8 + 4 * 3 + 8 * 2 + 8L * levels + 8 * counters;
    if (size > Integer.MAX_VALUE - 64) {
      throw new IllegalStateException("sketch of " + size + " bytes is over the 2 GiB limit of one byte array:"
          + " use a smaller memory budget");
    }
    return SketchFormat.write(kind(), (int) size, out -> {
      out.putLong(seed).putLong(totalCount).putLong(skipped);
      out.putLong(unit.unitMillis()).putLong(unit.originMillis());
      out.put((byte) weight.shape().code).putDouble(weight.parameter());
      out.putInt(depth).putInt(width).putInt(levels);
      out.putLong(minT).putLong(maxT);
      for (long o : origins) {
        out.putLong(o);
      }
      for (double[] table : tables) {
        out.asDoubleBuffer().put(table);
        out.position(out.position() + 8 * table.length);
      }
    });
  }

  /** Reads a version-1 payload, validating every parameter and length. */
  public static AdaCountMinSketch readPayload(ByteBuffer in, int version) {
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
    int depth = SketchFormat.readInt(in, "depth", 1, MAX_DEPTH);
    int width = SketchFormat.readInt(in, "width", 1, (Integer.MAX_VALUE - 8) / depth);
    int levels = SketchFormat.readInt(in, "levels", 1, MAX_LEVELS);
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
    AdaCountMinSketch s = new AdaCountMinSketch(seed, depth, width, levels, weight, unit);
    for (int l = 0; l < levels; l++) {
      long o = in.getLong();
      if (o < 0 || o > TimeUnitSpec.MAX_UNIT || (!weight.rescales() && o != 0)) {
        throw new CorruptSketchException("ada-cms sketch has an invalid scale origin " + o + " at level " + l);
      }
      s.origins[l] = o;
    }
    for (double[] table : s.tables) {
      in.asDoubleBuffer().get(table);
      in.position(in.position() + 8 * table.length);
      for (double v : table) {
        if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
          throw new CorruptSketchException("ada-cms sketch has an invalid counter " + v
              + " (counters are finite and non-negative)");
        }
      }
    }
    s.totalCount = total;
    s.skipped = skipped;
    s.minT = minT;
    s.maxT = maxT;
    return s;
  }

  @Serial
  private Object writeReplace() {
    return new SerializedSketch<>(toByteArray(), SketchKind.ADA_CMS, AdaCountMinSketch::readPayload);
  }

  // ---- helpers -----------------------------------------------------------------------------------------

  private static void checkTime(long t) {
    if (t < 0 || t > TimeUnitSpec.MAX_UNIT) {
      throw new IllegalArgumentException("time unit " + t + " is outside [0, 2^62 - 1]: convert event times with"
          + " TimeUnitSpec.unitOf, which counts units from the sketch origin");
    }
  }

}
