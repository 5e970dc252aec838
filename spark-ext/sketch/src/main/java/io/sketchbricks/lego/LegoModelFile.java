package io.sketchbricks.lego;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The Lego model file: the weights of one {@link LegoModel}, versioned and checksummed.
 *
 * <pre>
 * magic "LEGM" | version (int) | model id (long) | trained alpha max (float, version 3) | tensor count (int)
 * per tensor: name length (short) + UTF-8 name | rank (byte) | dims (int each) | float32 values
 * version 4 only: low-skew threshold (float) | tensor count (int) | the low-skew networks' tensors, as above
 * CRC-32C of all bytes before it (int)
 * </pre>
 *
 * All numbers little-endian except the magic. Reading checks the magic, version, checksum, every name and shape
 * against the architecture, and that the stored id equals the id of the weights read, so a damaged or foreign
 * file is an error and never a silently different model. Files are written to a temporary name and moved into
 * place, so a crash never leaves a half-written model.
 */
public final class LegoModelFile {
  static final int MAGIC = 0x4C45474D; // "LEGM"
  /**
   * The version this build writes. Version 1 held networks that read raw counts; version 2 networks read
   * load-scaled counts ({@link LegoModel}): the same shapes, a different function, so 1 is refused. Version 3
   * adds the trained skewness range after the id (version 2 files read as the reference range, alpha up to 1).
   * Version 4 adds a second set of networks for low-skew bricks ({@link LegoModel#withLowSkewNetworks}); a model
   * without them is still written as version 3, so its file and bytes stay what they were.
   */
  public static final int VERSION = 4;
  /** The version of a model with one set of networks. */
  static final int SINGLE_VERSION = 3;

  private LegoModelFile() {}

  static void write(LegoModel model, Path file) throws IOException {
    byte[] bytes = toBytes(model);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The file's bytes for a model. */
  public static byte[] toBytes(LegoModel model) {
    Map<String, float[]> params = model.parameters();
    LegoModel low = model.lowSkewNetworks();
    Map<String, float[]> lowParams = low == null ? null : low.parameters();
    int size = 4 + 4 + 8 + 4 + 4 + tensorBytes(params) + (low == null ? 0 : 4 + 4 + tensorBytes(lowParams)) + 4;
    ByteBuffer buf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    buf.order(ByteOrder.BIG_ENDIAN).putInt(MAGIC).order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(low == null ? SINGLE_VERSION : VERSION).putLong(model.id()).putFloat(model.trainedAlphaMax());
    putTensors(buf, params);
    if (low != null) {
      buf.putFloat(model.lowSkewBelow());
      putTensors(buf, lowParams);
    }
    buf.putInt(crc(buf.array(), size - 4));
    return buf.array();
  }

  private static int tensorBytes(Map<String, float[]> params) {
    int size = 0;
    for (Map.Entry<String, float[]> e : params.entrySet()) {
      size += 2 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 1
          + 4 * LegoModel.shapes().get(e.getKey()).length + 4 * e.getValue().length;
    }
    return size;
  }

  private static void putTensors(ByteBuffer buf, Map<String, float[]> params) {
    buf.putInt(params.size());
    for (Map.Entry<String, float[]> e : params.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      buf.putShort((short) name.length).put(name);
      int[] shape = LegoModel.shapes().get(e.getKey());
      buf.put((byte) shape.length);
      for (int d : shape) {
        buf.putInt(d);
      }
      for (float x : e.getValue()) {
        buf.putFloat(x);
      }
    }
  }

  static LegoModel read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("Lego model file " + file + " does not exist: train one with LegoTrainer,"
          + " or point to an existing model file (-Dsketchbricks.lego.model=PATH)", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Lego model file " + file + ": " + e.getMessage(), e);
    }
    return fromBytes(bytes, file.toString());
  }

