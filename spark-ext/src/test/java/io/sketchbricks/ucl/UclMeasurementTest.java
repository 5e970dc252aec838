package io.sketchbricks.ucl;

import io.sketchbricks.eval.AccuracyEval;
import io.sketchbricks.eval.Estimator;
import io.sketchbricks.eval.Estimators;
import io.sketchbricks.eval.ItemStream;
import io.sketchbricks.frequency.CountMinSketch;
import io.sketchbricks.metrics.ExactCounts;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The measurement, run by hand only (minutes): 1 M Zipf(1.3) arrivals at 88.5 KiB, UCL (ml, lsqr, and
 * its data plane with the plain CM decode) against Count-Min, training time on the final window of 129
 * snapshots, and decode time for 100 k keys.
 *
 * <pre>
 * GLIBC_TUNABLES=glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=4294967296:... \
 *   mvn -B -o test -pl spark-ext -Dtest=UclMeasurementTest -Ducl.measure=true -Ducl.distinct=10000000
 * </pre>
 */
@EnabledIfSystemProperty(named = "ucl.measure", matches = "true")
class UclMeasurementTest {
  @Test
  void zipf13At88KiB() {
    int distinct = Integer.getInteger("ucl.distinct", 10_000_000);
    long budget = Long.getLong("ucl.bytes", 90_624);
    ItemStream stream = UclEstimatorTest.zipf(distinct, 1.3, 1_000_000, 12345);
    ExactCounts truth = stream.exactCounts();
    System.out.printf(Locale.ROOT, "stream: %d arrivals, %d distinct (Zipf 1.3 over %d ranks), budget %d B%n",
        stream.size(), truth.distinct(), distinct, budget);
    report(AccuracyEval.run(Estimators.create("cms", budget), stream, truth), "depth 3 (Estimators default)");
    CountMinSketch cm4 = new CountMinSketch(budget, 4, CountMinSketch.DEFAULT_SEED);
    report(AccuracyEval.run(wrap("cms-d4", cm4), stream, truth), "4 x " + cm4.width());
    UclEstimator cm = new UclEstimator("ucl-cm", budget, DecodeMode.CM);
    report(AccuracyEval.run(cm, stream, truth), cm.sketch().info().params());
    report(AccuracyEval.run(Estimators.create("ucl-lsqr", budget), stream, truth), "");
    UclEstimator ml = new UclEstimator("ucl", budget, DecodeMode.ML);
    AccuracyEval.Result r = AccuracyEval.run(ml, stream, truth);
    UclSolver.TrainResult t = ml.lastTraining();
    report(r, "keys " + ml.sketch().trackedKeys() + " (hot " + ml.sketch().hotKeys() + "), key list "
        + ml.sketch().keyListBytes() + " B, model " + t.model().parameterBytes() + " B");
    float[] c = t.lossCurve();
    System.out.printf(Locale.ROOT, "training: %d snapshots, %d epochs (best %d), %.1f s wall (%.2f s/epoch),"
        + " loss %.5f -> %.5f, threads %s%n", ml.sketch().window().size(), t.epochs(), t.bestEpoch(),
        t.wallMillis() / 1000.0, t.wallMillis() / 1000.0 / t.epochs(), c[0], c[t.bestEpoch() - 1],
        System.getProperty("ai.djl.pytorch.num_threads"));
    UclSolver solver = new UclSolver();
    int[] counters = ml.sketch().counters();
    KeyLayout layout = ml.sketch().keyLayout();
    float[] raw = solver.decode(t.model(), counters, layout.size());
    double[] uncapped = new double[raw.length];
    for (int j = 0; j < raw.length; j++) {
      uncapped[j] = raw[j];
    }
    ml.sketch().applyDecoded(layout, uncapped, DecodeMode.ML); // the reference's answer: ceil, no cap
    String[] keys = truth.items();
    long[] est = new long[keys.length];
    for (int i = 0; i < keys.length; i++) {
      est[i] = ml.sketch().estimate(keys[i]);
    }
    io.sketchbricks.metrics.AccuracyMetrics un = io.sketchbricks.metrics.AccuracyMetrics.compute(truth.counts(), est);
    System.out.printf(Locale.ROOT, "ucl uncapped (reference ceil only): AAE %.3f ARE %.3f WMRD %.3f entropy %.3f%n",
        un.aae(), un.are(), un.wmrd(), un.entropyAbsErr());
    long[] nanos = new long[7];
    for (int i = 0; i < nanos.length; i++) {
      long t0 = System.nanoTime();
      solver.decode(t.model(), counters, 100_000);
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    System.out.printf(Locale.ROOT, "decode 100k keys: median %.1f ms (min %.1f, max %.1f) of %d%n",
        nanos[3] / 1e6, nanos[0] / 1e6, nanos[6] / 1e6, nanos.length);
  }

  private static void report(AccuracyEval.Result r, String note) {
    System.out.printf(Locale.ROOT, "%-9s %6d B  AAE %8.3f  ARE %8.3f  WMRD %6.3f  entropy abs err %8.3f"
        + "  query %.0f/s  %s%n", r.sketch(), r.memoryBytes(), r.metrics().aae(), r.metrics().are(),
        r.metrics().wmrd(), r.metrics().entropyAbsErr(), r.queryPerSecond(), note);
  }

  private static Estimator wrap(String name, CountMinSketch s) {
    return new Estimator() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void add(String item) {
        s.add(item);
      }

      @Override
      public long estimate(String item) {
        return s.estimate(item);
      }

      @Override
      public long memoryBytes() {
        return s.memoryBytes();
      }
    };
  }
}
