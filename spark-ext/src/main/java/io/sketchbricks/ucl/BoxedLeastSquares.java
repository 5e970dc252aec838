package io.sketchbricks.ucl;

/**
 * Least squares within the data plane's hard bounds: {@code min ||A x - y||^2} subject to
 * {@code 1 <= x_j <= CM min_j}, by accelerated projected gradient (FISTA with a monotone restart) from a given
 * start. Every tracked key reached the Count-Min part at least once, and no key's Count-Min-part count exceeds
 * its smallest counter, so the true counts lie in that box; a decode that is clamped into the box only after
 * solving (LSQR, the learned solver) no longer fits the counters, while this one fits them as well as the box
 * allows. From a start the system does not pin down (far more keys than counters), the iterates stay close to
 * it, so the start carries the prior (LSQR's smallest-norm solution, or what the solver learned).
 */
public final class BoxedLeastSquares {
  public static final int DEFAULT_ITERATIONS = 300;

  private BoxedLeastSquares() {}

  /** Refines {@code start} (one value per key of {@code a}, left unchanged) against one snapshot. */
  public static double[] refine(SensingOperator a, int[] snapshot, double[] start, int iterations) {
    return refine(a, snapshot, start, iterations, new double[start.length]);
  }

  /** As above with a linear penalty {@code penalty[j] * x_j} added to the objective (zeros: none). */
  static double[] refine(SensingOperator a, int[] snapshot, double[] start, int iterations, double[] penalty) {
    int m = a.rows();
    int n = a.columns();
    if (start.length != n) {
      throw new IllegalArgumentException("start has " + start.length + " values but the operator has " + n + " keys");
    }
    double[] upper = a.countMinEstimates(snapshot);
    double[] x = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = clamp(start[j], upper[j]);
    }
    if (n == 0) {
      return x;
    }
    double step = 1 / lipschitz(a);
    double[] y = x.clone();
    double[] prev = x.clone();
    double[] ay = new double[m];
    double[] grad = new double[n];
    double t = 1;
    double lastResidual = Double.POSITIVE_INFINITY;
    for (int it = 0; it < iterations; it++) {
      a.apply(y, ay);
      for (int i = 0; i < m; i++) {
        ay[i] -= snapshot[i];
      }
      a.applyTranspose(ay, grad);
      for (int j = 0; j < n; j++) {
        grad[j] += penalty[j];
      }
      System.arraycopy(x, 0, prev, 0, n);
      for (int j = 0; j < n; j++) {
        x[j] = clamp(y[j] - step * grad[j], upper[j]);
      }
      double residual = residual(a, x, snapshot, ay);
      double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      if (residual > lastResidual) {
        // momentum overshot: restart from the plain projected step
        t = 1;
        System.arraycopy(x, 0, y, 0, n);
      } else {
        double beta = (t - 1) / tNext;
        for (int j = 0; j < n; j++) {
          y[j] = x[j] + beta * (x[j] - prev[j]);
        }
        t = tNext;
      }
      lastResidual = residual;
    }
    return x;
  }

  private static double clamp(double v, double upper) {
    return Math.max(1, Math.min(upper, v));
  }

  private static double residual(SensingOperator a, double[] x, int[] snapshot, double[] scratch) {
    a.apply(x, scratch);
    double s = 0;
    for (int i = 0; i < scratch.length; i++) {
      double d = scratch[i] - snapshot[i];
      s += d * d;
    }
    return s;
  }

  /** An upper bound of ||A||^2 (largest eigenvalue of A^T A) by power iteration, padded by 10 %. */
  static double lipschitz(SensingOperator a) {
    int n = a.columns();
    double[] v = new double[n];
    java.util.Arrays.fill(v, 1 / Math.sqrt(n));
    double[] av = new double[a.rows()];
    double lambda = 1;
    for (int it = 0; it < 30; it++) {
      a.apply(v, av);
      a.applyTranspose(av, v);
      double norm = 0;
      for (double x : v) {
        norm += x * x;
      }
      norm = Math.sqrt(norm);
      if (norm == 0) {
        return 1;
      }
      lambda = norm;
      for (int j = 0; j < n; j++) {
        v[j] /= norm;
      }
    }
    return lambda * 1.1;
  }
}
