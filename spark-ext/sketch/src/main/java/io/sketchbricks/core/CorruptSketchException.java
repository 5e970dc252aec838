package io.sketchbricks.core;

/** Sketch bytes that cannot be read: truncated, damaged, of another format, or of an unknown version. */
public class CorruptSketchException extends IllegalArgumentException {
  public CorruptSketchException(String message) {
    super(message);
  }

  public CorruptSketchException(String message, Throwable cause) {
    super(message, cause);
  }
}
