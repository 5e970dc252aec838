package io.sketchbricks.frequency;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.hash.ItemHash;
import java.nio.ByteBuffer;

/**
 * Elastic sketch (Yang et al., SIGCOMM 2018): a heavy part of one-entry buckets that keeps large items exactly,
 * in front of a Count-Min light part for everything else.
 *
 * <p>Heavy part ({@link HeavyPart}, with the Elastic paper's rule): each bucket holds (key, vote+, flag, vote-),
 * the key being the item's 64-bit hash. An arrival of the resident key adds to vote+; another key adds to vote-
 * and goes to the light part, until {@code vote- >= LAMBDA * vote+}: then the resident (key, vote+) is moved to the
 * light part and the newcomer takes the bucket with its flag set (some of its earlier arrivals are in the light
 * part). The estimate is vote+ for an unflagged resident, vote+ + light for a flagged one, light otherwise.
 *
 * <p>Memory accounting: a quarter of the budget for the heavy part at 16 bytes a bucket (8-byte key, 4-byte
 * vote+, 4-byte vote- whose sign bit is the flag), the rest for a depth-3 Count-Min. Error bound: never an
 * underestimate; unflagged heavy items are exact. Merging keeps, per bucket, the resident with the larger
 * vote+ and moves the other to the light part: still never an underestimate, but not identical to one build.
 *
 * <p>Bounds ({@link #bounds}): an unflagged resident's vote+ is its exact count (every arrival since the bucket's
 * first went there), so the interval is [vote+, vote+] with confidence 1 (up to 64-bit hash collisions). A flagged
 * resident's count is vote+ (exact, since it took the bucket) plus what the light part holds for it, and any other
 * item's count is what the light part holds: the light part's Count-Min bound (see {@link CountMinSketch}, with N the
 * light part's own total) applies to that share, and vote+ is added to both ends.
 */
public class ElasticSketch extends FrequencySketch {
  /** Eviction ratio of negative to positive votes (the Elastic paper's lambda = 8). */
  public static final int LAMBDA = 8;
  static final int BUCKET_BYTES = 16;
  static final double HEAVY_SHARE = 0.25;

  private final HeavyPart heavy;
  private final CountMinSketch light;
  /** The light part as the heavy part's destination for evicted and voted-out counts (each at most 2^31-1). */
  private final HeavyPart.Light toLight;

  public ElasticSketch(long memoryBytes, long seed) {
    super(seed);
    int buckets = (int) Math.min(Integer.MAX_VALUE - 8, (long) (memoryBytes * HEAVY_SHARE) / BUCKET_BYTES);
    if (buckets < 1) {
      throw new IllegalArgumentException("memory budget of " + memoryBytes + " bytes is too small for an Elastic"
          + " sketch: give at least " + (4 * BUCKET_BYTES + 12) + " bytes");
    }
    this.heavy = newHeavy(buckets);
    this.light = new CountMinSketch(memoryBytes - (long) buckets * BUCKET_BYTES, DEFAULT_DEPTH, seed);
    this.toLight = lightSink(light);
  }

  private ElasticSketch(long seed, int buckets, CountMinSketch light) {
    super(seed);
    this.heavy = newHeavy(buckets);
    this.light = light;
    this.toLight = lightSink(light);
  }

  /** Buckets of 32-bit counts and votes (the vote's sign bit is the flag in the bytes), lambda 8 after the vote. */
  private static HeavyPart newHeavy(int buckets) {
    return new HeavyPart(buckets, ElasticSketch::bucketOf, LAMBDA, HeavyPart.Eviction.VOTE_THEN_TEST,
        Integer.MAX_VALUE);
  }

  private static HeavyPart.Light lightSink(CountMinSketch light) {
    return (key, count) -> light.addHash(key, (int) count);
  }

  @Override
  public SketchKind kind() {
    return SketchKind.ELASTIC;
  }

  public int heavyBuckets() {
    return heavy.buckets();
  }

  private static int bucketOf(long h, int buckets) {
    // a salt keeps the bucket index independent of the light part's rows
    return ItemHash.index(ItemHash.mix(h ^ 0xE1A5_71C5_E1A5_71C5L), buckets);
  }

  @Override
  protected void addHash(long h, int count) {
    heavy.add(h, count, toLight);
  }

  @Override
  public long estimateHash(long h) {
    int b = heavy.residentBucket(h);
    if (b >= 0) {
      return heavy.flagged(b) ? heavy.count(b) + light.estimateHash(h) : heavy.count(b);
    }
    return light.estimateHash(h);
  }

  @Override
  protected EstimateBounds boundsHash(long h, double confidence) {
    int b = heavy.residentBucket(h);
    if (b >= 0 && !heavy.flagged(b)) {
      long exact = heavy.count(b);
      return new EstimateBounds(exact, exact, exact, 1.0);
    }
    long exact = b >= 0 ? heavy.count(b) : 0;
    EstimateBounds l = EstimateBounds.overestimating(light.estimateHash(h),
        EstimateBounds.countMinSlack(light.rowTotal(), light.width, light.depth, confidence), confidence);
    return new EstimateBounds(exact + l.estimate(), exact + l.lower(), exact + l.upper(), confidence);
  }

