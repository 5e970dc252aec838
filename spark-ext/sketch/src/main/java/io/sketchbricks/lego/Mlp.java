package io.sketchbricks.lego;

import java.util.Arrays;
import java.util.List;

/**
 * A small fully connected network of the Lego model, evaluated with plain float loops.
 *
 * <p>Weights use PyTorch's {@code Linear} layout: layer {@code l} has {@code weight[out * in]} (row o holds the
 * weights of output o) and {@code bias[out]}, and computes {@code y = W x + b}, then its activation. Sizes are at
 * most 32 wide, so loops beat any library call here.
 */
final class Mlp {
  /** What follows a linear layer. LeakyReLU uses PyTorch's default slope 0.01. */
  enum Act {
    RELU(0f), LEAKY(0.01f), NONE(1f);

    /** The factor applied to non-positive inputs (ReLU 0, LeakyReLU 0.01, none 1). */
    final float slope;

    Act(float slope) {
      this.slope = slope;
    }

    float apply(float x) {
      return activate(x, slope);
    }
  }

  /**
   * One linear layer: its parameter names are {@code prefix.<index>.weight} and {@code .bias}, as in the
   * reference. {@code packed} and {@code packedBias} are the weight and bias in the layout the forward pass
   * walks ({@link #pack}), padded to a multiple of {@link #BLOCK} outputs.
   */
  record Layer(String name, int in, int out, Act act, float[] weight, float[] bias, float[] packed,
      float[] packedBias) {
    Layer(String name, int in, int out, Act act, float[] weight, float[] bias) {
      this(name, in, out, act, weight, bias, pack(weight, out, in), Arrays.copyOf(bias, padded(out)));
    }
  }

  /**
   * {@code x} for positive x, else {@code slope * x}; {@code + 0f} makes a ReLU zero +0 rather than -0. One
   * multiply and a select, no switch, so the forward pass applies any activation the same way.
   */
  static float activate(float x, float slope) {
    return x > 0f ? x : slope * x + 0f;
  }

  /** Outputs the forward pass computes together, each in its own local accumulator (a register). */
  static final int BLOCK = 8;

  /** {@code out} rounded up to whole blocks: the padded outputs have zero weights and bias. */
  static int padded(int out) {
    return (out + BLOCK - 1) / BLOCK * BLOCK;
  }

  /**
   * The weight (out x in, row-major) in blocks of 16 outputs, then one of {@link #BLOCK} where 8 remain, padded
   * with zero rows to whole blocks: a block of width B holds, input by input, the weights of its B outputs, so the
   * forward pass reads input i of a block at {@code i * B}.
   */
  static float[] pack(float[] weight, int out, int in) {
    int padded = padded(out);
    float[] p = new float[padded * in];
    for (int o0 = 0; o0 < padded; ) {
      int width = padded - o0 >= 2 * BLOCK ? 2 * BLOCK : BLOCK;
      for (int j = 0; j < width && o0 + j < out; j++) {
        for (int i = 0; i < in; i++) {
          p[o0 * in + i * width + j] = weight[(o0 + j) * in + i];
        }
      }
      o0 += width;
    }
    return p;
  }

  private final Layer[] layers;

  Mlp(List<Layer> layers) {
    this.layers = layers.toArray(new Layer[0]);
  }

  /**
   * This network with its first layer reduced to the inputs {@code kept} (in that order), the others left out as
   * if they were zero: for inputs that are folded into the first layer's bias ({@link #firstLayerSum}), so the
   * forward pass neither multiplies nor tests them. The other layers are shared. The arithmetic on the kept
   * inputs is unchanged, so the result equals the full network on an input that is zero elsewhere.
   */
  Mlp withInputs(int... kept) {
    Layer first = layers[0];
    float[] w = new float[first.out() * kept.length];
    for (int o = 0; o < first.out(); o++) {
      for (int i = 0; i < kept.length; i++) {
        w[o * kept.length + i] = first.weight()[o * first.in() + kept[i]];
      }
    }
    Layer[] reduced = layers.clone();
    reduced[0] = new Layer(first.name(), kept.length, first.out(), first.act(), w, first.bias());
    return new Mlp(List.of(reduced));
  }

