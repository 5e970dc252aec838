package io.sketchbricks.lego;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchInfo;
import io.sketchbricks.core.SketchKind;
import java.nio.ByteBuffer;

/**
 * Lego sketch (Feng et al., ICML 2025): K = floor(budget / 100 KB) bricks, each a learned, normalised 5-row
 * Count-Min of 5 x 5120 float counters, queried through a small neural decoder that reads the brick
 * ({@link LegoModel}).
 *
 * <p>Store (Lego paper, Sec. 3.1): item x goes to brick H(x); row r gets {@code count * e_r(x)} at column c_r(x),
 * where the embedding e(x) is positive and sums to 5; the brick's stream length grows by count. Arrivals of recent
 * items are first summed exactly in a small buffer ({@link #BUFFER_SLOTS}) and reach the cells one product per item,
 * so heavy items are not rounded away by float32 cells that hold millions.
 *
 * <p>Query (Lego paper, Sec. 3.1 and Algorithm 2): the rule estimate {@code min_r M[r][c_r(x)] / e_r(x)} never
 * underestimates a non-negative stream and equals the true count when no other item shares any of the item's cells
 * (up to float32 rounding). The neural estimate is {@code min(decoder(x), rule(x))}, so it never exceeds the rule
 * estimate, but it can underestimate. Per brick, the answer is the neural estimate when the scan estimates more
 * than 10,000 distinct items and a skewness inside the range the model was trained for ({@link LegoGate}), and the
 * rule estimate otherwise. No worst-case bound holds for the neural path; {@link #boundsId} states the rule
 * estimate's interval ({@link LegoBounds}), which holds whichever path answers.
 *
 * <p>Merging adds counters and stream lengths element-wise, so a merged sketch equals one built over both
 * streams (up to float rounding); it needs the same model and brick count. The bytes hold the counters and the
 * model id, never the weights: reading them back needs the model to be loaded ({@link LegoModel#load}) to query.
 * Not thread-safe.
 *
 * <p>This class stores; {@link BrickReader} answers the queries, {@link ArrivalBuffer} holds recent arrivals,
 * {@link LegoMerge} merges, {@link LegoCodec} owns the payload layout, {@link LegoGate} picks the answering estimate.
 */
public class LegoSketch implements Sketch {
  /** Distinct items a brick must hold (as estimated) before the neural estimate is used. */
  public static final float NEURAL_MIN_ITEMS = LegoGate.MIN_ITEMS;
  /** Bytes of one brick (5 x 5120 float32 counters). */
  public static final long BRICK_BYTES = Brick.BYTES;
  /** Bricks one sketch may hold: keeps the serialized form under 2 GB. */
  public static final int MAX_BRICKS = BrickLimits.MAX_BRICKS;
  /**
   * The largest total count one sketch holds: 2^53, the largest a double counts exactly. Adds and merges that
   * would pass it are refused, and so are bytes that hold more (see {@link BrickLimits}).
   */
  public static final double MAX_TOTAL_COUNT = BrickLimits.MAX_TOTAL;

  /** Slots of the arrival buffer ({@link ArrivalBuffer}). */
  static final int BUFFER_SLOTS = ArrivalBuffer.SLOTS;

  private LegoModel model;
  private final long modelId;
  private final Brick[] bricks;
  private final ArrivalBuffer buffer = new ArrivalBuffer();
  private final ArrivalBuffer.Sink toBricks = this::store;
  /** Every count added or merged in so far, buffered or not: what the add and merge limits are checked against. */
  private double total;
  /** The stored item's columns and embedding: scratch reused by every store, so that adding allocates nothing. */
  private final int[] cols = new int[LegoModel.ROWS];
  private final float[] e = new float[LegoModel.ROWS];
  /** Answers the queries; made at the first one, as sketches that are only built and written never need it. */
  private BrickReader reader;

  /**
   * A sketch of {@code floor(budgetBytes / 102,400)} bricks.
   *
   * @throws IllegalArgumentException when the budget is under one brick
   */
  public LegoSketch(LegoModel model, long budgetBytes) {
    this(model, model.id(), BrickLimits.newBricks(bricksFor(budgetBytes)));
  }

  /** A sketch of exactly {@code bricks} bricks (a factory, so an int budget cannot be mistaken for a brick count). */
  public static LegoSketch withBricks(LegoModel model, int bricks) {
    return new LegoSketch(model, model.id(), BrickLimits.newBricks(bricks));
  }

