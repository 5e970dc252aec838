package io.sketchbricks.lego;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchInfo;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.frequency.EstimateBounds;
import io.sketchbricks.frequency.HeavyPart;
import java.nio.ByteBuffer;

/**
 * D-Lego (Lego paper, Sec. 3.3): an Elastic-sketch heavy part that keeps large items exactly, in front of a
 * {@link LegoSketch} light part for everything else.
 *
 * <p>Memory split for a budget B and brick size U = 100 KB: {@code light = max(U, floor(0.8 B / U) U)} bytes of
 * bricks, the rest for heavy buckets. A bucket is accounted at 9 bytes as in the reference (so budgets compare
 * with its published numbers); this JVM actually holds 25 bytes per bucket (64-bit id, 64-bit count and vote,
 * flag), which {@link #heapBytes()} reports.
 *
 * <p>Heavy part ({@link HeavyPart}, with the reference's rule), bucket {@code id mod buckets}, holding (id, count,
 * flag, neg): an arrival (x, v) into an empty
 * bucket takes it; the resident adds v to count; another item adds v to neg and goes to the light part while
 * {@code neg / count < 10} (lambda = 10), and otherwise evicts the resident into the light part and takes the
 * bucket with flag set and neg = 1 (the reference's values). Query: the count of an unflagged resident (exact),
 * count + light estimate for a flagged one, the light estimate otherwise. Never an underestimate through the
 * heavy part; the light part has the error behaviour of {@link LegoSketch}.
 *
 * <p>Merging adds light parts and, per bucket, keeps the resident with the larger count and moves the other
 * into the light part: estimates stay valid, but a merged sketch is not identical to one built over both streams.
 */
public class DLegoSketch implements Sketch {
  /** Eviction threshold of neg / count (the reference's lambda). */
  public static final int LAMBDA = 10;
  /** Bytes a heavy bucket is accounted at (the reference's figure). */
  public static final int BUCKET_BYTES = 9;
  static final double LIGHT_SHARE = 0.8;
  /**
   * The largest memory budget, 1 GiB: its bytes (25 per heavy bucket plus the bricks, 1.46 GB) stay well inside
   * the 2 GB of one serialized sketch, which a budget of 1.6 GB would pass.
   */
  public static final long MAX_BUDGET_BYTES = 1L << 30;
  /** The heavy buckets of the largest budget: the most a d-lego sketch's bytes may hold. */
  static final int MAX_BUCKETS = bucketsFor(MAX_BUDGET_BYTES);

  private final HeavyPart heavy;
  private final LegoSketch light;

  /**
   * A D-Lego sketch for a memory budget.
   *
   * @throws IllegalArgumentException when the budget leaves no heavy bucket next to one brick
   */
  public DLegoSketch(LegoModel model, long budgetBytes) {
    this(bucketsFor(budgetBytes), LegoSketch.withBricks(model, lightBricksFor(budgetBytes)));
  }

  private DLegoSketch(int buckets, LegoSketch light) {
    this.heavy = new HeavyPart(buckets, (id, n) -> (int) Math.floorMod(id, (long) n), LAMBDA,
        HeavyPart.Eviction.TEST_THEN_VOTE, Long.MAX_VALUE); // the 2^53 total limit keeps every count below
    this.light = light;
  }

  static int lightBricksFor(long budgetBytes) {
    long u = LegoSketch.BRICK_BYTES;
    return (int) Math.max(1, (long) Math.floor(LIGHT_SHARE * budgetBytes / u));
  }

  /**
   * Checks a memory budget without building the sketch: {@link LegoSketch#BRICK_BYTES} + 9 bytes (one brick and
   * one heavy bucket) up to {@link #MAX_BUDGET_BYTES}.
   *
   * @throws IllegalArgumentException for a budget outside that range
   */
  public static void requireBudget(long budgetBytes) {
    bucketsFor(budgetBytes);
  }

  static int bucketsFor(long budgetBytes) {
    if (budgetBytes > MAX_BUDGET_BYTES) {
      throw new IllegalArgumentException("memory budget of " + budgetBytes + " bytes is over the " + MAX_BUDGET_BYTES
          + " bytes (1 GiB) of the largest d-lego sketch: split the stream over several sketches");
    }
    long heavy = budgetBytes - lightBricksFor(budgetBytes) * LegoSketch.BRICK_BYTES;
    if (heavy < BUCKET_BYTES) {
      throw new IllegalArgumentException("memory budget of " + budgetBytes + " bytes leaves no room for D-Lego's heavy"
          + " part next to a 100 KB brick: give at least " + (LegoSketch.BRICK_BYTES + BUCKET_BYTES)
          + " bytes (a fifth of the budget goes to the heavy part from 250 KB on), or use the lego sketch");
    }
    LegoSketch.bricksFor(budgetBytes); // refuses budgets too large for one sketch
    return (int) Math.min(Integer.MAX_VALUE - 8, heavy / BUCKET_BYTES);
  }

