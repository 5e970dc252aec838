package io.sketchbricks.ucl;

import java.util.Arrays;

/**
 * A frozen view of the unknowns at one moment: the tracked keys in solver order (flow keys, then hot keys, as
 * the reference code's {@code flowKeys + evictKeys}), where each came from in the sketch's key tracker, and which
 * of them are hot. Solvers train and decode against a layout; {@link UclSketch#applyDecoded} maps a solution
 * back to keys. Unknown j belongs to logical bucket {@code j / 1024} (UCL paper, Sec. IV-C2).
 */
public final class KeyLayout {
  private final long[] keys;
  private final int[] trackerPositions;
  private final int[] hotIndices;
  private final int depth;
  private final int width;
  private SensingOperator operator;

  KeyLayout(long[] keys, int[] trackerPositions, int[] hotIndices, int depth, int width) {
    this.keys = keys;
    this.trackerPositions = trackerPositions;
    this.hotIndices = hotIndices;
    this.depth = depth;
    this.width = width;
  }

  /** A layout of explicit keys (for tests and offline use): unknown j is keys[j], hot ones listed by index. */
  public static KeyLayout of(long[] keys, int[] hotIndices, int depth, int width) {
    int[] identity = new int[keys.length];
    Arrays.setAll(identity, i -> i);
    for (int h : hotIndices) {
      if (h < 0 || h >= keys.length) {
        throw new IllegalArgumentException("hot index " + h + " is outside [0, " + keys.length + ")");
      }
    }
    return new KeyLayout(keys.clone(), identity, hotIndices.clone(), depth, width);
  }

  /** N, the number of unknowns. */
  public int size() {
    return keys.length;
  }

  public long key(int j) {
    return keys[j];
  }

  /** Indices j of the hot unknowns (keys evicted from the heavy filter with a count above 1); a copy. */
  public int[] hotIndices() {
    return hotIndices.clone();
  }

  int trackerPosition(int j) {
    return trackerPositions[j];
  }

  public int depth() {
    return depth;
  }

  public int width() {
    return width;
  }

  /** The sensing operator A of this layout (built once, then shared). */
  public synchronized SensingOperator operator() {
    if (operator == null) {
      operator = new SensingOperator(keys, depth, width);
    }
    return operator;
  }
}
