package io.sketchbricks.spark.lego;

import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoSketch;

/**
 * The aggregation buffer of {@code lego_agg} / {@code d_lego_agg}, built to keep a sketch of hundreds of 100 KB
 * bricks cheap to carry through Spark:
 *
 * <ul>
 *   <li>the bricks are allocated at the first row, not when Spark creates the buffer, so buffers that only ever
 *       receive merges (the final aggregation's) or no row at all cost nothing;
 *   <li>a partial that arrives serialized is kept as its bytes ({@link #deserialize} parses nothing): the first
 *       one is adopted as is, later ones are added to the live sketch straight from their bytes
 *       ({@link LegoSketch#mergeSerialized}), so no second sketch is built per partial;
 *   <li>serializing is the sketch's own versioned format ({@link SketchFormat}), or the adopted bytes unchanged.
 * </ul>
 *
 * Not thread-safe: Spark gives each buffer to one task.
 */
public final class LegoAggBuffer {
  private final LegoAggSpec spec;
  private LegoSketch lego;
  private DLegoSketch dLego;
  private byte[] raw;

  LegoAggBuffer(LegoAggSpec spec) {
    this.spec = spec;
  }

  /** Adds {@code count} arrivals of the item with this id. */
  void add(long id, double count) {
    live();
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
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      // adopt: the other buffer is never used again by Spark
      lego = other.lego;
      dLego = other.dLego;
      raw = other.raw;
      return this;
    }
    live();
    if (other.raw != null && lego != null) {
      lego.mergeSerialized(other.raw);
    } else {
      sketch().mergeSketch(other.live().sketch());
    }
    return this;
  }

  boolean isEmpty() {
    return lego == null && dLego == null && raw == null;
  }

  /** The sketch's bytes; an empty sketch's for a buffer that saw no row. */
  byte[] result() {
    if (raw != null) {
      return raw;
    }
    return isEmpty() ? spec.newSketch().toByteArray() : sketch().toByteArray();
  }

  /** Bytes for Spark to carry between the partial and final aggregation: empty for an empty buffer. */
  byte[] serialize() {
    return isEmpty() ? new byte[0] : result();
  }

  static LegoAggBuffer deserialize(LegoAggSpec spec, byte[] bytes) {
    LegoAggBuffer b = new LegoAggBuffer(spec);
    b.raw = bytes.length == 0 ? null : bytes;
    return b;
  }

  private Sketch sketch() {
    return lego != null ? lego : dLego;
  }

  /** Makes the sketch live: allocates it on the first row, or parses adopted bytes. */
  private LegoAggBuffer live() {
    if (lego != null || dLego != null) {
      return this;
    }
    if (raw == null) {
      assign(spec.newSketch());
      return this;
    }
    Sketch s = SketchFormat.read(raw, spec.kind());
    LegoSketch light = s instanceof DLegoSketch d ? d.light() : (LegoSketch) s;
    if (light.modelId() != spec.modelId()) {
      throw new IncompatibleMergeException("a partial " + spec.kind().sqlName() + " sketch was built with model "
          + String.format("%016x", light.modelId()) + ", this aggregate uses " + String.format("%016x", spec.modelId()));
    }
    light.attachModel(spec.model());
    assign(s);
    raw = null;
    return this;
  }

  private void assign(Sketch s) {
    if (s instanceof LegoSketch l) {
      lego = l;
    } else {
      dLego = (DLegoSketch) s;
    }
  }
}
