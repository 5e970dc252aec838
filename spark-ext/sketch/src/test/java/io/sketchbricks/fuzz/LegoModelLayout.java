package io.sketchbricks.fuzz;

import io.sketchbricks.lego.LegoModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout of a Lego model file as {@code LegoModelFile.toBytes} writes it: magic, version, model id, trained
 * alpha max, tensor count, then per tensor name length (int16), name, rank (byte), dims (int32 each) and float32
 * values; in version 4 then the low-skew threshold, tensor count and tensors of the low-skew networks; CRC-32C
 * last. Used to list the fields and to re-stamp the model id after a weight is changed (the id is a hash of the
 * weights: a second checksum that would otherwise hide every weight mutation).
 */
final class LegoModelLayout {
  final List<Field> fields = new ArrayList<>();
  /** Offset and length (in floats) of each tensor's values, by name. */
  final Map<String, int[]> values = new LinkedHashMap<>();
  /** The same for the low-skew networks (version 4), and the offset of their threshold (-1: none). */
  final Map<String, int[]> lowValues = new LinkedHashMap<>();
  int lowBelowAt = -1;

  LegoModelLayout(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    fields.add(Field.le("version", 4, 4));
    fields.add(Field.le("model id", 8, 8));
    fields.add(Field.le("trained alpha max", 16, 4));
    b.position(20);
    tensors(b, "", values);
    if (b.getInt(4) >= 4) {
      lowBelowAt = b.position();
      fields.add(Field.le("low-skew threshold", b.position(), 4));
      b.position(b.position() + 4);
      tensors(b, "low-skew ", lowValues);
    }
    if (b.remaining() != 4) {
      throw new IllegalStateException("model file layout ends " + b.remaining() + " bytes before the end, not 4");
    }
  }

  /** A tensor count and its tensors from b's position, their fields named with {@code prefix}. */
  private void tensors(ByteBuffer b, String prefix, Map<String, int[]> into) {
    fields.add(Field.le(prefix + "tensor count", b.position(), 4));
    int count = b.getInt();
    for (int t = 0; t < count; t++) {
      fields.add(Field.le(prefix + "tensor " + t + " name length", b.position(), 2));
      byte[] name = new byte[b.getShort()];
      b.get(name);
      String n = new String(name, StandardCharsets.UTF_8);
      fields.add(Field.le(prefix + n + " rank", b.position(), 1));
      int rank = b.get();
      int size = 1;
      for (int i = 0; i < rank; i++) {
        fields.add(Field.le(prefix + n + " dim " + i, b.position(), 4));
        size *= b.getInt();
      }
      into.put(n, new int[] {b.position(), size});
      b.position(b.position() + 4 * size);
    }
  }

  /** Every tensor's values, the low-skew networks' named with the prefix "low-skew ". */
  Map<String, int[]> allValues() {
    Map<String, int[]> all = new LinkedHashMap<>(values);
    lowValues.forEach((n, v) -> all.put("low-skew " + n, v));
    return all;
  }

  private static Map<String, float[]> read(ByteBuffer b, Map<String, int[]> layout) {
    Map<String, float[]> params = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : layout.entrySet()) {
      float[] v = new float[e.getValue()[1]];
      for (int i = 0; i < v.length; i++) {
        v[i] = b.getFloat(e.getValue()[0] + 4 * i);
      }
      params.put(e.getKey(), v);
    }
    return params;
  }

  /** Writes the id of the weights in {@code file} at its id field; false when they do not make a model. */
  boolean restampId(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    try {
      float alphaMax = b.getFloat(16);
      LegoModel model = LegoModel.fromParameters(read(b, values), alphaMax);
      if (lowBelowAt >= 0) {
        model = model.withLowSkewNetworks(LegoModel.fromParameters(read(b, lowValues), alphaMax),
            b.getFloat(lowBelowAt));
      }
      b.putLong(8, model.id());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
