package io.sketchbricks.frequency;

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

/**
 * A sketch that estimates how often each item occurred. Items are longs, Strings or byte arrays; each is
 * hashed once ({@link ItemHash}) with the sketch's seed and the sketch works on that 64-bit hash.
 *
 * <p>Create one with a memory budget through the static factories ({@link #countMin(long)} and friends):
 * the budget counts counter bytes only (each class documents its accounting); the header adds 48 bytes.
 *
 * <p>Counts are non-negative and 32-bit per counter: a counter that would pass 2^31-1 throws
 * {@link ArithmeticException} rather than wrap, so an estimate is never silently wrong.
 */
public abstract class FrequencySketch implements Sketch, Serializable {
  @Serial
  private static final long serialVersionUID = 1L;

  /** The seed used when none is given; sketches merge only with sketches of the same seed. */
  public static final long DEFAULT_SEED = 0x736B6272L;
  /** Rows of the Count-Min-like tables when none is given (the Lego paper's baselines use 3). */
  public static final int DEFAULT_DEPTH = 3;

  protected final long seed;
  private final transient ItemHash.Hasher hasher;
  protected long totalCount;
  protected long skipped;

  protected FrequencySketch(long seed) {
    this.seed = seed;
    this.hasher = ItemHash.forSeed(seed);
  }

  // ---- factories -------------------------------------------------------------------------------------

  public static CountMinSketch countMin(long memoryBytes) {
    return new CountMinSketch(memoryBytes, DEFAULT_DEPTH, DEFAULT_SEED);
  }

  public static CountSketch countSketch(long memoryBytes) {
    return new CountSketch(memoryBytes, DEFAULT_DEPTH, DEFAULT_SEED);
  }

  public static ConservativeCountMinSketch conservative(long memoryBytes) {
    return new ConservativeCountMinSketch(memoryBytes, DEFAULT_DEPTH, DEFAULT_SEED);
  }

  public static ElasticSketch elastic(long memoryBytes) {
    return new ElasticSketch(memoryBytes, DEFAULT_SEED);
  }

  // ---- updates -----------------------------------------------------------------------------------------

  public final void add(long item) {
    add(item, 1);
  }

  public final void add(long item, long count) {
    addHashed(hasher.hash(item), count);
  }

  public final void add(String item) {
    add(item, 1);
  }

  public final void add(String item, long count) {
    addHashed(hasher.hash(ItemHash.requireItem(item)), count);
  }

  public final void add(byte[] item, long count) {
    addHashed(hasher.hash(ItemHash.requireItem(item)), count);
  }

  /**
   * Adds a boxed item as the SQL aggregates do: a null or empty item is not added but counted in
   * {@link #skippedCount()}, so bad rows are visible in {@code sketch_info} instead of vanishing.
   */
  public final void addNullable(Object item, long count) {
    if (ItemHash.isMissing(item)) {
      skipped = Math.incrementExact(skipped);
      return;
    }
    addHashed(hasher.hashObject(item), count);
  }

