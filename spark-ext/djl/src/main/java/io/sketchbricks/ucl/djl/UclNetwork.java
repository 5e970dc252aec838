package io.sketchbricks.ucl.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.sketchbricks.ucl.UclModel;

/**
 * The solver network (UCL paper, Sec. IV-C2; layer sizes of the reference code's inverseNet) on DJL NDArrays: a
 * {@link UclModel}'s parameters uploaded into a manager, and the forward pass from normalised snapshots
 * (B x depth*width) to per-key outputs in (0,1) (B x N).
 *
 * <p>Every op puts a per-step array first ({@code x.matMul(W)}), so results attach to the caller's step
 * manager instead of the parameters' long-lived one (DJL's manager-leak trap, research note Q3).
 */
final class UclNetwork implements AutoCloseable {
  private final UclModel shape;
  private final NDManager manager;
  final NDArray[] weights = new NDArray[8];
  final NDArray[] biases = new NDArray[8];

  UclNetwork(UclModel model, NDManager parent, boolean trainable) {
    this.shape = model;
    this.manager = parent.newSubManager();
    for (int i = 0; i < 8; i++) {
      int[] s = model.shape(i);
      weights[i] = manager.create(model.weight(i), new Shape(s[0], s[1]));
      biases[i] = manager.create(model.bias(i), new Shape(s[1]));
      if (trainable) {
        weights[i].setRequiresGradient(true);
        biases[i].setRequiresGradient(true);
      }
    }
  }

  /** Outputs in (0,1) for the first {@code n} keys; {@code y} is (B, depth*width) normalised snapshots. */
  NDArray forward(NDManager step, NDArray y, int n) {
    int depth = shape.depth();
    int hidden = shape.hidden();
    int share = shape.share();
    long b = y.getShape().get(0);
    // encoder, shared by the Count-Min rows
    NDArray e = linear(y.reshape(b * depth, shape.width()), 0, true);
    e = linear(e, 1, true);
    NDArray h = linear(e.reshape(b, (long) depth * hidden), 2, true);
    h = linear(h, 3, true);
    // InstanceNorm1d on a 2-D (batch, 128) input: each sample's features to mean 0, variance 1 (biased, eps 1e-5)
    NDArray centred = h.sub(h.mean(new int[] {1}, true));
    NDArray hn = centred.div(centred.square().mean(new int[] {1}, true).add(1e-5f).sqrt());
    // FiLM per logical bucket: scale and shift from the sinusoidal embedding of the bucket id
    int buckets = n / share + 1;
    NDArray emb = step.create(embedding(buckets, hidden), new Shape(buckets, hidden));
    NDArray f = silu(linear(silu(emb), 4, false));
    f = linear(f, 5, false);
    NDArray scale = f.get(":, :" + hidden).add(1f).reshape(1, buckets, hidden);
    NDArray shift = f.get(":, " + hidden + ":").reshape(1, buckets, hidden);
    NDArray g = hn.reshape(b, 1, hidden).mul(scale).add(shift);
    // out_proj: Linear, Linear, sigmoid (no activation between, as the reference), shared by all buckets
    NDArray o = linear(g.reshape(b * buckets, hidden), 6, false);
    o = Activation.sigmoid(linear(o, 7, false));
    return o.reshape(b, (long) buckets * share).get(":, :" + n);
  }

  private NDArray linear(NDArray x, int i, boolean relu) {
    NDArray z = x.matMul(weights[i]).add(biases[i]);
    return relu ? Activation.relu(z) : z;
  }

  private static NDArray silu(NDArray x) {
    return x.mul(Activation.sigmoid(x));
  }

  /** emb_b = [sin(b f_k) for k &lt; half] ++ [cos(b f_k) for k &lt; half], f_k = exp(-k ln(10000) / (half - 1)). */
  static float[] embedding(int buckets, int dim) {
    int half = dim / 2;
    float[] out = new float[buckets * dim];
    double step = Math.log(10000) / Math.max(1, half - 1);
    for (int bucket = 0; bucket < buckets; bucket++) {
      for (int k = 0; k < half; k++) {
        double a = bucket * Math.exp(-k * step);
        out[bucket * dim + k] = (float) Math.sin(a);
        out[bucket * dim + half + k] = (float) Math.cos(a);
      }
    }
    return out;
  }

  /** The current parameters copied back to a plain model. */
  UclModel toModel() {
    float[][] w = new float[8][];
    float[][] bs = new float[8][];
    for (int i = 0; i < 8; i++) {
      w[i] = weights[i].toFloatArray();
      bs[i] = biases[i].toFloatArray();
    }
    return new UclModel(shape.depth(), shape.width(), shape.hidden(), shape.layer(), shape.share(), w, bs);
  }

  @Override
  public void close() {
    manager.close();
  }
}
