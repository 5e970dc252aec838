package io.sketchbricks.lego;

/**
 * The ensemble's gate (Lego paper, Algorithm 2; the thresholds are the reference code's): which of a brick's two
 * estimates answers, the network's or the rule's. A brick answers through the network when its scan estimates more
 * than {@link #MIN_ITEMS} distinct items and a skewness below the trained range's top plus {@link #ALPHA_MARGIN},
 * and by the rule estimate otherwise: outside the range the model was trained for, its answers are not trusted.
 *
 * <p>Part of a {@link LegoModel}, since the trained range is a property of the training that made the weights.
 */
public record LegoGate(float trainedAlphaMax) {
  /** Distinct items a brick must hold (as estimated) before the neural estimate is used. */
  public static final float MIN_ITEMS = 10_000f;

  /**
   * How far above the trained range's top a brick's estimated skewness may be and still answer through the network.
   * The scan's alphaHat is itself an estimate: on streams at the top of the trained range it often lands above the
   * top, and without a margin those bricks would fall back to the rule estimate although the network was trained
   * for them and is better there. The margin lets them use the network; it is kept small so that streams well
   * past the range still take the rule estimate. See README, "Measured here", "Design choices, measured".
   */
  public static final float ALPHA_MARGIN = 0.25f;

  /**
   * A gate for a model trained on skewness in (0.5, trainedAlphaMax].
   *
   * @throws IllegalArgumentException unless 0.5 &lt; trainedAlphaMax &lt;= 5
   */
  public LegoGate {
    if (!(trainedAlphaMax > 0.5f && trainedAlphaMax <= 5f)) {
      throw new IllegalArgumentException("trained alpha range (0.5, " + trainedAlphaMax + "] is not a valid range");
    }
  }

  /** Whether a brick whose scan estimated these answers through the network. */
  public boolean inTrainedRange(float nHat, float alphaHat) {
    return nHat > MIN_ITEMS && alphaHat < trainedAlphaMax + ALPHA_MARGIN;
  }

  /** {@link #inTrainedRange(float, float)} of a brick's scan features. */
  public boolean inTrainedRange(ScanFeatures f) {
    return inTrainedRange(f.nHat(), f.alphaHat());
  }
}
