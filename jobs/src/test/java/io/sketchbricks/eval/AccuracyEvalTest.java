package io.sketchbricks.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.data.ZipfStreams;
import io.sketchbricks.metrics.ExactCounts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccuracyEvalTest {
  /** The foundation issue's acceptance stream, scaled down 10x in events and items and memory for test time. */
  @Test
  void countMinAndConservativeNeverUnderestimateAndConservativeIsCloser() {
    List<String> items = new ArrayList<>();
    ZipfStreams.sample(10_000, 1.1, 200_000, 11, (item, t) -> items.add(item));
    ItemStream stream = ItemStream.of(items);
    ExactCounts truth = stream.exactCounts();
    Estimator cms = Estimators.create("cms", 30 * 1024);
    Estimator cu = Estimators.create("cu", 30 * 1024);
    AccuracyEval.Result cmsResult = AccuracyEval.run(cms, stream, truth);
    AccuracyEval.Result cuResult = AccuracyEval.run(cu, stream, truth);
    String[] distinct = truth.items();
    long[] counts = truth.counts();
    for (int i = 0; i < distinct.length; i++) {
      assertTrue(cms.estimate(distinct[i]) >= counts[i]);
      assertTrue(cu.estimate(distinct[i]) >= counts[i]);
    }
    assertTrue(cuResult.metrics().aae() <= cmsResult.metrics().aae(),
        cuResult.metrics().aae() + " vs " + cmsResult.metrics().aae());
    assertEquals(200_000, cmsResult.events());
    assertEquals(truth.distinct(), cmsResult.distinct());

    AccuracyEval.Result exact = AccuracyEval.run(Estimators.create("exact", 0), stream, truth);
    assertEquals(0.0, exact.metrics().aae());
    assertEquals(0.0, exact.metrics().wmrd());
  }

  @Test
  void unknownEstimatorNamesTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Estimators.create("hll", 1024));
    assertTrue(e.getMessage().contains("cms"), e.getMessage());
  }
}
