package io.sketchbricks.ucl;

import io.sketchbricks.core.CorruptSketchException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * The learned solver's parameters (UCL paper, Sec. IV-C2), held as plain float arrays so they can be stored, shipped
 * and reloaded without a deep-learning engine. Eight Linear layers, each a weight {@code [in][out]} (row-major) and
 * a bias {@code [out]}:
 *
 * <pre>
 *  0 encoder      width -> hidden      (per Count-Min row, ReLU)
 *  1 encoder      hidden -> hidden     (ReLU)
 *  2 trunk        depth*hidden -> layer (ReLU)
 *  3 trunk        layer -> hidden      (ReLU): h
 *  4 FiLM         hidden -> layer      (on SiLU(bucket embedding), then SiLU)
 *  5 FiLM         layer -> 2*hidden    (scale, shift)
 *  6 out_proj     hidden -> layer      (no activation, as the reference)
 *  7 out_proj     layer -> share       (sigmoid): one value per key of a logical bucket
 * </pre>
 *
 * No parameter depends on the number of keys N, so a model trained on one key list warm-starts training on a
 * longer one. The count for width 521 is 224,192 (the reference checkpoint's).
 *
 * <p>Bytes: magic "UCLM", version 1, depth, width, hidden, layer, share, then every weight and bias in layer
 * order as little-endian float32, then a CRC-32C of everything before it.
 */
public final class UclModel {
  static final int MAGIC = 0x55434C4D; // "UCLM"
  static final int VERSION = 1;
  public static final int DEFAULT_HIDDEN = 128;
  public static final int DEFAULT_LAYER = 64;
  public static final int DEFAULT_SHARE = 1024;
  /** Largest hidden and layer sizes a model may have (the defaults are 128 and 64). */
  public static final int MAX_HIDDEN = 4096;
  public static final int MAX_LAYER = 4096;
  /** Largest share (keys per logical bucket; default 1024). */
  public static final int MAX_SHARE = 1 << 20;
  /** Largest parameter count: the model's bytes stay within one Java array (2 GB). */
  public static final long MAX_PARAMETERS = (Integer.MAX_VALUE - 64) / 4;

  private final int depth;
  private final int width;
  private final int hidden;
  private final int layer;
  private final int share;
  /** weights[i] is [in*out] row-major, biases[i] is [out]. */
  private final float[][] weights;
  private final float[][] biases;

  public UclModel(int depth, int width, int hidden, int layer, int share, float[][] weights, float[][] biases) {
    this.depth = depth;
    this.width = width;
    this.hidden = hidden;
    this.layer = layer;
    this.share = share;
    this.weights = weights;
    this.biases = biases;
    for (int i = 0; i < 8; i++) {
      int[] s = shape(i);
      if (weights[i].length != s[0] * s[1] || biases[i].length != s[1]) {
        throw new IllegalArgumentException("layer " + i + " has " + weights[i].length + "/" + biases[i].length
            + " values but shape " + s[0] + "x" + s[1]);
      }
    }
  }

  /**
   * A freshly initialised model, as PyTorch's Linear default: every value uniform in +-1/sqrt(fan_in).
   *
   * @throws IllegalArgumentException for sizes outside the documented maxima ({@link #sizeProblem})
   */
  public static UclModel initial(int depth, int width, int hidden, int layer, int share, long seed) {
    String problem = sizeProblem(depth, width, hidden, layer, share);
    if (problem != null) {
      throw new IllegalArgumentException("UCL model " + problem);
    }
    SplittableRandom r = new SplittableRandom(seed);
    float[][] w = new float[8][];
    float[][] b = new float[8][];
    UclModel shapeOnly = new UclModel(depth, width, hidden, layer, share);
    for (int i = 0; i < 8; i++) {
      int[] s = shapeOnly.shape(i);
      double bound = 1 / Math.sqrt(s[0]);
      w[i] = uniform(r, s[0] * s[1], bound);
      b[i] = uniform(r, s[1], bound);
    }
    return new UclModel(depth, width, hidden, layer, share, w, b);
  }

  /** The reference code's sizes (hidden 128, layer 64, buckets of 1024 keys) for a depth x width Count-Min part. */
  public static UclModel initial(int depth, int width, long seed) {
    return initial(depth, width, DEFAULT_HIDDEN, DEFAULT_LAYER, DEFAULT_SHARE, seed);
  }

  private UclModel(int depth, int width, int hidden, int layer, int share) {
    this.depth = depth;
    this.width = width;
    this.hidden = hidden;
    this.layer = layer;
    this.share = share;
    this.weights = null;
    this.biases = null;
  }

  private static float[] uniform(SplittableRandom r, int n, double bound) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
    }
    return a;
  }

  /**
   * Why these sizes make no model, or null when they do: depth in [1, 16] and width with {@code depth x width}
   * under 2^28 (as {@link UclConfig}), hidden and layer in [1, 4096], share in [1, 2^20], and at most
   * {@link #MAX_PARAMETERS} parameters. Products are taken in long arithmetic, so no size can wrap around.
   */
  static String sizeProblem(int depth, int width, int hidden, int layer, int share) {
    if (depth < 1 || depth > UclConfig.MAX_DEPTH || width < 1 || (long) width * depth > Integer.MAX_VALUE / 8) {
      return "Count-Min part of " + depth + " x " + width + " is outside depth 1.." + UclConfig.MAX_DEPTH
          + " and depth x width below 2^28";
    }
    if (hidden < 1 || hidden > MAX_HIDDEN || layer < 1 || layer > MAX_LAYER || share < 1 || share > MAX_SHARE) {
      return "sizes hidden " + hidden + ", layer " + layer + ", share " + share + " are outside 1.." + MAX_HIDDEN
          + ", 1.." + MAX_LAYER + ", 1.." + MAX_SHARE;
    }
    long n = parameters(depth, width, hidden, layer, share);
    if (n > MAX_PARAMETERS) {
      return "of " + n + " parameters is over the " + MAX_PARAMETERS + " one model holds";
    }
    return null;
  }

  /** Weights plus biases of all eight layers, in long arithmetic (the order of {@link #shape}). */
  static long parameters(long depth, long width, long hidden, long layer, long share) {
    long[][] shapes = {{width, hidden}, {hidden, hidden}, {depth * hidden, layer}, {layer, hidden},
        {hidden, layer}, {layer, 2 * hidden}, {hidden, layer}, {layer, share}};
    long n = 0;
    for (long[] s : shapes) {
      n += s[0] * s[1] + s[1];
    }
    return n;
  }

  // public for the DJL module (io.sketchbricks.ucl.djl); not an API for users
  /** {in, out} of layer i (0..7). */
  public int[] shape(int i) {
    return switch (i) {
      case 0 -> new int[] {width, hidden};
      case 1 -> new int[] {hidden, hidden};
      case 2 -> new int[] {depth * hidden, layer};
      case 3 -> new int[] {layer, hidden};
      case 4 -> new int[] {hidden, layer};
      case 5 -> new int[] {layer, 2 * hidden};
      case 6 -> new int[] {hidden, layer};
      case 7 -> new int[] {layer, share};
      default -> throw new IndexOutOfBoundsException("layer " + i);
    };
  }

  public int depth() {
    return depth;
  }

  public int width() {
    return width;
  }

  public int hidden() {
    return hidden;
  }

  public int layer() {
    return layer;
  }

  /** Keys per logical bucket. */
  public int share() {
    return share;
  }

  // public for the DJL module (io.sketchbricks.ucl.djl); not an API for users
  public float[] weight(int i) {
    return weights[i];
  }

  // public for the DJL module (io.sketchbricks.ucl.djl); not an API for users
  public float[] bias(int i) {
    return biases[i];
  }

  /** Weights plus biases. */
  public long parameterCount() {
    long n = 0;
    for (int i = 0; i < 8; i++) {
      n += weights[i].length + biases[i].length;
    }
    return n;
  }

  /** Control-plane bytes of the parameters as float32. */
  public long parameterBytes() {
    return 4 * parameterCount();
  }

  public byte[] toByteArray() {
    int bytes = 4 * 7 + (int) parameterBytes() + 4;
    ByteBuffer out = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(MAGIC).putInt(VERSION).putInt(depth).putInt(width).putInt(hidden).putInt(layer).putInt(share);
    for (int i = 0; i < 8; i++) {
      out.asFloatBuffer().put(weights[i]);
      out.position(out.position() + 4 * weights[i].length);
      out.asFloatBuffer().put(biases[i]);
      out.position(out.position() + 4 * biases[i].length);
    }
    out.putInt(crc(out.array(), bytes - 4));
    return out.array();
  }

  /**
   * Reads {@link #toByteArray()} bytes.
   *
   * @throws CorruptSketchException for bytes of another format, of a newer version, truncated or damaged
   */
  public static UclModel fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length < 32) {
      throw new CorruptSketchException("not a UCL model: " + (bytes == null ? "null" : bytes.length + " bytes")
          + ", shorter than its header (truncated?)");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (in.getInt() != MAGIC) {
      throw new CorruptSketchException("not a UCL model: the bytes do not start with 'UCLM'");
    }
    int version = in.getInt();
    if (version != VERSION) {
      throw new CorruptSketchException("UCL model format version " + version + ", this build reads " + VERSION
          + ": retrain the model or upgrade Sketchbricks");
    }
    if (in.getInt(bytes.length - 4) != crc(bytes, bytes.length - 4)) {
      throw new CorruptSketchException("UCL model fails its checksum: the bytes were damaged or truncated;"
          + " retrain or reload the model");
    }
    int[] dims = new int[5];
    for (int i = 0; i < 5; i++) {
      dims[i] = in.getInt();
    }
    // sizes are checked against the maxima and the bytes present, in long arithmetic, before anything is allocated
    String problem = sizeProblem(dims[0], dims[1], dims[2], dims[3], dims[4]);
    if (problem != null) {
      throw new CorruptSketchException("UCL model " + problem + ": the bytes were damaged or are not a UCL model;"
          + " retrain or reload the model");
    }
    UclModel shapes = new UclModel(dims[0], dims[1], dims[2], dims[3], dims[4]);
    long expected = 32 + 4 * parameters(dims[0], dims[1], dims[2], dims[3], dims[4]);
    if (expected != bytes.length) {
      throw new CorruptSketchException("UCL model is " + bytes.length + " bytes but its sizes say " + expected
          + ": the bytes were truncated or padded; retrain or reload the model");
    }
    float[][] w = new float[8][];
    float[][] b = new float[8][];
    for (int i = 0; i < 8; i++) {
      int[] s = shapes.shape(i);
      w[i] = new float[s[0] * s[1]];
      in.asFloatBuffer().get(w[i]);
      in.position(in.position() + 4 * w[i].length);
      b[i] = new float[s[1]];
      in.asFloatBuffer().get(b[i]);
      in.position(in.position() + 4 * b[i].length);
      requireFinite(w[i], i, "weight");
      requireFinite(b[i], i, "bias");
    }
    return new UclModel(dims[0], dims[1], dims[2], dims[3], dims[4], w, b);
  }

  /** A NaN or infinite parameter would turn every decoded count into NaN: refused when read. */
  private static void requireFinite(float[] a, int layer, String what) {
    for (int j = 0; j < a.length; j++) {
      if (!Float.isFinite(a[j])) {
        throw new CorruptSketchException("UCL model layer " + layer + " has a non-finite " + what + " (" + a[j]
            + " at " + j + "): the model is damaged; retrain it");
      }
    }
  }

  private static int crc(byte[] bytes, int length) {
    CRC32C c = new CRC32C();
    c.update(bytes, 0, length);
    return (int) c.getValue();
  }
}