  @Override
  public long memoryBytes() {
    return (long) heavy.buckets() * BUCKET_BYTES + light.memoryBytes();
  }

  @Override
  protected String params() {
    return "heavy_buckets=" + heavy.buckets() + ",light_depth=" + light.depth + ",light_width=" + light.width;
  }

  /**
   * Merges into copies of the heavy and light parts and swaps them in only when every counter fitted, so a merge
   * that overflows leaves this sketch unchanged.
   */
  @Override
  public void mergeSketch(Sketch other) {
    ElasticSketch o = requireSameKind(other, ElasticSketch.class);
    IncompatibleMergeException.requireEqual("elastic", "heavy buckets (memory_kb)", heavy.buckets(),
        o.heavy.buckets());
    IncompatibleMergeException.requireEqual("elastic", "light width (memory_kb)", light.width, o.light.width);
    long[] totals = mergedTotals(o);
    HeavyPart heavy = this.heavy.copy();
    CountMinSketch light = new CountMinSketch(seed, this.light.depth, this.light.width, this.light.table.clone());
    for (int i = 0; i < light.table.length; i++) {
      light.table[i] = checkedAdd(light.table[i], o.light.table[i]);
    }
    heavy.merge(o.heavy, lightSink(light));
    // Everything fitted: copy the merged state in (plain copies, which cannot fail).
    this.heavy.copyFrom(heavy);
    System.arraycopy(light.table, 0, this.light.table, 0, light.table.length);
    setTotals(totals);
  }

  @Override
  public byte[] toByteArray() {
    int buckets = heavy.buckets();
    return SketchFormat.write(kind(), 24 + 4 + buckets * BUCKET_BYTES + 8 + 4 * light.table.length, out -> {
      writeTotals(out);
      out.putInt(buckets);
      for (int b = 0; b < buckets; b++) {
        int votes = (int) heavy.votes(b);
        out.putLong(heavy.key(b)).putInt((int) heavy.count(b));
        out.putInt(heavy.flagged(b) ? votes | Integer.MIN_VALUE : votes); // the sign bit is the flag
      }
    out.putInt(light.depth).putInt(light.width);
      out.asIntBuffer().put(light.table);
      out.position(out.position() + 4 * light.table.length);
    });
  }

  @Override
  protected SketchFormat.PayloadReader<? extends FrequencySketch> payloadReader() {
    return ElasticSketch::readPayload;
  }

  /**
   * Reads the payload, checking the declared bucket count and light shape against the bytes present before
   * allocating anything, and every count against the total.
   */
  public static ElasticSketch readPayload(ByteBuffer in, int version) {
    long seed = in.getLong();
    long total = in.getLong();
    long skipped = in.getLong();
    if (total < 0 || skipped < 0) {
      throw new CorruptSketchException("elastic sketch has a negative total or skipped count");
    }
    int buckets = SketchFormat.readInt(in, "heavy buckets", 1, (in.remaining() - 8) / BUCKET_BYTES);
    int lightAt = in.position() + buckets * BUCKET_BYTES; // depth and width of the light part, read ahead
    int depth = in.getInt(lightAt);
    int width = in.getInt(lightAt + 4);
    if (depth < 1 || depth > CounterTableSketch.MAX_DEPTH || width < 1
        || (long) depth * width * 4 != in.remaining() - (long) buckets * BUCKET_BYTES - 8) {
      throw new CorruptSketchException("elastic sketch light part declares " + depth + " x " + width
          + " counters but holds " + (in.remaining() - (long) buckets * BUCKET_BYTES - 8) + " bytes (truncated?)");
    }
    int[] table = new int[depth * width];
    ElasticSketch s = new ElasticSketch(seed, buckets, new CountMinSketch(seed, depth, width, table));
    for (int b = 0; b < buckets; b++) {
      long key = in.getLong();
      int pos = in.getInt();
      int n = in.getInt();
      if (pos < 0 || pos > total) {
        throw new CorruptSketchException("elastic sketch has a heavy count " + pos + " outside [0, total count "
            + total + "]: the bytes were damaged or crafted; rebuild the sketch from its source data");
      }
      // a bucket is empty until its first arrival and never empties again: an empty one has no key, votes or flag
      if (pos == 0 && (key != 0 || n != 0)) {
        throw new CorruptSketchException("elastic sketch has an empty heavy bucket with a key, votes or flag: the"
            + " bytes were damaged or crafted; rebuild the sketch from its source data");
      }
      s.heavy.set(b, key, pos, n & Integer.MAX_VALUE, n < 0);
    }
    in.position(in.position() + 8);
    in.asIntBuffer().get(table);
    in.position(in.position() + 4 * table.length);
    checkCounters("elastic", table, total, false);
    s.readTotalsFrom(total, skipped);
    return s;
  }

  private void readTotalsFrom(long total, long skippedCount) {
    this.totalCount = total;
    this.skipped = skippedCount;
  }
}
