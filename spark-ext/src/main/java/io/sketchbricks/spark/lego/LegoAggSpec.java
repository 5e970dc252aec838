package io.sketchbricks.spark.lego;

import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoSketch;
import java.io.Serial;
import java.io.Serializable;

/**
 * What {@code lego_agg} / {@code d_lego_agg} build: the kind (lego or d-lego), the memory budget and the model,
 * whose file travels with the spec to the executors ({@link LegoModelSet}).
 */
public record LegoAggSpec(SketchKind kind, long budgetBytes, long modelId, LegoModelSet models) implements Serializable {
  @Serial
  private static final long serialVersionUID = 1L;

  /**
   * Validates on the driver what the tasks would otherwise find out one by one.
   *
   * @throws IllegalArgumentException for another kind or a budget the kind cannot use
   */
  public LegoAggSpec {
    if (kind != SketchKind.LEGO && kind != SketchKind.D_LEGO) {
      throw new IllegalArgumentException("Lego aggregates build lego or d-lego sketches, not " + kind.sqlName());
    }
    if (!models.contains(modelId)) {
      throw new IllegalArgumentException("the model set does not hold the model " + String.format("%016x", modelId));
    }
    LegoSketch.bricksFor(budgetBytes); // refuses budgets under one brick or over the largest sketch
  }

  public static LegoAggSpec of(SketchKind kind, long budgetBytes, LegoModel model) {
    LegoAggSpec spec = new LegoAggSpec(kind, budgetBytes, model.id(), LegoModelSet.of("the query plan", model));
    if (kind == SketchKind.D_LEGO) {
      spec.newSketch(); // D-Lego's own budget checks (room for the heavy part), on the driver
    }
    return spec;
  }

  /** The model, loaded once per JVM. */
  public LegoModel model() {
    return models.require(modelId, kind.sqlName().replace('-', '_') + "_agg");
  }

  /** An empty sketch of this spec. */
  public Sketch newSketch() {
    LegoModel m = model();
    return kind == SketchKind.LEGO ? new LegoSketch(m, budgetBytes) : new DLegoSketch(m, budgetBytes);
  }
}
