/**
 * UCL-sketch's learned solver on DJL's PyTorch engine (UCL paper, Sec. IV-B and IV-C):
 * {@link io.sketchbricks.ucl.djl.UclSolver} implements the sketch module's {@code io.sketchbricks.ucl.UclDecoder},
 * training a network (package-private {@code UclNetwork}, the parameters of an {@code io.sketchbricks.ucl.UclModel})
 * without ground truth on the window of Count-Min snapshots, then decoding the live counters into per-key counts.
 *
 * <p><b>Loss</b> per batch of normalised snapshots y: {@code MSE(A x^, y)} (the decode must explain the counters),
 * plus the equivariance term on a transformed solution ({@code io.sketchbricks.ucl.EquivarianceTransform}), plus
 * {@code 0.1 mean(x^)} (sparsity). A is the sparse sensing matrix, never built dense. Adam at lr 1e-3, batches of
 * 32, at most 300 epochs, early stop after 30 epochs without a 1 % improvement; the model returned is the one with
 * the lowest epoch loss. It guarantees determinism for a seed and thread count and that training stops, not
 * accuracy: the sketch caps and refines its output ({@code UclSketch.decode} with the guard).
 *
 * <p>Depends on the sketch module's {@code ucl} package and on {@code io.sketchbricks.djl}; the streaming job in
 * {@code io.sketchbricks.spark.ucl} and the jobs' offline estimator drive it.
 */
package io.sketchbricks.ucl.djl;
