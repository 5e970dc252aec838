package io.sketchbricks.lego;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchInfo;
import io.sketchbricks.core.SketchKind;
import java.nio.ByteBuffer;

/**
 * D-Lego (spec 1.12): an Elastic-sketch heavy part that keeps large items exactly, in front of a {@link LegoSketch}
 * light part for everything else.
 *
 * <p>Memory split for a budget B and brick size U = 100 KB: {@code light = max(U, floor(0.8 B / U) U)} bytes of
 * bricks, the rest for heavy buckets. A bucket is accounted at 9 bytes as in the reference (so budgets compare
 * with its published numbers); this JVM actually holds 25 bytes per bucket (64-bit id, 64-bit count and vote,
 * flag), which {@link #heapBytes()} reports.
 *
 * <p>Heavy part, bucket {@code id mod buckets}, holding (id, count, flag, neg): an arrival (x, v) into an empty
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

  private final long[] keys;
  private final long[] counts;
  private final long[] negs;
  private final boolean[] flags;
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
    this.keys = new long[buckets];
    this.counts = new long[buckets];
    this.negs = new long[buckets];
    this.flags = new boolean[buckets];
    this.light = light;
  }

  static int lightBricksFor(long budgetBytes) {
    long u = LegoSketch.BRICK_BYTES;
    return (int) Math.max(1, (long) Math.floor(LIGHT_SHARE * budgetBytes / u));
  }

  static int bucketsFor(long budgetBytes) {
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
    return keys.length;
  }

  /** The light part (read-only use intended). */
  public LegoSketch light() {
    return light;
  }

  /** Bytes as the budget is accounted: 9 per heavy bucket plus the bricks. */
  public long memoryBytes() {
    return (long) keys.length * BUCKET_BYTES + light.memoryBytes();
  }

  /** Bytes this JVM holds for the counters: 25 per heavy bucket plus the bricks. */
  public long heapBytes() {
    return (long) keys.length * 25 + light.memoryBytes();
  }

  private int bucketOf(long id) {
    return (int) Math.floorMod(id, (long) keys.length);
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

  /** Adds {@code count} arrivals of the item with this id (one heavy-part decision for the whole count). */
  public void addId(long id, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count " + count + " is negative: D-Lego sketches count arrivals only");
    }
    if (count == 0) {
      return;
    }
    int b = bucketOf(id);
    if (counts[b] == 0) {
      keys[b] = id;
      counts[b] = count;
      negs[b] = 0;
      flags[b] = false;
    } else if (keys[b] == id) {
      counts[b] = Math.addExact(counts[b], count);
    } else if ((double) negs[b] / counts[b] < LAMBDA) {
      negs[b] = Math.addExact(negs[b], count);
      light.addId(id, count);
    } else {
      light.addId(keys[b], counts[b]);
      keys[b] = id;
      counts[b] = count;
      negs[b] = 1;
      flags[b] = true;
    }
  }

  public double estimate(long item) {
    return estimateId(item);
  }

  public double estimateObject(Object item) {
    return estimateId(LegoHash.idOf(item));
  }

  public double estimateId(long id) {
    int b = bucketOf(id);
    if (counts[b] != 0 && keys[b] == id) {
      return flags[b] ? counts[b] + light.estimateId(id) : counts[b];
    }
    return light.estimateId(id);
  }

  /**
   * The estimate of an id given its light-part estimate computed elsewhere, e.g. by a batched DJL pass over many
   * ids: equals {@link #estimateId} when {@code lightEstimate == light().estimateId(id)}.
   */
  public double combine(long id, double lightEstimate) {
    int b = bucketOf(id);
    if (counts[b] != 0 && keys[b] == id) {
      return flags[b] ? counts[b] + lightEstimate : counts[b];
    }
    return lightEstimate;
  }

  public double totalCount() {
    double n = light.totalCount();
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  @Override
  public SketchInfo info() {
    return new SketchInfo(kind().sqlName(), kind().currentVersion(), memoryBytes(), Math.round(totalCount()),
        "heavy_buckets=" + keys.length + "," + light.params());
  }

  @Override
  public void mergeSketch(Sketch other) {
    if (!(other instanceof DLegoSketch o)) {
      throw new IncompatibleMergeException("cannot merge a d-lego sketch with "
          + (other == null ? "null" : "a " + other.kind().sqlName() + " sketch") + ": only sketches of the same kind merge");
    }
    light.requireCompatible(o.light);
    IncompatibleMergeException.requireEqual("d-lego", "heavy buckets (memory budget)", keys.length, o.keys.length);
    light.mergeSketch(o.light);
    for (int b = 0; b < keys.length; b++) {
      if (o.counts[b] == 0) {
        continue;
      }
      if (counts[b] == 0) {
        keys[b] = o.keys[b];
        counts[b] = o.counts[b];
        negs[b] = o.negs[b];
        flags[b] = o.flags[b];
      } else if (keys[b] == o.keys[b]) {
        counts[b] = Math.addExact(counts[b], o.counts[b]);
        negs[b] = Math.addExact(negs[b], o.negs[b]);
        flags[b] |= o.flags[b];
      } else {
        // Two residents: keep the larger. The loser moves to the light part; the winner gets its flag set, since
        // some of its arrivals may have been voted into the other side's light part.
        boolean keepOther = o.counts[b] > counts[b];
        long loserKey = keepOther ? keys[b] : o.keys[b];
        long loserCount = keepOther ? counts[b] : o.counts[b];
        if (keepOther) {
          keys[b] = o.keys[b];
          counts[b] = o.counts[b];
        }
        light.addId(loserKey, loserCount);
        negs[b] = Math.addExact(Math.addExact(negs[b], o.negs[b]), loserCount);
        flags[b] = true;
      }
    }
  }

  @Override
  public byte[] toByteArray() {
    int heavyBytes = 4 + keys.length * 25;
    return SketchFormat.write(kind(), heavyBytes + light.payloadBytes(), out -> {
      out.putInt(keys.length);
      for (int b = 0; b < keys.length; b++) {
        out.putLong(keys[b]).putLong(counts[b]).putLong(negs[b]).put((byte) (flags[b] ? 1 : 0));
      }
      light.writePayload(out);
    });
  }

  /** Payload v1: bucket count (int), per bucket id, count, neg (longs) and flag (byte), then a Lego payload. */
  public static DLegoSketch readPayload(ByteBuffer in, int version) {
    int buckets = SketchFormat.readInt(in, "heavy buckets", 1, in.remaining() / 25);
    long[] keys = new long[buckets];
    long[] counts = new long[buckets];
    long[] negs = new long[buckets];
    boolean[] flags = new boolean[buckets];
    for (int b = 0; b < buckets; b++) {
      keys[b] = in.getLong();
      counts[b] = in.getLong();
      negs[b] = in.getLong();
      byte f = in.get();
      if (counts[b] < 0 || negs[b] < 0 || (f & ~1) != 0) {
        throw new CorruptSketchException("d-lego sketch heavy bucket " + b + " holds invalid values");
      }
      flags[b] = f == 1;
    }
    DLegoSketch s = new DLegoSketch(buckets, LegoSketch.readPayload(in, version));
    System.arraycopy(keys, 0, s.keys, 0, buckets);
    System.arraycopy(counts, 0, s.counts, 0, buckets);
    System.arraycopy(negs, 0, s.negs, 0, buckets);
    System.arraycopy(flags, 0, s.flags, 0, buckets);
    return s;
  }
}
