package io.sketchbricks.adacms;

import io.sketchbricks.frequency.EstimateBounds;

/**
 * The query algorithms of an {@link AdaCountMinSketch} over its {@link AdaTables}: point estimates with their
 * interval, dyadic range sums and the forward-decayed count. Apart from the sketch so each walk over the levels, with
 * its cost bounds, reads on its own; the sketch's public query methods delegate here.
 */
final class AdaQueries {
  /** {@link #recent} uses blocks at most 1/RECENT_AGE_RATIO as long as their age, to bound its decay error. */
  static final long RECENT_AGE_RATIO = 8;
  /** {@link #recent} stops once everything older could add at most this fraction of its result. */
  static final double RECENT_TAIL_EPS = 1e-12;
  /**
   * Range and recent queries look up at most this many top-level blocks (besides O(levels) smaller ones), and at
   * most {@link #MAX_RANGE_CELLS} counters in them ({@link #maxTopBlocks}); beyond, they answer an upper bound
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

  private AdaQueries() {}

  /** How many top-level blocks a range or recent query looks up at most, for sketches of this depth. */
  static long maxTopBlocks(int depth) {
    return Math.min(MAX_RANGE_BLOCKS, MAX_RANGE_CELLS / depth);
  }

  /** One block's estimate, counted in {@link AdaCountMinSketch#lookups} for the tests of the query cost. */
  private static double block(AdaCountMinSketch s, long itemHash, int l, long block) {
    s.lookups++;
    return s.tables.blockEstimate(itemHash, l, block, s.totalCount());
  }

  /** The row minimum at level 0 divided by f(t), at most the total count. */
  static double point(AdaCountMinSketch s, long itemHash, long t) {
    return Math.min(block(s, itemHash, 0, t), s.totalCount());
  }

  /**
   * {lower, estimate, estimate}. At level 0 every arrival lands once in each row with weight f(t'), so the colliding
   * mass in the item's cell of a row, divided by f(t), has mean at most {@code M / (w f(t))} for the row's total mass
   * M; by Markov and independent rows, P(every row exceeds the count by s or more) is at most
   * {@code (M / (w f(t) s))^d}, which is {@code 1 - confidence} at {@code s = M / (w f(t) (1 - confidence)^(1/d))}.
   */
  static double[] pointBounds(AdaCountMinSketch s, long itemHash, long t, double confidence) {
    EstimateBounds.checkConfidence(confidence);
    double estimate = s.estimateHashed(itemHash, t);
    AdaTables tables = s.tables;
    double ft = tables.weightOf(0, t);
    double slack = ft < AdaTables.MIN_WEIGHT ? Double.POSITIVE_INFINITY
        : tables.rowMass() / (ft * tables.width * Math.pow(1 - confidence, 1.0 / tables.depth));
    return new double[] {Math.max(0, estimate - slack), estimate, estimate};
  }

  /**
   * Sum over [t1, t2] clamped to the held span [minTime, maxTime]: blocks outside hold no arrivals, so clamping only
   * drops collision noise. The clamped range splits greedily into aligned dyadic blocks: at most
   * {@code 2 (levels - 1) + 1 + k} lookups for its k top-level blocks; past {@link #maxTopBlocks} it makes none and
   * answers the total count, an upper bound.
   */
  static double range(AdaCountMinSketch s, long itemHash, long t1, long t2) {
    if (t1 > t2) {
      throw new IllegalArgumentException("range start " + t1 + " is after its end " + t2 + ": give t1 <= t2");
    }
    long lo = Math.max(t1, s.minTime());
    long hi = Math.min(t2, s.maxTime());
    if (s.maxTime() < 0 || lo > hi) {
      return 0.0; // no arrivals in the range: exact
    }
    int levels = s.tables.levels;
    if ((hi - lo + 1) >> (levels - 1) > maxTopBlocks(s.tables.depth)) {
      return s.totalCount();
    }
    double sum = 0;
    for (long start = lo; start <= hi; ) {
      int l = largestBlock(levels, start, hi - start + 1);
      sum += block(s, itemHash, l, start >> l);
      start += 1L << l;
    }
    return Math.min(sum, s.totalCount());
  }

  /** The largest level whose block starting at s is aligned and fits in {@code remaining} units. */
  private static int largestBlock(int levels, long s, long remaining) {
    int l = Math.min(levels - 1, 63 - Long.numberOfLeadingZeros(remaining));
    return s == 0 ? l : Math.min(l, Long.numberOfTrailingZeros(s));
  }

  /**
   * The forward-decayed count at nowT: walks back from min(nowT, maxTime) over dyadic blocks no longer than
   * 1/{@value #RECENT_AGE_RATIO} of their age, each block's estimate weighed by f(block end) / f(nowT) (so never an
   * underestimate), until everything older could add at most {@value #RECENT_TAIL_EPS} of the result or the lookup
   * budget ({@code maxTopBlocks + 8 levels}) runs out; then it adds that older part's upper bound
   * {@code totalCount * f(e) / f(nowT)} (for exp:a, a^-(nowT - e) of the total, so a fast decay loses nothing; for
   * linear f, (e + 1) / (nowT + 1) of it). A constant f is the range estimate over [minTime, min(nowT, maxTime)]:
   * fewer blocks than the walk, so also less collision error.
   */
  static double recent(AdaCountMinSketch s, long itemHash, long nowT) {
    long minT = s.minTime();
    long maxT = s.maxTime();
    if (maxT < 0 || nowT < minT) {
      return 0.0;
    }
    long e = Math.min(nowT, maxT);
    TimeWeight weight = s.tables.weight;
    if (weight.isConstant()) {
      return range(s, itemHash, minT, e); // every decay factor is 1: the plain count up to nowT
    }
    int levels = s.tables.levels;
    long total = s.totalCount();
    double sum = 0;
    double endDecay = weight.decay(e, nowT);
    for (long lookupsLeft = maxTopBlocks(s.tables.depth) + 8L * levels; ; ) {
      int l = Math.min(levels - 1, Long.numberOfTrailingZeros(e + 1));
      l = Math.min(l, 63 - Long.numberOfLeadingZeros(1 + (nowT - e) / RECENT_AGE_RATIO));
      long start = e + 1 - (1L << l);
      double count = block(s, itemHash, l, start >> l);
      if (count > 0) {
        sum += count * endDecay;
      }
      e = start - 1;
      if (e < minT) {
        break;
      }
      endDecay = weight.decay(e, nowT); // f is non-decreasing: the largest factor of everything at or before e
      double tail = total * endDecay;
      if (tail <= RECENT_TAIL_EPS * Math.max(sum, 1.0) || --lookupsLeft <= 0) {
        sum += tail;
        break;
      }
    }
    return Math.min(sum, total);
  }
}
