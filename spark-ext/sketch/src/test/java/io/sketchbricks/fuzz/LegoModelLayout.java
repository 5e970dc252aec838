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
 * values; CRC-32C last. Used to list the fields and to re-stamp the model id after a weight is changed (the id
 * is a hash of the weights: a second checksum that would otherwise hide every weight mutation).
 */
final class LegoModelLayout {
  final List<Field> fields = new ArrayList<>();
  /** Offset and length (in floats) of each tensor's values, by name. */
  final Map<String, int[]> values = new LinkedHashMap<>();

  LegoModelLayout(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    fields.add(Field.le("version", 4, 4));
    fields.add(Field.le("model id", 8, 8));
    fields.add(Field.le("trained alpha max", 16, 4));
    fields.add(Field.le("tensor count", 20, 4));
    int count = b.getInt(20);
    b.position(24);
    for (int t = 0; t < count; t++) {
      fields.add(Field.le("tensor " + t + " name length", b.position(), 2));
      byte[] name = new byte[b.getShort()];
      b.get(name);
      String n = new String(name, StandardCharsets.UTF_8);
      fields.add(Field.le(n + " rank", b.position(), 1));
      int rank = b.get();
      int size = 1;
      for (int i = 0; i < rank; i++) {
        fields.add(Field.le(n + " dim " + i, b.position(), 4));
        size *= b.getInt();
      }
      values.put(n, new int[] {b.position(), size});
      b.position(b.position() + 4 * size);
    }
    if (b.remaining() != 4) {
      throw new IllegalStateException("model file layout ends " + b.remaining() + " bytes before the end, not 4");
    }
  }

  /** Writes the id of the weights in {@code file} at its id field; false when they do not make a model. */
  boolean restampId(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    Map<String, float[]> params = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : values.entrySet()) {
      float[] v = new float[e.getValue()[1]];
      for (int i = 0; i < v.length; i++) {
        v[i] = b.getFloat(e.getValue()[0] + 4 * i);
      }
      params.put(e.getKey(), v);
    }
    try {
      b.putLong(8, LegoModel.fromParameters(params, b.getFloat(16)).id());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
