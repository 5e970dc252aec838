package io.sketchbricks.lego;

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
   * reference. {@code packed} is the weight in the layout the forward pass walks ({@link #pack}).
   */
  record Layer(String name, int in, int out, Act act, float[] weight, float[] bias, float[] packed) {
    Layer(String name, int in, int out, Act act, float[] weight, float[] bias) {
      this(name, in, out, act, weight, bias, pack(weight, out, in));
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

  /**
   * The weight (out x in, row-major) in blocks of {@link #BLOCK} outputs: block b holds, input by input, the
   * weights of outputs {@code b*BLOCK .. b*BLOCK+BLOCK-1}, so the forward pass reads it front to back. Outputs
   * past the last whole block follow, one row (all inputs of one output) each.
   */
  static float[] pack(float[] weight, int out, int in) {
    float[] p = new float[weight.length];
    int k = 0;
    int o = 0;
    for (; o + BLOCK <= out; o += BLOCK) {
      for (int i = 0; i < in; i++) {
        for (int j = 0; j < BLOCK; j++) {
          p[k++] = weight[(o + j) * in + i];
        }
      }
    }
    for (; o < out; o++) {
      for (int i = 0; i < in; i++) {
        p[k++] = weight[o * in + i];
      }
    }
    return p;
  }

  private final List<Layer> layers;

  Mlp(List<Layer> layers) {
    this.layers = List.copyOf(layers);
  }

  List<Layer> layers() {
    return layers;
  }

  int in() {
    return layers.get(0).in();
  }

  int out() {
    return layers.get(layers.size() - 1).out();
  }

  /** Output buffers for {@link #forward(float[], float[][])}, one per layer. */
  float[][] newBuffers() {
    float[][] b = new float[layers.size()][];
    for (int l = 0; l < b.length; l++) {
      b[l] = new float[layers.get(l).out()];
    }
    return b;
  }

  /** Runs the network on {@code x}; returns a new array of {@link #out()} values. */
  float[] forward(float[] x) {
    return forward(x, newBuffers());
  }

  /**
   * Runs the network on {@code x} writing layer l's output into {@code buffers[l]} (from {@link #newBuffers()}),
   * so a hot loop allocates nothing; returns the last buffer.
   */
  float[] forward(float[] x, float[][] buffers) {
    float[] cur = x;
    for (int l = 0; l < buffers.length; l++) {
      Layer layer = layers.get(l);
      linear(layer.packed(), layer.bias(), layer.in(), layer.out(), layer.act().slope, cur, buffers[l]);
      cur = buffers[l];
    }
    return cur;
  }

  /**
   * {@code y = act(W x + b)}, W packed by {@link #pack}. The layers are 1 to 32 wide: too short for the JIT's
   * SIMD loops (which need 16 floats times their unrolling), and an output array updated per input costs a load
   * and a store per multiply-add. So {@link #BLOCK} outputs are summed in local variables, which the JIT keeps in
   * registers: 8 independent fused multiply-add chains per input keep the FMA units busy. The sums are the same
   * as {@code sum_i w[o][i] * x[i]} in input order, each step rounded once (fused) instead of twice.
   */
  private static void linear(float[] w, float[] b, int in, int out, float slope, float[] x, float[] y) {
    int o = 0;
    int k = 0;
    for (; o + BLOCK <= out; o += BLOCK, k += BLOCK * in) {
      float a0 = b[o];
      float a1 = b[o + 1];
      float a2 = b[o + 2];
      float a3 = b[o + 3];
      float a4 = b[o + 4];
      float a5 = b[o + 5];
      float a6 = b[o + 6];
      float a7 = b[o + 7];
      for (int i = 0; i < in; i++) {
        float xi = x[i];
        int p = k + i * BLOCK;
        a0 = Math.fma(w[p], xi, a0);
        a1 = Math.fma(w[p + 1], xi, a1);
        a2 = Math.fma(w[p + 2], xi, a2);
        a3 = Math.fma(w[p + 3], xi, a3);
        a4 = Math.fma(w[p + 4], xi, a4);
        a5 = Math.fma(w[p + 5], xi, a5);
        a6 = Math.fma(w[p + 6], xi, a6);
        a7 = Math.fma(w[p + 7], xi, a7);
      }
      y[o] = activate(a0, slope);
      y[o + 1] = activate(a1, slope);
      y[o + 2] = activate(a2, slope);
      y[o + 3] = activate(a3, slope);
      y[o + 4] = activate(a4, slope);
      y[o + 5] = activate(a5, slope);
      y[o + 6] = activate(a6, slope);
      y[o + 7] = activate(a7, slope);
    }
    for (; o < out; o++, k += in) {
      float a = b[o];
      for (int i = 0; i < in; i++) {
        a = Math.fma(w[k + i], x[i], a);
      }
      y[o] = activate(a, slope);
    }
  }
}
