package io.sketchbricks.ucl;

/**
 * The data plane's guard on a decode: the counts that fit the counters best within what the data plane knows
 * for sure. It solves
 * <pre>
 *   min  1/2 ||A x + s - y||^2 + mu * sum(s)   subject to   1 &lt;= x_j &lt;= CM min_j,  s &gt;= 0
 * </pre>
 * by accelerated projected gradient (FISTA with a monotone restart) from a given start.
 *
 * <ul>
 *   <li>The box: every tracked key reached the Count-Min part at least once, and no key's Count-Min-part count
 *   exceeds its smallest counter, so the true counts lie in it. A decode clamped into the box only after solving
 *   (LSQR, the learned solver) no longer fits the counters; this one fits them as well as the box allows.</li>
 *   <li>The slack s (one value per counter): arrivals of keys the key list does not hold. A key the Bloom filter
 *   wrongly reports as seen is never tracked, yet its arrivals are in its counters, so {@code y >= A x_true} with
 *   a positive, sparse excess. Without s least squares spreads that excess over the tracked keys sharing the
 *   counters. The L1 price {@code mu} (in arrivals, {@link #UNTRACKED_PENALTY}) lets a counter keep an excess
 *   only where fitting it costs the tracked keys more than mu per arrival. The slack is a trade: it lowered the
 *   least-squares decode's error on the real streams tried and raised it where the Bloom filter misses about
 *   half the keys; the error moved little with mu around 1 (README, "Measured here", "Design choices,
 *   measured").</li>
 * </ul>
 * From a start the system does not pin down (far more keys than counters), the iterates stay close to it, so the
 * start carries the prior (LSQR's smallest-norm solution, or what the solver learned).
 */
public final class BoxedLeastSquares {
  public static final int DEFAULT_ITERATIONS = 300;
  /** mu: the price, per arrival, of leaving a counter's excess to keys the key list does not hold. */
  public static final double UNTRACKED_PENALTY = 1.0;

  private BoxedLeastSquares() {}

  /** Refines {@code start} (one value per key of {@code a}, left unchanged) against one snapshot. */
  public static double[] refine(SensingOperator a, int[] snapshot, double[] start, int iterations) {
    return refine(a, snapshot, start, iterations, UNTRACKED_PENALTY);
  }

  /** As above with another price mu on untracked arrivals ({@code Double.POSITIVE_INFINITY}: no slack). */
  static double[] refine(SensingOperator a, int[] snapshot, double[] start, int iterations, double mu) {
    int m = a.rows();
    int n = a.columns();
    if (start.length != n) {
      throw new IllegalArgumentException("start has " + start.length + " values but the operator has " + n + " keys");
    }
    if (snapshot.length != m) {
      throw new IllegalArgumentException("snapshot has " + snapshot.length + " counters but the operator has " + m);
    }
    double[] upper = a.countMinEstimates(snapshot);
    double[] x = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = clamp(start[j], upper[j]);
    }
    if (n == 0) {
      return x;
    }
    boolean slack = Double.isFinite(mu);
    // the joint operator [A I] has norm^2 <= ||A||^2 + 1
    double step = 1 / (lipschitz(a) + (slack ? 1 : 0));
    double[] s = new double[m];
    double[] xm = x.clone();
    double[] sm = new double[m];
    double[] xPrev = new double[n];
    double[] sPrev = new double[m];
    double[] r = new double[m];
    double[] grad = new double[n];
    double t = 1;
    double lastObjective = Double.POSITIVE_INFINITY;
    for (int it = 0; it < iterations; it++) {
      residual(a, xm, sm, snapshot, r);
      a.applyTranspose(r, grad);
      System.arraycopy(x, 0, xPrev, 0, n);
      System.arraycopy(s, 0, sPrev, 0, m);
      for (int j = 0; j < n; j++) {
        x[j] = clamp(xm[j] - step * grad[j], upper[j]);
      }
      if (slack) {
        for (int i = 0; i < m; i++) {
          s[i] = Math.max(0, sm[i] - step * (r[i] + mu));
        }
      }
      double objective = objective(a, x, s, snapshot, r, slack ? mu : 0);
      double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      if (objective > lastObjective) {
        // momentum overshot: restart from the plain projected step
        t = 1;
        System.arraycopy(x, 0, xm, 0, n);
        System.arraycopy(s, 0, sm, 0, m);
      } else {
        double beta = (t - 1) / tNext;
        for (int j = 0; j < n; j++) {
          xm[j] = x[j] + beta * (x[j] - xPrev[j]);
        }
        for (int i = 0; i < m; i++) {
          sm[i] = s[i] + beta * (s[i] - sPrev[i]);
        }
        t = tNext;
      }
      lastObjective = objective;
    }
    return x;
  }

  private static double clamp(double v, double upper) {
    return Math.max(1, Math.min(upper, v));
  }

  /** r = A x + s - y. */
  private static void residual(SensingOperator a, double[] x, double[] s, int[] snapshot, double[] r) {
    a.apply(x, r);
    for (int i = 0; i < r.length; i++) {
      r[i] += s[i] - snapshot[i];
    }
  }

  private static double objective(SensingOperator a, double[] x, double[] s, int[] snapshot, double[] scratch,
      double mu) {
    residual(a, x, s, snapshot, scratch);
    double f = 0;
    for (int i = 0; i < scratch.length; i++) {
      f += 0.5 * scratch[i] * scratch[i] + mu * s[i];
    }
    return f;
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
