package io.sketchbricks.lego;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

/**
 * Answers batches of item ids against one Lego sketch through a {@link LegoBlock}, as the translator of a DJL
 * {@code Predictor}: ensemble estimates equal to {@link LegoSketch#estimateId} within float rounding.
 *
 * <p>The bricks go to the predictor's device once ({@link #prepare}, in the predictor's manager), so a batch
 * only ships its ids' indices. The block attaches what it computes to the manager of the bricks, so each batch
 * lends them to its own manager ({@code tempAttach}): every intermediate is then freed when the predictor closes
 * the batch's manager, which hands the bricks back. Native memory stays flat however many batches run.
 *
 * <p>One translator per predictor (it holds the uploaded bricks); not thread-safe, like the predictor.
 */
public final class LegoBatchTranslator implements Translator<long[], double[]> {
  private static final String BRICK_OF = "brickOf";
  private final LegoSketch sketch;
  private NDArray bricks;
  private NDArray lengths;

  public LegoBatchTranslator(LegoSketch sketch) {
    this.sketch = sketch;
  }

  /** No batchifier: one input already is a whole batch of ids, and stacking would add a dimension. */
  @Override
  public Batchifier getBatchifier() {
    return null;
  }

  @Override
  public void prepare(TranslatorContext ctx) {
    if (ctx.getBlock() instanceof LegoBlock block && block.model().id() != sketch.modelId()) {
      throw new IllegalArgumentException("the sketch was built with Lego model " + LegoModel.hex(sketch.modelId())
          + ", the predictor holds " + block.model().idHex() + ": use a predictor of the sketch's model");
    }
    int k = sketch.brickCount();
    float[] flat = new float[k * Brick.CELLS];
    float[] n = new float[k];
    for (int b = 0; b < k; b++) {
      System.arraycopy(sketch.bricks[b].cells, 0, flat, b * Brick.CELLS, Brick.CELLS);
      n[b] = (float) sketch.bricks[b].streamLength;
    }
    NDManager m = ctx.getPredictorManager();
    bricks = m.create(flat, new Shape(k, LegoModel.ROWS, Brick.COLUMNS));
    lengths = m.create(n);
  }

  @Override
  public NDList processInput(TranslatorContext ctx, long[] ids) {
    NDManager batch = ctx.getNDManager();
    bricks.tempAttach(batch);
    lengths.tempAttach(batch);
    int k = sketch.brickCount();
    int n = ids.length;
    long[] vIdx = new long[n * LegoModel.ROWS];
    long[] cells = new long[n * LegoModel.ROWS];
    long[] brickOf = new long[n];
    for (int i = 0; i < n; i++) {
      int b = LegoHash.brick(ids[i], k);
      brickOf[i] = b;
      for (int r = 0; r < LegoModel.ROWS; r++) {
        vIdx[i * LegoModel.ROWS + r] = LegoHash.embedIndex(ids[i], r);
        cells[i * LegoModel.ROWS + r] = (long) b * Brick.CELLS + r * Brick.COLUMNS + LegoHash.column(ids[i], r);
      }
    }
    ctx.setAttachment(BRICK_OF, brickOf);
    return new NDList(bricks, lengths, batch.create(vIdx, new Shape(n, LegoModel.ROWS)),
        batch.create(cells, new Shape(n, LegoModel.ROWS)), batch.create(brickOf));
  }

  /** Spec 1.9 per brick, as {@link LegoSketch#estimateId}: the network where the brick is in range, else the rule. */
  @Override
  public double[] processOutput(TranslatorContext ctx, NDList out) {
    long[] brickOf = (long[]) ctx.getAttachment(BRICK_OF);
    float[] neural = out.get(0).toFloatArray();
    float[] rule = out.get(1).toFloatArray();
    float[] alpha = out.get(2).toFloatArray();
    float[] nHat = out.get(3).toFloatArray();
    double[] est = new double[brickOf.length];
    for (int i = 0; i < est.length; i++) {
      int b = (int) brickOf[i];
      est[i] = sketch.model().inTrainedRange(nHat[b], alpha[b]) ? Math.min(neural[i], rule[i]) : rule[i];
    }
    return est;
  }
}
