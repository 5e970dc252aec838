package io.sketchbricks.core;

import io.sketchbricks.adacms.AdaCountMinSketch;
import io.sketchbricks.adacms.HokusaiSketch;
import io.sketchbricks.frequency.ConservativeCountMinSketch;
import io.sketchbricks.frequency.CountMinSketch;
import io.sketchbricks.frequency.CountSketch;
import io.sketchbricks.frequency.ElasticSketch;
import io.sketchbricks.frequency.FrequentItemsSketch;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoSketch;
import io.sketchbricks.ucl.UclSketch;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;

/** Every sketch family with its one-byte code in the binary header, its SQL name and its payload reader. */
public enum SketchKind {
  COUNT_MIN(1, "cms", 1, true, CountMinSketch::readPayload),
  COUNT_SKETCH(2, "cs", 1, true, CountSketch::readPayload),
  CONSERVATIVE_COUNT_MIN(3, "cu", 1, true, ConservativeCountMinSketch::readPayload),
  ELASTIC(4, "elastic", 1, false, ElasticSketch::readPayload),
  ADA_CMS(5, "ada-cms", 1, false, AdaCountMinSketch::readPayload),
  HOKUSAI(6, "hokusai", 1, true, HokusaiSketch::readPayload),
  LEGO(7, "lego", 1, false, LegoSketch::readPayload),
  D_LEGO(8, "d-lego", 1, false, DLegoSketch::readPayload),
  /** UCL-sketch's data plane (heavy filter, Count-Min, Bloom filter, key list, snapshot window). */
  UCL(9, "ucl", 1, false, UclSketch::readPayload),
  /** DataSketches' frequent-items sketch of STRING items (top items with deterministic bounds). */
  FREQUENT_ITEMS(10, "frequent-items", 1, false, FrequentItemsSketch::readPayload);

  /** Reads a payload of the given format version; the buffer is little-endian and bounded to the payload. */
  @FunctionalInterface
  public interface PayloadReader {
    Sketch read(ByteBuffer payload, int version);
  }

  private final int code;
  private final String sqlName;
  private final int currentVersion;
  private final boolean orderFreeMerge;
  private final PayloadReader reader;

  SketchKind(int code, String sqlName, int currentVersion, boolean orderFreeMerge, PayloadReader reader) {
    this.code = code;
    this.sqlName = sqlName;
    this.currentVersion = currentVersion;
    this.orderFreeMerge = orderFreeMerge;
    this.reader = reader;
  }

  /**
   * Whether merging partials gives the same bytes in any order: true for integer counter tables, whose merge is
   * an exact sum. Float cells (Ada-CMS's weighted counters, Lego's bricks) round differently in another order, and
   * heavy parts (Elastic, D-Lego) and frequent items keep different items; {@link CanonicalMerge} fixes the order
   * for those.
   */
  public boolean orderFreeMerge() {
    return orderFreeMerge;
  }

  public int code() {
    return code;
  }

  /** The short name used in SQL, in the sketch table's {@code kind} column and on the command line. */
  public String sqlName() {
    return sqlName;
  }

  /** The format version this build writes; it reads every version up to this one. */
  public int currentVersion() {
    return currentVersion;
  }

  PayloadReader reader() {
    return reader;
  }

  static SketchKind ofCode(int code) {
    for (SketchKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    return null;
  }

  /** Looks a kind up by its SQL name (case-insensitive). */
  public static SketchKind ofName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (SketchKind k : values()) {
      if (k.sqlName.equals(n)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown sketch kind '" + name + "': expected one of "
        + Arrays.toString(Arrays.stream(values()).map(SketchKind::sqlName).toArray()));
  }
}
