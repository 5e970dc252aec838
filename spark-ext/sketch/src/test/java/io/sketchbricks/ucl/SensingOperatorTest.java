package io.sketchbricks.ucl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SensingOperatorTest {
  static long[] keys(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] k = new long[n];
    for (int i = 0; i < n; i++) {
      k[i] = r.nextLong();
    }
    return k;
  }

  @Test
  void matchesTheDenseDefinition() {
    long[] k = keys(300, 1);
    int depth = 4;
    int width = 53;
    SensingOperator a = new SensingOperator(k, depth, width);
    double[][] dense = new double[depth * width][k.length];
    for (int j = 0; j < k.length; j++) {
      for (int r = 0; r < depth; r++) {
        dense[CountMinPart.cell(k[j], r, width)][j] = 1; // A[r*width + h_r(key_j)][j] = 1
      }
    }
    SplittableRandom rnd = new SplittableRandom(2);
    double[] x = rnd.doubles(k.length).toArray();
    double[] y = new double[depth * width];
    a.apply(x, y);
    for (int i = 0; i < y.length; i++) {
      double s = 0;
      for (int j = 0; j < k.length; j++) {
        s += dense[i][j] * x[j];
      }
      assertEquals(s, y[i], 1e-12);
    }
    double[] r = rnd.doubles(depth * width).toArray();
    double[] xt = new double[k.length];
    a.applyTranspose(r, xt);
    for (int j = 0; j < k.length; j++) {
      double s = 0;
      for (int i = 0; i < r.length; i++) {
        s += dense[i][j] * r[i];
      }
      assertEquals(s, xt[j], 1e-12);
    }
    // each column has exactly depth ones, one per row
    for (int j = 0; j < k.length; j++) {
      double col = 0;
      for (double[] row : dense) {
        col += row[j];
      }
      assertEquals(depth, col);
    }
  }

  @Test
  void transposeIsTheAdjoint() {
    long[] k = keys(20_000, 3);
    SensingOperator a = new SensingOperator(k, 4, 1031);
    SplittableRandom rnd = new SplittableRandom(4);
    for (int trial = 0; trial < 5; trial++) {
      double[] x = rnd.doubles(k.length, -1, 1).toArray();
      double[] r = rnd.doubles(a.rows(), -1, 1).toArray();
      double[] ax = new double[a.rows()];
      double[] atr = new double[k.length];
      a.apply(x, ax);
      a.applyTranspose(r, atr);
      double lhs = dot(ax, r);
      double rhs = dot(x, atr);
      assertEquals(lhs, rhs, 1e-9 * (Math.abs(lhs) + 1), "<A x, r> = <x, A^T r>");
    }
  }

  @Test
  void lsqrRecoversAnOverdeterminedSystemAndClampsToTheCmRange() {
    long[] k = keys(200, 5);
    SensingOperator a = new SensingOperator(k, 4, 1031);
    SplittableRandom rnd = new SplittableRandom(6);
    double[] x = new double[k.length];
    for (int j = 0; j < x.length; j++) {
      x[j] = 1 + rnd.nextInt(500);
    }
    double[] y = new double[a.rows()];
    a.apply(x, y);
    int[] snapshot = new int[y.length];
    for (int i = 0; i < y.length; i++) {
      snapshot[i] = (int) y[i];
    }
    double[] got = Lsqr.decode(a, snapshot, 500, 1e-10);
    double[] cm = a.countMinEstimates(snapshot);
    for (int j = 0; j < x.length; j++) {
      assertEquals(x[j], got[j], 1e-6, "key " + j);
      assertTrue(got[j] >= 1 && got[j] <= cm[j]);
    }
    assertArrayEquals(new double[0], Lsqr.solve(new SensingOperator(new long[0], 4, 7), new double[28], 10, 1e-6));
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