  List<Layer> layers() {
    return List.of(layers);
  }

  int in() {
    return layers[0].in();
  }

  int out() {
    return layers[layers.length - 1].out();
  }

  /** Output buffers for {@link #forward(float[], float[][])}, one per layer, padded to whole blocks. */
  float[][] newBuffers() {
    float[][] b = new float[layers.length][];
    for (int l = 0; l < b.length; l++) {
      b[l] = new float[padded(layers[l].out())];
    }
    return b;
  }

  /** Runs the network on {@code x}; returns a new array of {@link #out()} values. */
  float[] forward(float[] x) {
    return Arrays.copyOf(forward(x, newBuffers()), out());
  }

  /**
   * Runs the network on {@code x} into {@code buffers} (from {@link #newBuffers()}), so a hot loop allocates
   * nothing; returns the last layer's buffer, whose first {@link #out()} values are the output (the rest is
   * padding).
   */
  float[] forward(float[] x, float[][] buffers) {
    return forward(x, buffers, layers[0].packedBias());
  }

  /**
   * {@link #forward(float[], float[][])} with {@code firstBias} (padded, from {@link #firstLayerSum}) in place of
   * the first layer's bias: the network on the sum of {@code x} and the input that gave {@code firstBias}.
   */
  float[] forward(float[] x, float[][] buffers, float[] firstBias) {
    float[] cur = x;
    for (int l = 0; l < layers.length; l++) {
      Layer layer = layers[l];
      float[] next = buffers[l];
      linear(layer.packed(), l == 0 ? firstBias : layer.packedBias(), layer.in(), next.length, layer.act().slope,
          cur, next);
      cur = next;
    }
    return cur;
  }

  /**
   * Runs the network on {@code x} and adds its output to {@code sum}: what a DeepSets encoder does for each
   * element of its set (the layer-by-layer fallback of {@link SetEncoderRegions}).
   */
  void forwardAdd(float[] x, float[][] buffers, float[] sum) {
    float[] out = forward(x, buffers);
    for (int j = 0; j < out(); j++) {
      sum[j] += out[j];
    }
  }

  /**
   * The first layer's {@code W x + b} before its activation, padded: the bias that lets a later forward pass
   * ({@link #forward(float[], float[][], float[])}) leave out inputs that are the same for many calls.
   */
  float[] firstLayerSum(float[] x) {
    Layer first = layers[0];
    float[] y = new float[padded(first.out())];
    linear(first.packed(), first.packedBias(), first.in(), y.length, Act.NONE.slope, x, y);
    return y;
  }

  /**
   * {@code y = act(W x + b)} over {@code out} (padded) outputs, W packed by {@link #pack}.
   *
   * <p>The layers are 1 to 32 wide: too short for the JIT's SIMD loops (which need 16 floats times their
   * unrolling), and an output array updated per input costs a load and a store per multiply-add. So 16 (or
   * {@link #BLOCK}) outputs are summed in local variables, which the JIT keeps in registers: independent fused
   * multiply-add chains keep the FMA units busy. An input that is exactly zero (a ReLU zero: about half the
   * inputs after a ReLU layer, many of them the same units every time) is skipped for all the block's outputs
   * at once, which pays for the branch's mispredictions (with only 8-wide blocks skipping was slower than not;
   * gathering the non-zero indices first was slower too: the indirect weight index costs its bounds checks).
   * Each output is {@code b + sum_i w[o][i] * x[i]} in input order, each step rounded once (fused); a skipped
   * zero would have added exactly nothing. The two block widths are separate methods rather than one: as smaller
   * compiled units they ran a little faster (README, "Measured here", "Design choices, measured").
   */
  private static void linear(float[] w, float[] b, int in, int out, float slope, float[] x, float[] y) {
    int o = 0;
    int k = 0;
    for (; out - o >= 16; o += 16, k += 16 * in) {
      block16(w, b, in, slope, x, y, o, k);
    }
    if (o < out) {
      block8(w, b, in, slope, x, y, o, k);
    }
  }

