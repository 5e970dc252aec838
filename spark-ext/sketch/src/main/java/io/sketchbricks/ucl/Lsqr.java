package io.sketchbricks.ucl;

/**
 * The LSQR decoder: Paige and Saunders' LSQR (1982) on the sparse operator A, followed by clamping to the range
 * every unknown is known to lie in.
 *
 * <p>What it solves. Every tracked key reached the Count-Min part at least once, and the Count-Min counters are
 * sums of non-negative counts, so each unknown satisfies {@code 1 <= x_j <= min_r y[cell(j, r)]}. LSQR is run on
 * the shifted system {@code A z = y - A 1} from z = 0, so it returns the least-squares z of smallest norm, i.e.
 * the solution closest to "every key seen once". The estimate {@code x = 1 + z} is then clamped into
 * {@code [1, CM min]} (clamping, not a constrained solve: the clamped x no longer fits y exactly). A plain
 * minimum-norm least-squares solution of an underdetermined system spreads heavy keys' mass over the keys that
 * share their counters; the clamp bounds how far off that can push a key.
 *
 * <p>Stops after {@code maxIterations}, or when the residual norm falls below {@code tol x ||b||}, or when the
 * normal-equation residual ||A^T r|| falls below {@code tol x} its first value.
 */
public final class Lsqr {
  public static final int DEFAULT_ITERATIONS = 200;
  public static final double DEFAULT_TOL = 1e-6;

  private Lsqr() {}

  /** The clamped LSQR estimate of every unknown from one snapshot of the counters. */
  public static double[] decode(SensingOperator a, int[] snapshot, int maxIterations, double tol) {
    int m = a.rows();
    int n = a.columns();
    double[] ones = new double[n];
    java.util.Arrays.fill(ones, 1);
    double[] b = new double[m];
    a.apply(ones, b);
    for (int i = 0; i < m; i++) {
      b[i] = snapshot[i] - b[i];
    }
    double[] z = solve(a, b, maxIterations, tol);
    double[] cmMin = a.countMinEstimates(snapshot);
    for (int j = 0; j < n; j++) {
      z[j] = Math.max(1, Math.min(cmMin[j], 1 + z[j]));
    }
    return z;
  }

  /** Plain LSQR for min ||A x - b|| from x = 0 (the minimum-norm solution when A has more columns than rows). */
  public static double[] solve(SensingOperator a, double[] b, int maxIterations, double tol) {
    int m = a.rows();
    int n = a.columns();
    double[] x = new double[n];
    double[] u = b.clone();
    double beta = norm(u);
    double bNorm = beta;
    if (beta == 0 || n == 0) {
      return x;
    }
    scale(u, 1 / beta);
    double[] v = new double[n];
    a.applyTranspose(u, v);
    double alpha = norm(v);
    if (alpha == 0) {
      return x;
    }
    scale(v, 1 / alpha);
    double[] w = v.clone();
    double phiBar = beta;
    double rhoBar = alpha;
    double firstNormal = alpha * beta;
    double[] av = new double[m];
    double[] atu = new double[n];
    for (int it = 0; it < maxIterations; it++) {
      // bidiagonalisation: beta u = A v - alpha u, alpha v = A^T u - beta v
      a.apply(v, av);
      for (int i = 0; i < m; i++) {
        u[i] = av[i] - alpha * u[i];
      }
      beta = norm(u);
      if (beta > 0) {
        scale(u, 1 / beta);
      }
      a.applyTranspose(u, atu);
      for (int j = 0; j < n; j++) {
        v[j] = atu[j] - beta * v[j];
      }
      alpha = norm(v);
      if (alpha > 0) {
        scale(v, 1 / alpha);
      }
      // the plane rotation that eliminates beta
      double rho = Math.hypot(rhoBar, beta);
      double c = rhoBar / rho;
      double s = beta / rho;
      double theta = s * alpha;
      rhoBar = -c * alpha;
      double phi = c * phiBar;
      phiBar = s * phiBar;
      double t1 = phi / rho;
      double t2 = -theta / rho;
      for (int j = 0; j < n; j++) {
        x[j] += t1 * w[j];
        w[j] = v[j] + t2 * w[j];
      }
      double normalResidual = phiBar * alpha * Math.abs(c);
      if (phiBar <= tol * bNorm || normalResidual <= tol * firstNormal || alpha == 0) {
        break;
      }
    }
    return x;
  }

  private static double norm(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v * v;
    }
    return Math.sqrt(s);
  }

  private static void scale(double[] a, double f) {
    for (int i = 0; i < a.length; i++) {
      a[i] *= f;
    }
  }
}
