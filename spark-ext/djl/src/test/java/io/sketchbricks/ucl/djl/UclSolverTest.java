package io.sketchbricks.ucl.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.ucl.DecodeMode;
import io.sketchbricks.ucl.InstanceNorm;
import io.sketchbricks.ucl.KeyLayout;
import io.sketchbricks.ucl.SensingOperator;
import io.sketchbricks.ucl.UclConfig;
import io.sketchbricks.ucl.UclModel;
import io.sketchbricks.ucl.UclSketch;
import io.sketchbricks.ucl.UclSketchTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Small sizes only: 4 x 53 counters, a few hundred keys, 40 snapshots, a handful of epochs. */
class UclSolverTest {
  static UclSketch sketch;
  static long[] items;
  static KeyLayout layout;
  static UclSolver.TrainResult fresh;

  static UclSolver solver(int epochs) {
    return new UclSolver(UclSolver.Options.defaults().withMaxEpochs(epochs), 100);
  }

  @BeforeAll
  static void trainOnce() {
    sketch = new UclSketch(new UclConfig(31, 4, 53, 1 << 16, 8, 100, 40), 5);
    items = UclSketchTest.stream(8_000, 600, 21);
    for (long i : items) {
      sketch.add(i);
    }
    layout = sketch.keyLayout();
    fresh = solver(12).train(sketch.window(), layout, null);
  }

  @Test
  void theSparseTensorAppliesTheSameOperatorAsTheJavaOne() {
    SensingOperator a = layout.operator();
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    float[] x = new float[a.columns() * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
      ai.djl.ndarray.NDArray xs = m.create(x, new ai.djl.ndarray.types.Shape(2, a.columns()));
      float[] got = UclSolver.sensingMatrix(m, a).matMul(xs.transpose()).transpose().toFloatArray();
      for (int k = 0; k < 2; k++) {
        float[] one = java.util.Arrays.copyOfRange(x, k * a.columns(), (k + 1) * a.columns());
        float[] want = new float[a.rows()];
        a.apply(one, want);
        for (int i = 0; i < want.length; i++) {
          assertEquals(want[i], got[k * a.rows() + i], 1e-4f * (1 + Math.abs(want[i])));
        }
      }
    }
  }

  @Test
  void trainingReducesTheLossAndKeepsTheBestEpoch() {
    assertEquals(40, sketch.window().size());
    assertTrue(layout.size() > 200 && layout.hotIndices().length > 0, layout.size() + " keys");
    float[] curve = fresh.lossCurve();
    assertEquals(fresh.epochs(), curve.length);
    assertTrue(fresh.epochs() <= 12 && fresh.epochs() >= 1);
    for (float l : curve) {
      assertTrue(Float.isFinite(l) && l > 0);
    }
    assertTrue(curve[fresh.bestEpoch() - 1] < curve[0], "loss fell: " + java.util.Arrays.toString(curve));
    assertTrue(fresh.wallMillis() > 0);
  }

  @Test
  void trainingIsReproducibleForASeed() {
    UclSolver.TrainResult a = solver(3).train(sketch.window(), layout, null);
    UclSolver.TrainResult b = solver(3).train(sketch.window(), layout, null);
    assertArrayEquals(a.lossCurve(), b.lossCurve());
    assertArrayEquals(a.model().toByteArray(), b.model().toByteArray());
  }

  @Test
  void decodeGivesCountsForEveryKeyAndSurvivesModelBytes() {
    UclSolver s = solver(1);
    int[] counters = sketch.counters();
    float[] x = s.decode(fresh.model(), counters, layout.size());
    assertEquals(layout.size(), x.length);
    float scale = InstanceNorm.scale(counters, 4, 53);
    for (float v : x) {
      assertTrue(v > 0 && v <= scale, "sigmoid output times the scale: " + v);
    }
    UclModel reloaded = UclModel.fromBytes(fresh.model().toByteArray());
    assertArrayEquals(x, s.decode(reloaded, counters, layout.size()));
    assertThrows(IllegalStateException.class, () -> s.decode(counters));
  }

  @Test
  void warmStartBeginsWhereTheLastTrainingEnded() {
    UclSolver.TrainResult warm = solver(2).train(sketch.window(), layout, fresh.model());
    assertTrue(warm.lossCurve()[0] < fresh.lossCurve()[0], "warm " + warm.lossCurve()[0] + " vs fresh "
        + fresh.lossCurve()[0]);
    UclModel wrongSize = UclModel.initial(4, 61, 1);
    assertThrows(IllegalArgumentException.class, () -> solver(1).train(sketch.window(), layout, wrongSize));
  }

  @Test
  void sketchAnswersWithTheLearnedDecode() {
    UclSolver s = solver(1);
    sketch.decode(s, fresh.model());
    assertEquals(DecodeMode.ML, sketch.decodedWith());
    Map<Long, Long> truth = UclSketchTest.truth(items);
    double mlError = 0;
    for (var e : truth.entrySet()) {
      long est = sketch.estimate(e.getKey());
      assertTrue(est >= sketch.heavyCount(sketch.hashOf(e.getKey())));
      mlError += Math.abs(est - e.getValue());
    }
    assertTrue(Double.isFinite(mlError));
    double[] cmMin = layout.operator().countMinEstimates(sketch.counters());
    for (int j = 0; j < layout.size(); j++) {
      // a tracked key's CM part is ceil(sigmoid x scale) >= 1 capped at its CM minimum, plus its HF count
      long part = sketch.estimateHash(layout.key(j)) - sketch.heavyCount(layout.key(j));
      assertTrue(part >= 1 && part <= cmMin[j], "key " + j + ": " + part + " vs CM min " + cmMin[j]);
    }
  }

  @Test
  void theGuardFitsTheCountersBetterThanTheRawDecodeAndErrsLess() {
    UclSolver s = solver(1);
    Map<Long, Long> truth = UclSketchTest.truth(items);
    sketch.decode(s, fresh.model(), false);
    double[] raw = cmParts();
    double rawError = absError(truth);
    sketch.decode(s, fresh.model(), true);
    double[] guarded = cmParts();
    double guardedError = absError(truth);
    assertTrue(residual(guarded) < residual(raw), "residual " + residual(guarded) + " vs raw " + residual(raw));
    assertTrue(guardedError < rawError, "abs error " + guardedError + " vs raw " + rawError);
    double[] cmMin = layout.operator().countMinEstimates(sketch.counters());
    for (int j = 0; j < guarded.length; j++) {
      assertTrue(guarded[j] >= 1 && guarded[j] <= cmMin[j], "key " + j + ": " + guarded[j] + " vs " + cmMin[j]);
      assertEquals(Math.rint(guarded[j]), guarded[j]);
    }
  }

  /** The decoded Count-Min-part count of every key of the layout (the estimate minus the heavy-filter count). */
  private static double[] cmParts() {
    double[] x = new double[layout.size()];
    for (int j = 0; j < x.length; j++) {
      x[j] = sketch.estimateHash(layout.key(j)) - sketch.heavyCount(layout.key(j));
    }
    return x;
  }

  private static double residual(double[] x) {
    double[] ax = new double[layout.operator().rows()];
    layout.operator().apply(x, ax);
    int[] y = sketch.counters();
    double r = 0;
    for (int i = 0; i < ax.length; i++) {
      r += (ax[i] - y[i]) * (ax[i] - y[i]);
    }
    return r;
  }

  private static double absError(Map<Long, Long> truth) {
    double e = 0;
    for (var t : truth.entrySet()) {
      e += Math.abs(sketch.estimate(t.getKey()) - t.getValue());
    }
    return e;
  }
}
