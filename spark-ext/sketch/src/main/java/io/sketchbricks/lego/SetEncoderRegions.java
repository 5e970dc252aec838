package io.sketchbricks.lego;

import java.util.Arrays;

/**
 * The decoder's set encoder (2-8-16-16, ReLU after each layer) evaluated as what it is: a piecewise-affine map of
 * its two inputs {@code (s, e)}. Which units of the first two layers are on (two bit patterns, 8 and 16 bits)
 * picks a region of the plane, and inside one region the last layer's input is an affine function of
 * {@code (s, e)}: {@code W2 D_q (W1 D_p (W0 x + b0) + b1) + b2 = A x + c}, with D the diagonal 0/1 masks of the
 * patterns. So a row costs the first layer (16 multiply-adds), the second layer's pre-activation from the first
 * pattern's own affine map (32), a table lookup and the last layer's map (32): 80 instead of up to 400, and no
 * data-dependent branch (the zero-skips of the layer-by-layer pass mispredicted often). Maps are computed in
 * double the first time a region is met and kept; a query's rows fall in a few hundred regions at most.
 *
 * <p>The result equals {@link Mlp#forwardAdd} on the same input up to float rounding (the sums are associated
 * differently; {@code SetEncoderRegionsTest} holds them within 1e-5). Not thread-safe: one per
 * {@link LegoForward.Workspace}.
 */
final class SetEncoderRegions {
  private static final int HIDDEN1 = 8;
  private static final int HIDDEN2 = 16;
  private static final int OUT = 16;
  /**
   * Regions kept at most; past this, elements in new regions take the layer-by-layer pass. Well above the regions
   * met in practice (a trained model's queries on a stream, or a random model's inputs over the whole domain, stay
   * in the tens to hundreds: README, "Measured here", "Design choices, measured"), so the cap only bounds memory.
   */
  static final int MAX_REGIONS = 2048;

  private final Mlp encoder;
  private final float[] w0;
  private final float[] b0;
  private final double[] w1;
  private final double[] b1;
  private final double[] w2;
  private final double[] b2;
  /** The first layer as an affine map of (s, e): {weights of s[8], weights of e[8], biases[8]}. */
  private final double[] firstLayer = new double[3 * HIDDEN1];
  /** Per first-layer pattern p: the second layer's pre-activation map {a_s[16], a_e[16], c[16]}, as float and double. */
  private final float[][] firstMaps = new float[1 << HIDDEN1][];
  private final double[][] firstMapsExact = new double[1 << HIDDEN1][];
  /** Open addressing on (p << 16 | q): the last layer's pre-activation map {a_s[16], a_e[16], c[16]}. */
  private final int[] keys;
  private final float[][] maps;
  private final int maxRegions;
  private int regions;
  private final float[] pair = new float[2];
  private final int[] patterns = new int[LegoModel.ROWS];
  private final float[][] regionMaps = new float[LegoModel.ROWS][];
  private final float[][] buffers;

  SetEncoderRegions(Mlp encoder) {
    this(encoder, MAX_REGIONS);
  }

  /** With room for {@code maxRegions} regions (a power of two), for tests of a full table. */
  SetEncoderRegions(Mlp encoder, int maxRegions) {
    this.encoder = encoder;
    this.maxRegions = maxRegions;
    this.keys = new int[2 * maxRegions];
    this.maps = new float[2 * maxRegions][];
    Mlp.Layer l0 = encoder.layers().get(0);
    Mlp.Layer l1 = encoder.layers().get(1);
    Mlp.Layer l2 = encoder.layers().get(2);
    if (l0.in() != 2 || l0.out() != HIDDEN1 || l1.out() != HIDDEN2 || l2.out() != OUT
        || encoder.layers().stream().anyMatch(l -> l.act() != Mlp.Act.RELU)) {
      throw new IllegalArgumentException("not a 2-8-16-16 ReLU set encoder");
    }
    w0 = l0.weight();
    b0 = l0.bias();
    w1 = toDouble(l1.weight());
    b1 = toDouble(l1.bias());
    w2 = toDouble(l2.weight());
    b2 = toDouble(l2.bias());
    for (int j = 0; j < HIDDEN1; j++) {
      firstLayer[j] = w0[2 * j];
      firstLayer[HIDDEN1 + j] = w0[2 * j + 1];
      firstLayer[2 * HIDDEN1 + j] = b0[j];
    }
    Arrays.fill(keys, -1);
    buffers = encoder.newBuffers();
  }

