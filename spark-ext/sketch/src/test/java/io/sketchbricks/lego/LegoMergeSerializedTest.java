package io.sketchbricks.lego;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.frequency.FrequencySketch;
import org.junit.jupiter.api.Test;

/** Merging straight from bytes is the same as parsing and merging, and refuses what a merge refuses. */
class LegoMergeSerializedTest {
  static final LegoModel MODEL = LegoModels.register(LegoModel.random(31));

  private static LegoSketch filled(int bricks, int seed) {
    LegoSketch s = LegoSketch.withBricks(MODEL, bricks);
    for (int i = 0; i < 30_000; i++) {
      s.add("item-" + ((i * 31L + seed) % 4000), 1 + (i + seed) % 3);
    }
    return s;
  }

  @Test
  void equalsMergeOfTheParsedSketch() {
    LegoSketch a = filled(3, 1);
    LegoSketch b = filled(3, 2);
    LegoSketch viaObject = filled(3, 1);
    viaObject.mergeSketch(b);
    a.mergeSerialized(b.toByteArray());
    assertArrayEquals(viaObject.toByteArray(), a.toByteArray());
  }

  @Test
  void refusesOtherModelsSizesKindsAndDamage() {
    LegoSketch a = filled(2, 1);
    IncompatibleMergeException model = assertThrows(IncompatibleMergeException.class,
        () -> a.mergeSerialized(LegoSketch.withBricks(LegoModel.random(32), 2).toByteArray()));
    assertTrue(model.getMessage().contains("different models"), model.getMessage());
    IncompatibleMergeException size = assertThrows(IncompatibleMergeException.class,
        () -> a.mergeSerialized(LegoSketch.withBricks(MODEL, 3).toByteArray()));
    assertTrue(size.getMessage().contains("brick counts"), size.getMessage());
    IncompatibleMergeException kind = assertThrows(IncompatibleMergeException.class,
        () -> a.mergeSerialized(FrequencySketch.countMin(1024).toByteArray()));
    assertTrue(kind.getMessage().contains("cms"), kind.getMessage());
    byte[] damaged = filled(2, 3).toByteArray();
    damaged[5000] ^= 4;
    CorruptSketchException corrupt = assertThrows(CorruptSketchException.class, () -> a.mergeSerialized(damaged));
    assertTrue(corrupt.getMessage().contains("checksum"), corrupt.getMessage());
  }
}
