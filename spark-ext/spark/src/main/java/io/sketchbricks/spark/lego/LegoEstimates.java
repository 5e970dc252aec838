package io.sketchbricks.spark.lego;

import io.sketchbricks.core.Sketch;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoSketch;
import java.io.Serial;
import java.io.Serializable;

/**
 * The row-at-a-time {@code lego_estimate(sketch, item)}: the plain-Java forward pass on the executor, with the
 * parsed sketch reused across rows ({@link LegoSketchCache}) and the model loaded once per JVM from the models
 * shipped with the query ({@link LegoModelSet}). NULL sketch, NULL item or an empty item give NULL.
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
}
