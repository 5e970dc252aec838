package io.sketchbricks.spark.lego;

import io.sketchbricks.core.Sketch;
import io.sketchbricks.kinds.SketchKinds;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoSketch;
import io.sketchbricks.spark.SketchCache;

/**
 * The parsed Lego sketch a thread last queried, so that {@code lego_estimate} parses, checksums and scans a
 * sketch once and not once per row: the bricks' memory-scan features are cached inside the parsed sketch, so
 * they too are computed once per sketch per thread.
 *
 * <p>A {@link SketchCache} of its own, so that {@code lego_estimate} and {@code sketch_estimate} side by side in one
 * query do not evict each other's sketch.
 */
final class LegoSketchCache {
  private static final SketchCache CACHE = new SketchCache();

  private LegoSketchCache() {}

  /** The parsed sketch (lego or d-lego) with its model attached. */
  static Sketch read(byte[] bytes, LegoModelSet models, String function) {
    return CACHE.get(bytes, b -> parse(b, models, function));
  }

  private static Sketch parse(byte[] bytes, LegoModelSet models, String function) {
    Sketch s = SketchKinds.read(bytes);
    LegoSketch light;
    if (s instanceof LegoSketch l) {
      light = l;
    } else if (s instanceof DLegoSketch d) {
      light = d.light();
    } else {
      throw new IllegalArgumentException(function + " reads lego and d-lego sketches (from lego_agg or d_lego_agg),"
          + " not a " + s.kind().sqlName() + " sketch: use " + (function.endsWith("_bounds") ? "sketch_estimate_bounds"
          : "sketch_estimate") + " for it");
    }
    if (light.model() == null) {
      light.attachModel(models.require(light.modelId(), function));
    }
    return s;
  }
}
