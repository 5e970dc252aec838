package io.sketchbricks.lego;

import io.sketchbricks.hash.ItemHash;
import io.sketchbricks.lego.Mlp.Act;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

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
 * every gradient was 1e9 to 1e12 (all clipped) and nothing was learned in 14,000 tasks. So every count enters
 * relative to the brick's mean cell load N/5120 as {@code ln(1 + x / load)} (counters, reads, the rule estimate),
 * the load itself as {@code ln(load)}, the n head regresses n / 10,000, and the output is {@code rule *
 * sigmoid(out)}: a learned fraction of the rule estimate, never above it, so the network only learns how much of
 * a read is collision noise. The layer shapes are unchanged.
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
  // public for the DJL module (io.sketchbricks.lego.djl); not an API for users
  /** The n head regresses the distinct-item count divided by this, so its loss and the decoder input stay O(1). */
  public static final float N_SCALE = 10_000f;

  final float[] v;
  final Mlp scanEncoder;
  final Mlp featureHead;
  final Mlp alphaHead;
  final Mlp nHead;
  final Mlp setEncoder;
  final Mlp decoder;
  final Mlp output;
  /**
   * The decoder and the output network without their per-brick inputs (memory feature, load, alpha, n), which
   * enter through {@link BrickTerms}' biases: what a query runs. Inputs kept: the pooled set (16) and the rule
   * estimate; for the output network the decoder's 16 outputs and the rule estimate.
   */
  final Mlp itemDecoder;
  final Mlp itemOutput;
  private static final int[] ITEM_DECODER_INPUTS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 20};
  private static final int[] ITEM_OUTPUT_INPUTS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  private final long id;

  /** The trained range's upper skewness of the authors' reference training: alpha in (0.5, 1.0]. */
  public static final float REFERENCE_ALPHA_MAX = 1.0f;

  private final float trainedAlphaMax;

  private LegoModel(Map<String, float[]> params, float trainedAlphaMax) {
    if (!(trainedAlphaMax > 0.5f && trainedAlphaMax <= 5f)) {
      throw new IllegalArgumentException("trained alpha range (0.5, " + trainedAlphaMax + "] is not a valid range");
    }
    this.trainedAlphaMax = trainedAlphaMax;
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, int[]> e : shapes().entrySet()) {
      float[] p = params.get(e.getKey());
      if (p == null || p.length != size(e.getValue())) {
        missing.add(e.getKey() + (p == null ? " (missing)" : " (has " + p.length + " values, needs " + size(e.getValue()) + ")"));
      }
    }
    if (!missing.isEmpty() || params.size() != shapes().size()) {
      throw new IllegalArgumentException("Lego model parameters do not match the architecture: " + missing
          + (params.size() != shapes().size() ? ", " + params.size() + " tensors given, " + shapes().size() + " expected" : ""));
    }
    this.v = params.get(V_NAME).clone();
    this.scanEncoder = mlp(params, "decode_module.memorydeepsets.enc", new int[] {1, 8, 16, 32}, Act.RELU, Act.RELU, Act.RELU);
    this.featureHead = mlp(params, "decode_module.memorydeepsets.main_dec", new int[] {32, 16, 8, 4}, Act.LEAKY, Act.LEAKY, Act.LEAKY);
    this.alphaHead = mlp(params, "decode_module.memorydeepsets.dec1", new int[] {32, 16, 16, 8, 1}, Act.LEAKY, Act.LEAKY, Act.LEAKY, Act.NONE);
    this.nHead = mlp(params, "decode_module.memorydeepsets.dec2", new int[] {32, 16, 16, 8, 1}, Act.LEAKY, Act.LEAKY, Act.LEAKY, Act.NONE);
    this.setEncoder = mlp(params, "decode_module.enc", new int[] {2, 8, 16, 16}, Act.RELU, Act.RELU, Act.RELU);
    this.decoder = mlp(params, "decode_module.dec", new int[] {24, 32, 16}, Act.LEAKY, Act.LEAKY);
    this.output = mlp(params, "decode_module.out1", new int[] {20, 8, 4, 1}, Act.LEAKY, Act.LEAKY, Act.NONE);
    this.itemDecoder = decoder.withInputs(ITEM_DECODER_INPUTS);
    this.itemOutput = output.withInputs(ITEM_OUTPUT_INPUTS);
    this.id = computeId();
  }

  private static Mlp mlp(Map<String, float[]> params, String prefix, int[] sizes, Act... acts) {
    List<Mlp.Layer> layers = new ArrayList<>();
    for (int l = 0; l + 1 < sizes.length; l++) {
      String name = prefix + "." + (2 * l);
      layers.add(new Mlp.Layer(name, sizes[l], sizes[l + 1], acts[l],
          params.get(name + ".weight").clone(), params.get(name + ".bias").clone()));
    }
    return new Mlp(layers);
  }

  /** Every parameter name with its shape, in the canonical order of the model file. */
  public static Map<String, int[]> shapes() {
    return SHAPES;
  }

  private static final Map<String, int[]> SHAPES = buildShapes();

  private static Map<String, int[]> buildShapes() {
    Map<String, int[]> s = new LinkedHashMap<>();
    s.put(V_NAME, new int[] {V_SIZE});
    addShapes(s, "decode_module.memorydeepsets.enc", 1, 8, 16, 32);
    addShapes(s, "decode_module.memorydeepsets.main_dec", 32, 16, 8, 4);
    addShapes(s, "decode_module.memorydeepsets.dec1", 32, 16, 16, 8, 1);
    addShapes(s, "decode_module.memorydeepsets.dec2", 32, 16, 16, 8, 1);
    addShapes(s, "decode_module.enc", 2, 8, 16, 16);
    addShapes(s, "decode_module.dec", 24, 32, 16);
    addShapes(s, "decode_module.out1", 20, 8, 4, 1);
    return Collections.unmodifiableMap(s);
  }

  private static void addShapes(Map<String, int[]> s, String prefix, int... sizes) {
    for (int l = 0; l + 1 < sizes.length; l++) {
      s.put(prefix + "." + (2 * l) + ".weight", new int[] {sizes[l + 1], sizes[l]});
      s.put(prefix + "." + (2 * l) + ".bias", new int[] {sizes[l + 1]});
    }
  }

  static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
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
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, float[]> p = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : SHAPES.entrySet()) {
      float[] a = new float[size(e.getValue())];
      if (e.getKey().equals(V_NAME)) {
        for (int i = 0; i < a.length; i++) {
          a[i] = clampV((float) (0.5005 + gaussian(rnd) / 5));
        }
      } else {
        String layer = e.getKey().substring(0, e.getKey().lastIndexOf('.'));
        int fanIn = SHAPES.get(layer + ".weight")[1];
        double bound = 1 / Math.sqrt(fanIn);
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
        }
      }
      p.put(e.getKey(), a);
    }
    return new LegoModel(p, REFERENCE_ALPHA_MAX);
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box-Muller; SplittableRandom has no nextGaussian in Java 17
    return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
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
    // re-order to the canonical order of SHAPES
    Map<String, float[]> ordered = new LinkedHashMap<>();
    for (String name : SHAPES.keySet()) {
      ordered.put(name, p.get(name));
    }
    return ordered;
  }

  /** The largest Zipf skewness of the meta-tasks the model was trained on. */
  public float trainedAlphaMax() {
    return trainedAlphaMax;
  }

  /**
   * How far above the trained range's top a brick's estimated skewness may be and still answer through the network.
   * The scan's alphaHat is itself an estimate: on streams at the top of the range (alpha 1.5 for the shipped model)
   * it lands above the top for most bricks, which then fell back to the rule estimate although the network was
   * trained for them and is better there (eval-lego, alpha 1.5, ARE at 300 / 900 KB with the model at 112,000
   * tasks: 8.79 / 0.661 through the gate without margin, 4.32 / 0.634 with it; Count-Min 5.52 / 0.650). A margin
   * of 0.25 and of 0.5 gave the same figures: no brick of those streams estimated above 1.75.
   */
  public static final float GATE_ALPHA_MARGIN = 0.25f;

  /**
   * The ensemble's gate (Lego paper, Algorithm 2; the thresholds are the reference code's): a brick answers through
   * the network when its scan estimates more than 10,000 distinct items and a skewness below the trained range's top
   * plus {@link #GATE_ALPHA_MARGIN}, and by the rule estimate otherwise.
   */
  public boolean inTrainedRange(float nHat, float alphaHat) {
    return nHat > LegoSketch.NEURAL_MIN_ITEMS && alphaHat < trainedAlphaMax + GATE_ALPHA_MARGIN;
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
    return trainedAlphaMax == REFERENCE_ALPHA_MAX ? h : ItemHash.mix(h ^ Float.floatToIntBits(trainedAlphaMax));
  }

  // ---- forward pass --------------------------------------------------------------------------------------

  /**
   * The normalised multi-hash embedding of an item (Lego paper, Sec. 3.1; the factor 5 is the reference code's):
   * {@code e[r] = u_r / (u_0 + ... + u_4) * 5} with {@code u_r = V[g_r(id)]}. The entries are positive and sum to 5.
   */
  public void embed(long id, float[] e) {
    float sum = 0f;
    for (int r = 0; r < ROWS; r++) {
      e[r] = v[LegoHash.embedIndex(id, r)];
      sum += e[r];
    }
    float scale = ROWS / sum; // one division instead of five: within 2 float ulps of (u / sum) * 5
    for (int r = 0; r < ROWS; r++) {
      e[r] = e[r] * scale;
    }
  }

  /**
   * The mean load of one cell of a brick that holds a stream of length {@code streamLength}: N / 5120 (at least
   * 1 / 5120, so an empty brick divides by a positive number). Every count enters the network relative to it.
   */
  static float load(float streamLength) {
    return Math.max(streamLength, 1f) / Brick.COLUMNS;
  }

  /** A counter or count as the network sees it: {@code ln(1 + x / load)}. Scale-free and at most about 16. */
  static float scaled(float x, float load) {
    return FloatLog.ln(1f + x / load);
  }

  /**
   * The DeepSets memory scan over the first {@link #SCAN_COLUMNS} columns of each row of a brick (Lego paper, Sec.
   * 3.1), each counter scaled by {@link #scaled} against the brick's load.
   */
  public ScanFeatures scan(float[] cells, double streamLength) {
    float load = load((float) streamLength);
    float[] s = new float[4];
    float alpha = 0f;
    float n = 0f;
    float[] in = new float[1];
    for (int r = 0; r < ROWS; r++) {
      double[] sum = new double[32];
      for (int c = 0; c < SCAN_COLUMNS; c++) {
        in[0] = scaled(cells[r * Brick.COLUMNS + c], load);
        float[] phi = scanEncoder.forward(in);
        for (int j = 0; j < 32; j++) {
          sum[j] += phi[j];
        }
      }
      float[] mean = new float[32];
      for (int j = 0; j < 32; j++) {
        mean[j] = (float) (sum[j] / SCAN_COLUMNS);
      }
      float[] f = featureHead.forward(mean);
      for (int j = 0; j < 4; j++) {
        s[j] += f[j];
      }
      alpha += alphaHead.forward(mean)[0];
      n += nHead.forward(mean)[0];
    }
    for (int j = 0; j < 4; j++) {
      s[j] /= ROWS;
    }
    return new ScanFeatures(s, alpha / ROWS, n / ROWS * N_SCALE);
  }

  /**
   * The neural estimate of one item (Lego paper, Sec. 3.1, with scaled inputs and a bounded output), before the
   * {@code min} with the rule estimate: {@code rule * sigmoid(out)}, so it lies in [0, rule].
   *
   * @param m the 5 counters read at the item's columns
   * @param e the item's embedding
   * @param rule the rule-based estimate {@code min_r m[r]/e[r]}
   * @param streamLength the brick's stream length N_k
   * @param f the brick's scan features
   *     (a new {@link Workspace} per call: loops should keep one and pass it)
   */
  public float decode(float[] m, float[] e, float rule, float streamLength, ScanFeatures f) {
    return decode(m, e, rule, streamLength, f, new Workspace(this));
  }

  /** {@link #decode(float[], float[], float, float, ScanFeatures)} with reusable buffers. */
  public float decode(float[] m, float[] e, float rule, float streamLength, ScanFeatures f, Workspace w) {
    return decode(m, e, rule, brickTerms(f, streamLength), w);
  }

  /**
   * The decoder inputs that depend only on the brick, and what they add to the first layers of the decoder and
   * the output network. A brick's 7 such inputs (memory feature, {@code ln(load)}, alphaHat, nHat) would cost
   * 248 of the 3,476 multiply-adds of every query; summed once per brick into the layers' biases they cost none.
   *
   * @param features the brick's scan features
   * @param load the brick's mean cell load ({@link #load})
   * @param decoderBias the decoder's first-layer bias plus its weights times the brick's inputs
   * @param outputBias the same for the output network's first layer
   */
  record BrickTerms(ScanFeatures features, float load, float[] decoderBias, float[] outputBias) {}

  /** The {@link BrickTerms} of a brick with these scan features and stream length. */
  BrickTerms brickTerms(ScanFeatures f, float streamLength) {
    float load = load(streamLength);
    float loadIn = (float) Math.log(load);
    float nIn = f.nHat() / N_SCALE;
    // the decoder's inputs are (pooled set 16, memory feature 4, rule, load, alpha, n), the output network's
    // (decoder 16, rule, load, alpha, n): here only the brick's entries, the rest zero
    float[] z24 = new float[24];
    for (int j = 0; j < 4; j++) {
      z24[16 + j] = f.feature(j);
    }
    z24[21] = loadIn;
    z24[22] = f.alphaHat();
    z24[23] = nIn;
    float[] z20 = new float[20];
    z20[17] = loadIn;
    z20[18] = f.alphaHat();
    z20[19] = nIn;
    return new BrickTerms(f, load, decoder.firstLayerSum(z24), output.firstLayerSum(z20));
  }

  /**
   * {@link #decode(float[], float[], float, float, ScanFeatures)} of a brick's {@link BrickTerms}, with reusable
   * buffers: allocates nothing once the workspace has met the set encoder's regions. The brick's inputs enter
   * through the terms' biases, so the per-item networks ({@link #itemDecoder}, {@link #itemOutput}) leave them
   * out; the set encoder runs region by region ({@link SetEncoderRegions}).
   */
  float decode(float[] m, float[] e, float rule, BrickTerms t, Workspace w) {
    float load = t.load();
    float[] y = w.y;
    java.util.Arrays.fill(y, 0f);
    float[] s = w.s;
    for (int r = 0; r < ROWS; r++) {
      s[r] = scaled(m[r], load);
    }
    float ruleIn = scaled(rule, load);
    w.regions.forwardAdd(s, e, ROWS, y);
    float[] z = w.z;
    for (int j = 0; j < 16; j++) {
      z[j] = y[j] / ROWS;
    }
    z[16] = ruleIn;
    float[] h16 = itemDecoder.forward(z, w.dec, t.decoderBias());
    System.arraycopy(h16, 0, z, 0, 16); // z[16] stays the rule estimate, the output network's 17th input
    float o = itemOutput.forward(z, w.out, t.outputBias())[0];
    return rule * (1f / (1f + (float) Math.exp(-o)));
  }

  /** Scratch buffers of one thread's decoder calls, so row-at-a-time queries allocate nothing. Not thread-safe. */
  public static final class Workspace {
    final float[] y = new float[16];
    /** The 5 scaled counters of the item. */
    final float[] s = new float[ROWS];
    /** The per-item inputs of the decoder, then of the output network (16 values and the rule estimate). */
    final float[] z = new float[17];
    final SetEncoderRegions regions;
    final float[][] dec;
    final float[][] out;

    public Workspace(LegoModel model) {
      regions = new SetEncoderRegions(model.setEncoder);
      dec = model.itemDecoder.newBuffers();
      out = model.itemOutput.newBuffers();
    }
  }

  /** The rule-based (generalised Count-Min) estimate: {@code min_r m[r] / e[r]} (Lego paper, Sec. 3.1). */
  public static float rule(float[] m, float[] e) {
    float best = Float.POSITIVE_INFINITY;
    for (int r = 0; r < ROWS; r++) {
      best = Math.min(best, m[r] / e[r]);
    }
    return best;
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
    return "LegoModel[id=" + idHex() + "]";
  }
}
