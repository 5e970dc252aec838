package io.sketchbricks.ucl;

/**
 * The three ways UCL-sketch recovers the Count-Min-part count of each tracked key from the counters (the sketch
 * installs the answer; this class only solves). Every answer is a vector over the key layout's unknowns.
 */
final class UclDecodes {
  private UclDecodes() {}

  /**
   * CM: each key's smallest counter. LSQR: the least-squares solution of the sensing system, clamped into the box
   * {@code 1 <= x <= CM min} and refined inside it ({@link BoxedLeastSquares}), since clamping alone leaves the
   * counters unexplained.
   */
  static double[] solve(KeyLayout layout, int[] counters, DecodeMode mode) {
    return switch (mode) {
      case CM -> layout.operator().countMinEstimates(counters);
      case LSQR -> BoxedLeastSquares.refine(layout.operator(), counters,
          Lsqr.decode(layout.operator(), counters, Lsqr.DEFAULT_ITERATIONS, Lsqr.DEFAULT_TOL),
          BoxedLeastSquares.DEFAULT_ITERATIONS);
      default -> throw new IllegalArgumentException("decode mode " + mode + " needs a trained model: train a"
          + " UclSolver on window() and keyLayout(), then call decode(solver, model)");
    };
  }

  /**
   * ML (UCL paper, Sec. IV-C3): the solver's output for the counters, capped at each key's Count-Min minimum (a
   * key's Count-Min-part count never exceeds its smallest counter, so the cap only moves an estimate closer to the
   * truth). Without the guard the capped output is rounded up by the caller, as the reference code's {@code ceil}.
   *
   * <p>The guard holds the answer to what the data plane knows for sure: starting from the solver's output,
   * {@link BoxedLeastSquares} fits the counters as well as the box {@code 1 <= x <= CM min} allows. An answer the
   * counters contradict moves to one they support; where the counters leave room, the solver's answer stays. The
   * README's measured section compares the guarded decode with least squares and the unguarded one.
   */
  static double[] learned(KeyLayout layout, int[] counters, UclDecoder solver, UclModel model, boolean guard) {
    float[] x = solver.decode(model, counters, layout.size());
    double[] d = layout.operator().countMinEstimates(counters);
    for (int j = 0; j < x.length; j++) {
      d[j] = Math.min(d[j], guard ? x[j] : Math.ceil(x[j]));
    }
    return guard ? BoxedLeastSquares.refine(layout.operator(), counters, d, BoxedLeastSquares.DEFAULT_ITERATIONS) : d;
  }
}
