package io.sketchbricks.ucl;

/**
 * Instance normalisation of a snapshot, as the authors' reference code does:
 * {@code scale = min over rows (max over columns C[r][c])}, input = C / scale. Every row of a Count-Min table sums to
 * the same total, so the scale tracks the stream's size and the network sees inputs of comparable magnitude whatever
 * the window's age. A key's count never exceeds the scale (it is at most each of its counters, hence at most each
 * row's maximum), so targets stay in [0, 1], the sigmoid's range. An all-zero snapshot gets scale 1.
 */
public final class InstanceNorm {
  private InstanceNorm() {}

  public static float scale(float[] snapshot, int depth, int width) {
    float s = Float.MAX_VALUE;
    for (int r = 0; r < depth; r++) {
      float max = 0;
      for (int c = r * width, end = c + width; c < end; c++) {
        max = Math.max(max, snapshot[c]);
      }
      s = Math.min(s, max);
    }
    return s > 0 ? s : 1;
  }

  public static float scale(int[] snapshot, int depth, int width) {
    int s = Integer.MAX_VALUE;
    for (int r = 0; r < depth; r++) {
      int max = 0;
      for (int c = r * width, end = c + width; c < end; c++) {
        max = Math.max(max, snapshot[c]);
      }
      s = Math.min(s, max);
    }
    return s > 0 ? s : 1;
  }

  // public for the DJL module (io.sketchbricks.ucl.djl); not an API for users
  /** snapshot / scale into {@code out} at {@code offset}. */
  public static void normalise(int[] snapshot, float scale, float[] out, int offset) {
    for (int i = 0; i < snapshot.length; i++) {
      out[offset + i] = snapshot[i] / scale;
    }
  }
}
