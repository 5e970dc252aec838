package io.sketchbricks.spark;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * What {@link ClickLogs#generate} produces: {@code events} clicks over {@code span} from {@code start}, item
 * popularity Zipf(alpha) over {@code distinct} items, and a popularity {@code drift}: over the span the rank to
 * item mapping rotates by {@code drift * distinct} items in {@link #DRIFT_STEPS} equal steps, so today's heavy
 * hitters are not last week's.
 */
public record ClickLogSpec(long events, int distinct, double alpha, Instant start, Duration span, double drift,
    int users, long seed) implements Serializable {
  @Serial
  private static final long serialVersionUID = 1L;
  /** How many times over the span the popularity ranks move (a week in 7 steps is one move a day). */
  public static final int DRIFT_STEPS = 7;

  public ClickLogSpec {
    if (events < 0) {
      throw new IllegalArgumentException("events must be >= 0, got " + events);
    }
    if (distinct < 1) {
      throw new IllegalArgumentException("distinct must be >= 1, got " + distinct);
    }
    if (!(alpha > 0)) {
      throw new IllegalArgumentException("alpha must be > 0, got " + alpha);
    }
    if (span.isNegative() || span.isZero()) {
      throw new IllegalArgumentException("span must be positive, got " + span);
    }
    if (drift < 0 || drift > 1) {
      throw new IllegalArgumentException("drift must be in [0, 1] (share of the items the ranks rotate by), got "
          + drift);
    }
    if (users < 1) {
      throw new IllegalArgumentException("users must be >= 1, got " + users);
    }
  }

  /** Two million Zipf(1.1) clicks on 100,000 items over a week, starting 2026-01-01 UTC. */
  public static ClickLogSpec defaults() {
    return new ClickLogSpec(2_000_000, 100_000, 1.1, Instant.parse("2026-01-01T00:00:00Z"), Duration.ofDays(7), 0.0,
        10_000, 42);
  }
}
