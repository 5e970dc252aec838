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
      neg[b] = checkedAdd(neg[b], count);
      if ((long) neg[b] >= (long) LAMBDA * pos[b]) {
        light.addHash(keys[b], pos[b]);
        keys[b] = h;
        pos[b] = count;
        neg[b] = 0;
        flag[b] = true;
      } else {
        light.addHash(h, count);
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
  public long memoryBytes() {
    return (long) keys.length * BUCKET_BYTES + light.memoryBytes();
  }

  @Override
  protected String params() {
    return "heavy_buckets=" + keys.length + ",light_depth=" + light.depth + ",light_width=" + light.width;
  }

  @Override
  public void mergeSketch(Sketch other) {
    ElasticSketch o = requireSameKind(other, ElasticSketch.class);
    IncompatibleMergeException.requireEqual("elastic", "heavy buckets (memory_kb)", keys.length, o.keys.length);
    IncompatibleMergeException.requireEqual("elastic", "light width (memory_kb)", light.width, o.light.width);
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
    mergeTotals(o);
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

  public static ElasticSketch readPayload(ByteBuffer in, int version) {
    long seed = in.getLong();
    long total = in.getLong();
    long skipped = in.getLong();
    int buckets = SketchFormat.readInt(in, "heavy buckets", 1, in.remaining() / BUCKET_BYTES);
    long[] keys = new long[buckets];
    int[] pos = new int[buckets];
    int[] neg = new int[buckets];
    boolean[] flag = new boolean[buckets];
    for (int b = 0; b < buckets; b++) {
      keys[b] = in.getLong();
      pos[b] = in.getInt();
      int n = in.getInt();
      flag[b] = n < 0;
      neg[b] = n & Integer.MAX_VALUE;
      if (pos[b] < 0) {
        throw new CorruptSketchException("elastic sketch has a negative heavy count");
      }
    }
    int depth = SketchFormat.readInt(in, "light depth", 1, CounterTableSketch.MAX_DEPTH);
    int width = SketchFormat.readInt(in, "light width", 1, Math.max(1, in.remaining() / 4 / depth));
    if ((long) depth * width * 4 != in.remaining()) {
      throw new CorruptSketchException("elastic sketch light part declares " + depth + " x " + width
          + " counters but holds " + in.remaining() + " bytes");
    }
    int[] table = new int[depth * width];
    in.asIntBuffer().get(table);
    in.position(in.position() + 4 * table.length);
    ElasticSketch s = new ElasticSketch(seed, buckets, new CountMinSketch(seed, depth, width, table));
    System.arraycopy(keys, 0, s.keys, 0, buckets);
    System.arraycopy(pos, 0, s.pos, 0, buckets);
    System.arraycopy(neg, 0, s.neg, 0, buckets);
    System.arraycopy(flag, 0, s.flag, 0, buckets);
    s.readTotalsFrom(total, skipped);
    return s;
  }

  private void readTotalsFrom(long total, long skippedCount) {
    if (total < 0 || skippedCount < 0) {
      throw new CorruptSketchException("elastic sketch has a negative total count");
    }
    this.totalCount = total;
    this.skipped = skippedCount;
  }
}
