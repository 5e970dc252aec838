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
    RELU, LEAKY, NONE;

    float apply(float x) {
      return switch (this) {
        case RELU -> x > 0 ? x : 0f;
        case LEAKY -> x > 0 ? x : 0.01f * x;
        case NONE -> x;
      };
    }
  }

  /**
   * One linear layer: its parameter names are {@code prefix.<index>.weight} and {@code .bias}, as in the
   * reference. {@code weightByInput} is the weight transposed to (in, out), the layout the forward pass walks.
   */
  record Layer(String name, int in, int out, Act act, float[] weight, float[] bias, float[] weightByInput) {
    Layer(String name, int in, int out, Act act, float[] weight, float[] bias) {
      this(name, in, out, act, weight, bias, LegoBlock.transpose(weight, out, in));
    }
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
    for (int l = 0; l < layers.size(); l++) {
      Layer layer = layers.get(l);
      float[] next = buffers[l];
      float[] w = layer.weightByInput();
      int in = layer.in();
      int out = layer.out();
      // input-major: the inner loop updates independent outputs, which the JIT turns into SIMD; a dot product
      // per output would be a serial float reduction it may not reorder
      System.arraycopy(layer.bias(), 0, next, 0, out);
      for (int i = 0; i < in; i++) {
        float xi = cur[i];
        if (xi == 0f) {
          continue; // a ReLU zero: about half the inputs after a ReLU layer, a row of work saved each
        }
        int base = i * out;
        for (int o = 0; o < out; o++) {
          next[o] += w[base + o] * xi;
        }
      }
      Act act = layer.act();
      if (act != Act.NONE) {
        for (int o = 0; o < out; o++) {
          next[o] = act.apply(next[o]);
        }
      }
      cur = next;
    }
    return cur;
  }
}