  private static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  /**
   * Adds the encoder's outputs for the elements {@code (s[i], e[i])}, i < n, to {@code sum} (16 values). Phase
   * by phase over all elements (patterns, then maps, then outputs), so the elements' short dependency chains
   * overlap.
   */
  void forwardAdd(float[] s, float[] e, int n, float[] sum) {
    int[] ps = patterns;
    for (int i = 0; i < n; i++) {
      ps[i] = firstPattern(s[i], e[i]);
    }
    float[][] regionMaps = this.regionMaps;
    for (int i = 0; i < n; i++) {
      regionMaps[i] = lastMap(ps[i], secondPattern(ps[i], s[i], e[i]));
    }
    for (int i = 0; i < n; i++) {
      float[] m = regionMaps[i];
      if (m == null) { // the table is full: the layer-by-layer pass
        pair[0] = s[i];
        pair[1] = e[i];
        encoder.forwardAdd(pair, buffers, sum);
        continue;
      }
      float si = s[i];
      float ei = e[i];
      for (int o = 0; o < OUT; o++) {
        sum[o] += relu(Math.fma(m[OUT + o], ei, Math.fma(m[o], si, m[2 * OUT + o])));
      }
    }
  }

  /** The on/off pattern of the first layer's units at (s, e). */
  private int firstPattern(float s, float e) {
    int p = 0;
    for (int j = 0; j < HIDDEN1; j++) {
      p |= on(Math.fma(w0[2 * j + 1], e, Math.fma(w0[2 * j], s, b0[j]))) << j;
    }
    return p;
  }

  /** The on/off pattern of the second layer's units at (s, e), where the first layer's pattern is p. */
  private int secondPattern(int p, float s, float e) {
    float[] m = firstMaps[p];
    if (m == null) {
      m = firstMap(p);
    }
    int q = 0;
    for (int k = 0; k < HIDDEN2; k++) {
      q |= on(Math.fma(m[HIDDEN2 + k], e, Math.fma(m[k], s, m[2 * HIDDEN2 + k]))) << k;
    }
    return q;
  }

  /**
   * 1 when a unit with pre-activation h counts as on, else 0, without a branch (these bits are what the
   * layer-by-layer pass mispredicted): the sign of {@code -h}, so h = +0 counts as on, which changes nothing,
   * because such a unit adds exactly its value 0 at this input.
   */
  private static int on(float h) {
    return Float.floatToRawIntBits(-h) >>> 31;
  }

  /** max(h, 0) with +0 for every non-positive h, without a branch: clears the bits of a negative float. */
  private static float relu(float h) {
    int bits = Float.floatToRawIntBits(h);
    return Float.intBitsToFloat(bits & ~(bits >> 31));
  }

  /** The second layer's pre-activation as an affine map of (s, e) where the first layer's pattern is p. */
  private float[] firstMap(int p) {
    double[] m = compose(w1, b1, HIDDEN2, HIDDEN1, p, firstLayer);
    firstMapsExact[p] = m;
    return firstMaps[p] = toFloat(m);
  }

  /** The last layer's pre-activation map of region (p, q), computed and kept on first use; null when full. */
  private float[] lastMap(int p, int q) {
    int key = p << HIDDEN2 | q;
    int mask = keys.length - 1;
    int slot = (key * 0x9E3779B1 >>> 16) & mask;
    while (keys[slot] != -1) {
      if (keys[slot] == key) {
        return maps[slot];
      }
      slot = (slot + 1) & mask;
    }
    if (regions == maxRegions) {
      return null;
    }
    keys[slot] = key;
    maps[slot] = toFloat(compose(w2, b2, OUT, HIDDEN2, q, firstMapsExact[p]));
    regions++;
    return maps[slot];
  }

  /**
   * {@code W D (A x + c) + b} as an affine map of x = (s, e): a layer (weight {@code w}, out x in, and bias
   * {@code b}) applied to the units of {@code pattern} of an input that is itself affine in x, given as
   * {@code inMap = {a_s[in], a_e[in], c[in]}}. Returns the same layout, {@code out} wide.
   */
  private static double[] compose(double[] w, double[] b, int out, int in, int pattern, double[] inMap) {
    double[] m = new double[3 * out];
    for (int o = 0; o < out; o++) {
      double as = 0;
      double ae = 0;
      double c = b[o];
      for (int i = 0; i < in; i++) {
        if ((pattern >> i & 1) != 0) {
          double wi = w[o * in + i];
          as += wi * inMap[i];
          ae += wi * inMap[in + i];
          c += wi * inMap[2 * in + i];
        }
      }
      m[o] = as;
      m[out + o] = ae;
      m[2 * out + o] = c;
    }
    return m;
  }

  /** Regions met so far. */
  int regions() {
    return regions;
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
