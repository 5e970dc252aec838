package io.sketchbricks.spark;

import io.sketchbricks.core.Sketch;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * The shape every sketch aggregate shares: rows go into one sketch per task and group, the partials are merged in
 * a fixed order ({@link SketchAggBuffer}), and the result is the sketch's bytes. A subclass says how to make an
 * empty sketch and how to add a row.
 *
 * @param <IN> the row type
 * @param <S> the sketch type
 */
public abstract class SketchAggregator<IN, S extends Sketch> extends Aggregator<IN, SketchAggBuffer<S>, byte[]> {
  private static final long serialVersionUID = 1L;

  /** An empty sketch of this aggregate's configuration. */
  protected abstract S newSketch();

  /** Adds one row to the task's sketch. */
  protected abstract void add(S sketch, IN row);

  @Override
  public SketchAggBuffer<S> zero() {
    return new SketchAggBuffer<>();
  }

  @Override
  public SketchAggBuffer<S> reduce(SketchAggBuffer<S> buffer, IN row) {
    if (buffer.rows() == null) {
      buffer.startRows(newSketch());
    }
    add(buffer.rows(), row);
    return buffer;
  }

  @Override
  public SketchAggBuffer<S> merge(SketchAggBuffer<S> a, SketchAggBuffer<S> b) {
    a.merge(b);
    return a;
  }

  /** The merged sketch's bytes; an empty sketch's for a group that received nothing. */
  @Override
  public byte[] finish(SketchAggBuffer<S> buffer) {
    Sketch s = buffer.result();
    return (s == null ? newSketch() : s).toByteArray();
  }

  @Override
  @SuppressWarnings("unchecked")
  public Encoder<SketchAggBuffer<S>> bufferEncoder() {
    return Encoders.javaSerialization((Class<SketchAggBuffer<S>>) (Class<?>) SketchAggBuffer.class);
  }

  @Override
  public Encoder<byte[]> outputEncoder() {
    return Encoders.BINARY();
  }
}
