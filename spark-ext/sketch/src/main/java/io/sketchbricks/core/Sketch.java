package io.sketchbricks.core;

/**
 * Base of every Sketchbricks sketch: it knows its kind, describes itself, merges with a sketch built the
 * same way, and writes itself in the versioned binary format of {@link SketchFormat}.
 */
public interface Sketch {
  SketchKind kind();

  SketchInfo info();

  /** Versioned, checksummed bytes ({@link SketchFormat}); {@code io.sketchbricks.kinds.SketchKinds.read} reads them back. */
  byte[] toByteArray();

  /**
   * Adds {@code other} into this sketch.
   *
   * @throws IncompatibleMergeException if other is of another kind or configuration
   */
  void mergeSketch(Sketch other);
}
