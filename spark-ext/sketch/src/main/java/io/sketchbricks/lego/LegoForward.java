package io.sketchbricks.lego;

import java.util.Arrays;

/**
 * The plain-Java forward pass of a {@link LegoModel} (Lego paper, Sec. 3.1): the item embedding, the DeepSets
 * memory scan of a brick, and the decoder's estimate of one item, with scaled inputs and a bounded output (the
 * model's javadoc says why). One per model; holds the model's networks and the reduced per-item networks a query
 * runs, nothing mutable.
 */
public final class LegoForward {
  private static final int ROWS = LegoModel.ROWS;
  private static final int[] ITEM_DECODER_INPUTS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 20};
  private static final int[] ITEM_OUTPUT_INPUTS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

  private final LegoModel model;
  /**
   * The decoder and the output network without their per-brick inputs (memory feature, load, alpha, n), which
   * enter through {@link BrickTerms}' biases: what a query runs. Inputs kept: the pooled set (16) and the rule
   * estimate; for the output network the decoder's 16 outputs and the rule estimate.
   */
  final Mlp itemDecoder;
  final Mlp itemOutput;

  LegoForward(LegoModel model) {
    this.model = model;
    this.itemDecoder = model.decoder.withInputs(ITEM_DECODER_INPUTS);
    this.itemOutput = model.output.withInputs(ITEM_OUTPUT_INPUTS);
  }

  /**
   * The normalised multi-hash embedding of an item (Lego paper, Sec. 3.1; the factor 5 is the reference code's):
   * {@code e[r] = u_r / (u_0 + ... + u_4) * 5} with {@code u_r = V[g_r(id)]}. The entries are positive and sum to 5.
   */
  public void embed(long id, float[] e) {
    float[] v = model.v;
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
   * The DeepSets memory scan over the first {@link LegoModel#SCAN_COLUMNS} columns of each row of a brick (Lego
   * paper, Sec. 3.1), each counter scaled by {@link #scaled} against the brick's load.
   */
  public ScanFeatures scan(float[] cells, double streamLength) {
    int columns = LegoModel.SCAN_COLUMNS;
    float load = load((float) streamLength);
    float[] s = new float[4];
    float alpha = 0f;
    float n = 0f;
    float[] in = new float[1];
    for (int r = 0; r < ROWS; r++) {
      double[] sum = new double[32];
      for (int c = 0; c < columns; c++) {
        in[0] = scaled(cells[r * Brick.COLUMNS + c], load);
        float[] phi = model.scanEncoder.forward(in);
        for (int j = 0; j < 32; j++) {
          sum[j] += phi[j];
        }
      }
      float[] mean = new float[32];
      for (int j = 0; j < 32; j++) {
        mean[j] = (float) (sum[j] / columns);
      }
      float[] f = model.featureHead.forward(mean);
      for (int j = 0; j < 4; j++) {
        s[j] += f[j];
      }
      alpha += model.alphaHead.forward(mean)[0];
      n += model.nHead.forward(mean)[0];
    }
    for (int j = 0; j < 4; j++) {
      s[j] /= ROWS;
    }
    return new ScanFeatures(s, alpha / ROWS, n / ROWS * LegoModel.N_SCALE);
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
    float nIn = f.nHat() / LegoModel.N_SCALE;
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
    return new BrickTerms(f, load, model.decoder.firstLayerSum(z24), model.output.firstLayerSum(z20));
  }

  /**
   * The neural estimate of one item (Lego paper, Sec. 3.1, with scaled inputs and a bounded output), before the
   * {@code min} with the rule estimate: {@code rule * sigmoid(out)}, so it lies in [0, rule]. Allocates nothing
   * once the workspace has met the set encoder's regions. The brick's inputs enter through the terms' biases, so
   * the per-item networks ({@link #itemDecoder}, {@link #itemOutput}) leave them out; the set encoder runs region
   * by region ({@link SetEncoderRegions}).
   *
   * @param m the 5 counters read at the item's columns
   * @param e the item's embedding
   * @param rule the rule-based estimate {@code min_r m[r]/e[r]}
   * @param t the brick's terms ({@link #brickTerms})
   * @param w this thread's buffers
   */
  float decode(float[] m, float[] e, float rule, BrickTerms t, Workspace w) {
    float load = t.load();
    float[] y = w.y;
    Arrays.fill(y, 0f);
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

  /** The rule-based (generalised Count-Min) estimate: {@code min_r m[r] / e[r]} (Lego paper, Sec. 3.1). */
  public static float rule(float[] m, float[] e) {
    float best = Float.POSITIVE_INFINITY;
    for (int r = 0; r < ROWS; r++) {
      best = Math.min(best, m[r] / e[r]);
    }
    return best;
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
      dec = model.forward().itemDecoder.newBuffers();
      out = model.forward().itemOutput.newBuffers();
    }
  }
}
