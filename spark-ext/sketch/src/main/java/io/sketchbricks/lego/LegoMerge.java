package io.sketchbricks.lego;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchKind;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * Merging into a {@link LegoSketch}: counters and stream lengths add element-wise, so a merged sketch equals one
 * built over both streams (up to float rounding). Every merge checks all of the other side first (model, brick
 * count, the total and every merged cell within {@link BrickLimits}) and only then adds, so a refused merge leaves
 * the sketch as it was. The other side is a sketch ({@link #check}, {@link #apply}) or its bytes
 * ({@link #mergeSerialized}), read in place without building a second sketch.
 */
final class LegoMerge {
  private LegoMerge() {}

  /**
   * Every check of a merge of {@code o} into {@code into}, changing nothing there (it empties o's arrival buffer).
   * Returns o's bricks for {@link #apply}.
   *
   * @throws IncompatibleMergeException for another model or brick count
   * @throws IllegalArgumentException when the merged sketch would hold more than a sketch holds
   */
  static Brick[] check(LegoSketch into, LegoSketch o) {
    requireCompatible(into, o);
    Brick[] others = o.bricks();
    requireRoom(into, LegoSketch.streamLengths(others));
    for (int k = 0; k < others.length; k++) {
      requireMergedCells(into, k, FloatBuffer.wrap(others[k].cells));
    }
    return others;
  }

  /** Adds bricks that {@link #check} accepted; cannot fail. */
  static void apply(LegoSketch into, Brick[] others) {
    Brick[] bricks = into.heldBricks();
    for (int k = 0; k < bricks.length; k++) {
      bricks[k].merge(others[k]); // the sketch's buffered arrivals can wait: addition commutes
    }
    into.addToTotal(LegoSketch.streamLengths(others));
  }

  /** Refuses a merge of sketches built with different models or of different brick counts. */
  static void requireCompatible(LegoSketch into, LegoSketch o) {
    requireModel(into, o.modelId());
    IncompatibleMergeException.requireEqual("lego", "brick counts", into.brickCount(), o.brickCount());
  }

  private static void requireModel(LegoSketch into, long otherModel) {
    if (otherModel != into.modelId()) {
      throw new IncompatibleMergeException("cannot merge Lego sketches built with different models ("
          + LegoModel.hex(into.modelId()) + " vs " + LegoModel.hex(otherModel)
          + "): build both with the same model file");
    }
  }

  private static void requireRoom(LegoSketch into, double adding) {
    double total = into.runningTotal();
    if (!BrickLimits.fits(total, adding)) {
      throw new IllegalArgumentException("merging a Lego sketch of total " + adding + " into one of " + total
          + " would pass the 2^53 total a sketch holds exactly: keep them as separate sketches");
    }
  }

  /** Refuses a merge that would put any of brick k's cells past the cell limit ({@link BrickLimits}). */
  private static void requireMergedCells(LegoSketch into, int k, FloatBuffer otherCells) {
    float[] c = into.heldBricks()[k].cells;
    for (int i = 0; i < Brick.CELLS; i++) {
      double sum = (double) c[i] + otherCells.get(i);
      if (sum > BrickLimits.MAX_CELL) {
        throw BrickLimits.mergedCellTooLarge(k, i, sum);
      }
    }
  }

  /**
   * {@link LegoSketch#mergeSerialized}: adds a serialized Lego sketch straight from its bytes ({@link LegoCodec}'s
   * layout), checking every brick before adding any.
   *
   * @throws CorruptSketchException when the bytes are not an intact sketch
   * @throws IncompatibleMergeException when they hold another kind, another model or another brick count
   */
  static void mergeSerialized(LegoSketch into, byte[] bytes) {
    SketchFormat.Envelope envelope = SketchFormat.open(bytes); // magic, version, length and checksum, once
    if (envelope.kind() != SketchKind.LEGO) {
      throw new IncompatibleMergeException("cannot merge a " + envelope.kind().sqlName() + " sketch into a lego"
          + " sketch: only sketches of the same kind merge");
    }
    ByteBuffer in = envelope.payload();
    int payload = in.remaining();
    if (payload < LegoCodec.HEADER) {
      throw new CorruptSketchException("lego sketch payload of " + payload + " bytes is too short for its parameters");
    }
    requireModel(into, in.getLong());
    int bricks = into.brickCount();
    IncompatibleMergeException.requireEqual("lego", "brick counts", bricks, in.getInt());
    int expected = LegoCodec.payloadBytes(bricks);
    if (payload != expected) {
      throw new CorruptSketchException("lego sketch payload is " + payload + " bytes, " + expected
          + " expected for " + bricks + " bricks");
    }
    int start = in.position();
    double adding = 0;
    for (int k = 0; k < bricks; k++) {
      double n = in.getDouble();
      BrickLimits.checkStreamLength("lego", k, n);
      adding += n;
      FloatBuffer view = in.asFloatBuffer();
      BrickLimits.checkCells("lego", k, view);
      requireMergedCells(into, k, view);
      in.position(in.position() + 4 * Brick.CELLS);
    }
    BrickLimits.checkTotal("lego", adding);
    requireRoom(into, adding);
    in.position(start);
    Brick[] held = into.heldBricks();
    for (int k = 0; k < bricks; k++) {
      double n = in.getDouble();
      held[k].merge(in.asFloatBuffer(), n);
      in.position(in.position() + 4 * Brick.CELLS);
    }
    into.addToTotal(adding);
  }
}