  private LegoSketch(LegoModel model, long modelId, Brick[] bricks) {
    this.model = model;
    this.modelId = modelId;
    this.bricks = bricks;
    this.total = streamLengths(bricks);
  }

  /** A sketch of these bricks, as read from bytes ({@link LegoCodec}); the model may be null (not loaded). */
  static LegoSketch of(LegoModel model, long modelId, Brick[] bricks) {
    return new LegoSketch(model, modelId, bricks);
  }

  static double streamLengths(Brick[] bricks) {
    double n = 0;
    for (Brick b : bricks) {
      n += b.streamLength;
    }
    return n;
  }

  /**
   * Bricks for a memory budget: {@code floor(budgetBytes / 102,400)}.
   *
   * @throws IllegalArgumentException when the budget is under one brick
   */
  public static int bricksFor(long budgetBytes) {
    return BrickLimits.bricksFor(budgetBytes);
  }

  @Override
  public SketchKind kind() {
    return SketchKind.LEGO;
  }

  public int brickCount() {
    return bricks.length;
  }

  public long modelId() {
    return modelId;
  }

  /** The model, or null when the sketch was read from bytes whose model is not loaded in this JVM. */
  public LegoModel model() {
    return model;
  }

  /**
   * Gives a sketch read from bytes its model, needed to add and query.
   *
   * @throws IncompatibleMergeException when the model is not the one the sketch was built with
   */
  public void attachModel(LegoModel m) {
    if (m.id() != modelId) {
      throw new IncompatibleMergeException("this Lego sketch was built with model " + LegoModel.hex(modelId)
          + ", not " + m.idHex() + ": load the model file it was built with");
    }
    this.model = m;
  }

  LegoModel requireModel() {
    if (model == null) {
      LegoModel known = LegoModels.find(modelId);
      if (known == null) {
        throw new IllegalStateException("the model " + LegoModel.hex(modelId) + " of this Lego sketch is not loaded:"
            + " call LegoModel.load(path) on the model file it was built with before adding or querying");
      }
      model = known;
    }
    return model;
  }

  /** Sum of all counts added. */
  public double totalCount() {
    return streamLengths(bricks());
  }

  /**
   * Bytes of counters: bricks x 100 KB (the per-brick stream-length counters and the 4 KB arrival buffer are
   * not counted).
   */
  public long memoryBytes() {
    return bricks.length * BRICK_BYTES;
  }

  // ---- updates -----------------------------------------------------------------------------------------

  public void add(long item) {
    addId(item, 1);
  }

  public void add(long item, long count) {
    addId(item, count);
  }

  /** Adds a boxed item (Long, Integer, String, byte[]; see {@link LegoHash#idOf}). */
  public void add(Object item, long count) {
    addId(LegoHash.idOf(item), count);
  }

  /**
   * Adds a (possibly fractional) count to the item with this 64-bit id.
   *
   * @throws IllegalArgumentException for a negative or non-finite count (the rule estimate assumes arrivals
   *     only), or one that would take the sketch's total past {@link #MAX_TOTAL_COUNT}; the sketch is unchanged
   */
  public void addId(long id, double count) {
    if (!(count >= 0) || Double.isInfinite(count)) {
      throw new IllegalArgumentException("count " + count + " is negative or not finite: Lego sketches count arrivals only");
    }
    if (count == 0) {
      return;
    }
    if (!BrickLimits.fits(total, count)) {
      throw BrickLimits.tooLarge(total, count);
    }
    addChecked(id, count);
  }

  /**
   * {@link #addId} after its checks: for a caller that checked the whole of a change before making any of it
   * (D-Lego's merge moves the losing residents here), so that nothing can fail half-way.
   */
  void addChecked(long id, double count) {
    requireModel();
    total += count;
    buffer.add(id, count, toBricks);
  }

  private void store(long id, double count) {
    model.embed(id, e);
    LegoHash.columns(id, cols);
    bricks[LegoHash.brick(id, bricks.length)].add(cols, e, count);
  }

  // public for the DJL module (io.sketchbricks.lego.djl: batched inference reads the cells); not an API for users
  /**
   * The bricks themselves (not copies), with every arrival added so far in them: read, do not modify. Every read
   * of the bricks goes through here, as this moves the arrival buffer into them first.
   */
  public Brick[] bricks() {
    buffer.flush(toBricks);
    return bricks;
  }

  // ---- queries: answered by the BrickReader ---------------------------------------------------------------

  public double estimate(long item) {
    return estimateId(item);
  }

  public double estimateObject(Object item) {
    return estimateId(LegoHash.idOf(item));
  }

