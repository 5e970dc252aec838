package io.sketchbricks.lego;

import io.sketchbricks.frequency.EstimateBounds;

/**
 * Answers a {@link LegoSketch}'s queries: reads an item's five cells from its brick and turns them into the rule,
 * neural or ensemble estimate (Lego paper, Sec. 3.1 and Algorithm 2) or the rule estimate's interval
 * ({@link LegoBounds}). Kept apart from the sketch so that the sketch stores and this reads.
 *
 * <p>Every read goes through {@link LegoSketch#bricks()}, which first moves the arrival buffer into the bricks,
 * so an answer counts every arrival so far; a brick's scan features stay cached in the brick until it changes.
 *
 * <p>Not thread-safe, like the sketch it serves: the item's columns, embedding, cells and the decoder's workspace
 * are scratch arrays reused by every query, so that a query allocates nothing.
 */
final class BrickReader {
  private final LegoSketch sketch;
  private final int[] cols = new int[LegoModel.ROWS];
  private final float[] e = new float[LegoModel.ROWS];
  private final float[] m = new float[LegoModel.ROWS];
  private LegoForward.Workspace workspace;
  private LegoForward.Workspace lowSkewWorkspace;

  BrickReader(LegoSketch sketch) {
    this.sketch = sketch;
  }

  /** {@link LegoSketch#estimateId}. */
  double estimateId(long id) {
    LegoModel mod = sketch.requireModel();
    return ensemble(mod, read(mod, id));
  }

  /** {@link LegoSketch#boundsId}. */
  LegoBounds boundsId(long id, double confidence) {
    EstimateBounds.checkConfidence(confidence);
    LegoModel mod = sketch.requireModel();
    Brick b = read(mod, id);
    double estimate = ensemble(mod, b); // reads m and e, changes neither
    return LegoBounds.ofRule(estimate, LegoModel.rule(m, e), e, b.rowMass(), confidence);
  }

  /** {@link LegoSketch#inTrainedRange}. */
  boolean inTrainedRange(ScanFeatures f) {
    return sketch.requireModel().gate().inTrainedRange(f);
  }

  /** {@link LegoSketch#answersNeurally}. */
  boolean answersNeurally(long id) {
    return inTrainedRange(features(LegoHash.brick(id, sketch.brickCount())));
  }

  /** {@link LegoSketch#ruleEstimateId}. */
  double ruleEstimateId(long id) {
    read(sketch.requireModel(), id);
    return LegoModel.rule(m, e);
  }

  /** {@link LegoSketch#neuralEstimateId}. */
  double neuralEstimateId(long id) {
    LegoModel mod = sketch.requireModel();
    Brick b = read(mod, id);
    float rule = LegoModel.rule(m, e);
    return Math.min(neural(mod, b, b.terms(mod), rule), rule);
  }

  /** {@link LegoSketch#features}. */
  ScanFeatures features(int k) {
    LegoModel mod = sketch.requireModel();
    return sketch.bricks()[k].features(mod);
  }

  /** The ensemble answer for the item whose counters and embedding {@link #read} left in {@code m} and {@code e}. */
  private double ensemble(LegoModel mod, Brick b) {
    float rule = LegoModel.rule(m, e);
    LegoForward.BrickTerms t = b.terms(mod);
    if (mod.gate().inTrainedRange(t.features())) {
      return Math.min(neural(mod, b, t, rule), rule);
    }
    return rule;
  }

  /**
   * The network's estimate for the item in {@code m} and {@code e} (rule estimate {@code rule}): by the model's own
   * networks, or by its low-skew networks (with their own scan of the brick) where its scan {@code t} says the
   * brick is low-skew.
   */
  private float neural(LegoModel mod, Brick b, LegoForward.BrickTerms t, float rule) {
    LegoModel answering = mod.answering(t.features());
    if (answering == mod) {
      return mod.forward().decode(m, e, rule, t, workspace(mod));
    }
    if (lowSkewWorkspace == null) {
      lowSkewWorkspace = new LegoForward.Workspace(answering);
    }
    return answering.forward().decode(m, e, rule, b.terms(answering), lowSkewWorkspace);
  }

  private LegoForward.Workspace workspace(LegoModel mod) {
    if (workspace == null) {
      workspace = new LegoForward.Workspace(mod);
    }
    return workspace;
  }

  /** Leaves the item's columns, embedding and cells in {@code cols}, {@code e} and {@code m}; returns its brick. */
  private Brick read(LegoModel mod, long id) {
    Brick[] bricks = sketch.bricks(); // flushes the arrival buffer first
    mod.embed(id, e);
    LegoHash.columns(id, cols);
    Brick b = bricks[LegoHash.brick(id, bricks.length)];
    b.read(cols, m);
    return b;
  }
}
