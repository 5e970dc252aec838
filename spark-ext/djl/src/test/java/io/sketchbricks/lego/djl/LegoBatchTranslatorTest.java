package io.sketchbricks.lego.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoSketch;
import io.sketchbricks.lego.LegoTestModels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Batches through a DJL predictor answer like the plain-Java sketch, and leave no native memory behind. */
class LegoBatchTranslatorTest {
  static double rel(double a, double b) {
    return Math.abs(a - b) / Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  private static Model djlModel(LegoModel m) {
    Model model = Model.newInstance("lego-test", Device.cpu(), "PyTorch");
    model.setBlock(new LegoBlock(m, model.getNDManager()));
    return model;
  }

  @Test
  void batchesEqualTheJavaSketchAndMemoryStaysFlat() throws Exception {
    LegoModel m = LegoTestModels.alwaysNeural(21);
    LegoSketch sketch = LegoSketch.withBricks(m, 3);
    SplittableRandom rnd = new SplittableRandom(4);
    for (int i = 0; i < 60_000; i++) {
      sketch.add((long) Math.floor(Math.pow(rnd.nextDouble(), 3) * 20_000), 1 + rnd.nextInt(3));
    }
    for (int b = 0; b < 3; b++) {
      assertTrue(sketch.inTrainedRange(sketch.features(b)), "the test model answers through the network");
    }
    try (Model model = djlModel(m);
        Predictor<long[], double[]> p = model.newPredictor(new LegoBatchTranslator(sketch), Device.cpu())) {
      double worst = 0;
      int arraysAfterFirst = -1;
      for (int batch = 0; batch < 6; batch++) {
        long[] ids = new long[1000 + 137 * batch];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = rnd.nextInt(25_000);
        }
        double[] est = p.predict(ids);
        for (int i = 0; i < ids.length; i++) {
          worst = Math.max(worst, rel(sketch.estimateId(ids[i]), est[i]));
        }
        int arrays = model.getNDManager().getManagedArrays().size();
        if (batch == 0) {
          arraysAfterFirst = arrays;
        }
        assertEquals(arraysAfterFirst, arrays, "batch " + batch + " left arrays behind");
      }
      assertTrue(worst < 1e-4, "DJL batches differ from the Java sketch by " + worst);
    }
  }

  @Test
  void dLegoCombinesTheHeavyPartWithBatchedLightEstimates() throws Exception {
    LegoModel m = LegoModel.random(22);
    DLegoSketch d = new DLegoSketch(m, 300 * 1024L);
    SplittableRandom rnd = new SplittableRandom(5);
    for (int i = 0; i < 40_000; i++) {
      d.add((long) Math.floor(Math.pow(rnd.nextDouble(), 4) * 30_000), 1);
    }
    long[] ids = new long[3000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i * 7L;
    }
    try (Model model = djlModel(m);
        Predictor<long[], double[]> p = model.newPredictor(new LegoBatchTranslator(d.light()), Device.cpu())) {
      double[] light = p.predict(ids);
      for (int i = 0; i < ids.length; i++) {
        assertEquals(d.estimateId(ids[i]), d.combine(ids[i], light[i]),
            1e-4 * Math.max(1, d.estimateId(ids[i])), "id " + ids[i]);
      }
    }
  }

  @Test
  void aPredictorOfAnotherModelIsRefused() {
    LegoSketch sketch = LegoSketch.withBricks(LegoModel.random(23), 1);
    try (Model model = djlModel(LegoModel.random(24));
        Predictor<long[], double[]> p = model.newPredictor(new LegoBatchTranslator(sketch), Device.cpu())) {
      // DJL wraps what a translator throws in a TranslateException
      Exception e = assertThrows(Exception.class, () -> p.predict(new long[] {1}));
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      assertTrue(root instanceof IllegalArgumentException && root.getMessage().contains("the sketch's model"),
          root.toString());
    }
  }
}
