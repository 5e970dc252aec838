package io.sketchbricks.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.kinds.SketchKinds;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegoEstimatorsTest {
  @TempDir
  Path dir;

  @Test
  void legoKindsAreEstimatorsOverTheDefaultModel() {
    Path model = dir.resolve("lego.model");
    LegoModel.random(21).save(model);
    String before = System.getProperty(LegoModels.MODEL_PROPERTY);
    System.setProperty(LegoModels.MODEL_PROPERTY, model.toString());
    try {
      assertTrue(Estimators.names().contains("lego") && Estimators.names().contains("d-lego"));
      for (String name : new String[] {"lego", "d-lego"}) {
        Estimator e = Estimators.create(name, 300 * 1024L);
        for (int i = 0; i < 3000; i++) {
          e.add("w" + (i % 100));
        }
        // 100 items in 300 KB leave each brick far below the network's 10,000 items: the rule estimate answers,
        // and with no item sharing w7's cells it is exact
        assertEquals(30, e.estimate("w7"), name);
        assertTrue(e.memoryBytes() <= 300 * 1024L, name + " uses " + e.memoryBytes());
        assertEquals(name, e.name());
      }
    } finally {
      if (before == null) {
        System.clearProperty(LegoModels.MODEL_PROPERTY);
      } else {
        System.setProperty(LegoModels.MODEL_PROPERTY, before);
      }
    }
    IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
        () -> SketchKinds.create("lego", 300 * 1024L));
    assertTrue(plain.getMessage().contains("not a classic frequency sketch"), plain.getMessage());
  }
}
