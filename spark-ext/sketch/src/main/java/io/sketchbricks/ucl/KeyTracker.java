package io.sketchbricks.ucl;

import java.util.Arrays;
import java.util.HashMap;

/**
 * The unknowns of UCL's equation system (UCL paper, Sec. IV-A2): every key that reached the Count-Min part, in the
 * order it first did, each with a "hot" flag for keys that left the heavy filter with a count above 1 (the reference
 * code's {@code evictKeys}; the others are its {@code flowKeys}).
 *
 * <p>The reference code keeps two Python lists and scans them; here a map from key to position and a flag per
 * position make every lookup and every "move to hot" O(1). Positions never change: marking a key hot flips its
 * flag instead of moving it. {@link #solverOrder()} rebuilds the reference order (flow keys, then hot keys).
 */
final class KeyTracker {
  private final HashMap<Long, Integer> positions;
  private long[] keys;
  private boolean[] hot;
  private int size;
  private int hotCount;

  KeyTracker() {
    positions = new HashMap<>(1 << 12);
    keys = new long[1 << 10];
    hot = new boolean[1 << 10];
  }

  int size() {
    return size;
  }

  int hotCount() {
    return hotCount;
  }

  /** The key's position (first-arrival order), or -1 if it is not tracked. */
  int position(long key) {
    Integer p = positions.get(key);
    return p == null ? -1 : p;
  }

  long key(int position) {
    return keys[position];
  }

  boolean isHot(int position) {
    return hot[position];
  }

  /** Tracks a new key; the caller guarantees it is not tracked yet (the Bloom filter said so). */
  void add(long key, boolean isHot) {
    Integer previous = positions.putIfAbsent(key, size);
    if (previous != null) {
      // a Bloom false negative cannot happen, so this is a caller bug; keep the state consistent anyway
      if (isHot) {
        markHot(previous);
      }
      return;
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      hot = Arrays.copyOf(hot, size * 2);
    }
    keys[size] = key;
    hot[size] = isHot;
    size++;
    if (isHot) {
      hotCount++;
    }
  }

  /** Marks a tracked key hot; an untracked key (a Bloom false positive upstream) is ignored, as in the code. */
  void markHot(long key) {
    int p = position(key);
    if (p >= 0) {
      markHot(p);
    }
  }

  private void markHot(int position) {
    if (!hot[position]) {
      hot[position] = true;
      hotCount++;
    }
  }

  /**
   * Positions in the reference code's unknown-vector order: flow (not hot) keys, then hot keys, each group in
   * first-arrival order. Entry j is the tracker position of unknown j.
   */
  int[] solverOrder() {
    int[] order = new int[size];
    int next = 0;
    for (int p = 0; p < size; p++) {
      if (!hot[p]) {
        order[next++] = p;
      }
    }
    for (int p = 0; p < size; p++) {
      if (hot[p]) {
        order[next++] = p;
      }
    }
    return order;
  }

  long[] keysCopy() {
    return Arrays.copyOf(keys, size);
  }

  boolean[] hotCopy() {
    return Arrays.copyOf(hot, size);
  }
}
