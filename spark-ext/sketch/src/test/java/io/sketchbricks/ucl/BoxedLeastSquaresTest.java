package io.sketchbricks.ucl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BoxedLeastSquaresTest {
  @Test
  void staysInTheBoxAndFitsTheCountersBetterThanTheClampedStart() {
    // more keys than counters, a few heavy keys among many light ones: the UCL situation
    long[] keys = SensingOperatorTest.keys(2000, 11);
    SensingOperator a = new SensingOperator(keys, 4, 97);
    SplittableRandom rnd = new SplittableRandom(12);
    double[] truth = new double[keys.length];
    for (int j = 0; j < truth.length; j++) {
      truth[j] = j % 100 == 0 ? 200 + rnd.nextInt(800) : 1 + rnd.nextInt(3);
    }
    int[] snapshot = counters(a, truth);
    double[] start = Lsqr.decode(a, snapshot, Lsqr.DEFAULT_ITERATIONS, Lsqr.DEFAULT_TOL);
    double[] refined = BoxedLeastSquares.refine(a, snapshot, start, BoxedLeastSquares.DEFAULT_ITERATIONS);
    double[] cm = a.countMinEstimates(snapshot);
    for (int j = 0; j < refined.length; j++) {
      assertTrue(refined[j] >= 1 && refined[j] <= cm[j], "key " + j + " left the box: " + refined[j]);
    }
    assertTrue(residual(a, refined, snapshot) < 0.5 * residual(a, start, snapshot),
        "refining fits the counters: " + residual(a, refined, snapshot) + " vs " + residual(a, start, snapshot));
    assertTrue(aae(refined, truth) < aae(start, truth), aae(refined, truth) + " vs " + aae(start, truth));
    assertThrows(IllegalArgumentException.class, () -> BoxedLeastSquares.refine(a, snapshot, new double[3], 10));
    assertEquals(0, BoxedLeastSquares.refine(new SensingOperator(new long[0], 4, 7), new int[28], new double[0], 5).length);
  }

  @Test
  void arrivalsOfUntrackedKeysGoToTheSlackInsteadOfTheTrackedKeys() {
    // 2000 tracked keys of counts 1-3 and 300 keys the key list never saw (Bloom false positives), counts 1-40
    long[] all = SensingOperatorTest.keys(2300, 5);
    long[] tracked = java.util.Arrays.copyOf(all, 2000);
    SensingOperator everything = new SensingOperator(all, 4, 600);
    SensingOperator a = new SensingOperator(tracked, 4, 600);
    SplittableRandom rnd = new SplittableRandom(6);
    double[] truth = new double[all.length];
    for (int j = 0; j < truth.length; j++) {
      truth[j] = j < 2000 ? 1 + rnd.nextInt(3) : 1 + rnd.nextInt(40);
    }
    int[] snapshot = counters(everything, truth);
    double[] trackedTruth = java.util.Arrays.copyOf(truth, 2000);
    double[] start = Lsqr.decode(a, snapshot, Lsqr.DEFAULT_ITERATIONS, Lsqr.DEFAULT_TOL);
    double[] withSlack = BoxedLeastSquares.refine(a, snapshot, start, BoxedLeastSquares.DEFAULT_ITERATIONS);
    double[] without = BoxedLeastSquares.refine(a, snapshot, start, BoxedLeastSquares.DEFAULT_ITERATIONS,
        Double.POSITIVE_INFINITY);
    assertTrue(aae(withSlack, trackedTruth) < 0.7 * aae(without, trackedTruth),
        aae(withSlack, trackedTruth) + " vs " + aae(without, trackedTruth) + " without slack");
  }

  @Test
  void theFusedPassesComputeTextbookFista() {
    // refine() forms the extrapolated point where it reads it and takes A^T r, the step and A x in one pass; it
    // must follow the plain algorithm (stored xm and sm, separate products) step for step, with and without slack
    long[] all = SensingOperatorTest.keys(1500, 9);
    SensingOperator a = new SensingOperator(java.util.Arrays.copyOf(all, 1300), 3, 211);
    SensingOperator everything = new SensingOperator(all, 3, 211);
    SplittableRandom rnd = new SplittableRandom(3);
    double[] truth = new double[all.length];
    for (int j = 0; j < truth.length; j++) {
      truth[j] = j % 50 == 0 ? 100 + rnd.nextInt(400) : 1 + rnd.nextInt(4);
    }
    int[] snapshot = counters(everything, truth);
    double[] start = new double[a.columns()];
    java.util.Arrays.fill(start, 2);
    for (double mu : new double[] {BoxedLeastSquares.UNTRACKED_PENALTY, Double.POSITIVE_INFINITY}) {
      for (int iterations : new int[] {1, 7, 120}) {
        double[] fused = BoxedLeastSquares.refine(a, snapshot, start, iterations, mu);
        double[] plain = textbookFista(a, snapshot, start, iterations, mu);
        for (int j = 0; j < fused.length; j++) {
          assertEquals(plain[j], fused[j], 1e-9 * Math.max(1, Math.abs(plain[j])),
              "key " + j + " after " + iterations + " iterations, mu " + mu);
        }
      }
    }
  }

  /** Projected FISTA with a monotone restart on 1/2 ||A x + s - y||^2 + mu sum(s), written out plainly. */
  private static double[] textbookFista(SensingOperator a, int[] y, double[] start, int iterations, double mu) {
    int m = a.rows();
    int n = a.columns();
    boolean slack = Double.isFinite(mu);
    double[] upper = a.countMinEstimates(y);
    double[] x = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = Math.max(1, Math.min(upper[j], start[j]));
    }
    double step = 1 / (BoxedLeastSquares.lipschitz(a) + (slack ? 1 : 0));
    double[] s = new double[m];
    double[] xm = x.clone();
    double[] sm = new double[m];
    double[] r = new double[m];
    double[] grad = new double[n];
    double t = 1;
    double last = Double.POSITIVE_INFINITY;
    for (int it = 0; it < iterations; it++) {
      a.apply(xm, r);
      for (int i = 0; i < m; i++) {
        r[i] += sm[i] - y[i];
      }
      a.applyTranspose(r, grad);
      double[] xPrev = x.clone();
      double[] sPrev = s.clone();
      for (int j = 0; j < n; j++) {
        x[j] = Math.max(1, Math.min(upper[j], xm[j] - step * grad[j]));
      }
      for (int i = 0; i < m && slack; i++) {
        s[i] = Math.max(0, sm[i] - step * (r[i] + mu));
      }
      a.apply(x, r);
      double f = 0;
      for (int i = 0; i < m; i++) {
        double ri = r[i] + s[i] - y[i];
        f += 0.5 * ri * ri + (slack ? mu * s[i] : 0);
      }
      double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      double beta = f > last ? 0 : (t - 1) / tNext;
      t = f > last ? 1 : tNext;
      for (int j = 0; j < n; j++) {
        xm[j] = x[j] + beta * (x[j] - xPrev[j]);
      }
      for (int i = 0; i < m; i++) {
        sm[i] = s[i] + beta * (s[i] - sPrev[i]);
      }
      last = f;
    }
    return x;
  }

  /** The counters of the operator's keys with these true counts. */
  private static int[] counters(SensingOperator a, double[] truth) {
    double[] y = new double[a.rows()];
    a.apply(truth, y);
    int[] snapshot = new int[y.length];
    for (int i = 0; i < y.length; i++) {
      snapshot[i] = (int) y[i];
    }
    return snapshot;
  }

  private static double residual(SensingOperator a, double[] x, int[] snapshot) {
    double[] y = new double[a.rows()];
    a.apply(x, y);
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      s += (y[i] - snapshot[i]) * (y[i] - snapshot[i]);
    }
    return s;
  }

  private static double aae(double[] x, double[] truth) {
    double s = 0;
    for (int j = 0; j < x.length; j++) {
      s += Math.abs(Math.rint(x[j]) - truth[j]);
    }
    return s / x.length;
  }
}
