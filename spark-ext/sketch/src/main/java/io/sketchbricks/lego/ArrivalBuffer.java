package io.sketchbricks.lego;

/**
 * A {@link LegoSketch}'s arrival buffer: recent items' counts, summed exactly (double) before they reach the
 * float32 cells. A float32 cell near a million counts rounds every unit added to it, so on a stream of few, very
 * frequent items single additions lose counts where Count-Min's integer counters are exact (README, "Measured
 * here", "Design choices, measured"); an item's buffered arrivals reach the cells as one product
 * {@code count * e_r}, rounded once. The buffer is 4 KB of heap next to the bricks, not part of the memory budget
 * or the bytes: it is emptied into the bricks before any query, merge or serialization.
 *
 * <p>Direct-mapped on the id; a count of 0 marks a free slot. Allocated on the first add. Not thread-safe.
 */
final class ArrivalBuffer {
  /** Where buffered arrivals go: the bricks. */
  interface Sink {
    void store(long id, double count);
  }

  static final int SLOTS = 256;

  private long[] ids;
  private double[] counts;
  private boolean holding;

  /** Buffers a positive count; the slot's previous item, if another, goes to {@code sink} in one addition. */
  void add(long id, double count, Sink sink) {
    if (ids == null) {
      ids = new long[SLOTS];
      counts = new double[SLOTS];
    }
    int slot = (int) ((id * 0x9E3779B97F4A7C15L) >>> 56); // the top 8 bits of a multiplicative hash
    double held = counts[slot];
    if (held != 0) {
      if (ids[slot] == id) {
        counts[slot] = held + count;
        return;
      }
      sink.store(ids[slot], held); // evicted: its arrivals go to the cells in one addition
    }
    ids[slot] = id;
    counts[slot] = count;
    holding = true;
  }

  /** Moves every buffered count to {@code sink}, in slot order, and empties the buffer. */
  void flush(Sink sink) {
    if (!holding) {
      return;
    }
    for (int slot = 0; slot < SLOTS; slot++) {
      if (counts[slot] != 0) {
        sink.store(ids[slot], counts[slot]);
        counts[slot] = 0;
      }
    }
    holding = false;
  }
}
