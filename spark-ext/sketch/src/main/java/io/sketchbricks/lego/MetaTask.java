package io.sketchbricks.lego;

/**
 * One training meta-task (Lego paper, Sec. 3.2): {@code n} distinct item ids with real-valued Zipf-by-rank frequencies,
 * written into one brick and then queried item by item.
 *
 * @param ids distinct item ids
 * @param freq the frequency of each id (positive, real-valued)
 * @param alpha the Zipf skewness used
 * @param skew the multiplier: the smallest frequency
 */
public record MetaTask(long[] ids, float[] freq, double alpha, double skew) {
  public int n() {
    return ids.length;
  }

  /** The stream length: the sum of all frequencies. */
  public double streamLength() {
    double s = 0;
    for (float f : freq) {
      s += f;
    }
    return s;
  }
}
