package io.sketchbricks.core;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every sketch family's identity: its one-byte code in the binary header ({@link SketchFormat}), its SQL name, the
 * format version this build writes, and what it can do. The implementations (readers, factories) are registered
 * above them, in {@code io.sketchbricks.kinds.SketchKinds}, so that this package depends on none of them.
 *
 * <p>A code is a storage contract: it is never reused, also for a kind that leaves the library.
 */
public enum SketchKind {
  COUNT_MIN(1, "cms", 1, Capability.CLASSIC, Capability.LINEAR, Capability.STORED, Capability.ORDER_FREE_MERGE),
  COUNT_SKETCH(2, "cs", 1, Capability.CLASSIC, Capability.LINEAR, Capability.STORED, Capability.ORDER_FREE_MERGE),
  CONSERVATIVE_COUNT_MIN(3, "cu", 1, Capability.CLASSIC, Capability.STORED, Capability.ORDER_FREE_MERGE),
  ELASTIC(4, "elastic", 1, Capability.CLASSIC, Capability.STORED),
  ADA_CMS(5, "ada-cms", 1, Capability.TIMED, Capability.STORED),
  /** Hokusai, the time-adaptive baseline of {@code eval-time}: not part of the library, not stored in tables. */
  HOKUSAI(6, "hokusai", 1, Capability.TIMED, Capability.ORDER_FREE_MERGE),
  LEGO(7, "lego", 1, Capability.LEARNED, Capability.LINEAR, Capability.STORED),
  D_LEGO(8, "d-lego", 1, Capability.LEARNED, Capability.STORED),
  /** UCL-sketch's data plane (heavy filter, Count-Min, Bloom filter, key list, snapshot window). */
  UCL(9, "ucl", 1, Capability.LEARNED),
  /** DataSketches' frequent-items sketch of STRING items (top items with deterministic bounds). */
  FREQUENT_ITEMS(10, "frequent-items", 1, Capability.TOP_ITEMS, Capability.STORED);

  /** What a kind can do; lists of kinds (SQL functions, the jobs' {@code --sketch} choices) are derived from these. */
  public enum Capability {
    /** A point-query frequency sketch built from a memory budget alone, with a {@code <name>_agg} SQL aggregate. */
    CLASSIC,
    /** Answers queries over time ranges (each update carries a time). */
    TIMED,
    /** Its estimates come from a trained model. */
    LEARNED,
    /** Lists its top items with bounds. */
    TOP_ITEMS,
    /**
     * Its update is linear: adding a count c at once gives the same state as c arrivals of the item, in any order
     * (Count-Min, Count Sketch, Lego's bricks); conservative update and heavy parts are not.
     */
    LINEAR,
    /** Kept in the sketch table ({@code build-sketches}). */
    STORED,
    /**
     * Merging partials gives the same bytes in any order: true for integer counter tables, whose merge is an exact
     * sum. Float cells (Ada-CMS's weighted counters, Lego's bricks) round differently in another order, and heavy
     * parts (Elastic, D-Lego) and frequent items keep different items; {@link CanonicalMerge} fixes the order for
     * those.
     */
    ORDER_FREE_MERGE
  }

  private final int code;
  private final String sqlName;
  private final int currentVersion;
  private final Set<Capability> capabilities;

  SketchKind(int code, String sqlName, int currentVersion, Capability first, Capability... rest) {
    this.code = code;
    this.sqlName = sqlName;
    this.currentVersion = currentVersion;
    this.capabilities = EnumSet.of(first, rest);
  }

  /** Whether merging partials gives the same bytes in any order ({@link Capability#ORDER_FREE_MERGE}). */
  public boolean orderFreeMerge() {
    return has(Capability.ORDER_FREE_MERGE);
  }

  public boolean has(Capability capability) {
    return capabilities.contains(capability);
  }

  /** The kinds with a capability, in code order. */
  public static List<SketchKind> with(Capability capability) {
    return Arrays.stream(values()).filter(k -> k.has(capability)).toList();
  }

  /** The SQL names of the kinds with a capability, comma-separated ("cms, cs, cu, elastic"): for help and errors. */
  public static String namesWith(Capability capability) {
    return String.join(", ", with(capability).stream().map(SketchKind::sqlName).toList());
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

  /** The kind of a header code, or null for a code this build does not know. */
  public static SketchKind ofCode(int code) {
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
