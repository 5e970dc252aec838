package io.sketchbricks.spark;

import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchFormat;

/**
 * Unions stored sketches of any one kind ({@code sketch_merge_agg}): NULL sketches are skipped, an input with
 * no sketch gives NULL, sketches of other kinds or configurations fail with the merge exception's reason.
 */
public final class SketchUnionAggregator extends SketchAggregator<byte[], Sketch> {
  private static final long serialVersionUID = 2L;

  @Override
  protected Sketch newSketch() {
    throw new UnsupportedOperationException("sketch_merge_agg has no sketch of its own: it unions its inputs");
  }

  @Override
  protected void add(Sketch sketch, byte[] row) {
    throw new UnsupportedOperationException("sketch_merge_agg adds its rows as partials");
  }

  /** Every stored sketch is a partial: the union does not depend on the order of the table's rows or files. */
  @Override
  public SketchAggBuffer<Sketch> reduce(SketchAggBuffer<Sketch> buffer, byte[] sketchBytes) {
    if (sketchBytes != null) {
      SketchFormat.kindOf(sketchBytes); // a damaged row fails here, naming itself, not at the end
      buffer.partials().add(sketchBytes);
    }
    return buffer;
  }

  /** NULL when every input was NULL (or there was none). */
  @Override
  public byte[] finish(SketchAggBuffer<Sketch> buffer) {
    Sketch s = buffer.result();
    return s == null ? null : s.toByteArray();
  }
}
