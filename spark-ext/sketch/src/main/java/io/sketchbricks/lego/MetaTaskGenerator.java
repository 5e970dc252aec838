package io.sketchbricks.lego;

import io.sketchbricks.hash.ItemHash;
import java.util.SplittableRandom;

/**
 * Seeded meta-tasks for training, as the authors' reference code draws them: n uniform on [nMin, nMax), skewness
 * alpha uniform on (0.5, 1.0] (or a wider range),
 * skew multiplier s uniform on [0.5, 10); frequencies {@code f_j = s * ((n + 1) / x_j)^alpha} for
 * {@code x = n+1, n, ..., 2} (the smallest is s, the largest s ((n+1)/2)^alpha), real-valued and randomly
 * permuted over the items.
 *
 * <p>Task i depends only on (seed, i), so a resumed run sees exactly the tasks it would have seen. Deviation
 * from the reference, which takes ids consecutively from one shuffled pool of 0..999,999: each task draws its n
 * distinct ids from 0..999,999 through its own random affine permutation {@code (a j + b) mod 10^6}, which keeps
 * ids distinct within a task without state shared between tasks.
 */
public final class MetaTaskGenerator {
  static final int POOL = 1_000_000;
  private final long seed;
  private final int nMin;
  private final int nMax;
  private final double alphaMin;
  private final double alphaMax;

  /** The reference ranges: n in [1000, 50000), alpha in (0.5, 1.0]. */
  public MetaTaskGenerator(long seed) {
    this(seed, 1000, 50_000);
  }

  public MetaTaskGenerator(long seed, int nMin, int nMax) {
    this(seed, nMin, nMax, 0.5, 1.0);
  }

  /** Tasks with n in [nMin, nMax) and alpha uniform on (alphaMin, alphaMax]. */
  public MetaTaskGenerator(long seed, int nMin, int nMax, double alphaMin, double alphaMax) {
    if (!(alphaMin > 0 && alphaMax > alphaMin && alphaMax <= 5)) {
      throw new IllegalArgumentException("skewness range (" + alphaMin + ", " + alphaMax + "] must satisfy"
          + " 0 < min < max <= 5");
    }
    this.alphaMin = alphaMin;
    this.alphaMax = alphaMax;
    if (nMin < 1 || nMax <= nMin || nMax > POOL) {
      throw new IllegalArgumentException("item counts [" + nMin + ", " + nMax + ") must satisfy 1 <= nMin < nMax <= " + POOL);
    }
    this.seed = seed;
    this.nMin = nMin;
    this.nMax = nMax;
  }

  /** Task number {@code index} of this generator's sequence. */
  public MetaTask task(long index) {
    SplittableRandom rnd = new SplittableRandom(ItemHash.mix(seed ^ ItemHash.mix(index + 0x5DEECE66DL)));
    int n = (int) (rnd.nextDouble() * (nMax - nMin) + nMin);
    double alpha = alphaMax - (alphaMax - alphaMin) * rnd.nextDouble();
    double skew = 0.5 + 9.5 * rnd.nextDouble();
    return build(rnd, n, alpha, skew);
  }

  /** A task with given parameters (for validation sets), drawn from {@code taskSeed}. */
  public static MetaTask fixed(long taskSeed, int n, double alpha, double skew) {
    return build(new SplittableRandom(taskSeed), n, alpha, skew);
  }

  private static MetaTask build(SplittableRandom rnd, int n, double alpha, double skew) {
    float[] freq = new float[n];
    for (int j = 0; j < n; j++) {
      double x = n + 1 - j; // n+1, n, ..., 2
      freq[j] = (float) (skew * Math.pow((n + 1) / x, alpha));
    }
    for (int j = n - 1; j > 0; j--) { // Fisher-Yates
      int k = rnd.nextInt(j + 1);
      float t = freq[j];
      freq[j] = freq[k];
      freq[k] = t;
    }
    long a;
    do {
      a = 1 + rnd.nextInt(POOL - 1);
    } while (a % 2 == 0 || a % 5 == 0); // coprime to 10^6, so j -> a j + b is a permutation
    long b = rnd.nextInt(POOL);
    long[] ids = new long[n];
    for (int j = 0; j < n; j++) {
      ids[j] = (a * j + b) % POOL;
    }
    return new MetaTask(ids, freq, alpha, skew);
  }
}
