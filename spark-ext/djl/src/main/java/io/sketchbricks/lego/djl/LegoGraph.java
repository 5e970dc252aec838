package io.sketchbricks.lego.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import io.sketchbricks.lego.Brick;
import io.sketchbricks.lego.LegoModel;

/**
 * The Lego network as NDArray operations, shared by the inference block ({@link LegoBlock}) and the trainer so
 * both compute exactly the same function. The plain-Java twin is {@link LegoModel}; they agree within float
 * rounding (checked by a test).
 *
 * <p>Weights come from a {@link Weights} source in (in, out) layout, so a layer is {@code x.matMul(W).add(b)}
 * with the step's array first: an op whose first operand is a long-lived parameter would attach its result to
 * the parameter's manager and leak every step.
 */
final class LegoGraph {
  /** Names the weights; {@code weight} returns the (in, out) matrix of a layer, {@code bias} its bias. */
  interface Weights {
    NDArray v();

    NDArray weight(String layer);

    NDArray bias(String layer);
  }

  static final String SCAN = "decode_module.memorydeepsets.";
  static final String DEC = "decode_module.";

  private LegoGraph() {}

  private enum A { RELU, LEAKY, NONE }

  private static NDArray mlp(NDArray x, Weights w, String prefix, A... acts) {
    NDArray h = x;
    for (int l = 0; l < acts.length; l++) {
      String layer = prefix + "." + (2 * l);
      h = h.matMul(w.weight(layer)).add(w.bias(layer));
      h = switch (acts[l]) {
        case RELU -> Activation.relu(h);
        case LEAKY -> Activation.leakyRelu(h, 0.01f);
        case NONE -> h;
      };
    }
    return h;
  }

  /** Embeddings of items given their 5 V indices per item ({@code vIdx}: int64 [n, 5]); the normaliser is detached. */
  static NDArray embed(NDManager manager, Weights w, NDArray vIdx) {
    NDArray u = w.v().take(manager, vIdx);
    NDArray sum = u.sum(new int[] {1}, true).stopGradient();
    return u.div(sum).mul(LegoModel.ROWS);
  }

  /** The rule estimate {@code min_r m/e} for [n, 5] reads and embeddings. */
  static NDArray rule(NDArray m, NDArray e) {
    return m.div(e).min(new int[] {1});
  }

  /** Mean cell loads [B] of bricks with stream lengths [B] ({@link LegoModel#load}). */
  static NDArray load(NDArray streamLength) {
    return streamLength.maximum(1f).div(Brick.COLUMNS);
  }

  /** {@code ln(1 + x / load)} ({@link LegoModel#scaled}); {@code load} broadcasts against {@code x}. */
  static NDArray scaled(NDArray x, NDArray load) {
    return x.div(load).add(1f).log();
  }

  /**
   * The DeepSets scan of bricks [B, 5, 5120] (detached, first 512 columns, scaled by the load [B]): returns the
   * memory feature [B, 4], alphaHat [B] and nHat [B] (in items).
   */
  static NDList scan(NDArray bricks, NDArray load, Weights w) {
    long b = bricks.getShape().get(0);
    NDArray raw = bricks.get(":, :, :" + LegoModel.SCAN_COLUMNS).stopGradient();
    NDArray x = scaled(raw, load.stopGradient().reshape(b, 1, 1)).expandDims(3);
    NDArray phi = mlp(x, w, SCAN + "enc", A.RELU, A.RELU, A.RELU);
    NDArray perRow = phi.mean(new int[] {2});
    NDArray s = mlp(perRow, w, SCAN + "main_dec", A.LEAKY, A.LEAKY, A.LEAKY).mean(new int[] {1});
    NDArray alpha = mlp(perRow, w, SCAN + "dec1", A.LEAKY, A.LEAKY, A.LEAKY, A.NONE).mean(new int[] {1}).reshape(b);
    NDArray n = mlp(perRow, w, SCAN + "dec2", A.LEAKY, A.LEAKY, A.LEAKY, A.NONE).mean(new int[] {1}).reshape(b)
        .mul(LegoModel.N_SCALE);
    return new NDList(s, alpha, n);
  }

  /**
   * The decoder for n items: reads m [n, 5], embeddings e [n, 5], rule [n], the load of each item's brick [n]
   * and the scan outputs of each item's brick (s [n, 4], alphaHat [n], nHat [n]). Returns the neural estimate
   * {@code rule * sigmoid(out)} [n].
   */
  static NDArray decode(NDArray m, NDArray e, NDArray rule, NDArray load, NDArray s, NDArray alphaHat,
      NDArray nHat, Weights w) {
    long n = m.getShape().get(0);
    NDArray l = load.reshape(n, 1);
    NDArray pairs = NDArrays.stack(new NDList(scaled(m, l), e), 2);
    NDArray y = mlp(pairs, w, DEC + "enc", A.RELU, A.RELU, A.RELU).mean(new int[] {1});
    NDArray r = scaled(rule.reshape(n, 1), l);
    NDArray len = l.log();
    NDArray a = alphaHat.stopGradient().reshape(n, 1);
    NDArray nh = nHat.stopGradient().div(LegoModel.N_SCALE).reshape(n, 1);
    NDArray z24 = NDArrays.concat(new NDList(y, s, r, len, a, nh), 1);
    NDArray h = mlp(z24, w, DEC + "dec", A.LEAKY, A.LEAKY);
    NDArray z20 = NDArrays.concat(new NDList(h, r, len, a, nh), 1);
    NDArray out = mlp(z20, w, DEC + "out1", A.LEAKY, A.LEAKY, A.NONE).reshape(n);
    return rule.mul(Activation.sigmoid(out));
  }

  /** Rows {@code idx} (int64 [n]) of a [B, ...] array. */
  static NDArray rows(NDManager manager, NDArray x, NDArray idx) {
    return x.get(manager, new NDIndex("{}", idx));
  }
}
