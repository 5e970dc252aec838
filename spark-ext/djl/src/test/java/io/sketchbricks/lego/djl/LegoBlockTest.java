package io.sketchbricks.lego.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.sketchbricks.lego.Brick;
import io.sketchbricks.lego.LegoHash;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoSketch;
import io.sketchbricks.lego.LegoTestModels;
import io.sketchbricks.lego.ScanFeatures;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The DJL block and the plain-Java forward pass compute the same function. */
class LegoBlockTest {
  /** Relative difference, with a floor of 1 on the scale: the outputs are counts, where 1 is the unit. */
  static double rel(double a, double b) {
    return Math.abs(a - b) / Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  @Test
  void djlAndJavaForwardAgree() {
    SplittableRandom rnd = new SplittableRandom(11);
    double worst = 0;
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int trial = 0; trial < 3; trial++) {
        LegoModel model = LegoModel.random(100 + trial);
        int k = 3;
        LegoSketch sketch = LegoSketch.withBricks(model, k);
        for (int b = 0; b < k; b++) {
          float[] c = sketch.bricks()[b].cells;
          for (int i = 0; i < c.length; i++) {
            // magnitudes from 0 to about 2e4, a tenth of the cells empty, as in a filled brick
            c[i] = rnd.nextInt(10) == 0 ? 0f : (float) Math.exp(rnd.nextDouble() * 10);
          }
          sketch.bricks()[b].streamLength = 1e3 + rnd.nextDouble() * 5e6;
        }
        int n = 2000;
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
          ids[i] = rnd.nextLong();
        }
        float[] bricks = new float[k * Brick.CELLS];
        float[] lengths = new float[k];
        for (int b = 0; b < k; b++) {
          System.arraycopy(sketch.bricks()[b].cells, 0, bricks, b * Brick.CELLS, Brick.CELLS);
          lengths[b] = (float) sketch.bricks()[b].streamLength;
        }
        long[] vIdx = new long[5 * n];
        long[] cells = new long[5 * n];
        long[] brickOf = new long[n];
        for (int i = 0; i < n; i++) {
          brickOf[i] = LegoHash.brick(ids[i], k);
          for (int r = 0; r < 5; r++) {
            vIdx[5 * i + r] = LegoHash.embedIndex(ids[i], r);
            cells[5 * i + r] = brickOf[i] * Brick.CELLS + r * Brick.COLUMNS + LegoHash.column(ids[i], r);
          }
        }
        try (LegoBlock block = new LegoBlock(model, manager)) {
          float[][] out = block.rawOutputs(bricks, lengths, vIdx, cells, brickOf);
          for (int b = 0; b < k; b++) {
            ScanFeatures f = sketch.features(b);
            worst = Math.max(worst, rel(f.alphaHat(), out[2][b]));
            worst = Math.max(worst, rel(f.nHat(), out[3][b]));
          }
          float[] e = new float[5];
          float[] m = new float[5];
          for (int i = 0; i < n; i++) {
            int b = (int) brickOf[i];
            model.embed(ids[i], e);
            for (int r = 0; r < 5; r++) {
              m[r] = bricks[(int) cells[5 * i + r]];
            }
            float rule = LegoModel.rule(m, e);
            float neural = model.decode(m, e, rule, lengths[b], sketch.features(b));
            worst = Math.max(worst, rel(rule, out[1][i]));
            worst = Math.max(worst, rel(neural, out[0][i]));
          }
          double[] est = block.estimate(sketch, ids);
          for (int i = 0; i < n; i++) {
            worst = Math.max(worst, rel(sketch.estimateId(ids[i]), est[i]));
          }
          assertThrows(IllegalArgumentException.class,
              () -> block.estimate(LegoSketch.withBricks(LegoModel.random(1), 1), ids));
        }
      }
    }
    System.out.println("LegoBlockTest: worst relative difference DJL vs Java = " + worst);
    assertTrue(worst < 1e-4, "DJL and Java forward differ by " + worst);
  }

  @Test
  void aModelWithLowSkewNetworksAnswersThroughThemInBothPaths() {
    // alwaysNeural's scan reads every brick as skewness about -3, below the threshold: the low-skew networks answer
    LegoModel high = LegoTestModels.alwaysNeural(31);
    LegoModel model = high.withLowSkewNetworks(LegoTestModels.sibling(high, -1.5f), 5f);
    LegoSketch sketch = LegoSketch.withBricks(model, 2);
    LegoSketch highOnly = LegoSketch.withBricks(high, 2);
    long[] ids = new long[3000];
    for (int i = 0; i < 30_000; i++) {
      long id = (i * 2654435761L) % 12_000;
      sketch.addId(id, 1 + i % 4);
      highOnly.addId(id, 1 + i % 4);
    }
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i;
    }
    double worst = 0;
    int differs = 0;
    try (NDManager manager = NDManager.newBaseManager(); LegoBlock block = new LegoBlock(model, manager)) {
      double[] est = block.estimate(sketch, ids);
      for (int i = 0; i < ids.length; i++) {
        worst = Math.max(worst, rel(sketch.estimateId(ids[i]), est[i]));
        differs += rel(highOnly.estimateId(ids[i]), est[i]) > 1e-3 ? 1 : 0;
      }
    }
    assertTrue(worst < 1e-4, "DJL and Java differ by " + worst);
    assertTrue(differs > ids.length / 10, "the low-skew networks answered: " + differs + " of " + ids.length);
  }

  @Test
  void emptySketchEstimatesZeroByRule() {
    LegoModel model = LegoModel.random(5);
    try (NDManager manager = NDManager.newBaseManager(); LegoBlock block = new LegoBlock(model, manager)) {
      double[] est = block.estimate(LegoSketch.withBricks(model, 1), new long[] {1, 2, 3});
      LegoSketch s = LegoSketch.withBricks(model, 1);
      for (int i = 0; i < 3; i++) {
        assertEquals(s.estimateId(i + 1), est[i], 1e-6);
      }
    }
  }
}