  /** Reads a model from file bytes; {@code source} names the bytes in error messages. */
  public static LegoModel fromBytes(byte[] bytes, String source) {
    String what = "Lego model file " + source;
    if (bytes.length < 28) {
      throw new IllegalArgumentException(what + " is only " + bytes.length + " bytes: truncated or not a model file");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    if (buf.getInt(0) != MAGIC) {
      throw new IllegalArgumentException(what + " does not start with the magic 'LEGM': not a Lego model file");
    }
    buf.order(ByteOrder.LITTLE_ENDIAN);
    if (buf.getInt(bytes.length - 4) != crc(bytes, bytes.length - 4)) {
      throw new IllegalArgumentException(what + " fails its checksum: the file is damaged or truncated;"
          + " copy it again or retrain");
    }
    buf.position(4);
    int version = buf.getInt();
    if (version == 1) {
      throw new IllegalArgumentException(what + " is a version-1 Lego model (a network over raw counts), which this"
          + " build no longer evaluates: retrain it with train-lego or use the shipped model");
    }
    if (version < 2 || version > VERSION) {
      throw new IllegalArgumentException(what + " has format version " + version + ", this build reads 2.." + VERSION
          + ": upgrade Sketchbricks to read it");
    }
    long storedId = buf.getLong();
    float alphaMax = version >= 3 ? buf.getFloat() : LegoModel.REFERENCE_ALPHA_MAX;
    Map<String, float[]> params = readTensors(buf, what);
    float lowBelow = Float.NaN;
    Map<String, float[]> lowParams = null;
    if (version >= 4) {
      try {
        lowBelow = buf.getFloat();
      } catch (BufferUnderflowException e) {
        throw new IllegalArgumentException(what + " ends before its low-skew networks: truncated", e);
      }
      lowParams = readTensors(buf, what + " (low-skew networks)");
    }
    if (buf.remaining() != 4) {
      throw new IllegalArgumentException(what + " has " + (buf.remaining() - 4) + " unexpected bytes after its tensors");
    }
    LegoModel model;
    try {
      model = LegoModel.fromParameters(params, alphaMax);
      if (lowParams != null) {
        model = model.withLowSkewNetworks(LegoModel.fromParameters(lowParams, alphaMax), lowBelow);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
    if (model.id() != storedId) {
      throw new IllegalArgumentException(what + " records model id " + LegoModel.hex(storedId)
          + " but its weights hash to " + model.idHex() + ": the file was altered after it was written");
    }
    return model;
  }

  /** Reads a tensor count and that many tensors, each checked against the architecture. */
  private static Map<String, float[]> readTensors(ByteBuffer buf, String what) {
    int count;
    try {
      count = buf.getInt();
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException(what + " ends before its tensor count: truncated", e);
    }
    if (count != LegoModel.shapes().size()) {
      throw new IllegalArgumentException(what + " says " + count + " tensors, the Lego architecture has "
          + LegoModel.shapes().size() + ": it is damaged or was written for another architecture");
    }
    Map<String, float[]> params = new LinkedHashMap<>();
    try {
      for (int t = 0; t < count; t++) {
        int nameLength = buf.getShort();
        if (nameLength < 1 || nameLength > buf.remaining()) {
          throw new IllegalArgumentException(what + " has a tensor name of " + nameLength + " bytes where "
              + buf.remaining() + " remain: truncated or damaged");
        }
        byte[] name = new byte[nameLength];
        buf.get(name);
        String n = new String(name, StandardCharsets.UTF_8);
        if (params.containsKey(n)) {
          throw new IllegalArgumentException(what + " holds tensor " + n + " twice: it is damaged");
        }
        int[] expected = LegoModel.shapes().get(n);
        int[] shape = new int[buf.get()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = buf.getInt();
        }
        if (expected == null || !Arrays.equals(expected, shape)) {
          throw new IllegalArgumentException(what + " has tensor " + n + " of shape " + Arrays.toString(shape)
              + " but the Lego architecture " + (expected == null ? "has no such tensor"
              : "needs " + Arrays.toString(expected)) + ": it was written for another architecture");
        }
        float[] values = new float[LegoModel.size(shape)];
        for (int i = 0; i < values.length; i++) {
          values[i] = buf.getFloat();
          if (!Float.isFinite(values[i])) {
            throw new IllegalArgumentException(what + " has a non-finite value " + values[i] + " in tensor " + n
                + ": a model with it answers NaN; it is damaged, retrain it");
          }
        }
        if (n.equals(LegoModel.V_NAME)) {
          for (float v : values) {
            if (!(v >= LegoModel.V_MIN && v <= LegoModel.V_MAX)) {
              throw new IllegalArgumentException(what + " has an embedding value " + v + " outside ["
                  + LegoModel.V_MIN + ", " + LegoModel.V_MAX + "] (training keeps V there, so every item's"
                  + " embedding is positive): it is damaged, retrain it");
            }
          }
        }
        params.put(n, values);
      }
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new IllegalArgumentException(what + " is shorter than its tensors say: truncated", e);
    }
    return params;
  }

  private static int crc(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }
}
