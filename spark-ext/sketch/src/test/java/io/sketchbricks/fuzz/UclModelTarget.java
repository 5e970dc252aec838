package io.sketchbricks.fuzz;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.ucl.UclModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link UclModel#fromBytes}: magic, version, five dimensions, float32 parameters, CRC-32C. Documented rejection:
 * {@link CorruptSketchException}. An accepted model must have exactly the parameters its dimensions say (counted
 * in long arithmetic) and write back the very bytes it was read from (the format has no slack). Its own mutation
 * writes dimensions (powers of two up to the 2^24 limit among them) and sizes the parameters to what a reader
 * multiplying them in int arithmetic would expect, so a wrapped product is reached instead of refused by length.
 */
final class UclModelTarget implements FuzzTarget {
  private static final Envelope ENVELOPE = Envelope.crc32c(28, 0, -1, 0);
  private static final String[] DIMS = {"depth", "width", "hidden", "layer", "share"};
  private List<byte[]> seeds;

  @Override
  public String name() {
    return "ucl-model";
  }

  @Override
  public List<byte[]> seeds() {
    if (seeds == null) {
      seeds = List.of(UclModel.initial(2, 5, 4, 3, 2, 1).toByteArray(), UclModel.initial(1, 3, 1, 1, 1, 2).toByteArray());
    }
    return seeds;
  }

  @Override
  public List<Field> fields(int seedIndex) {
    List<Field> f = new ArrayList<>();
    f.add(Field.le("version", 4, 4));
    for (int i = 0; i < DIMS.length; i++) {
      f.add(Field.le(DIMS[i], 8 + 4 * i, 4));
    }
    return f;
  }

  @Override
  public Envelope envelope() {
    return ENVELOPE;
  }

  @Override
  public int defaultCases() {
    return 20_000;
  }

  @Override
  public String documented() {
    return "CorruptSketchException";
  }

  @Override
  public boolean isDocumented(Throwable t) {
    return t instanceof CorruptSketchException;
  }

  private static final int[] DIM_VALUES = {1, 2, 3, 5, 1 << 8, 1 << 12, 1 << 16, 1 << 20, 1 << 23, 1 << 24,
      (1 << 24) - 1, 46_341, 65_537};

  @Override
  public Mutation extraMutation(byte[] seed, SplittableRandom r, long k) {
    int[] d = new int[5];
    for (int i = 0; i < 5; i++) {
      d[i] = r.nextInt(3) == 0 ? java.nio.ByteBuffer.wrap(seed).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(8 + 4 * i)
          : DIM_VALUES[r.nextInt(DIM_VALUES.length)];
    }
    long floats = intShapedFloats(d[0], d[1], d[2], d[3], d[4]);
    if (floats < 0 || floats > (1 << 18)) {
      return null; // a length no input of this size can match: the field mutations cover that refusal
    }
    byte[] b = new byte[(int) (32 + 4 * floats)];
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    buf.putInt(0x55434C4D).putInt(1);
    for (int x : d) {
      buf.putInt(x);
    }
    for (int i = 0; i < floats; i++) {
      buf.putFloat((float) r.nextGaussian());
    }
    ENVELOPE.seal(b, false);
    return new Mutation(b, "SPECIFIC dims " + java.util.Arrays.toString(d) + ", " + floats + " parameters, sealed");
  }

  /** Parameters as the layer table sizes them, multiplying in int as Java code easily does (and wrapping). */
  private static long intShapedFloats(int depth, int width, int hidden, int layer, int share) {
    int[][] shapes = {{width, hidden}, {hidden, hidden}, {depth * hidden, layer}, {layer, hidden}, {hidden, layer},
        {layer, 2 * hidden}, {hidden, layer}, {layer, share}};
    long n = 0;
    for (int[] s : shapes) {
      n += (long) s[0] * s[1] + s[1];
    }
    return n;
  }

  /** The same in long arithmetic: what the dimensions truly call for. */
  private static long trueFloats(long depth, long width, long hidden, long layer, long share) {
    return width * hidden + hidden + hidden * hidden + hidden + depth * hidden * layer + layer + layer * hidden
        + hidden + hidden * layer + layer + layer * 2 * hidden + 2 * hidden + hidden * layer + layer + layer * share
        + share;
  }

  @Override
  public Object read(byte[] input) {
    UclModel m = UclModel.fromBytes(input);
    return new Object[] {m, input};
  }

  @Override
  public void check(Object accepted) {
    UclModel m = (UclModel) ((Object[]) accepted)[0];
    byte[] input = (byte[]) ((Object[]) accepted)[1];
    long expected = trueFloats(m.depth(), m.width(), m.hidden(), m.layer(), m.share());
    Checks.isTrue(m.parameterCount() == expected, "ucl model " + m.depth() + " x " + m.width() + ", hidden "
        + m.hidden() + ", layer " + m.layer() + ", share " + m.share() + " holds " + m.parameterCount()
        + " parameters, its dimensions call for " + expected + " (a size multiplied in int wrapped)");
    Checks.isTrue(32 + m.parameterBytes() == input.length, "ucl model of " + input.length + " bytes holds "
        + m.parameterCount() + " parameters");
    Checks.sameBytes(input, m.toByteArray(), "ucl model does not write back the bytes it was read from");
  }
}