  /** Outputs {@code o .. o+15} of {@link #linear}, their packed weights starting at {@code k}. */
  private static void block16(float[] w, float[] b, int in, float slope, float[] x, float[] y, int o, int k) {
    float a0 = b[o + 0];
    float a1 = b[o + 1];
    float a2 = b[o + 2];
    float a3 = b[o + 3];
    float a4 = b[o + 4];
    float a5 = b[o + 5];
    float a6 = b[o + 6];
    float a7 = b[o + 7];
    float a8 = b[o + 8];
    float a9 = b[o + 9];
    float a10 = b[o + 10];
    float a11 = b[o + 11];
    float a12 = b[o + 12];
    float a13 = b[o + 13];
    float a14 = b[o + 14];
    float a15 = b[o + 15];
    for (int i = 0; i < in; i++) {
      float xi = x[i];
      if (xi == 0f) {
        continue;
      }
      int p = k + i * 16;
      a0 = Math.fma(w[p + 0], xi, a0);
      a1 = Math.fma(w[p + 1], xi, a1);
      a2 = Math.fma(w[p + 2], xi, a2);
      a3 = Math.fma(w[p + 3], xi, a3);
      a4 = Math.fma(w[p + 4], xi, a4);
      a5 = Math.fma(w[p + 5], xi, a5);
      a6 = Math.fma(w[p + 6], xi, a6);
      a7 = Math.fma(w[p + 7], xi, a7);
      a8 = Math.fma(w[p + 8], xi, a8);
      a9 = Math.fma(w[p + 9], xi, a9);
      a10 = Math.fma(w[p + 10], xi, a10);
      a11 = Math.fma(w[p + 11], xi, a11);
      a12 = Math.fma(w[p + 12], xi, a12);
      a13 = Math.fma(w[p + 13], xi, a13);
      a14 = Math.fma(w[p + 14], xi, a14);
      a15 = Math.fma(w[p + 15], xi, a15);
    }
    y[o + 0] = activate(a0, slope);
    y[o + 1] = activate(a1, slope);
    y[o + 2] = activate(a2, slope);
    y[o + 3] = activate(a3, slope);
    y[o + 4] = activate(a4, slope);
    y[o + 5] = activate(a5, slope);
    y[o + 6] = activate(a6, slope);
    y[o + 7] = activate(a7, slope);
    y[o + 8] = activate(a8, slope);
    y[o + 9] = activate(a9, slope);
    y[o + 10] = activate(a10, slope);
    y[o + 11] = activate(a11, slope);
    y[o + 12] = activate(a12, slope);
    y[o + 13] = activate(a13, slope);
    y[o + 14] = activate(a14, slope);
    y[o + 15] = activate(a15, slope);
  }

  /** Outputs {@code o .. o+7} of {@link #linear}, their packed weights starting at {@code k}. */
  private static void block8(float[] w, float[] b, int in, float slope, float[] x, float[] y, int o, int k) {
    float a0 = b[o + 0];
    float a1 = b[o + 1];
    float a2 = b[o + 2];
    float a3 = b[o + 3];
    float a4 = b[o + 4];
    float a5 = b[o + 5];
    float a6 = b[o + 6];
    float a7 = b[o + 7];
    for (int i = 0; i < in; i++) {
      float xi = x[i];
      if (xi == 0f) {
        continue;
      }
      int p = k + i * 8;
      a0 = Math.fma(w[p + 0], xi, a0);
      a1 = Math.fma(w[p + 1], xi, a1);
      a2 = Math.fma(w[p + 2], xi, a2);
      a3 = Math.fma(w[p + 3], xi, a3);
      a4 = Math.fma(w[p + 4], xi, a4);
      a5 = Math.fma(w[p + 5], xi, a5);
      a6 = Math.fma(w[p + 6], xi, a6);
      a7 = Math.fma(w[p + 7], xi, a7);
    }
    y[o + 0] = activate(a0, slope);
    y[o + 1] = activate(a1, slope);
    y[o + 2] = activate(a2, slope);
    y[o + 3] = activate(a3, slope);
    y[o + 4] = activate(a4, slope);
    y[o + 5] = activate(a5, slope);
    y[o + 6] = activate(a6, slope);
    y[o + 7] = activate(a7, slope);
  }
}
