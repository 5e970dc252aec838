package io.sketchbricks.adacms;

import io.sketchbricks.core.Sketch;
import io.sketchbricks.hash.ItemHash;

/**
 * The front the time-adaptive sketches share (Ada-CMS here, the Hokusai baseline of the {@code eval-time} job): the
 * seed items are hashed with, the {@link TimeUnitSpec} that turns event times into units, the item overloads of
 * {@code add} that hash and hand over to {@link #addHashed}, and the count of rows {@link #addNullable} skipped. One
 * place for them keeps both sketches hashing and skipping the same way, so their estimates stay comparable; the
 * counters, queries, merges and bytes stay in each sketch.
 *
 * <p>Not {@code Serializable} itself: subclasses serialise through a {@code writeReplace} proxy of their bytes,
 * which carry these fields, so Java serialisation never writes or reads this class's state.
 */
public abstract class TimedItemSketch implements Sketch {
  private final long seed;
  private final TimeUnitSpec unit;
  private long skipped;

  /** @param skipped rows already skipped: 0 for a new sketch, the stored count for one read back */
  protected TimedItemSketch(long seed, TimeUnitSpec unit, long skipped) {
    if (unit == null) {
      throw new IllegalArgumentException("time unit must not be null");
    }
    this.seed = seed;
    this.unit = unit;
    this.skipped = skipped;
  }

  public final void add(long item, long t, long count) {
    addHashed(ItemHash.hash(item, seed), t, count);
  }

  public final void add(String item, long t, long count) {
    addHashed(ItemHash.hash(ItemHash.requireItem(item), seed), t, count);
  }

  public final void add(byte[] item, long t, long count) {
    addHashed(ItemHash.hash(ItemHash.requireItem(item), seed), t, count);
  }

  /**
   * Adds a boxed item at an event time in epoch milliseconds, as the SQL aggregates do: a null or empty item or a
   * null time is not added but counted in {@link #skippedCount()}.
   *
   * @throws IllegalArgumentException if the time is before the origin of the time unit
   */
  public final void addNullable(Object item, Long timeMillis, long count) {
    if (timeMillis == null || ItemHash.isMissing(item)) {
      skipped = Math.incrementExact(skipped);
      return;
    }
    addHashed(ItemHash.hashObject(item, seed), unit.unitOf(timeMillis), count);
  }

  /** Adds a count for an item given by its hash under this sketch's seed ({@link #hashOf(Object)}) at unit t. */
  public abstract void addHashed(long itemHash, long t, long count);

  /** The item's hash under this sketch's seed, for callers that add or query one item many times. */
  public final long hashOf(Object item) {
    return ItemHash.hashObject(item, seed);
  }

  /** The time unit index of an event time (see {@link TimeUnitSpec#unitOf(long)}). */
  public final long unitOf(long eventTimeMillis) {
    return unit.unitOf(eventTimeMillis);
  }

  public final long seed() {
    return seed;
  }

  public final TimeUnitSpec timeUnit() {
    return unit;
  }

  /** Rows that {@link #addNullable} skipped for a null or empty item or a null time. */
  public final long skippedCount() {
    return skipped;
  }

  /**
   * Replaces the skipped count, for merges: they check the sum of both sketches' counts before changing anything and
   * set it once the rest of the merge has succeeded.
   */
  protected final void setSkippedCount(long skipped) {
    this.skipped = skipped;
  }
}
