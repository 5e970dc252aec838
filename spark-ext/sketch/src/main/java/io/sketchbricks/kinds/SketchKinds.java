package io.sketchbricks.kinds;

import io.sketchbricks.adacms.AdaCountMinSketch;
import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchFormat.PayloadReader;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.frequency.ConservativeCountMinSketch;
import io.sketchbricks.frequency.CountMinSketch;
import io.sketchbricks.frequency.CountSketch;
import io.sketchbricks.frequency.ElasticSketch;
import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.frequency.FrequentItemsSketch;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoSketch;
import io.sketchbricks.ucl.UclSketch;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The registry of sketch implementations: for each {@link SketchKind}, the reader of its payload and, for the
 * classic kinds, the factory from a memory budget. Everything that reads "any sketch" ({@code sketch_estimate},
 * the sketch table, the jobs) reads through {@link #read}, and everything that builds a classic sketch by name
 * through {@link #create}. Adding a kind: its class, its {@link SketchKind} constant, and one line here.
 */
public final class SketchKinds {
  private record Registration(PayloadReader<?> reader, LongFunction<? extends FrequencySketch> budgetFactory) {}

  private static final Map<SketchKind, Registration> REGISTRY = new EnumMap<>(SketchKind.class);

  static {
    classic(SketchKind.COUNT_MIN, CountMinSketch::readPayload, FrequencySketch::countMin);
    classic(SketchKind.COUNT_SKETCH, CountSketch::readPayload, FrequencySketch::countSketch);
    classic(SketchKind.CONSERVATIVE_COUNT_MIN, ConservativeCountMinSketch::readPayload, FrequencySketch::conservative);
    classic(SketchKind.ELASTIC, ElasticSketch::readPayload, FrequencySketch::elastic);
    other(SketchKind.ADA_CMS, AdaCountMinSketch::readPayload);
    other(SketchKind.LEGO, LegoSketch::readPayload);
    other(SketchKind.D_LEGO, DLegoSketch::readPayload);
    other(SketchKind.UCL, UclSketch::readPayload);
    other(SketchKind.FREQUENT_ITEMS, FrequentItemsSketch::readPayload);
    // HOKUSAI (code 6) is the eval-time baseline beside the jobs; the library does not read it
  }

  private SketchKinds() {}

  private static <T extends FrequencySketch> void classic(SketchKind kind, PayloadReader<T> reader,
      LongFunction<T> factory) {
    if (!kind.has(SketchKind.Capability.CLASSIC)) {
      throw new IllegalStateException(kind + " is registered with a budget factory but is not CLASSIC");
    }
    REGISTRY.put(kind, new Registration(reader, factory));
  }

  private static void other(SketchKind kind, PayloadReader<?> reader) {
    REGISTRY.put(kind, new Registration(reader, null));
  }

  /** Whether this library reads the kind (every kind but the evaluation baseline Hokusai). */
  public static boolean isRegistered(SketchKind kind) {
    return REGISTRY.containsKey(kind);
  }

  /**
   * Reads a sketch of any registered kind.
   *
   * @throws CorruptSketchException naming what is wrong with the bytes
   */
  public static Sketch read(byte[] bytes) {
    SketchFormat.Envelope envelope = SketchFormat.open(bytes);
    return SketchFormat.read(envelope, registration(envelope.kind()).reader());
  }

  /**
   * Reads a sketch and checks that it is of the expected kind.
   *
   * @throws CorruptSketchException naming what is wrong with the bytes, or the kind that is there instead
   */
  public static Sketch read(byte[] bytes, SketchKind expected) {
    return SketchFormat.read(bytes, expected, registration(expected).reader());
  }

  /** Reads a point-query frequency sketch (the classic kinds and UCL). */
  public static FrequencySketch readFrequency(byte[] bytes) {
    Sketch s = read(bytes);
    if (s instanceof FrequencySketch f) {
      return f;
    }
    throw new IllegalArgumentException("a " + s.kind().sqlName() + " sketch is not a plain frequency sketch");
  }

  /** A classic sketch ({@link SketchKind.Capability#CLASSIC}) of the given SQL name with default depth and seed. */
  public static FrequencySketch create(String kindName, long memoryBytes) {
    return create(SketchKind.ofName(kindName), memoryBytes);
  }

  /** A classic sketch ({@link SketchKind.Capability#CLASSIC}) with default depth and seed. */
  public static FrequencySketch create(SketchKind kind, long memoryBytes) {
    Registration r = REGISTRY.get(kind);
    if (r == null || r.budgetFactory() == null) {
      throw new IllegalArgumentException("'" + kind.sqlName() + "' is not a classic frequency sketch ("
          + SketchKind.namesWith(SketchKind.Capability.CLASSIC) + "): build it with its own class"
          + " (io.sketchbricks.adacms for time-adaptive kinds, io.sketchbricks.lego with a model,"
          + " io.sketchbricks.ucl.UclSketch)");
    }
    return r.budgetFactory().apply(memoryBytes);
  }

  private static Registration registration(SketchKind kind) {
    Registration r = REGISTRY.get(kind);
    if (r == null) {
      throw new CorruptSketchException(kind.sqlName() + " sketches are the eval-time baseline and are not read by"
          + " the library: read them with io.sketchbricks.eval.HokusaiSketch in the jobs");
    }
    return r;
  }
}
