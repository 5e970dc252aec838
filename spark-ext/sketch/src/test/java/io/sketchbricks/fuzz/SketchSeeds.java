package io.sketchbricks.fuzz;

import io.sketchbricks.adacms.AdaCountMinSketch;
import io.sketchbricks.adacms.TimeUnitSpec;
import io.sketchbricks.adacms.TimeWeight;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.frequency.FrequentItemsSketch;
import io.sketchbricks.kinds.SketchKinds;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoModels;
import io.sketchbricks.lego.LegoSketch;
import io.sketchbricks.ucl.UclConfig;
import io.sketchbricks.ucl.UclSketch;
import java.util.List;

/** Small valid sketches of every kind, with fixed items, written by the sketches' own code. */
final class SketchSeeds {
  private SketchSeeds() {}

  static List<byte[]> of(SketchKind kind) {
    return switch (kind) {
      case COUNT_MIN, COUNT_SKETCH, CONSERVATIVE_COUNT_MIN -> List.of(
          frequency(kind, 48, 0), frequency(kind, 96, 20), frequency(kind, 240, 200));
      case ELASTIC -> List.of(frequency(kind, 80, 0), frequency(kind, 96, 20), frequency(kind, 240, 200));
      case ADA_CMS -> List.of(ada(TimeWeight.defaultExponential(), 3, 0), ada(TimeWeight.defaultExponential(), 3, 40),
          ada(TimeWeight.NONE, 2, 25), ada(TimeWeight.linear(TimeWeight.DEFAULT_LINEAR_SLOPE), 4, 25));
      case HOKUSAI -> throw new IllegalArgumentException("the library does not read hokusai sketches: their reader"
          + " and its hostile-bytes tests are in the jobs (io.sketchbricks.eval)");
      case LEGO -> List.of(lego(1, 50));
      case D_LEGO -> List.of(dLego(40));
      case UCL -> List.of(ucl(0), ucl(30), ucl(200));
      case FREQUENT_ITEMS -> List.of(frequentItems(8, 0), frequentItems(8, 5), frequentItems(8, 60),
          frequentItems(64, 40));
    };
  }

  /** Adds item i (i = 0..n-1) with count 1 + i % 5, as strings and longs. */
  private static byte[] frequency(SketchKind kind, long memory, int n) {
    FrequencySketch s = SketchKinds.create(kind.sqlName(), memory);
    for (int i = 0; i < n; i++) {
      s.add((long) i, 1 + i % 5);
      s.add("item-" + i, 1);
    }
    return s.toByteArray();
  }

  /** n arrivals over a few dozen items (a small map purges); two null items make the skipped count non-zero. */
  private static byte[] frequentItems(int maxItems, int n) {
    FrequentItemsSketch s = new FrequentItemsSketch(maxItems);
    for (int i = 0; i < n; i++) {
      s.add("item-" + (i * 7 % 23), 1 + i % 4);
    }
    s.add(null, 1);
    s.add(null, 1);
    return s.toByteArray();
  }

  private static byte[] ada(TimeWeight weight, int levels, int n) {
    AdaCountMinSketch s = new AdaCountMinSketch(2 * 8 * 4 * levels, 2, levels, weight, TimeUnitSpec.DEFAULT, 7);
    for (int i = 0; i < n; i++) {
      s.add((long) (i % 7), i / 3, 1 + i % 3);
    }
    return s.toByteArray();
  }

  static LegoModel model() {
    return LegoModels.shipped();
  }

  static byte[] lego(int bricks, int n) {
    LegoSketch s = LegoSketch.withBricks(model(), bricks);
    for (int i = 0; i < n; i++) {
      s.add((long) i, 1 + i % 7);
    }
    return s.toByteArray();
  }

  private static byte[] dLego(int n) {
    DLegoSketch s = new DLegoSketch(model(), LegoSketch.BRICK_BYTES + 9 * 6);
    for (int i = 0; i < n; i++) {
      s.add((long) (i % 9), 1 + i % 4);
    }
    return s.toByteArray();
  }

  static UclSketch uclSketch(int n) {
    UclSketch s = new UclSketch(new UclConfig(3, 2, 5, 67, 2, 8, 3), 11);
    for (int i = 0; i < n; i++) {
      s.add((long) (i % 13), 1 + i % 3);
    }
    return s;
  }

  private static byte[] ucl(int n) {
    return uclSketch(n).toByteArray();
  }
}
