package io.sketchbricks.ucl;

import java.util.SplittableRandom;

/**
 * The positive transform T of the equivariance loss (spec 2.9), in the form the reference code intends, applied
 * in count units to one solution x (N keys):
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
final class EquivarianceTransform {
  private final int[] hot;
  private final float growth;
  private final int randomKeys;
  private final SplittableRandom random;
  private final int[] positions;

  EquivarianceTransform(int keys, int[] hotIndices, float growth, double randomShare, long seed) {
    this.hot = hotIndices;
    this.growth = growth;
    this.randomKeys = (int) (randomShare * keys);
    this.random = new SplittableRandom(seed);
    this.positions = new int[keys];
    for (int i = 0; i < keys; i++) {
      positions[i] = i;
    }
  }

  /** Transforms x[offset, offset+n) in place. */
  void apply(float[] x, int offset, int n) {
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
    // partial Fisher-Yates: the first randomKeys entries become a uniform sample without replacement; the array
    // need not be reset between calls, since any permutation is a valid starting point
    for (int i = 0; i < randomKeys; i++) {
      int k = i + random.nextInt(n - i);
      int t = positions[i];
      positions[i] = positions[k];
      positions[k] = t;
      x[offset + positions[i]] += 1f;
    }
  }
}
