package io.sketchbricks.core;

/**
 * Two sketches that cannot be merged because they were built differently (another kind, size, seed,
 * time unit or model). The message names what differs and how to build compatible sketches.
 */
public class IncompatibleMergeException extends IllegalArgumentException {
  public IncompatibleMergeException(String message) {
    super(message);
  }

  /** Throws when {@code a != b}, naming the parameter. */
  public static void requireEqual(String kind, String parameter, long a, long b) {
    if (a != b) {
      throw new IncompatibleMergeException("cannot merge " + kind + " sketches with different " + parameter
          + " (" + a + " vs " + b + "): build both with the same configuration (memory_kb, depth, seed)");
    }
  }
}
