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
 * <p>Each bucket holds (key, vote+, flag, vote-), the key being the item's 64-bit hash. An arrival of the
 * resident key adds to vote+; another key adds to vote- and goes to the light part, until
 * {@code vote- >= LAMBDA * vote+}: then the resident (key, vote+) is moved to the light part and the newcomer
 * takes the bucket with its flag set (some of its earlier arrivals are in the light part). The estimate is
 * vote+ for an unflagged resident, vote+ + light for a flagged one, light otherwise.
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

  private final long[] keys;
  private final int[] pos;
  private final int[] neg;
  private final boolean[] flag;
  private final CountMinSketch light;

  public ElasticSketch(long memoryBytes, long seed) {
    super(seed);
    int buckets = (int) Math.min(Integer.MAX_VALUE - 8, (long) (memoryBytes * HEAVY_SHARE) / BUCKET_BYTES);
    if (buckets < 1) {
      throw new IllegalArgumentException("memory budget of " + memoryBytes + " bytes is too small for an Elastic"
          + " sketch: give at least " + (4 * BUCKET_BYTES + 12) + " bytes");
    }
    this.keys = new long[buckets];
    this.pos = new int[buckets];
    this.neg = new int[buckets];
    this.flag = new boolean[buckets];
    this.light = new CountMinSketch(memoryBytes - (long) buckets * BUCKET_BYTES, DEFAULT_DEPTH, seed);
  }

  private ElasticSketch(long seed, int buckets, CountMinSketch light) {
    super(seed);
    this.keys = new long[buckets];
    this.pos = new int[buckets];
    this.neg = new int[buckets];
    this.flag = new boolean[buckets];
    this.light = light;
  }

  @Override
  public SketchKind kind() {
    return SketchKind.ELASTIC;
  }

  public int heavyBuckets() {
    return keys.length;
  }

  private int bucketOf(long h) {
    // a salt keeps the bucket index independent of the light part's rows
    return ItemHash.index(ItemHash.mix(h ^ 0xE1A5_71C5_E1A5_71C5L), keys.length);
  }

  @Override
  protected void addHash(long h, int count) {
    int b = bucketOf(h);
    if (pos[b] == 0) {
      keys[b] = h;
      pos[b] = count;
    } else if (keys[b] == h) {
      pos[b] = checkedAdd(pos[b], count);
    } else {
      // The light part's add is all or nothing and comes before the bucket changes, so an overflow changes nothing.
      int votes = checkedAdd(neg[b], count);
      if ((long) votes >= (long) LAMBDA * pos[b]) {
        light.addHash(keys[b], pos[b]);
        keys[b] = h;
        pos[b] = count;
        neg[b] = 0;
        flag[b] = true;
      } else {
        light.addHash(h, count);
        neg[b] = votes;
      }
    }
  }

  @Override
  public long estimateHash(long h) {
    int b = bucketOf(h);
    if (pos[b] != 0 && keys[b] == h) {
      return flag[b] ? pos[b] + light.estimateHash(h) : pos[b];
    }
    return light.estimateHash(h);
  }

  @Override
  protected EstimateBounds boundsHash(long h, double confidence) {
    int b = bucketOf(h);
    boolean resident = pos[b] != 0 && keys[b] == h;
    if (resident && !flag[b]) {
      return new EstimateBounds(pos[b], pos[b], pos[b], 1.0);
    }
    long exact = resident ? pos[b] : 0;
    EstimateBounds l = EstimateBounds.overestimating(light.estimateHash(h),
        EstimateBounds.countMinSlack(light.rowTotal(), light.width, light.depth, confidence), confidence);
    return new EstimateBounds(exact + l.estimate(), exact + l.lower(), exact + l.upper(), confidence);
  }

  @Override
  public long memoryBytes() {
    return (long) keys.length * BUCKET_BYTES + light.memoryBytes();
  }

  @Override
  protected String params() {
    return "heavy_buckets=" + keys.length + ",light_depth=" + light.depth + ",light_width=" + light.width;
  }

  /**
   * Merges into copies of the heavy and light parts and swaps them in only when every counter fitted, so a merge
   * that overflows leaves this sketch unchanged.
   */
  @Override
  public void mergeSketch(Sketch other) {
    ElasticSketch o = requireSameKind(other, ElasticSketch.class);
    IncompatibleMergeException.requireEqual("elastic", "heavy buckets (memory_kb)", keys.length, o.keys.length);
    IncompatibleMergeException.requireEqual("elastic", "light width (memory_kb)", light.width, o.light.width);
    long[] totals = mergedTotals(o);
    long[] keys = this.keys.clone();
    int[] pos = this.pos.clone();
    int[] neg = this.neg.clone();
    boolean[] flag = this.flag.clone();
    CountMinSketch light = new CountMinSketch(seed, this.light.depth, this.light.width, this.light.table.clone());
    for (int i = 0; i < light.table.length; i++) {
      light.table[i] = checkedAdd(light.table[i], o.light.table[i]);
    }
    for (int b = 0; b < keys.length; b++) {
      if (o.pos[b] == 0) {
        continue;
      }
      if (pos[b] == 0) {
        keys[b] = o.keys[b];
        pos[b] = o.pos[b];
        neg[b] = o.neg[b];
        flag[b] = o.flag[b];
      } else if (keys[b] == o.keys[b]) {
        pos[b] = checkedAdd(pos[b], o.pos[b]);
        neg[b] = checkedAdd(neg[b], o.neg[b]);
        flag[b] |= o.flag[b];
      } else {
        // Two residents: keep the larger; the other's count moves to the light part. The winner's flag is
        // set because its arrivals on the other side were voted out into that side's light part.
        boolean keepOther = o.pos[b] > pos[b];
        long loserKey = keepOther ? keys[b] : o.keys[b];
        int loserCount = keepOther ? pos[b] : o.pos[b];
        if (keepOther) {
          keys[b] = o.keys[b];
          pos[b] = o.pos[b];
        }
        light.addHash(loserKey, loserCount);
        neg[b] = checkedAdd(checkedAdd(neg[b], o.neg[b]), loserCount);
        flag[b] = true;
      }
    }
    // Everything fitted: copy the merged state in (plain copies, which cannot fail).
    System.arraycopy(keys, 0, this.keys, 0, keys.length);
    System.arraycopy(pos, 0, this.pos, 0, pos.length);
    System.arraycopy(neg, 0, this.neg, 0, neg.length);
    System.arraycopy(flag, 0, this.flag, 0, flag.length);
    System.arraycopy(light.table, 0, this.light.table, 0, light.table.length);
    setTotals(totals);
  }

  @Override
  public byte[] toByteArray() {
    int buckets = keys.length;
    return SketchFormat.write(kind(), 24 + 4 + buckets * BUCKET_BYTES + 8 + 4 * light.table.length, out -> {
      writeTotals(out);
      out.putInt(buckets);
      for (int b = 0; b < buckets; b++) {
        out.putLong(keys[b]).putInt(pos[b]).putInt(flag[b] ? neg[b] | Integer.MIN_VALUE : neg[b]);
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
      s.keys[b] = in.getLong();
      s.pos[b] = in.getInt();
      int n = in.getInt();
      s.flag[b] = n < 0;
      s.neg[b] = n & Integer.MAX_VALUE;
      if (s.pos[b] < 0 || s.pos[b] > total) {
        throw new CorruptSketchException("elastic sketch has a heavy count " + s.pos[b] + " outside [0, total count "
            + total + "]: the bytes were damaged or crafted; rebuild the sketch from its source data");
      }
      // a bucket is empty until its first arrival and never empties again: an empty one has no key, votes or flag
      if (s.pos[b] == 0 && (s.keys[b] != 0 || n != 0)) {
        throw new CorruptSketchException("elastic sketch has an empty heavy bucket with a key, votes or flag: the"
            + " bytes were damaged or crafted; rebuild the sketch from its source data");
      }
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
