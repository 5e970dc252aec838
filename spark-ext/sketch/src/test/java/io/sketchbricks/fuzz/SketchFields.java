package io.sketchbricks.fuzz;

import io.sketchbricks.core.SketchKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The numeric fields of a sketch's bytes, found by walking them as each kind's {@code toByteArray} writes them
 * (the offsets are the writers', read off their code). Counter arrays are left to the WORD mutator; every size,
 * count, parameter and total is listed so each gets zero, negative and huge values.
 */
final class SketchFields {
  private final List<Field> fields = new ArrayList<>();
  private final ByteBuffer in;
  private final int base;

  private SketchFields(byte[] bytes, int base) {
    this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    this.base = base;
    in.position(base);
  }

  /** The fields of a sketch written at {@code base} in {@code bytes} (0, or 8 inside a UCL state file). */
  static List<Field> of(byte[] bytes, int base) {
    SketchFields f = new SketchFields(bytes, base);
    f.walk();
    return f.fields;
  }

  private int add(String name, int width) {
    int at = in.position();
    fields.add(Field.le(name, at, width));
    in.position(at + width);
    return switch (width) {
      case 1 -> in.get(at);
      case 2 -> in.getShort(at);
      case 4 -> in.getInt(at);
      default -> (int) in.getLong(at);
    };
  }

  private long addLong(String name) {
    int at = in.position();
    add(name, 8);
    return in.getLong(at);
  }

  private void skip(long bytes) {
    in.position((int) (in.position() + bytes));
  }

  private void walk() {
    in.position(base + 4);
    int code = add("kind", 1);
    add("version", 1);
    add("reserved", 2);
    int payload = add("payload length", 4);
    int end = in.position() + payload;
    SketchKind kind = null;
    for (SketchKind k : SketchKind.values()) {
      kind = k.code() == code ? k : kind;
    }
    switch (kind) {
      case COUNT_MIN, COUNT_SKETCH, CONSERVATIVE_COUNT_MIN -> table("");
      case ELASTIC -> elastic();
      case ADA_CMS -> ada();
      case LEGO -> lego();
      case D_LEGO -> dLego();
      case UCL -> ucl();
      case FREQUENT_ITEMS -> frequentItems();
      default -> throw new IllegalStateException("unknown kind " + code);
    }
    if (in.position() != end) {
      throw new IllegalStateException(kind + " walk ended at " + in.position() + ", payload ends at " + end
          + ": the field map no longer matches the writer");
    }
  }

  private void totals() {
    addLong("seed");
    addLong("total count");
    addLong("skipped");
  }

  private void table(String prefix) {
    if (prefix.isEmpty()) {
      totals();
    }
    int depth = add(prefix + "depth", 4);
    int width = add(prefix + "width", 4);
    skip(4L * depth * width);
  }

  private void elastic() {
    totals();
    int buckets = add("heavy buckets", 4);
    for (int b = 0; b < buckets; b++) {
      addLong("bucket " + b + " key");
      add("bucket " + b + " positive votes", 4);
      add("bucket " + b + " negative votes and flag", 4);
    }
    table("light ");
  }

  private void ada() {
    totals();
    addLong("unit ms");
    addLong("origin ms");
    add("weight shape", 1);
    addLong("weight parameter");
    int depth = add("depth", 4);
    int width = add("width", 4);
    int levels = add("levels", 4);
    addLong("min time");
    addLong("max time");
    for (int l = 0; l < levels; l++) {
      addLong("origin of level " + l);
    }
    skip(8L * levels * depth * width);
  }

  private void lego() {
    addLong("model id");
    int bricks = add("brick count", 4);
    for (int k = 0; k < bricks; k++) {
      addLong("brick " + k + " stream length");
      skip(4L * 5 * 5120);
    }
  }

  private void dLego() {
    int buckets = add("heavy buckets", 4);
    for (int b = 0; b < buckets; b++) {
      addLong("bucket " + b + " key");
      addLong("bucket " + b + " count");
      addLong("bucket " + b + " neg");
      add("bucket " + b + " flag", 1);
    }
    lego();
  }

  /** Skipped count, then DataSketches' ItemsSketch bytes: preamble, counts, length-prefixed UTF-8 items. */
  private void frequentItems() {
    addLong("skipped");
    int preLongs = add("ds preamble longs", 1);
    add("ds serial version", 1);
    add("ds family", 1);
    add("ds lg max map size", 1);
    add("ds lg current map size", 1);
    add("ds flags", 1);
    add("ds unused", 2);
    if (preLongs == 1) {
      return;
    }
    int active = add("ds active items", 4);
    add("ds unused 2", 4);
    addLong("ds stream length");
    addLong("ds offset");
    for (int i = 0; i < active; i++) {
      addLong("ds count " + i);
    }
    for (int i = 0; i < active; i++) {
      skip(add("ds item " + i + " length", 4));
    }
  }

  private void ucl() {
    totals();
    int slots = add("hf slots", 4);
    int depth = add("depth", 4);
    int width = add("width", 4);
    int bfBits = add("bf bits", 4);
    add("bf hashes", 4);
    add("interval", 4);
    add("window", 4);
    for (int i = 0; i < slots; i++) {
      fields.add(Field.le("hf key " + i, in.position() + 8 * i, 8));
      fields.add(Field.le("hf val " + i, in.position() + 8 * slots + 4 * i, 4));
      fields.add(Field.le("hf neg " + i, in.position() + 12 * slots + 4 * i, 4));
    }
    skip(16L * slots + 4L * depth * width + 8L * ((bfBits + 63) >>> 6));
    int n = add("tracked keys", 4);
    skip(8L * n + (n + 7) / 8);
    int s = add("snapshots", 4);
    for (int i = 0; i < s; i++) {
      addLong("snapshot " + i + " arrivals");
      skip(4L * depth * width);
    }
  }
}
