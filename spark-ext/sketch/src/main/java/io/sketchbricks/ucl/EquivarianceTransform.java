package io.sketchbricks.ucl;

import java.util.SplittableRandom;

/**
 * The positive transform T of the equivariance loss (UCL paper, Sec. IV-B3), in the form the reference code intends,
 * applied in count units to one solution x (N keys):
 *
 * <ol>
 *   <li>{@code x = max(x, 1)}: every tracked key was seen at least once;</li>
 *   <li>hot keys grow in proportion to their share: {@code x[hot] += interval * x[hot] / sum(x[hot])}, i.e. the
 *       next {@code interval} arrivals go to the heavy keys as they did so far;</li>
 *   <li>{@code +1} on a uniformly random 5 % of all key positions (hot ones included), drawn without
 *       replacement.</li>
 * </ol>
 * Deviation, on purpose: the released code draws step 3's positions from an all-ones array, so it always adds 1
 * to key #1 only; the seed paper says "about 5 non-hot keys". This implements the intended 5 %.
 */
// public for io.sketchbricks.ucl.djl.UclSolver in the DJL module; not an API for users
public final class EquivarianceTransform {
  private final int[] hot;
  private final float growth;
  private final int randomKeys;
  private final int keys;
  /** One scratch permutation per thread: samples of a batch are transformed in parallel. */
  private final ThreadLocal<int[]> positions;

  public EquivarianceTransform(int keys, int[] hotIndices, float growth, double randomShare) {
    this.hot = hotIndices;
    this.growth = growth;
    this.keys = keys;
    this.randomKeys = (int) (randomShare * keys);
    this.positions = ThreadLocal.withInitial(() -> new int[keys]);
  }

  /**
   * Transforms x[offset, offset+n) in place (n = the key count), drawing the random keys from {@code random}:
   * the same random state gives the same result on any thread.
   */
  public void apply(float[] x, int offset, int n, SplittableRandom random) {
    if (n != keys) {
      throw new IllegalArgumentException("transform built for " + keys + " keys, applied to " + n);
    }
    int[] positions = this.positions.get();
    for (int j = offset, end = offset + n; j < end; j++) {
      x[j] = Math.max(x[j], 1f);
    }
    double hotSum = 0;
    for (int j : hot) {
      hotSum += x[offset + j];
    }
    if (hotSum > 0) {
      float f = (float) (growth / hotSum);
      for (int j : hot) {
        x[offset + j] += f * x[offset + j];
      }
    }
    // partial Fisher-Yates from the identity: the first randomKeys entries become a uniform sample without
    // replacement (reset every call, so the sample depends on the random state only)
    for (int i = 0; i < n; i++) {
      positions[i] = i;
    }
    for (int i = 0; i < randomKeys; i++) {
      int k = i + random.nextInt(n - i);
      int t = positions[i];
      positions[i] = positions[k];
      positions[k] = t;
      x[offset + positions[i]] += 1f;
    }
  }
}
