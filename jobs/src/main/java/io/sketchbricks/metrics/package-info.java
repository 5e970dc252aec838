/**
 * Ground truth and error metrics for the evaluations: {@link io.sketchbricks.metrics.ExactCounts} holds exact
 * per-item counts in the JVM (in first-seen order, so results are deterministic for a stream), and
 * {@link io.sketchbricks.metrics.AccuracyMetrics} scores estimates against them with the UCL-sketch reference
 * code's formulas (UCL paper, Sec. VI-A): AAE (mean absolute error over the distinct true keys), ARE (mean
 * relative error), WMRD (how far apart the true and estimated flow-size distributions are) and the error of the
 * reference's size-weighted entropy.
 *
 * <p>Used by {@code io.sketchbricks.eval} and the jobs; the distributed counterpart of the exact counts, for inputs
 * too large for one JVM, is {@code io.sketchbricks.spark.ExactCounts}.
 */
package io.sketchbricks.metrics;
