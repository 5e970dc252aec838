package io.sketchbricks.core;

import java.io.Serial;
import java.io.Serializable;

/**
 * Java-serialisation proxy: a sketch travels (Spark aggregation buffers, closures) as its own versioned
 * bytes, never as a field-by-field object graph, so there is one wire format to keep compatible. The proxy carries
 * its kind's payload reader (a serializable method reference), so reading back needs no registry.
 */
public final class SerializedSketch<T extends Sketch> implements Serializable {
  @Serial
  private static final long serialVersionUID = 2L;
  private final byte[] bytes;
  private final SketchKind kind;
  private final SketchFormat.PayloadReader<T> reader;

  public SerializedSketch(byte[] bytes, SketchKind kind, SketchFormat.PayloadReader<T> reader) {
    this.bytes = bytes;
    this.kind = kind;
    this.reader = reader;
  }

  @Serial
  private Object readResolve() {
    return SketchFormat.read(bytes, kind, reader);
  }
}
