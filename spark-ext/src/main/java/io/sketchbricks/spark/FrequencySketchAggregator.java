package io.sketchbricks.spark;

import io.sketchbricks.frequency.FrequencySketch;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * Builds one frequency sketch per partition (and group) from an item column and merges the partial sketches:
 * the engine of {@code cms_agg}, {@code cs_agg}, {@code cu_agg} and {@code elastic_agg}.
 *
 * <p>The buffer is the live sketch; Spark serialises it only between the partial and final aggregation, through
 * the sketch's own binary format. Null and empty items are skipped and counted in the sketch
 * ({@code sketch_info(...).params} shows {@code skipped=}).
 *
 * @param <IN> the item type: String, Long or byte[]
 */
public final class FrequencySketchAggregator<IN> extends Aggregator<IN, FrequencySketch, byte[]> {
  private static final long serialVersionUID = 1L;

  private final String kind;
  private final long memoryBytes;

  /**
   * @param kind a frequency sketch kind name: cms, cs, cu or elastic
   * @param memoryBytes the memory budget of each sketch
   */
  public FrequencySketchAggregator(String kind, long memoryBytes) {
    FrequencySketch.create(kind, memoryBytes); // validate now, on the driver, not in the first task
    this.kind = kind;
    this.memoryBytes = memoryBytes;
  }

  @Override
  public FrequencySketch zero() {
    return FrequencySketch.create(kind, memoryBytes);
  }

  @Override
  public FrequencySketch reduce(FrequencySketch sketch, IN item) {
    sketch.addNullable(item, 1);
    return sketch;
  }

  @Override
  public FrequencySketch merge(FrequencySketch a, FrequencySketch b) {
    a.merge(b);
    return a;
  }

  @Override
  public byte[] finish(FrequencySketch sketch) {
    return sketch.toByteArray();
  }

  @Override
  public Encoder<FrequencySketch> bufferEncoder() {
    return Encoders.javaSerialization(FrequencySketch.class);
  }

  @Override
  public Encoder<byte[]> outputEncoder() {
    return Encoders.BINARY();
  }
}
