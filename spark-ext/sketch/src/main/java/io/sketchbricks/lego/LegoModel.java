package io.sketchbricks.lego;

import io.sketchbricks.hash.ItemHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The learned part of a Lego sketch (ICML 2025): the 80-value embedding vector V, the DeepSets memory scan and
 * the decoder (Lego paper, Sec. 3.1), with a plain-Java forward pass. One model serves any number of bricks.
 *
 * <p>Shapes (5,351 parameters): scan element encoder 1-8-16-32 (ReLU); three heads per row averaged over the
 * 5 rows: memory feature 32-16-8-4 (LeakyReLU after each layer), alpha and n heads 32-16-16-8-1 (LeakyReLU, linear
 * output); decoder set encoder 2-8-16-16 (ReLU) averaged over rows, then 24-32-16 (LeakyReLU), then 20-8-4-1
 * (LeakyReLU, linear output). Parameter names and layouts are those of the reference PyTorch state dict.
 *
 * <p>Deviation from the reference, on purpose: the reference feeds raw counters, stream length and distinct
 * count (up to millions) into the networks and reads the estimate off a linear output. Trained that way here,
 * the raw magnitudes put every gradient orders of magnitude past the clipping norm, so every step was clipped,
 * and the network learned nothing (README, "Measured here", "Design choices, measured"). So every count enters
 * relative to the brick's mean cell load N/5120 as {@code ln(1 + x / load)} (counters, reads, the rule estimate),
 * the load itself as {@code ln(load)}, the n head regresses n / 10,000, and the output is {@code rule *
 * sigmoid(out)}: a learned fraction of the rule estimate, never above it, so the network only learns how much of
 * a read is collision noise. The layer shapes are unchanged.
 *
 * <p>This class holds the weights and the model's identity; {@link LegoArchitecture} knows the shapes and the
 * initialisation, {@link LegoForward} runs the networks, {@link LegoGate} decides when they answer, and
 * {@link LegoModelFile} / {@link LegoModels} read, write and register model files.
 *
 * <p>A model may carry a second set of networks for low-skew bricks ({@link #withLowSkewNetworks}): a brick whose
 * scan (by this model's networks) estimates a skewness below {@link #lowSkewBelow()} answers through them. Both
 * share the embedding V, so the counters a sketch stores are the same under either; the two networks come from
 * different trainings, each better in its own range (README, "Measured here", Lego).
 *
 * <p>Immutable. Its {@link #id()} is a 64-bit hash of every parameter: sketches record it, so a sketch is only
 * ever queried or merged with the model it was built with.
 */
public final class LegoModel {
  /** Entries of V. */
  public static final int V_SIZE = 80;
  /** Rows of a brick = embedding dimension. */
  public static final int ROWS = 5;
  /** Columns of each row the memory scan reads (the first 10 % of 5120, as in the reference). */
  public static final int SCAN_COLUMNS = 512;
  /** V is kept within [V_MIN, V_MAX] (the reference clamps it after every optimizer step). */
  public static final float V_MIN = 0.001f;
  public static final float V_MAX = 1f;
  // public for the DJL module (io.sketchbricks.lego.djl); not an API for users
  public static final String V_NAME = "embedding_module.V";
  /** The n head regresses the distinct-item count divided by this, so its loss and the decoder input stay O(1). */
  public static final float N_SCALE = 10_000f;
  /** The trained range's upper skewness of the authors' reference training: alpha in (0.5, 1.0]. */
  public static final float REFERENCE_ALPHA_MAX = 1.0f;
  /** {@link LegoGate#ALPHA_MARGIN}. */
  public static final float GATE_ALPHA_MARGIN = LegoGate.ALPHA_MARGIN;

  final float[] v;
  final Mlp scanEncoder;
  final Mlp featureHead;
  final Mlp alphaHead;
  final Mlp nHead;
  final Mlp setEncoder;
  final Mlp decoder;
  final Mlp output;
  private final LegoGate gate;
  private final LegoForward forward;
  /** The networks that answer low-skew bricks, or null; {@link #lowSkewBelow} is their threshold. */
  private final LegoModel lowSkew;
  private final float lowSkewBelow;
  private final long id;

  private LegoModel(Map<String, float[]> params, float trainedAlphaMax) {
    this(params, trainedAlphaMax, null, Float.NaN);
  }

  private LegoModel(Map<String, float[]> params, float trainedAlphaMax, LegoModel lowSkew, float lowSkewBelow) {
    this.lowSkew = lowSkew;
    this.lowSkewBelow = lowSkewBelow;
    this.gate = new LegoGate(trainedAlphaMax);
    LegoArchitecture.requireMatches(params);
    this.v = params.get(V_NAME).clone();
    this.scanEncoder = LegoArchitecture.scanEncoder(params);
    this.featureHead = LegoArchitecture.featureHead(params);
    this.alphaHead = LegoArchitecture.alphaHead(params);
    this.nHead = LegoArchitecture.nHead(params);
    this.setEncoder = LegoArchitecture.setEncoder(params);
    this.decoder = LegoArchitecture.decoder(params);
    this.output = LegoArchitecture.output(params);
    this.forward = new LegoForward(this);
    this.id = computeId();
  }

  /**
   * This model with {@code low}'s networks answering the bricks whose scan, by this model's networks, estimates a
   * skewness below {@code below}; the gate ({@link #gate()}) stays this model's.
   *
   * @throws IllegalArgumentException unless both have the same embedding V and trained skewness range, neither
   *     already has low-skew networks, and 0.5 &lt; below &lt;= 5
   */
  public LegoModel withLowSkewNetworks(LegoModel low, float below) {
    if (lowSkew != null || low.lowSkew != null) {
      throw new IllegalArgumentException("a Lego model holds at most one set of low-skew networks");
    }
    if (!java.util.Arrays.equals(v, low.v)) {
      throw new IllegalArgumentException("low-skew networks need the same embedding V (model " + low.idHex()
          + " has another than " + idHex() + "): only a model trained on from this one with V frozen fits");
    }
    if (!(below > 0.5f && below <= 5f)) {
      throw new IllegalArgumentException("low-skew threshold " + below + " is not in (0.5, 5]");
    }
    if (low.trainedAlphaMax() != trainedAlphaMax()) {
      // the model file stores one trained range for both sets
      throw new IllegalArgumentException("model " + low.idHex() + " was trained on skewness up to "
          + low.trainedAlphaMax() + ", " + idHex() + " up to " + trainedAlphaMax() + ": combine models of one range");
    }
    Map<String, float[]> params = parameters();
    return new LegoModel(params, gate.trainedAlphaMax(), low, below);
  }

  /** The networks answering low-skew bricks, or null when this model has one set ({@link #withLowSkewNetworks}). */
  public LegoModel lowSkewNetworks() {
    return lowSkew;
  }

  /** The scan skewness below which {@link #lowSkewNetworks()} answer; NaN without them. */
  public float lowSkewBelow() {
    return lowSkewBelow;
  }

  /** The model whose networks answer a brick with these scan features (by this model's scan). */
  public LegoModel answering(ScanFeatures f) {
    return answering(f.alphaHat());
  }

  /** {@link #answering(ScanFeatures)} by the scan's skewness alone. */
  public LegoModel answering(float alphaHat) {
    return lowSkew != null && alphaHat < lowSkewBelow ? lowSkew : this;
  }

  /** Every parameter name with its shape, in the canonical order of the model file. */
  public static Map<String, int[]> shapes() {
    return LegoArchitecture.shapes();
  }

  static int size(int[] shape) {
    return LegoArchitecture.size(shape);
  }

  /** A model from named parameters (copied), e.g. exported by the trainer. */
  public static LegoModel fromParameters(Map<String, float[]> params) {
    return new LegoModel(params, REFERENCE_ALPHA_MAX);
  }

  /**
   * A model from named parameters whose meta-tasks had skewness up to {@code trainedAlphaMax}: its bricks answer
   * through the network only while the scan estimates a skewness below it ({@link #inTrainedRange}).
   */
  public static LegoModel fromParameters(Map<String, float[]> params, float trainedAlphaMax) {
    return new LegoModel(params, trainedAlphaMax);
  }

  /**
   * A freshly initialised model, as the reference initialises it: every Linear layer uniform in +-1/sqrt(fan_in)
   * (PyTorch's default), V = 0.5005 + N(0,1)/5 clamped to [0.001, 1].
   */
  public static LegoModel random(long seed) {
    return new LegoModel(LegoArchitecture.randomParameters(seed), REFERENCE_ALPHA_MAX);
  }

  // public for the DJL module (io.sketchbricks.lego.djl); not an API for users
  public static float clampV(float x) {
    return Math.max(V_MIN, Math.min(V_MAX, x));
  }

  /** Copies of all parameters by name, in canonical order. */
  public Map<String, float[]> parameters() {
    Map<String, float[]> p = new LinkedHashMap<>();
    p.put(V_NAME, v.clone());
    for (Mlp m : List.of(scanEncoder, featureHead, alphaHead, nHead, setEncoder, decoder, output)) {
      for (Mlp.Layer l : m.layers()) {
        p.put(l.name() + ".weight", l.weight().clone());
        p.put(l.name() + ".bias", l.bias().clone());
      }
    }
    // re-order to the canonical order of the architecture
    Map<String, float[]> ordered = new LinkedHashMap<>();
    for (String name : shapes().keySet()) {
      ordered.put(name, p.get(name));
    }
    return ordered;
  }

  /** The largest Zipf skewness of the meta-tasks the model was trained on. */
  public float trainedAlphaMax() {
    return gate.trainedAlphaMax();
  }

  /** When this model's network answers rather than the rule estimate. */
  public LegoGate gate() {
    return gate;
  }

  /** {@link LegoGate#inTrainedRange(float, float)} of this model's gate. */
  public boolean inTrainedRange(float nHat, float alphaHat) {
    return gate.inTrainedRange(nHat, alphaHat);
  }

  /** This model's forward pass. */
  public LegoForward forward() {
    return forward;
  }

  /** A 64-bit hash of every parameter value in canonical order (and of the trained range): equal ids mean equal models. */
  public long id() {
    return id;
  }

  /** {@link #id()} as 16 hex digits, for messages and file names. */
  public String idHex() {
    return hex(id);
  }

  // public for the DJL module (io.sketchbricks.lego.djl); not an API for users
  public static String hex(long id) {
    return String.format("%016x", id);
  }

  private long computeId() {
    Map<String, float[]> p = parameters();
    int n = 0;
    for (float[] a : p.values()) {
      n += a.length;
    }
    ByteBuffer buf = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] a : p.values()) {
      for (float x : a) {
        buf.putFloat(x);
      }
    }
    long h = ItemHash.hash(buf.array(), 0x4C45474F4D4F444CL);
    // the reference range keeps the ids of models that predate the field
    float alphaMax = gate.trainedAlphaMax();
    long single = alphaMax == REFERENCE_ALPHA_MAX ? h : ItemHash.mix(h ^ Float.floatToIntBits(alphaMax));
    return lowSkew == null ? single
        : ItemHash.mix(ItemHash.mix(single ^ lowSkew.id()) ^ Float.floatToIntBits(lowSkewBelow));
  }

  // ---- the forward pass, for callers that hold the model -------------------------------------------------

  /** {@link LegoForward#embed}. */
  public void embed(long id, float[] e) {
    forward.embed(id, e);
  }

  /** {@link LegoForward#scan}. */
  public ScanFeatures scan(float[] cells, double streamLength) {
    return forward.scan(cells, streamLength);
  }

  /**
   * The neural estimate of one item before the {@code min} with the rule estimate ({@link LegoForward#decode}),
   * with a new {@link LegoForward.Workspace} per call: loops should keep one and pass it.
   *
   * @param m the 5 counters read at the item's columns
   * @param e the item's embedding
   * @param rule the rule-based estimate {@code min_r m[r]/e[r]}
   * @param streamLength the brick's stream length N_k
   * @param f the brick's scan features
   */
  public float decode(float[] m, float[] e, float rule, float streamLength, ScanFeatures f) {
    return decode(m, e, rule, streamLength, f, new LegoForward.Workspace(this));
  }

  /** {@link #decode(float[], float[], float, float, ScanFeatures)} with reusable buffers. */
  public float decode(float[] m, float[] e, float rule, float streamLength, ScanFeatures f, LegoForward.Workspace w) {
    return forward.decode(m, e, rule, forward.brickTerms(f, streamLength), w);
  }

  /** {@link LegoForward#rule}. */
  public static float rule(float[] m, float[] e) {
    return LegoForward.rule(m, e);
  }

  // ---- files ---------------------------------------------------------------------------------------------

  /** Writes the model file ({@link LegoModelFile}). */
  public void save(Path file) {
    try {
      LegoModelFile.write(this, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Lego model file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a model file ({@link LegoModelFile}) and registers the model so sketches built with it can be read. */
  public static LegoModel load(Path file) {
    LegoModel m = LegoModelFile.read(file);
    LegoModels.register(m);
    return m;
  }

  @Override
  public String toString() {
    return "LegoModel[id=" + idHex() + (lowSkew == null ? "" : ", below alpha " + lowSkewBelow + ": "
        + lowSkew.idHex()) + "]";
  }
}
