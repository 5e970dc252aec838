package io.sketchbricks.adacms;

import java.time.Duration;
import java.time.Instant;

/**
 * The discrete time axis of a time-adaptive sketch: event times in epoch milliseconds become unit indices
 * {@code t = floor((eventTimeMillis - originMillis) / unitMillis)}, so t = 0 is the unit that starts at the origin.
 *
 * <p>Defaults ({@link #DEFAULT}): one-hour units counted from the Unix epoch, so today's t is around 500,000.
 * Sketches merge only when their unit and origin are equal, because the same t must mean the same hour in both.
 *
 * @param unitMillis length of one time unit in milliseconds, at least 1
 * @param originMillis epoch milliseconds where unit 0 starts; earlier event times are refused
 */
public record TimeUnitSpec(long unitMillis, long originMillis) implements java.io.Serializable {
  /** One hour in milliseconds. */
  public static final long HOUR_MILLIS = 3_600_000L;
  /** One-hour units from the Unix epoch. */
  public static final TimeUnitSpec DEFAULT = new TimeUnitSpec(HOUR_MILLIS, 0L);
  /**
   * The largest time unit index the sketches accept: 2^62 - 1 leaves room for dyadic block arithmetic
   * ({@code t + 2^l}) without long overflow.
   */
  public static final long MAX_UNIT = (1L << 62) - 1;

  public TimeUnitSpec {
    if (unitMillis < 1) {
      throw new IllegalArgumentException("time unit of " + unitMillis + " ms is not positive: give a unit of at least"
          + " 1 ms (e.g. 3600000 for hours)");
    }
  }

  /** Units of the given length from the Unix epoch. */
  public static TimeUnitSpec of(Duration unit) {
    return new TimeUnitSpec(unit.toMillis(), 0L);
  }

  /**
   * The unit index of an event time.
   *
   * @throws IllegalArgumentException if the time is before the origin (or so far after it that the index would
   *     pass {@link #MAX_UNIT})
   */
  public long unitOf(long eventTimeMillis) {
    if (eventTimeMillis < originMillis) {
      throw new IllegalArgumentException("time " + describe(eventTimeMillis) + " is before the sketch origin "
          + describe(originMillis) + ": build the sketch with an origin at or before the earliest event time"
          + " (origin_ms), or filter out the earlier rows");
    }
    // millis >= origin, so the true difference lies in [0, 2^64): unsigned arithmetic cannot overflow here.
    long t = Long.divideUnsigned(eventTimeMillis - originMillis, unitMillis);
    if (t < 0 || t > MAX_UNIT) {
      throw new IllegalArgumentException("time " + describe(eventTimeMillis) + " is " + Long.toUnsignedString(t)
          + " units after the origin, more than the 2^62 - 1 units a sketch can index: use a longer time unit");
    }
    return t;
  }

  /**
   * Checks a unit index handed to a time-adaptive sketch (Ada-CMS here, the eval jobs' Hokusai baseline): the same
   * range and the same advice for both, kept in one place.
   *
   * @throws IllegalArgumentException if t is outside [0, {@link #MAX_UNIT}]
   */
  public static void checkUnit(long t) {
    if (t < 0 || t > MAX_UNIT) {
      throw new IllegalArgumentException("time unit " + t + " is outside [0, 2^62 - 1]: convert event times with"
          + " TimeUnitSpec.unitOf, which counts units from the sketch origin");
    }
  }

  /** Epoch milliseconds where unit {@code t} starts (saturating at Long.MAX_VALUE). */
  public long startMillis(long t) {
    try {
      return Math.addExact(originMillis, Math.multiplyExact(t, unitMillis));
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Compact {@code key=value} form used in {@code sketch_info}. */
  public String params() {
    return "unit_ms=" + unitMillis + ",origin_ms=" + originMillis;
  }

  private static String describe(long millis) {
    return millis + " ms (" + Instant.ofEpochMilli(millis) + ")";
  }
}
