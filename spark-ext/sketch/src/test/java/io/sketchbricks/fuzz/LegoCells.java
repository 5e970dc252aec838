package io.sketchbricks.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Lego-specific mutation: a run of a brick's float32 cells set to NaN, an infinity, a negative or a huge value,
 * checksum recomputed. One changed cell is rarely read by the few items a case queries (5 of 25,600 cells per
 * item); a run of them is, and every cell feeds the brick's scan features.
 */
final class LegoCells {
  private static final float[] VALUES = {Float.NaN, -1f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -1e30f,
      3e38f, -0f, -1e-3f};
  private static final int CELLS = 5 * 5120;

  private LegoCells() {}

  static Mutation mutate(byte[] seed, SplittableRandom r, long k) {
    List<Field> fields = SketchFields.of(seed, 0);
    Field first = fields.stream().filter(f -> f.name().equals("brick 0 stream length")).findFirst().orElseThrow();
    long bricks = fields.stream().filter(f -> f.name().endsWith("stream length")).count();
    int brick = r.nextInt((int) bricks);
    int cells = first.offset() + 8 + brick * (8 + 4 * CELLS);
    int n = 1 << r.nextInt(15);
    int from = r.nextInt(CELLS - n + 1);
    float v = VALUES[(int) (k % VALUES.length)];
    byte[] b = seed.clone();
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = from; i < from + n; i++) {
      buf.putFloat(cells + 4 * i, v);
    }
    SketchTarget.ENVELOPE.seal(b, false);
    return new Mutation(b, "SPECIFIC brick " + brick + " cells [" + from + ", " + (from + n) + ") = " + v + ", sealed");
  }
}
