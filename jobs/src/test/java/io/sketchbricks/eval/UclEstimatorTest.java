package io.sketchbricks.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.data.ZipfStreams;
import io.sketchbricks.metrics.ExactCounts;
import io.sketchbricks.ucl.DecodeMode;
import io.sketchbricks.ucl.djl.UclSolver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UclEstimatorTest {
  static ItemStream zipf(int distinct, double alpha, int events, long seed) {
    List<String> items = new ArrayList<>(events);
    ZipfStreams.sample(distinct, alpha, events, seed, (item, time) -> items.add(item));
    return ItemStream.of(items);
  }

  @Test
  void registeredAndScoredLikeEveryOtherEstimator() {
    assertTrue(Estimators.names().containsAll(List.of("ucl", "ucl-lsqr", "ucl-cm")));
    ItemStream stream = zipf(20_000, 1.1, 12_000, 3);
    ExactCounts truth = stream.exactCounts();
    Estimator viaRegistry = Estimators.create("ucl", 8 * 1024);
    assertEquals("ucl", viaRegistry.name());
    // the registered ucl trains up to 300 epochs; a short training keeps this test fast
    UclSolver.Options quick = UclSolver.Options.defaults().withMaxEpochs(5);
    // the decodes recover counts from the Count-Min part's counters: scored like any estimator, each must do better
    // than reading those counters directly (ucl-cm), or the decode would be pointless
    double cmAae = AccuracyEval.run(Estimators.create("ucl-cm", 8 * 1024), stream, truth).metrics().aae();
    for (Estimator e : List.of(Estimators.create("ucl-lsqr", 8 * 1024),
        new UclEstimator("ucl", 8 * 1024, DecodeMode.ML, quick))) {
      String name = e.name();
      assertTrue(e.memoryBytes() <= 8 * 1024);
      AccuracyEval.Result r = AccuracyEval.run(e, stream, truth);
      assertEquals(name, r.sketch());
      assertTrue(r.metrics().aae() < cmAae, name + " AAE " + r.metrics().aae() + " vs ucl-cm " + cmAae);
    }
  }

  @Test
  void mlTrainsOnceAtTheFirstQueryAndFallsBackToCmWithoutSnapshots() {
    UclEstimator short_ = new UclEstimator("ucl", 8 * 1024, DecodeMode.ML);
    for (int i = 0; i < 500; i++) {
      short_.add("k" + (i % 37));
    }
    assertEquals(14, short_.estimate("k0")); // 500 arrivals over 37 keys: k0 arrived 14 times; nothing collides
    assertNull(short_.lastTraining());
    assertEquals(DecodeMode.CM, short_.sketch().decodedWith());

    UclEstimator e = new UclEstimator("ucl", 8 * 1024, DecodeMode.ML, UclSolver.Options.defaults().withMaxEpochs(3));
    ItemStream stream = zipf(5_000, 1.2, 6_000, 4);
    for (int i = 0; i < stream.size(); i++) {
      e.add(stream.get(i));
    }
    e.estimate(stream.get(0));
    UclSolver.TrainResult first = e.lastTraining();
    assertNotNull(first);
    assertEquals(6, e.sketch().window().size());
    e.estimate(stream.get(1));
    assertTrue(first == e.lastTraining(), "no retraining without new arrivals");
  }
}
