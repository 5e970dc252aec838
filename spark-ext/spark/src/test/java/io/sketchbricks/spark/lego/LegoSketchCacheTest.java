package io.sketchbricks.spark.lego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.core.Sketch;
import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoSketch;
import org.junit.jupiter.api.Test;

/** lego_estimate's per-thread sketch reuse: parsed once per sketch, never reused for different bytes. */
class LegoSketchCacheTest {
  static final LegoModel MODEL = LegoModel.random(41);
  static final LegoModelSet MODELS = LegoModelSet.of("test", MODEL);

  private static byte[] sketch(int items) {
    LegoSketch s = LegoSketch.withBricks(MODEL, 1);
    for (int i = 0; i < items; i++) {
      s.add("x" + i, 1);
    }
    return s.toByteArray();
  }

  @Test
  void theSameSketchIsParsedOnceWhateverArrayItArrivesIn() {
    byte[] a = sketch(100);
    Sketch first = LegoSketchCache.read(a, MODELS, "t");
    assertSame(first, LegoSketchCache.read(a, MODELS, "t"));
    byte[] copy = a.clone();
    assertSame(first, LegoSketchCache.read(copy, MODELS, "t"), "equal bytes in a new array");
    assertSame(first, LegoSketchCache.read(copy, MODELS, "t"));
    assertSame(first, LegoSketchCache.read(a, MODELS, "t"));
  }

  @Test
  void differentBytesAreParsedAgainEvenInTheSameArray() {
    byte[] a = sketch(100);
    Sketch first = LegoSketchCache.read(a, MODELS, "t");
    byte[] other = sketch(200);
    Sketch second = LegoSketchCache.read(other, MODELS, "t");
    assertNotSame(first, second);
    assertEquals(200, ((LegoSketch) second).totalCount());
    // a reused buffer that now holds another sketch: its checksum differs, so it is not taken for the cached one
    byte[] reused = sketch(100);
    LegoSketchCache.read(reused, MODELS, "t");
    System.arraycopy(other, 0, reused, 0, other.length);
    assertEquals(200, ((LegoSketch) LegoSketchCache.read(reused, MODELS, "t")).totalCount());
  }

  @Test
  void otherKindsAndUnknownModelsAreRefused() {
    IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
        () -> LegoSketchCache.read(FrequencySketch.countMin(1024).toByteArray(), MODELS, "lego_estimate"));
    assertTrue(kind.getMessage().contains("sketch_estimate"), kind.getMessage());
    LegoSketch foreign = LegoSketch.withBricks(LegoModel.random(42), 1);
    IllegalArgumentException model = assertThrows(IllegalArgumentException.class,
        () -> LegoSketchCache.read(foreign.toByteArray(), MODELS, "lego_estimate"));
    assertTrue(model.getMessage().contains(LegoModel.random(42).idHex()), model.getMessage());
  }
}
