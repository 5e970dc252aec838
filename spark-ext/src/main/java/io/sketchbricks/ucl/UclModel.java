package io.sketchbricks.ucl;

import io.sketchbricks.core.CorruptSketchException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * The learned solver's parameters (spec 2.8), held as plain float arrays so they can be stored, shipped and
 * reloaded without a deep-learning engine. Eight Linear layers, each a weight {@code [in][out]} (row-major) and
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

  private final int depth;
  private final int width;
  private final int hidden;
  private final int layer;
  private final int share;
  /** weights[i] is [in*out] row-major, biases[i] is [out]. */
  private final float[][] weights;
  private final float[][] biases;

  UclModel(int depth, int width, int hidden, int layer, int share, float[][] weights, float[][] biases) {
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

  /** A freshly initialised model, as PyTorch's Linear default: every value uniform in +-1/sqrt(fan_in). */
  public static UclModel initial(int depth, int width, int hidden, int layer, int share, long seed) {
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

  /** The spec's sizes (hidden 128, layer 64, buckets of 1024 keys) for a depth x width Count-Min part. */
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

  /** {in, out} of layer i (0..7). */
  int[] shape(int i) {
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

  float[] weight(int i) {
    return weights[i];
  }

  float[] bias(int i) {
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
      if (dims[i] < 1 || dims[i] > (1 << 24)) {
        throw new CorruptSketchException("UCL model dimension " + dims[i] + " is out of range");
      }
    }
    UclModel shapes = new UclModel(dims[0], dims[1], dims[2], dims[3], dims[4]);
    long expected = 32;
    for (int i = 0; i < 8; i++) {
      int[] s = shapes.shape(i);
      expected += 4L * ((long) s[0] * s[1] + s[1]);
    }
    if (expected != bytes.length) {
      throw new CorruptSketchException("UCL model is " + bytes.length + " bytes but its sizes say " + expected);
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
    }
    return new UclModel(dims[0], dims[1], dims[2], dims[3], dims[4], w, b);
  }

  private static int crc(byte[] bytes, int length) {
    CRC32C c = new CRC32C();
    c.update(bytes, 0, length);
    return (int) c.getValue();
  }
}
