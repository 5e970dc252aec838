package io.sketchbricks.fuzz;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.ucl.UclModel;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link UclModel#fromBytes}: magic, version, five dimensions, float32 parameters, CRC-32C. Documented rejection:
 * {@link CorruptSketchException}. An accepted model must have exactly the parameters its dimensions say and write
 * back the very bytes it was read from (the format has no slack).
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

  @Override
  public Object read(byte[] input) {
    UclModel m = UclModel.fromBytes(input);
    return new Object[] {m, input};
  }

  @Override
  public void check(Object accepted) {
    UclModel m = (UclModel) ((Object[]) accepted)[0];
    byte[] input = (byte[]) ((Object[]) accepted)[1];
    Checks.isTrue(32 + m.parameterBytes() == input.length, "ucl model of " + input.length + " bytes holds "
        + m.parameterCount() + " parameters");
    Checks.sameBytes(input, m.toByteArray(), "ucl model does not write back the bytes it was read from");
  }
}
