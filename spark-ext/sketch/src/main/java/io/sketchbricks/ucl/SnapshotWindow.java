package io.sketchbricks.ucl;

import java.util.Arrays;

/**
 * A ring buffer of the last {@code capacity} Count-Min snapshots ({@code int[depth*width]} each), with the
 * arrival count at which each was taken. Adding to a full window overwrites the oldest, so memory stays at
 * {@code capacity x cells x 4} bytes however long the stream runs.
 */
public final class SnapshotWindow {
  private final int cells;
  private final int[][] ring;
  private final long[] takenAt;
  private int start;
  private int size;

  public SnapshotWindow(int capacity, int cells) {
    if (capacity < 1 || cells < 1) {
      throw new IllegalArgumentException("a snapshot window needs capacity >= 1 and cells >= 1, got "
          + capacity + " and " + cells);
    }
    this.cells = cells;
    this.ring = new int[capacity][];
    this.takenAt = new long[capacity];
  }

  /** Copies {@code counters} in as the newest snapshot, taken after {@code arrivals} arrivals. */
  public void add(int[] counters, long arrivals) {
    if (counters.length != cells) {
      throw new IllegalArgumentException("snapshot has " + counters.length + " counters, the window holds "
          + cells + " per snapshot");
    }
    int slot = (start + size) % ring.length;
    if (size == ring.length) {
      slot = start;
      start = (start + 1) % ring.length;
    } else {
      size++;
    }
    if (ring[slot] == null) {
      ring[slot] = new int[cells];
    }
    System.arraycopy(counters, 0, ring[slot], 0, cells);
    takenAt[slot] = arrivals;
  }

  public int size() {
    return size;
  }

  public int capacity() {
    return ring.length;
  }

  public int cells() {
    return cells;
  }

  /** The i-th snapshot, oldest first (0 &lt;= i &lt; size); the array is the window's own, do not modify it. */
  public int[] get(int i) {
    return ring[slot(i)];
  }

  /** The arrival count at which the i-th snapshot (oldest first) was taken. */
  public long takenAt(int i) {
    return takenAt[slot(i)];
  }

  /** The newest snapshot, or null when the window is empty. */
  public int[] latest() {
    return size == 0 ? null : get(size - 1);
  }

  private int slot(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("snapshot " + i + " of a window holding " + size);
    }
    return (start + i) % ring.length;
  }

  boolean sameContents(SnapshotWindow o) {
    if (o.size != size || o.cells != cells || o.ring.length != ring.length) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (takenAt(i) != o.takenAt(i) || !Arrays.equals(get(i), o.get(i))) {
        return false;
      }
    }
    return true;
  }
}