  /**
   * The ensemble answer (Lego paper, Algorithm 2): the neural estimate where the brick is in the trained range,
   * else the rule.
   */
  public double estimateId(long id) {
    return reader().estimateId(id);
  }

  /**
   * {@link #estimateId}'s estimate with an interval for the true count: upper the rule estimate (deterministic),
   * lower a Markov bound on the collision mass that holds with probability at least {@code confidence}; both
   * widened by {@link LegoBounds#ROUNDING} for float32 rounding. See {@link LegoBounds} for the derivation.
   *
   * @throws IllegalArgumentException for a confidence outside the open interval (0, 1)
   */
  public LegoBounds boundsId(long id, double confidence) {
    return reader().boundsId(id, confidence);
  }

  /** Whether a brick with these scan features answers through the network (the reference code's thresholds). */
  public boolean inTrainedRange(ScanFeatures f) {
    return reader().inTrainedRange(f);
  }

  /** Whether {@link #estimateId} answers this id through the network rather than the rule estimate. */
  public boolean answersNeurally(long id) {
    return reader().answersNeurally(id);
  }

  /** The rule-based estimate alone: never under the true count for non-negative streams. */
  public double ruleEstimateId(long id) {
    return reader().ruleEstimateId(id);
  }

  /** The neural estimate alone, {@code min(decoder, rule)}, whatever the brick's range. */
  public double neuralEstimateId(long id) {
    return reader().neuralEstimateId(id);
  }

  /** The scan features of brick k (cached until the brick changes). */
  public ScanFeatures features(int k) {
    return reader().features(k);
  }

  private BrickReader reader() {
    if (reader == null) {
      reader = new BrickReader(this);
    }
    return reader;
  }

  // ---- merge and bytes ---------------------------------------------------------------------------------

  @Override
  public void mergeSketch(Sketch other) {
    if (!(other instanceof LegoSketch o) || other.getClass() != getClass()) {
      throw new IncompatibleMergeException("cannot merge a " + kind().sqlName() + " sketch with "
          + (other == null ? "null" : "a " + other.kind().sqlName() + " sketch") + ": only sketches of the same kind merge");
    }
    LegoMerge.apply(this, LegoMerge.check(this, o));
  }

  /**
   * Adds a serialized Lego sketch ({@link #toByteArray}) of the same model and brick count straight from its
   * bytes, without building a second sketch. This is the merge step of the Spark aggregate: partial sketches of
   * hundreds of bricks arrive there as bytes, and parsing each into a sketch first would only make garbage.
   * The result equals {@code mergeSketch(LegoSketch.readPayload(...))} of the same bytes; damaged or too large
   * bytes leave this sketch as it was.
   *
   * @throws CorruptSketchException when the bytes are not an intact sketch
   * @throws IncompatibleMergeException when they hold another kind, another model or another brick count
   */
  public void mergeSerialized(byte[] bytes) {
    LegoMerge.mergeSerialized(this, bytes);
  }

  /** What has been added or merged in so far, buffered arrivals included (without emptying the buffer). */
  double runningTotal() {
    return total;
  }

  /** Records counts that {@link LegoMerge} added to the bricks. */
  void addToTotal(double merged) {
    total += merged;
  }

  /** The bricks as they are, without emptying the arrival buffer into them (for merges, where addition commutes). */
  Brick[] heldBricks() {
    return bricks;
  }

  @Override
  public SketchInfo info() {
    return new SketchInfo(kind().sqlName(), kind().currentVersion(), memoryBytes(), Math.round(totalCount()),
        params());
  }

  String params() {
    return "bricks=" + bricks.length + ",model=" + LegoModel.hex(modelId);
  }

  @Override
  public byte[] toByteArray() {
    return SketchFormat.write(kind(), payloadBytes(), this::writePayload);
  }

  /** Payload bytes ({@link LegoCodec}). */
  int payloadBytes() {
    return LegoCodec.payloadBytes(bricks.length);
  }

  void writePayload(ByteBuffer out) {
    LegoCodec.write(out, modelId, bricks());
  }

  /**
   * Reads a payload ({@link LegoCodec}); the model is looked up among the loaded ones ({@link LegoModels#find}),
   * else left unset.
   *
   * @throws CorruptSketchException when the brick count does not match the bytes present, or a stream length,
   *     a counter or the total is outside what a sketch holds ({@link BrickLimits}); checked before allocating
   */
  public static LegoSketch readPayload(ByteBuffer in, int version) {
    return LegoCodec.read(in, version);
  }
}
