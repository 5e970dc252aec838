package io.sketchbricks.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedSweepTest {
  @Test
  void theWorstCellIsTheLargestRatioToCountMinOverTheSeeds() {
    Map<Long, List<SyntheticZipfEval.Row>> bySeed = SeedSweep.run(List.of(1.1), List.of(40, 80), List.of("cs", "cu"),
        5_000, List.of(1L, 2L, 3L), null, line -> { });
    assertEquals(List.of(1L, 2L, 3L), List.copyOf(bySeed.keySet()));
    assertEquals(6, bySeed.get(2L).size(), "cms is added to cs and cu: 3 sketches x 2 budgets");
    List<SeedSweep.Worst> worst = SeedSweep.worst(bySeed);
    assertEquals(4, worst.size(), "cs and cu at two budgets; cms is the baseline, not a cell");
    for (SeedSweep.Worst w : worst) {
      double max = 0;
      long argmax = -1;
      for (Map.Entry<Long, List<SyntheticZipfEval.Row>> e : bySeed.entrySet()) {
        double cms = are(e.getValue(), "cms", w.memoryKb());
        double ratio = are(e.getValue(), w.sketch(), w.memoryKb()) / cms;
        if (ratio > max) {
          max = ratio;
          argmax = e.getKey();
        }
      }
      assertEquals(max, w.ratio(), 1e-12, w.toString());
      assertEquals(argmax, w.seed(), w.toString());
    }
    // conservative update never answers above Count-Min on the same hashes: its ratio is at most 1 on every seed
    assertTrue(SeedSweep.worstOf(worst, "cu").ratio() <= 1.0, SeedSweep.worstOf(worst, "cu").toString());
  }

  @Test
  void seedsParseAsRangesAndLists() {
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), SeedSweep.parseSeeds("1-7"));
    assertEquals(List.of(1L, 3L, 5L), SeedSweep.parseSeeds("1, 3,5,3"));
    assertThrows(IllegalArgumentException.class, () -> SeedSweep.parseSeeds("7-1"));
    assertThrows(IllegalArgumentException.class, () -> SeedSweep.parseSeeds("one"));
  }

  private static double are(List<SyntheticZipfEval.Row> rows, String sketch, int kb) {
    return rows.stream().filter(r -> r.sketch().equals(sketch) && r.memoryKb() == kb).findFirst().orElseThrow().are();
  }
}
