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
    int depth = a.depth();
    int[] cells = a.cells();
    // FISTA's extrapolated point xm = x + beta (x - xPrev) (and likewise sm, and A xm, since A is linear) is
    // formed where it is read, never stored: one pass over the counters and one over the keys per iteration,
    // the latter taking the gradient A^T r, the projected step and the new A x together. Its reads of r and
    // writes of A x hit the same counters in random order, so the two are interleaved in one array (r_i at 2i,
    // (A x)_i at 2i + 1): one cache line serves both
    double[] xPrev = x.clone();
    double[] s = new double[m];
    double[] sPrev = new double[m];
    double[] ax = new double[m];
    a.apply(x, ax);
    double[] axPrev = ax.clone();
    double[] work = new double[2 * m];
    double beta = 0;
    double t = 1;
    double lastObjective = Double.POSITIVE_INFINITY;
    for (int it = 0; it < iterations; it++) {
      // (small methods: the JIT compiles them fully, where a loop inside this long one would run as OSR code)
      residualAndSlack(ax, axPrev, s, sPrev, snapshot, beta, step, slack, mu, work);
      projectedStep(cells, depth, x, xPrev, upper, beta, step, work);
      // A x moves to ax, the old one to axPrev
      double[] swap = axPrev;
      axPrev = ax;
      ax = swap;
      double objective = takeAxAndObjective(work, ax, s, snapshot, slack ? mu : 0);
      double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      if (objective > lastObjective) {
        // momentum overshot: restart from the plain projected step
        t = 1;
        beta = 0;
      } else {
        beta = (t - 1) / tNext;
        t = tNext;
      }
      lastObjective = objective;
    }
    return x;
  }

  /**
   * The pass over the counters: r = A xm + sm - y into {@code work[2i]} (A xm and sm formed from the current and
   * previous values), {@code work[2i + 1]} cleared for the new A x; with slack, the slack's projected step.
   */
  private static void residualAndSlack(double[] ax, double[] axPrev, double[] s, double[] sPrev, int[] snapshot,
      double beta, double step, boolean slack, double mu, double[] work) {
    for (int i = 0; i < ax.length; i++) {
      double axm = ax[i] + beta * (ax[i] - axPrev[i]);
      double sm = s[i] + beta * (s[i] - sPrev[i]);
      double r = axm + sm - snapshot[i];
      work[2 * i] = r;
      work[2 * i + 1] = 0;
      sPrev[i] = s[i];
      if (slack) {
        s[i] = Math.max(0, sm - step * (r + mu));
      }
    }
  }

  /**
   * The pass over the keys: each key's gradient (A^T r, the sum of r over its cells), its projected step from
   * xm into the box, and its new value added into A x at {@code work[2i + 1]}.
   */
  private static void projectedStep(int[] cells, int depth, double[] x, double[] xPrev, double[] upper, double beta,
      double step, double[] work) {
    for (int j = 0, c = 0; j < x.length; j++, c += depth) {
      double grad = 0;
      for (int k = 0; k < depth; k++) {
        grad += work[2 * cells[c + k]];
      }
      double xj = x[j];
      double xm = xj + beta * (xj - xPrev[j]);
      double next = clamp(xm - step * grad, upper[j]);
      xPrev[j] = xj;
      x[j] = next;
      for (int k = 0; k < depth; k++) {
        work[2 * cells[c + k] + 1] += next;
      }
    }
  }

  /** Copies the new A x out of {@code work} into ax; returns 1/2 ||A x + s - y||^2 + mu sum(s). */
  private static double takeAxAndObjective(double[] work, double[] ax, double[] s, int[] snapshot, double mu) {
    double objective = 0;
    for (int i = 0; i < ax.length; i++) {
      double axi = work[2 * i + 1];
      ax[i] = axi;
      double r = axi + s[i] - snapshot[i];
      objective += 0.5 * r * r + mu * s[i];
    }
    return objective;
  }

  private static double clamp(double v, double upper) {
    return Math.max(1, Math.min(upper, v));
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
