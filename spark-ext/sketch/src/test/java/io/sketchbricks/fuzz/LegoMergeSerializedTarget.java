package io.sketchbricks.fuzz;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.kinds.SketchKinds;
import io.sketchbricks.lego.LegoSketch;
import java.util.List;

/**
 * {@link LegoSketch#mergeSerialized}: the Spark aggregate's merge, which reads a partial sketch's bytes straight
 * into a live sketch. Documented rejections: {@link CorruptSketchException} and {@link IncompatibleMergeException};
 * either must leave the target sketch byte-identical (a merge is all-or-nothing). Two-brick sketches, so a bad
 * second brick shows whether the first was already added.
 */
final class LegoMergeSerializedTarget implements FuzzTarget {
  private byte[] base;
  private List<byte[]> seeds;

  @Override
  public String name() {
    return "lego-merge-serialized";
  }

  @Override
  public List<byte[]> seeds() {
    if (seeds == null) {
      base = SketchSeeds.lego(2, 30);
      seeds = List.of(SketchSeeds.lego(2, 80));
    }
    return seeds;
  }

  @Override
  public List<Field> fields(int seedIndex) {
    return SketchFields.of(seeds().get(seedIndex), 0);
  }

  @Override
  public Envelope envelope() {
    return SketchTarget.ENVELOPE;
  }

  @Override
  public int defaultCases() {
    return 500;
  }

  @Override
  public String documented() {
    return "CorruptSketchException or IncompatibleMergeException, target unchanged";
  }

  @Override
  public boolean isDocumented(Throwable t) {
    return t instanceof CorruptSketchException || t instanceof IncompatibleMergeException;
  }

  @Override
  public Mutation extraMutation(byte[] seed, java.util.SplittableRandom r, long k) {
    return LegoCells.mutate(seed, r, k);
  }

  @Override
  public Object read(byte[] input) {
    LegoSketch target = (LegoSketch) SketchKinds.read(base);
    try {
      target.mergeSerialized(input);
    } catch (CorruptSketchException | IncompatibleMergeException e) {
      Checks.sameBytes(base, target.toByteArray(), "mergeSerialized threw " + e
          + " after changing the target sketch: merges must be all-or-nothing");
      throw e;
    }
    return target;
  }

  @Override
  public void check(Object accepted) {
    SketchChecks.check((LegoSketch) accepted, null);
  }
}
