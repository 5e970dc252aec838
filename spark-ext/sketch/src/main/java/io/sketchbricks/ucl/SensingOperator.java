package io.sketchbricks.ucl;

/**
 * The sensing matrix A of the UCL paper's Eq. 1 (M = depth x width rows, N = keys columns,
 * {@code A[r*width + h_r(key_j)][j] = 1}), applied sparsely: it stores only the depth cells of each key, never the
 * M x N matrix.
 *
 * <ul>
 *   <li>{@link #apply}: {@code y = A x}, adding x_j to the depth cells of key j;</li>
 *   <li>{@link #applyTranspose}: {@code x = A^T r}, summing the depth cells of key j.</li>
 * </ul>
 * Both cost O(N x depth). They are exact adjoints: {@code <A x, r> = <x, A^T r>}.
 */
public final class SensingOperator {
  private final int depth;
  private final int width;
  private final int keys;
  /** cells[j*depth + r]: the flat counter of key j in row r. */
  private final int[] cells;

  public SensingOperator(long[] keyHashes, int depth, int width) {
    this.depth = depth;
    this.width = width;
    this.keys = keyHashes.length;
    this.cells = new int[keys * depth];
    for (int j = 0; j < keys; j++) {
      for (int r = 0; r < depth; r++) {
        cells[j * depth + r] = CountMinPart.cell(keyHashes[j], r, width);
      }
    }
  }

  /** M, the number of measurements (counters). */
  public int rows() {
    return depth * width;
  }

  /** N, the number of unknowns (keys). */
  public int columns() {
    return keys;
  }

  public int depth() {
    return depth;
  }

  /** The flat counter index of key j in row r. */
  public int cell(int j, int r) {
    return cells[j * depth + r];
  }

  /** The flat counter of every key in every row, key j's at {@code [j*depth, (j+1)*depth)}; not a copy: read only. */
  int[] cells() {
    return cells;
  }

  /** {@code y = A x} (y is overwritten). */
  public void apply(double[] x, double[] y) {
    check(x.length, keys, "x");
    check(y.length, rows(), "y");
    java.util.Arrays.fill(y, 0);
    for (int j = 0, c = 0; j < keys; j++) {
      double v = x[j];
      for (int r = 0; r < depth; r++) {
        y[cells[c++]] += v;
      }
    }
  }

  /** {@code x = A^T r} (x is overwritten). */
  public void applyTranspose(double[] r, double[] x) {
    check(r.length, rows(), "r");
    check(x.length, keys, "x");
    for (int j = 0, c = 0; j < keys; j++) {
      double s = 0;
      for (int k = 0; k < depth; k++) {
        s += r[cells[c++]];
      }
      x[j] = s;
    }
  }

  /** {@code y = A x} in float, for the learned solver's host-side checks. */
  public void apply(float[] x, float[] y) {
    check(x.length, keys, "x");
    check(y.length, rows(), "y");
    java.util.Arrays.fill(y, 0);
    for (int j = 0, c = 0; j < keys; j++) {
      float v = x[j];
      for (int r = 0; r < depth; r++) {
        y[cells[c++]] += v;
      }
    }
  }

  /** The plain Count-Min estimate of every key against one snapshot: the minimum of its depth counters. */
  public double[] countMinEstimates(int[] snapshot) {
    check(snapshot.length, rows(), "snapshot");
    double[] out = new double[keys];
    for (int j = 0, c = 0; j < keys; j++) {
      int m = Integer.MAX_VALUE;
      for (int r = 0; r < depth; r++) {
        m = Math.min(m, snapshot[cells[c++]]);
      }
      out[j] = m;
    }
    return out;
  }

  private static void check(int actual, int expected, String name) {
    if (actual != expected) {
      throw new IllegalArgumentException(name + " has length " + actual + " but the operator needs " + expected);
    }
  }
}
