package io.sketchbricks.lego.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.sketchbricks.lego.Brick;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoSketch;

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
      System.arraycopy(sketch.bricks()[b].cells, 0, flat, b * Brick.CELLS, Brick.CELLS);
      n[b] = (float) sketch.bricks()[b].streamLength;
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
    LegoBlock.ItemIndex index = LegoBlock.ItemIndex.of(ids, sketch.brickCount());
    ctx.setAttachment(BRICK_OF, index.brickOf());
    NDList inputs = new NDList(bricks, lengths);
    inputs.addAll(index.arrays(batch));
    return inputs;
  }

  /**
   * Algorithm 2 of the Lego paper per brick, as {@link LegoSketch#estimateId}: the network where the brick is in
   * range, else the rule.
   */
  @Override
  public double[] processOutput(TranslatorContext ctx, NDList out) {
    return LegoBlock.ensemble(sketch.model(), out, (long[]) ctx.getAttachment(BRICK_OF));
  }
}