  @Override
  public SketchKind kind() {
    return SketchKind.D_LEGO;
  }

  public int heavyBuckets() {
    return heavy.buckets();
  }

  /** The light part (read-only use intended). */
  public LegoSketch light() {
    return light;
  }

  /** Bytes as the budget is accounted: 9 per heavy bucket plus the bricks. */
  public long memoryBytes() {
    return (long) heavy.buckets() * BUCKET_BYTES + light.memoryBytes();
  }

  /** Bytes this JVM holds for the counters: 25 per heavy bucket plus the bricks. */
  public long heapBytes() {
    return (long) heavy.buckets() * 25 + light.memoryBytes();
  }

  public void add(long item) {
    addId(item, 1);
  }

  public void add(long item, long count) {
    addId(item, count);
  }

  public void add(Object item, long count) {
    addId(LegoHash.idOf(item), count);
  }

  /**
   * Adds {@code count} arrivals of the item with this id (one heavy-part decision for the whole count).
   *
   * @throws IllegalArgumentException for a negative count, or one that would take the total past
   *     {@link LegoSketch#MAX_TOTAL_COUNT}; the sketch is unchanged
   */
  public void addId(long id, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count " + count + " is negative: D-Lego sketches count arrivals only");
    }
    if (count == 0) {
      return;
    }
    // the only check: the heavy part moves counts to the light part but never changes the total, so within the
    // total every sum below stays exact and the light part's own check passes
    double held = heavy.total() + light.runningTotal();
    if (!BrickLimits.fits(held, count)) {
      throw BrickLimits.tooLarge(held, count);
    }
    heavy.add(id, count, light::addId);
  }

  public double estimate(long item) {
    return estimateId(item);
  }

  public double estimateObject(Object item) {
    return estimateId(LegoHash.idOf(item));
  }

  public double estimateId(long id) {
    int b = heavy.residentBucket(id);
    if (b >= 0) {
      return heavy.flagged(b) ? heavy.count(b) + light.estimateId(id) : heavy.count(b);
    }
    return light.estimateId(id);
  }

  /**
   * {@link #estimateId}'s estimate with an interval for the true count ({@link LegoBounds}): [count, count] with
   * confidence 1 for an unflagged heavy resident (its count is exact), else the light part's interval, shifted by
   * the exact bucket count of a flagged resident.
   *
   * @throws IllegalArgumentException for a confidence outside the open interval (0, 1)
   */
  public LegoBounds boundsId(long id, double confidence) {
    EstimateBounds.checkConfidence(confidence); // also where the answer is exact: the same calls fail everywhere
    int b = heavy.residentBucket(id);
    if (b >= 0 && !heavy.flagged(b)) {
      long exact = heavy.count(b);
      return new LegoBounds(exact, exact, exact, 1.0);
    }
    LegoBounds l = light.boundsId(id, confidence);
    return b >= 0 ? l.plusExact(heavy.count(b) + l.estimate(), heavy.count(b)) : l;
  }

  /**
   * The estimate of an id given its light-part estimate computed elsewhere, e.g. by a batched DJL pass over many
   * ids: equals {@link #estimateId} when {@code lightEstimate == light().estimateId(id)}.
   */
  public double combine(long id, double lightEstimate) {
    int b = heavy.residentBucket(id);
    if (b >= 0) {
      return heavy.flagged(b) ? heavy.count(b) + lightEstimate : heavy.count(b);
    }
    return lightEstimate;
  }

  public double totalCount() {
    return light.totalCount() + heavy.total();
  }

  @Override
  public SketchInfo info() {
    return new SketchInfo(kind().sqlName(), kind().currentVersion(), memoryBytes(), Math.round(totalCount()),
        "heavy_buckets=" + heavy.buckets() + "," + light.params());
  }

  @Override
  public void mergeSketch(Sketch other) {
    if (!(other instanceof DLegoSketch o)) {
      throw new IncompatibleMergeException("cannot merge a d-lego sketch with "
          + (other == null ? "null" : "a " + other.kind().sqlName() + " sketch") + ": only sketches of the same kind merge");
    }
    LegoMerge.requireCompatible(light, o.light);
    IncompatibleMergeException.requireEqual("d-lego", "heavy buckets (memory budget)", heavy.buckets(),
        o.heavy.buckets());
    // all checks first, so that a refused merge leaves this sketch as it was: the merge keeps the total (losers
    // move to the light part), so within the total limit no count or vote below can overflow
    double held = heavy.total() + light.runningTotal();
    double adding = o.heavy.total() + o.light.runningTotal();
    double merged = held + o.heavy.total() + o.light.runningTotal();
    if (!BrickLimits.fits(held, adding)) {
      throw new IllegalArgumentException("merging these d-lego sketches would hold a total of " + merged
          + ", more than the 2^53 a sketch holds exactly: keep them as separate sketches");
    }
    if (requireVotesFit(o)) {
      light.requireModel(); // losers will be added to the light part, which needs its model
    }
    LegoMerge.apply(light, LegoMerge.check(light, o.light));
    heavy.merge(o.heavy, light::addChecked); // losers move to the light part, within the total checked above
  }

  /**
   * Refuses a merge whose votes (neg) in some bucket would pass what the reader accepts (2^53).
   *
   * @return whether some bucket holds different residents on the two sides (a loser moves to the light part)
   */
  private boolean requireVotesFit(DLegoSketch o) {
    boolean losers = false;
    for (int b = 0; b < heavy.buckets(); b++) {
      long count = heavy.count(b);
      long otherCount = o.heavy.count(b);
      if (count == 0 || otherCount == 0) {
        continue;
      }
      boolean same = heavy.key(b) == o.heavy.key(b);
      losers |= !same;
      double votes = (double) heavy.votes(b) + o.heavy.votes(b) + (same ? 0 : Math.min(count, otherCount));
      if (votes > LegoSketch.MAX_TOTAL_COUNT) {
        throw new IllegalArgumentException("merging these d-lego sketches would put " + votes + " votes into heavy"
            + " bucket " + b + ", more than the 2^53 a sketch holds: keep them as separate sketches");
      }
    }
    return losers;
  }

  @Override
  public byte[] toByteArray() {
    int buckets = heavy.buckets();
    long bytes = 4 + buckets * 25L + light.payloadBytes();
    if (bytes > Integer.MAX_VALUE - 64) { // unreachable within MAX_BUDGET_BYTES; a guard against a wrong limit
      throw new IllegalStateException("d-lego sketch of " + bytes + " bytes is over the 2 GB of one serialized sketch");
    }
    return SketchFormat.write(kind(), (int) bytes, out -> {
      out.putInt(buckets);
      for (int b = 0; b < buckets; b++) {
        out.putLong(heavy.key(b)).putLong(heavy.count(b)).putLong(heavy.votes(b));
        out.put((byte) (heavy.flagged(b) ? 1 : 0));
      }
      light.writePayload(out);
    });
  }

  /**
   * Payload v1: bucket count (int), per bucket id, count, neg (longs) and flag (byte), then a Lego payload.
   *
   * @throws CorruptSketchException when the bucket count does not match the bytes present or passes the largest
   *     sketch's, a bucket holds values no sketch writes (a negative or too large count or vote, a flag other
   *     than 0 or 1, an empty bucket with a key, vote or flag), or the total passes 2^53
   */
  public static DLegoSketch readPayload(ByteBuffer in, int version) {
    if (in.remaining() < 4) {
      throw new CorruptSketchException("d-lego sketch payload is too short for its bucket count (truncated?)");
    }
    int buckets = SketchFormat.readInt(in, "heavy buckets", 1, Math.min(MAX_BUCKETS, (in.remaining() - 4) / 25));
    long[] keys = new long[buckets];
    long[] counts = new long[buckets];
    long[] negs = new long[buckets];
    boolean[] flags = new boolean[buckets];
    for (int b = 0; b < buckets; b++) {
      keys[b] = in.getLong();
      counts[b] = in.getLong();
      negs[b] = in.getLong();
      byte f = in.get();
      boolean empty = counts[b] == 0;
      if (counts[b] < 0 || counts[b] > LegoSketch.MAX_TOTAL_COUNT || negs[b] < 0
          || negs[b] > LegoSketch.MAX_TOTAL_COUNT || (f & ~1) != 0
          || (empty && (keys[b] != 0 || negs[b] != 0 || f != 0))) {
        throw new CorruptSketchException("d-lego sketch heavy bucket " + b + " holds invalid values (count "
            + counts[b] + ", votes " + negs[b] + ", flag " + f + "): the bytes were damaged; rebuild the sketch");
      }
      flags[b] = f == 1;
    }
    LegoSketch light = LegoSketch.readPayload(in, version);
    double heavyCounts = 0; // in double: 24 M buckets of up to 2^53 each could overflow a long
    for (long c : counts) {
      heavyCounts += c;
    }
    BrickLimits.checkTotal("d-lego", heavyCounts + light.runningTotal());
    DLegoSketch s = new DLegoSketch(buckets, light);
    for (int b = 0; b < buckets; b++) { // the counts are now known to sum within 2^53 (and a bit): exact in a long
      s.heavy.set(b, keys[b], counts[b], negs[b], flags[b]);
    }
    return s;
  }
}
