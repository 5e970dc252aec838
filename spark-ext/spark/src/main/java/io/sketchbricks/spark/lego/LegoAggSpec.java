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
   * The largest memory budget of a Lego aggregate, in KB: 100,000 (1,000 bricks). Spark carries each group's
   * sketch as one BINARY value: the partial aggregation holds the sketch and its bytes, the final one the
   * partials' bytes and the merged sketch, and results travel to the driver under {@code spark.driver.maxResultSize}
   * (1 GiB by default). A lego and a d-lego sketch of this size build, serialize, merge across partitions and
   * answer {@code lego_estimate} in a local session with a 3 GB heap (udfs' LegoAggregateRangesTest); the sketches
   * themselves hold up to 2 GB (lego) and 1 GiB (d-lego) outside Spark.
   */
  public static final long MAX_MEMORY_KB = 100_000;

  /** The smallest memory budget in KB: one 100 KB brick (lego); one brick and room for heavy buckets (d-lego). */
  public static long minMemoryKb(SketchKind kind) {
    return kind == SketchKind.D_LEGO ? 101 : 100;
  }

  /**
   * Validates on the driver what the tasks would otherwise find out one by one, without building a sketch.
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
    if (budgetBytes > MAX_MEMORY_KB * 1024) {
      throw new IllegalArgumentException("memory budget of " + budgetBytes + " bytes is over the " + MAX_MEMORY_KB
          + " KB of the largest " + kind.sqlName() + " sketch a Spark aggregate carries: split the groups finer");
    }
    LegoSketch.bricksFor(budgetBytes); // refuses budgets under one brick
    if (kind == SketchKind.D_LEGO) {
      DLegoSketch.requireBudget(budgetBytes); // room for the heavy part next to the bricks
    }
  }

  public static LegoAggSpec of(SketchKind kind, long budgetBytes, LegoModel model) {
    return new LegoAggSpec(kind, budgetBytes, model.id(), LegoModelSet.of("the query plan", model));
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
