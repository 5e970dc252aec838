package io.sketchbricks.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One reader of bytes under fuzzing: its valid seed inputs (made by the real writer), the numeric fields of each
 * seed, its envelope, the exception it documents for bad bytes, and the queries an accepted object must answer.
 */
interface FuzzTarget {
  /** Short name, used on the command line ({@code -Dsketchbricks.fuzz.target=NAME}). */
  String name();

  /** Valid inputs written by the project's own code. */
  List<byte[]> seeds();

  /** The numeric fields (sizes, counts, parameters) of seed {@code i}, found by reading its writer. */
  List<Field> fields(int seedIndex);

  Envelope envelope();

  /** Cases run in CI when no budget is given. */
  int defaultCases();

  /** The documented rejection, as named in reports. */
  String documented();

  /** Whether {@code t}, thrown by {@link #read}, is the documented rejection of bad bytes. */
  boolean isDocumented(Throwable t);

  /** Runs the reader. */
  Object read(byte[] input) throws Exception;

  /**
   * Queries an accepted object (estimates, a round trip through its bytes, a merge with a copy where the kind
   * merges) and throws {@link AssertionError} or the undocumented exception when it misbehaves.
   */
  void check(Object accepted) throws Exception;

  /** A format-specific mutation (e.g. of JSON values), or null to use a generic one. */
  default Mutation extraMutation(byte[] seed, SplittableRandom r, long k) {
    return null;
  }
}
