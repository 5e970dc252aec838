package io.sketchbricks.fuzz;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.kinds.SketchKinds;
import java.util.List;

/**
 * {@link SketchFormat#read(byte[])} on mutations of one kind's sketches. The read is kind-agnostic on purpose: a
 * mutated kind byte hands one kind's payload to another kind's reader. Documented rejection: {@link
 * CorruptSketchException} (nothing else, not even a plain IllegalArgumentException).
 */
final class SketchTarget implements FuzzTarget {
  /** The envelope of {@link SketchFormat}: 12-byte header with the payload length at 8, CRC-32C trailer. */
  static final Envelope ENVELOPE = Envelope.crc32c(12, 0, 8, 16);

  private final SketchKind kind;
  private final int defaultCases;
  private List<byte[]> seeds;

  SketchTarget(SketchKind kind, int defaultCases) {
    this.kind = kind;
    this.defaultCases = defaultCases;
  }

  @Override
  public String name() {
    return kind.sqlName();
  }

  @Override
  public List<byte[]> seeds() {
    if (seeds == null) {
      seeds = SketchSeeds.of(kind);
    }
    return seeds;
  }

  @Override
  public List<Field> fields(int seedIndex) {
    return SketchFields.of(seeds().get(seedIndex), 0);
  }

  @Override
  public Envelope envelope() {
    return ENVELOPE;
  }

  @Override
  public int defaultCases() {
    return defaultCases;
  }

  @Override
  public String documented() {
    return "CorruptSketchException";
  }

  @Override
  public boolean isDocumented(Throwable t) {
    return t instanceof CorruptSketchException;
  }

  /** For Lego and D-Lego: runs of bad cells (see {@link LegoCells}). */
  @Override
  public Mutation extraMutation(byte[] seed, java.util.SplittableRandom r, long k) {
    return kind == SketchKind.LEGO || kind == SketchKind.D_LEGO ? LegoCells.mutate(seed, r, k) : null;
  }

  @Override
  public Object read(byte[] input) {
    return new Object[] {SketchKinds.read(input), input};
  }

  @Override
  public void check(Object accepted) {
    Object[] a = (Object[]) accepted;
    SketchChecks.check((Sketch) a[0], (byte[]) a[1]);
  }
}
