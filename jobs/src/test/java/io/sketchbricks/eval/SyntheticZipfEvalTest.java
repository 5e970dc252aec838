package io.sketchbricks.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.lego.LegoModel;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticZipfEvalTest {
  @Test
  void streamsMatchTheReferenceDatasets() {
    // the authors' datasets' largest counts; their stream lengths (199,224 and 670,178) are the sums before rounding,
    // the rounded sums below were computed independently (Python, round half to even gives the same)
    long[] half = SyntheticZipfEval.counts(100_000, 0.5, 1);
    assertEquals(192_711, Arrays.stream(half).sum());
    assertEquals(224, Arrays.stream(half).max().getAsLong());
    long[] nine = SyntheticZipfEval.counts(100_000, 0.9, 1);
    assertEquals(666_168, Arrays.stream(nine).sum());
    assertEquals(16_946, Arrays.stream(nine).max().getAsLong());
    assertEquals(1, Arrays.stream(nine).min().getAsLong());
  }

  @Test
  void scoresEverySketchAndBudgetAgainstTheTruth() {
    LegoModel model = LegoModel.random(3);
    List<SyntheticZipfEval.Row> rows = SyntheticZipfEval.run(List.of(0.7), List.of(300, 600),
        List.of("lego", "d-lego", "cms", "cu"), 20_000, 5, model, line -> { });
    assertEquals(8, rows.size());
    for (SyntheticZipfEval.Row r : rows) {
      assertTrue(r.are() >= 0 && r.aae() >= 0, r.toString());
      assertEquals(r.sketch().contains("lego"), !Double.isNaN(r.neuralShare()), r.toString());
    }
    SyntheticZipfEval.Row cms300 = rows.stream().filter(r -> r.sketch().equals("cms") && r.memoryKb() == 300)
        .findFirst().orElseThrow();
    SyntheticZipfEval.Row cms600 = rows.stream().filter(r -> r.sketch().equals("cms") && r.memoryKb() == 600)
        .findFirst().orElseThrow();
    assertTrue(cms600.are() < cms300.are(), "twice the memory, smaller error");
    assertThrows(IllegalArgumentException.class,
        () -> SyntheticZipfEval.run(List.of(0.7), List.of(300), List.of("hll"), 100, 1, model, l -> { }));
    assertThrows(IllegalArgumentException.class,
        () -> SyntheticZipfEval.run(List.of(0.7), List.of(300), List.of("lego"), 100, 1, null, l -> { }));
  }
}
