package io.sketchbricks.frequency;

/**
 * A point estimate with an interval that holds the true count with probability at least {@code confidence}
 * (1.0 when the bound is deterministic, e.g. an exact heavy-part count).
 *
 * @param estimate what {@code estimate} answers for the item
 * @param lower the true count is at least this (never negative)
 * @param upper the true count is at most this
 * @param confidence the probability with which [lower, upper] holds the true count: the one asked for, or 1.0
 */
public record EstimateBounds(long estimate, long lower, long upper, double confidence) {
  /** The confidence used when a caller names none: about Count-Min's classic 1 - e^-3 at depth 3. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  /** Refuses a confidence outside the open interval (0, 1), the only values a probabilistic bound can state. */
  public static double checkConfidence(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence " + confidence + " must be strictly between 0 and 1 (e.g. 0.95):"
          + " a sketch bound holds with some probability below 1; at 1 only the trivial bound [0, total] is sure");
    }
    return confidence;
  }

  /**
   * Count-Min's one-sided slack: the smallest t such that, with probability at least {@code confidence}, the row
   * minimum exceeds the true count by less than t. Each row's excess is the colliding mass, with mean at most
   * n / width (pairwise-independent columns), so by Markov {@code P(excess >= t) <= n / (width t)}; the rows are
   * independent, so {@code P(all depth rows >= t) <= (n / (width t))^depth}. Setting that to 1 - confidence gives
   * {@code t = n / (width (1 - confidence)^(1/depth))}. At confidence 1 - e^-depth this is the classic e n / width.
   */
  public static double countMinSlack(long n, int width, int depth, double confidence) {
    return n / (width * Math.pow(1 - confidence, 1.0 / depth));
  }

  /** Bounds of a one-sided (never underestimating) estimate: [max(0, ceil(estimate - slack)), estimate]. */
  static EstimateBounds overestimating(long estimate, double slack, double confidence) {
    return new EstimateBounds(estimate, Math.max(0, (long) Math.ceil(estimate - slack)), estimate, confidence);
  }
}
