package io.sketchbricks.core;

import java.io.Serial;
import java.io.Serializable;

/**
 * Java-serialisation proxy: a sketch travels (Spark aggregation buffers, closures) as its own versioned
 * bytes, never as a field-by-field object graph, so there is one wire format to keep compatible.
 */
public final class SerializedSketch implements Serializable {
  @Serial
  private static final long serialVersionUID = 1L;
  private final byte[] bytes;

  public SerializedSketch(byte[] bytes) {
    this.bytes = bytes;
  }

  @Serial
  private Object readResolve() {
    return SketchFormat.read(bytes);
  }
}
