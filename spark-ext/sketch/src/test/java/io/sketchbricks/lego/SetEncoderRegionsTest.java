package io.sketchbricks.lego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SetEncoderRegionsTest {
  /** The layer-by-layer sum of the encoder over the elements, and the regions' sum, over many random sets. */
  private static double worstDifference(LegoModel model, SetEncoderRegions regions, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] buffers = model.setEncoder.newBuffers();
    float[] s = new float[LegoModel.ROWS];
    float[] e = new float[LegoModel.ROWS];
    double worst = 0;
    for (int t = 0; t < 20_000; t++) {
      float[] expected = new float[16];
      for (int r = 0; r < LegoModel.ROWS; r++) {
        // the decoder's domain: s = ln(1 + x / load) in [0, ln 5121], often exactly 0 (empty cells); e in (0, 5)
        s[r] = rnd.nextInt(5) == 0 ? 0f : (float) (rnd.nextDouble() * 8.6);
        e[r] = (float) (0.001 + rnd.nextDouble() * 4.99);
        model.setEncoder.forwardAdd(new float[] {s[r], e[r]}, buffers, expected);
      }
      float[] actual = new float[16];
      regions.forwardAdd(s, e, LegoModel.ROWS, actual);
      for (int j = 0; j < 16; j++) {
        worst = Math.max(worst, Math.abs(actual[j] - expected[j]) / Math.max(1.0, Math.abs(expected[j])));
      }
    }
    return worst;
  }

  @Test
  void equalsTheLayerByLayerPassUpToRounding() {
    LegoModel model = LegoModel.random(21);
    SetEncoderRegions regions = new SetEncoderRegions(model.setEncoder);
    double worst = worstDifference(model, regions, 1);
    assertTrue(worst < 1e-5, "largest difference " + worst);
    assertTrue(regions.regions() > 10 && regions.regions() < SetEncoderRegions.MAX_REGIONS,
        regions.regions() + " regions");
  }

  @Test
  void theShippedModelToo() {
    LegoModel model = LegoModels.defaultModel();
    SetEncoderRegions regions = new SetEncoderRegions(model.setEncoder);
    double worst = worstDifference(model, regions, 2);
    assertTrue(worst < 1e-5, "largest difference " + worst);
  }

  @Test
  void aFullTableFallsBackToTheLayerByLayerPass() {
    LegoModel model = LegoModel.random(22);
    SetEncoderRegions tiny = new SetEncoderRegions(model.setEncoder, 2);
    double worst = worstDifference(model, tiny, 3);
    assertEquals(2, tiny.regions());
    assertTrue(worst < 1e-5, "largest difference " + worst);
  }
}
