package io.sketchbricks.ucl;

/**
 * A learned decoder of the Count-Min part: what {@link UclSketch#decode(UclDecoder, UclModel)} needs from the
 * solver. Lets the data plane stay plain Java while the solver that trains and runs the network
 * ({@code io.sketchbricks.ucl.djl.UclSolver}, DJL) lives in its own module.
 */
public interface UclDecoder {
  /**
   * The model's estimate of every one of the first {@code keys} unknowns from one snapshot of the Count-Min
   * counters (row-major, depth x width).
   */
  float[] decode(UclModel model, int[] snapshot, int keys);
}
