package io.sketchbricks.spark.lego;

import io.sketchbricks.core.Sketch;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoBounds;
import io.sketchbricks.lego.LegoSketch;
import java.io.Serial;
import java.io.Serializable;

/**
 * The row-at-a-time {@code lego_estimate(sketch, item)} and {@code lego_estimate_bounds(sketch, item, confidence)}:
 * the plain-Java forward pass on the executor, with the parsed sketch reused across rows ({@link LegoSketchCache})
 * and the model loaded once per JVM from the models shipped with the query ({@link LegoModelSet}). NULL sketch,
 * NULL item or an empty item give NULL.
 */
public final class LegoEstimates implements Serializable {
  @Serial
  private static final long serialVersionUID = 1L;
  private final LegoModelSet models;
  private final String function;

  public LegoEstimates(LegoModelSet models, String function) {
    this.models = models;
    this.function = function;
  }

  /** The estimate for a Row-side item value (String, byte[], Long, Integer, Short, Byte). */
  public Double estimate(byte[] sketchBytes, Object item) {
    if (sketchBytes == null) {
      return null;
    }
    Long id = LegoItems.idOfRowValue(item);
    if (id == null) {
      return null;
    }
    Sketch s = LegoSketchCache.read(sketchBytes, models, function);
    return s instanceof LegoSketch l ? l.estimateId(id) : ((DLegoSketch) s).estimateId(id);
  }

  /**
   * {@code lego_estimate_bounds(sketch, item, confidence)}: the estimate with its interval ({@link LegoBounds}),
   * or null when any argument is NULL or the item is empty.
   *
   * @throws IllegalArgumentException for a confidence outside the open interval (0, 1), or a sketch of another kind
   */
  public LegoBounds bounds(byte[] sketchBytes, Object item, Double confidence) {
    if (sketchBytes == null || confidence == null) {
      return null;
    }
    Long id = LegoItems.idOfRowValue(item);
    if (id == null) {
      return null;
    }
    Sketch s = LegoSketchCache.read(sketchBytes, models, function);
    return s instanceof LegoSketch l ? l.boundsId(id, confidence) : ((DLegoSketch) s).boundsId(id, confidence);
  }
}
