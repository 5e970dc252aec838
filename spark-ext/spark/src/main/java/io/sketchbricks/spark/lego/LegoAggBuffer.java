package io.sketchbricks.spark.lego;

import io.sketchbricks.core.CanonicalMerge;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.kinds.SketchKinds;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoSketch;

/**
 * The aggregation buffer of {@code lego_agg} / {@code d_lego_agg}, built to keep a sketch of hundreds of 100 KB
 * bricks cheap to carry through Spark:
 *
 * <ul>
 *   <li>the bricks are allocated at the first row, not when Spark creates the buffer, so buffers that only ever
 *       receive merges (the final aggregation's) or no row at all cost nothing;
 *   <li>partials that arrive serialized are kept as their bytes and merged at the end in a fixed order
 *       ({@link CanonicalMerge}): float cells round differently in another order, and Spark's order changes from
 *       run to run; a lone partial is passed on unparsed, later ones are added straight from their bytes
 *       ({@link LegoSketch#mergeSerialized});
 *   <li>serializing is the sketch's own versioned format ({@link io.sketchbricks.core.SketchFormat}).
 * </ul>
 *
 * Not thread-safe: Spark gives each buffer to one task.
 */
public final class LegoAggBuffer {
  private final LegoAggSpec spec;
  private LegoSketch lego;
  private DLegoSketch dLego;
  private CanonicalMerge partials;

  LegoAggBuffer(LegoAggSpec spec) {
    this.spec = spec;
  }

  /** Adds {@code count} arrivals of the item with this id. */
  void add(long id, double count) {
    if (lego == null && dLego == null) {
      assign(spec.newSketch());
    }
    if (lego != null) {
      lego.addId(id, count);
    } else {
      long c = (long) count;
      if (c != count) {
        throw new IllegalArgumentException("d_lego_agg: count " + count + " is not a whole number: D-Lego's heavy"
            + " part counts arrivals; round the count column or use lego_agg");
      }
      dLego.addId(id, c);
    }
  }

  /** Adds another buffer into this one and returns this one. */
  LegoAggBuffer merge(LegoAggBuffer other) {
    if (other.rowSketch() != null) {
      partials().add(other.rowSketch().toByteArray());
    }
    if (other.partials != null) {
      for (byte[] p : other.partials.partials()) {
        partials().add(p);
      }
    }
    return this;
  }

  boolean isEmpty() {
    return rowSketch() == null && (partials == null || partials.isEmpty());
  }

  /** The sketch's bytes; an empty sketch's for a buffer that saw no row. */
  byte[] result() {
    if (partials == null || partials.isEmpty()) {
      return rowSketch() == null ? spec.newSketch().toByteArray() : rowSketch().toByteArray();
    }
    if (rowSketch() != null) {
      partials.add(rowSketch().toByteArray());
      lego = null;
      dLego = null;
    }
    return partials.resultBytes();
  }

  /**
   * Bytes for Spark to carry between the partial and final aggregation: empty for an empty buffer. A final buffer
   * is serialized only when Spark spills it; its partials are then folded, in their fixed order, into one.
   */
  byte[] serialize() {
    return isEmpty() ? new byte[0] : result();
  }

  static LegoAggBuffer deserialize(LegoAggSpec spec, byte[] bytes) {
    LegoAggBuffer b = new LegoAggBuffer(spec);
    if (bytes.length > 0) {
      b.partials().add(bytes);
    }
    return b;
  }

  private Sketch rowSketch() {
    return lego != null ? lego : dLego;
  }

  private CanonicalMerge partials() {
    if (partials == null) {
      partials = new CanonicalMerge(this::readPartial, (acc, bytes) -> {
        if (acc instanceof LegoSketch l) {
          l.mergeSerialized(bytes);
        } else {
          acc.mergeSketch(readPartial(bytes));
        }
      });
    }
    return partials;
  }

  /** Reads a partial, checks it was built with this aggregate's model, and attaches the model. */
  private Sketch readPartial(byte[] bytes) {
    Sketch s = SketchKinds.read(bytes, spec.kind());
    LegoSketch light = s instanceof DLegoSketch d ? d.light() : (LegoSketch) s;
    if (light.modelId() != spec.modelId()) {
      throw new IncompatibleMergeException("a partial " + spec.kind().sqlName() + " sketch was built with model "
          + String.format("%016x", light.modelId()) + ", this aggregate uses " + String.format("%016x", spec.modelId()));
    }
    light.attachModel(spec.model());
    return s;
  }

  private void assign(Sketch s) {
    if (s instanceof LegoSketch l) {
      lego = l;
    } else {
      dLego = (DLegoSketch) s;
    }
  }
}
