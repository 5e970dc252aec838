package io.sketchbricks.lego;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.SketchFormat;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * The payload of a {@link LegoSketch} (inside the {@link SketchFormat} envelope), version 1, little-endian:
 *
 * <pre>
 * offset          bytes   field
 * 0               8       model id (long): {@link LegoModel#id()} of the model the sketch was built with
 * 8               4       brick count K (int), 1..{@link LegoSketch#MAX_BRICKS}
 * 12 + k * B      8       brick k's stream length N_k (double), the sum of the counts routed to it
 * 20 + k * B      102,400 brick k's 5 x 5120 counters (float32), row by row
 * </pre>
 *
 * with B = {@link #BRICK_RECORD} = 102,408 bytes per brick. The model's weights are not in the bytes: a reader needs
 * the model loaded ({@link LegoModels}) to query. Also the light part of a D-Lego payload, after its heavy buckets.
 */
final class LegoCodec {
  /** Bytes of the model id and the brick count. */
  static final int HEADER = 8 + 4;
  /** Bytes of one brick: its stream length and its counters. */
  static final int BRICK_RECORD = 8 + 4 * Brick.CELLS;

  private LegoCodec() {}

  /** Payload bytes of a sketch of {@code bricks} bricks. */
  static int payloadBytes(int bricks) {
    return HEADER + bricks * BRICK_RECORD;
  }

  /** Writes the payload of a sketch whose arrival buffer is empty. */
  static void write(ByteBuffer out, long modelId, Brick[] bricks) {
    out.putLong(modelId).putInt(bricks.length);
    for (Brick b : bricks) {
      out.putDouble(b.streamLength);
      out.asFloatBuffer().put(b.cells);
      out.position(out.position() + 4 * Brick.CELLS);
    }
  }

  /**
   * Reads a payload; the model is looked up among the loaded ones ({@link LegoModels#find}), else left unset.
   *
   * @throws CorruptSketchException when the brick count does not match the bytes present, or a stream length,
   *     a counter or the total is outside what a sketch holds ({@link BrickLimits}); checked before allocating
   */
  static LegoSketch read(ByteBuffer in, int version) {
    if (in.remaining() < HEADER) {
      throw new CorruptSketchException("lego sketch payload of " + in.remaining() + " bytes is too short for its"
          + " model id and brick count: the bytes were truncated; rebuild the sketch");
    }
    long modelId = in.getLong();
    int k = SketchFormat.readInt(in, "brick count", 1, LegoSketch.MAX_BRICKS);
    BrickLimits.requireBricks(in, k, "lego");
    Brick[] bricks = new Brick[k];
    double total = 0;
    for (int i = 0; i < k; i++) {
      double n = in.getDouble();
      BrickLimits.checkStreamLength("lego", i, n);
      total += n;
      FloatBuffer view = in.asFloatBuffer();
      BrickLimits.checkCells("lego", i, view);
      float[] cells = new float[Brick.CELLS];
      view.get(cells);
      in.position(in.position() + 4 * Brick.CELLS);
      bricks[i] = new Brick(cells, n);
    }
    BrickLimits.checkTotal("lego", total);
    return LegoSketch.of(LegoModels.find(modelId), modelId, bricks);
  }
}