  /** Adds a count to an item given by its hash under this sketch's seed ({@link #hashOf(Object)}). */
  public final void addHashed(long itemHash, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count " + count + " is negative: these sketches count arrivals only");
    }
    if (count == 0) {
      return;
    }
    if (count > Integer.MAX_VALUE) {
      throw new ArithmeticException("count " + count + " exceeds a 32-bit counter: split it into smaller adds");
    }
    long newTotal = Math.addExact(totalCount, count); // checked first: a failed add changes nothing
    addHash(itemHash, (int) count);
    totalCount = newTotal;
  }

  /** The item's hash under this sketch's seed, for callers that add or query one item many times. */
  public final long hashOf(Object item) {
    return hasher.hashObject(item);
  }

  /**
   * Adds a positive count to every cell of the item. All or nothing: if any cell would overflow it throws
   * {@link ArithmeticException} before changing a cell.
   */
  protected abstract void addHash(long itemHash, int count);

  // ---- queries -----------------------------------------------------------------------------------------

  public final long estimate(long item) {
    return estimateHash(hasher.hash(item));
  }

  public final long estimate(String item) {
    return estimateHash(hasher.hash(ItemHash.requireItem(item)));
  }

  public final long estimate(byte[] item) {
    return estimateHash(hasher.hash(ItemHash.requireItem(item)));
  }

  /** Estimate for a boxed item (Long, Integer, String, byte[]). */
  public final long estimateObject(Object item) {
    return estimateHash(hasher.hashObject(item));
  }

  public abstract long estimateHash(long itemHash);

  // ---- bounds ------------------------------------------------------------------------------------------

  /**
   * The estimate of a boxed item with an interval that holds its true count with probability at least
   * {@code confidence} (in (0, 1)); each kind's javadoc derives its interval.
   */
  public final EstimateBounds bounds(Object item, double confidence) {
    return boundsHash(hasher.hashObject(item), EstimateBounds.checkConfidence(confidence));
  }

  /** The true count is at least this with probability at least {@code confidence}. */
  public final long lowerBound(Object item, double confidence) {
    return bounds(item, confidence).lower();
  }

  /** The true count is at most this with probability at least {@code confidence}. */
  public final long upperBound(Object item, double confidence) {
    return bounds(item, confidence).upper();
  }

  /**
   * {@link #bounds} for an item hash; confidence is already checked to lie in (0, 1). Kinds without a stated
   * guarantee (UCL's learned decoding) refuse.
   */
  protected EstimateBounds boundsHash(long itemHash, double confidence) {
    throw new IllegalArgumentException("a " + kind().sqlName() + " sketch states no error bound for its estimates:"
        + " use a " + SketchKind.namesWith(SketchKind.Capability.CLASSIC) + " sketch for sketch_estimate_bounds");
  }

  // ---- state -------------------------------------------------------------------------------------------

  public final long seed() {
    return seed;
  }

  /** Sum of all counts added. */
  public final long totalCount() {
    return totalCount;
  }

  /** Null or empty items that {@link #addNullable} skipped. */
  public final long skippedCount() {
    return skipped;
  }

  /** Bytes of counters this sketch holds, as its memory budget is accounted. */
  public abstract long memoryBytes();

  protected abstract String params();

  @Override
  public SketchInfo info() {
    return new SketchInfo(kind().sqlName(), kind().currentVersion(), memoryBytes(), totalCount,
        params() + ",seed=" + seed + ",skipped=" + skipped);
  }

  /** Adds other into this sketch; see each class for what a merged sketch guarantees. */
  public final void merge(FrequencySketch other) {
    mergeSketch(other);
  }

  protected final <T extends FrequencySketch> T requireSameKind(Sketch other, Class<T> type) {
    if (other == null || other.getClass() != type) {
      throw new IncompatibleMergeException("cannot merge a " + kind().sqlName() + " sketch with "
          + (other == null ? "null" : "a " + other.kind().sqlName() + " sketch")
          + ": only sketches of the same kind merge");
    }
    T t = type.cast(other);
    IncompatibleMergeException.requireEqual(kind().sqlName(), "seed", seed, t.seed);
    return t;
  }

  /**
   * The totals of this sketch merged with other's, as {total, skipped}. Merges call it before touching a counter, so
   * a total that would pass Long.MAX_VALUE (which the reader refuses as negative) fails with nothing changed.
   */
  protected final long[] mergedTotals(FrequencySketch other) {
    return new long[] {Math.addExact(totalCount, other.totalCount), Math.addExact(skipped, other.skipped)};
  }

  protected final void setTotals(long[] totals) {
    totalCount = totals[0];
    skipped = totals[1];
  }

  protected final void writeTotals(ByteBuffer out) {
    out.putLong(seed).putLong(totalCount).putLong(skipped);
  }

  static int checkedAdd(int counter, int count) {
    int sum = counter + count;
    if (((counter ^ sum) & (count ^ sum)) < 0) {
      throw overflow();
    }
    return sum;
  }

  /** Whether counter + count passes the int range (the check of {@link #checkedAdd}, without the add). */
  static boolean overflows(int counter, int count) {
    int sum = counter + count;
    return ((counter ^ sum) & (count ^ sum)) < 0;
  }

  static ArithmeticException overflow() {
    return new ArithmeticException("a sketch counter passed 2^31-1: more than 2 billion arrivals share one cell;"
        + " build sketches over smaller windows or with more memory");
  }

  /**
   * Refuses counters no sketch of this kind can hold: negative ones (unless {@code signed}, as in Count Sketch) and
   * ones whose magnitude passes the total count, which every add and merge raises by at least as much as any cell.
   */
  static void checkCounters(String kind, int[] counters, long total, boolean signed) {
    for (int c : counters) {
      if (c < 0 && !signed) {
        throw new CorruptSketchException(kind + " sketch has a negative counter " + c
            + ": the bytes were damaged or crafted; rebuild the sketch from its source data");
      }
      if (Math.abs((long) c) > total) {
        throw new CorruptSketchException(kind + " sketch has a counter " + c + " above its total count " + total
            + ": the bytes were damaged or crafted; rebuild the sketch from its source data");
      }
    }
  }


  /** This kind's payload reader: the Java-serialisation proxy carries it ({@link SerializedSketch}). */
  protected abstract SketchFormat.PayloadReader<? extends FrequencySketch> payloadReader();

  @Serial
  protected final Object writeReplace() {
    return new SerializedSketch<>(toByteArray(), kind(), payloadReader());
  }
}
