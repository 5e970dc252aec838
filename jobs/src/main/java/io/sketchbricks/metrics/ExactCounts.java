package io.sketchbricks.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Exact per-item counts held in the JVM: the ground truth that sketch estimates are scored against.
 *
 * <p>Each item maps to a one-element {@code long[]} cell that is incremented in place, so a repeat add is one
 * hash lookup with no boxing or re-insertion; items are also kept in a list in first-seen order, which makes
 * {@link #items()} and {@link #counts()} deterministic for a given stream.
 */
public final class ExactCounts {
  private final HashMap<String, long[]> cells = new HashMap<>(1 << 16);
  private final List<String> order = new ArrayList<>();
  private final List<long[]> orderCells = new ArrayList<>();
  private long total;

  /**
   * Adds {@code count} occurrences of {@code item}. A count of 0 changes nothing (the item is not recorded as
   * seen), so every recorded item has a count above 0, as {@link AccuracyMetrics} requires.
   *
   * @throws IllegalArgumentException for a null item or a negative count (this tracks insert-only streams)
   * @throws ArithmeticException if a count or the total would overflow a long
   */
  public void add(String item, long count) {
    if (item == null) {
      throw new IllegalArgumentException("item is null: filter out nulls before counting");
    }
    if (count <= 0) {
      if (count < 0) {
        throw new IllegalArgumentException("count must be >= 0, got " + count + " for item '" + item
            + "': ExactCounts tracks insert-only streams");
      }
      return;
    }
    long[] cell = cells.get(item);
    if (cell == null) {
      cell = new long[1];
      cells.put(item, cell);
      order.add(item);
      orderCells.add(cell);
    }
    cell[0] = Math.addExact(cell[0], count);
    total = Math.addExact(total, count);
  }

  /** The exact count of {@code item}; 0 if it was never added. */
  public long count(String item) {
    long[] cell = cells.get(item);
    return cell == null ? 0 : cell[0];
  }

  /** The number of distinct items added. */
  public int distinct() {
    return order.size();
  }

  /** The sum of all counts added. */
  public long total() {
    return total;
  }

  /** All distinct items, in the order they were first added (a fresh array). */
  public String[] items() {
    return order.toArray(new String[0]);
  }

  /** The counts of {@link #items()}, index for index (a fresh array). */
  public long[] counts() {
    long[] out = new long[orderCells.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = orderCells.get(i)[0];
    }
    return out;
  }

  @Override
  public String toString() {
    return "ExactCounts[distinct=" + distinct() + ", total=" + total + "]";
  }
}
