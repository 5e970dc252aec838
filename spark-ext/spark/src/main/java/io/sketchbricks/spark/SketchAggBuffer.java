package io.sketchbricks.spark;

import io.sketchbricks.core.CanonicalMerge;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.kinds.SketchKinds;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The aggregation buffer of the sketch aggregates: the sketch of the rows this task added, plus the partial
 * sketches merged into it, which {@link CanonicalMerge} folds in a fixed order so that a rerun (or a lost
 * executor's tasks run again) gives the same bytes. Spark carries it between stages as the sketches' own bytes.
 *
 * @param <S> the sketch type the rows go into
 */
public final class SketchAggBuffer<S extends Sketch> implements Serializable {
  @Serial
  private static final long serialVersionUID = 2L;
  /** No sketch's bytes exceed this (the largest budgets are 100 MB); a larger length is a damaged stream. */
  private static final int MAX_PARTIAL_BYTES = 1 << 30;

  private transient S rows;
  private transient CanonicalMerge partials;

  /** The sketch this task's rows go into; null until {@link #startRows} is called for the first row. */
  S rows() {
    return rows;
  }

  void startRows(S sketch) {
    rows = sketch;
  }

  /** The partials merged so far (stored sketches, for {@code sketch_merge_agg}, go here too). */
  CanonicalMerge partials() {
    if (partials == null) {
      partials = new CanonicalMerge(SketchKinds::read);
    }
    return partials;
  }

  /** Merges everything another buffer holds into this one. */
  void merge(SketchAggBuffer<?> other) {
    for (byte[] partial : other.allPartials()) {
      partials().add(partial);
    }
  }

  /** The merged sketch of the rows and partials, or null for a buffer that received neither. */
  Sketch result() {
    if (partials == null || partials.isEmpty()) {
      return rows;
    }
    if (rows != null) {
      partials.add(rows.toByteArray());
      rows = null;
    }
    return partials.result();
  }

  private List<byte[]> allPartials() {
    List<byte[]> all = new ArrayList<>();
    if (rows != null) {
      all.add(rows.toByteArray());
    }
    if (partials != null) {
      all.addAll(partials.partials());
    }
    return all;
  }

  @Serial
  private void writeObject(ObjectOutputStream out) throws IOException {
    List<byte[]> all = allPartials();
    out.writeInt(all.size());
    for (byte[] p : all) {
      out.writeInt(p.length);
      out.write(p);
    }
  }

  @Serial
  private void readObject(ObjectInputStream in) throws IOException {
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      int length = in.readInt();
      if (length < 0 || length > MAX_PARTIAL_BYTES) {
        throw new java.io.StreamCorruptedException("a partial sketch of " + length + " bytes in an aggregation buffer");
      }
      byte[] p = new byte[length];
      in.readFully(p);
      partials().add(p);
    }
  }
}
