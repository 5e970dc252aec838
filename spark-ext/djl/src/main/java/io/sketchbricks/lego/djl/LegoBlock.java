package io.sketchbricks.lego.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.sketchbricks.lego.Brick;
import io.sketchbricks.lego.LegoHash;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoSketch;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Lego network as a DJL block, for batched inference over many items and bricks at once. It holds the
 * weights of one {@link LegoModel} (linear weights transposed to (in, out)) and computes what
 * {@link LegoModel#embed}, {@link LegoModel#scan} and {@link LegoModel#decode} compute, within float rounding.
 *
 * <p>Inputs of {@link #forward}: bricks float32 [B, 5, 5120], stream lengths float32 [B], per item its V
 * indices int64 [n, 5], its cells int64 [n, 5] (flat index into the B bricks) and its brick int64 [n]. Outputs:
 * raw neural estimate [n], rule estimate [n], alphaHat [B], nHat [B], and for a model with low-skew networks
 * ({@link LegoModel#lowSkewNetworks()}) their raw neural estimate [n], from their own scan. Close the block (or its
 * manager) when done.
 */
public final class LegoBlock extends AbstractBlock implements AutoCloseable {
  private final LegoModel model;
  private final NDManager manager;
  private final Map<String, Parameter> params = new LinkedHashMap<>();
  private final LegoGraph.Weights weights;
  /** The low-skew networks' block, or null. */
  private final LegoBlock lowSkew;

  /** A block holding {@code model}'s weights in a child of {@code parent}. */
  public LegoBlock(LegoModel model, NDManager parent) {
    super((byte) 1);
    this.model = model;
    this.manager = parent.newSubManager();
    this.lowSkew = model.lowSkewNetworks() == null ? null : new LegoBlock(model.lowSkewNetworks(), manager);
    for (Map.Entry<String, float[]> e : model.parameters().entrySet()) {
      int[] shape = LegoModel.shapes().get(e.getKey());
      NDArray array = shape.length == 2
          ? manager.create(transpose(e.getValue(), shape[0], shape[1]), new Shape(shape[1], shape[0]))
          : manager.create(e.getValue(), new Shape(shape[0]));
      Parameter p = addParameter(Parameter.builder().setName(e.getKey()).setType(Parameter.Type.OTHER)
          .optArray(array).optRequiresGrad(false).build());
      params.put(e.getKey(), p);
    }
    this.weights = new LegoGraph.Weights() {
      @Override
      public NDArray v() {
        return params.get(LegoModel.V_NAME).getArray();
      }

      @Override
      public NDArray weight(String layer) {
        return params.get(layer + ".weight").getArray();
      }

      @Override
      public NDArray bias(String layer) {
        return params.get(layer + ".bias").getArray();
      }
    };
  }

  /** A row-major (rows x cols) matrix transposed to (cols x rows). */
  static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[a.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = a[r * cols + c];
      }
    }
    return t;
  }

  public LegoModel model() {
    return model;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray bricks = inputs.get(0);
    NDArray streamLength = inputs.get(1);
    NDArray vIdx = inputs.get(2);
    NDArray cells = inputs.get(3);
    NDArray brickOf = inputs.get(4);
    NDManager m = bricks.getManager();
    NDArray e = LegoGraph.embed(m, weights, vIdx);
    NDArray read = bricks.reshape(-1).take(m, cells);
    NDArray rule = LegoGraph.rule(read, e);
    NDArray load = LegoGraph.load(streamLength);
    NDList scan = LegoGraph.scan(bricks, load, weights);
    NDArray neural = LegoGraph.decode(read, e, rule, load.take(m, brickOf),
        LegoGraph.rows(m, scan.get(0), brickOf), scan.get(1).take(m, brickOf), scan.get(2).take(m, brickOf), weights);
    NDList out = new NDList(neural, rule, scan.get(1), scan.get(2));
    if (lowSkew != null) {
      out.add(lowSkew.forwardInternal(store, inputs, training, params).get(0));
    }
    return out;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long n = inputShapes[4].get(0);
    long b = inputShapes[0].get(0);
    return lowSkew == null ? new Shape[] {new Shape(n), new Shape(n), new Shape(b), new Shape(b)}
        : new Shape[] {new Shape(n), new Shape(n), new Shape(b), new Shape(b), new Shape(n)};
  }

  /**
   * Ensemble estimates (Lego paper, Algorithm 2) of many items of a sketch in one batched pass, in a sub-manager
   * closed before returning. Same answers as {@link LegoSketch#estimateId} within float rounding.
   */
  public double[] estimate(LegoSketch sketch, long[] ids) {
    if (sketch.modelId() != model.id()) {
      throw new IllegalArgumentException("the sketch was built with model " + LegoModel.hex(sketch.modelId())
          + ", this block holds " + model.idHex() + ": use a block of the sketch's model");
    }
    int k = sketch.brickCount();
    float[] cellsFlat = new float[k * Brick.CELLS];
    float[] lengths = new float[k];
    for (int b = 0; b < k; b++) {
      System.arraycopy(sketch.bricks()[b].cells, 0, cellsFlat, b * Brick.CELLS, Brick.CELLS);
      lengths[b] = (float) sketch.bricks()[b].streamLength;
    }
    ItemIndex index = ItemIndex.of(ids, k);
    try (NDManager batch = manager.newSubManager()) {
      NDList inputs = new NDList(batch.create(cellsFlat, new Shape(k, LegoModel.ROWS, Brick.COLUMNS)),
          batch.create(lengths));
      inputs.addAll(index.arrays(batch));
      return ensemble(model, forward(new ParameterStore(batch, false), inputs, false), index.brickOf());
    }
  }

  /**
   * The block's per-item inputs for items of a sketch of {@code bricks} bricks: V indices and flat cell indices
   * (int64 [n, 5]) and each item's brick (int64 [n]).
   */
  record ItemIndex(long[] vIdx, long[] cells, long[] brickOf) {
    static ItemIndex of(long[] ids, int bricks) {
      int n = ids.length;
      long[] vIdx = new long[n * LegoModel.ROWS];
      long[] cells = new long[n * LegoModel.ROWS];
      long[] brickOf = new long[n];
      for (int i = 0; i < n; i++) {
        int b = LegoHash.brick(ids[i], bricks);
        brickOf[i] = b;
        for (int r = 0; r < LegoModel.ROWS; r++) {
          vIdx[i * LegoModel.ROWS + r] = LegoHash.embedIndex(ids[i], r);
          cells[i * LegoModel.ROWS + r] = (long) b * Brick.CELLS + r * Brick.COLUMNS + LegoHash.column(ids[i], r);
        }
      }
      return new ItemIndex(vIdx, cells, brickOf);
    }

    /** The three inputs as arrays of {@code manager}, in the block's input order. */
    NDList arrays(NDManager manager) {
      int n = brickOf.length;
      return new NDList(manager.create(vIdx, new Shape(n, LegoModel.ROWS)),
          manager.create(cells, new Shape(n, LegoModel.ROWS)), manager.create(brickOf));
    }
  }

  /**
   * Algorithm 2 of the Lego paper per brick from the block's outputs, as {@link LegoSketch#estimateId}: network in
   * range, else rule.
   */
  static double[] ensemble(LegoModel model, NDList out, long[] brickOf) {
    float[] neural = out.get(0).toFloatArray();
    float[] rule = out.get(1).toFloatArray();
    float[] alpha = out.get(2).toFloatArray();
    float[] nHat = out.get(3).toFloatArray();
    float[] lowNeural = model.lowSkewNetworks() == null ? null : out.get(4).toFloatArray();
    double[] est = new double[brickOf.length];
    for (int i = 0; i < est.length; i++) {
      int b = (int) brickOf[i];
      if (model.inTrainedRange(nHat[b], alpha[b])) {
        float n = model.answering(alpha[b]) == model ? neural[i] : lowNeural[i];
        est[i] = Math.min(n, rule[i]);
      } else {
        est[i] = rule[i];
      }
    }
    return est;
  }

  /** Raw outputs (neural, rule, alphaHat, nHat) as Java arrays, for tests and diagnostics. */
  float[][] rawOutputs(float[] bricks, float[] lengths, long[] vIdx, long[] cells, long[] brickOf) {
    int k = lengths.length;
    int n = brickOf.length;
    try (NDManager batch = manager.newSubManager()) {
      NDList out = forward(new ParameterStore(batch, false), new NDList(
          batch.create(bricks, new Shape(k, LegoModel.ROWS, Brick.COLUMNS)), batch.create(lengths),
          batch.create(vIdx, new Shape(n, LegoModel.ROWS)), batch.create(cells, new Shape(n, LegoModel.ROWS)),
          batch.create(brickOf)), false);
      return new float[][] {out.get(0).toFloatArray(), out.get(1).toFloatArray(), out.get(2).toFloatArray(),
          out.get(3).toFloatArray()};
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
