package io.sketchbricks.spark;

import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.kinds.SketchKinds;

/**
 * Builds one frequency sketch per partition (and group) from an item column and merges the partial sketches:
 * the engine of {@code cms_agg}, {@code cs_agg}, {@code cu_agg} and {@code elastic_agg}.
 *
 * <p>Spark carries the buffer between the partial and final aggregation as the sketch's own binary format
 * ({@link SketchAggBuffer}). Null and empty items are skipped and counted in the sketch
 * ({@code sketch_info(...).params} shows {@code skipped=}).
 *
 * @param <IN> the item type: String, Long or byte[]
 */
public final class FrequencySketchAggregator<IN> extends SketchAggregator<IN, FrequencySketch> {
  private static final long serialVersionUID = 1L;

  private final String kind;
  private final long memoryBytes;

  /**
   * @param kind a frequency sketch kind name: cms, cs, cu or elastic
   * @param memoryBytes the memory budget of each sketch
   */
  public FrequencySketchAggregator(String kind, long memoryBytes) {
    SketchKinds.create(kind, memoryBytes); // validate now, on the driver, not in the first task
    this.kind = kind;
    this.memoryBytes = memoryBytes;
  }

  @Override
  protected FrequencySketch newSketch() {
    return SketchKinds.create(kind, memoryBytes);
  }

  @Override
  protected void add(FrequencySketch sketch, IN item) {
    sketch.addNullable(item, 1);
  }
}
