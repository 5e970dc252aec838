package io.sketchbricks.fuzz;

import io.sketchbricks.core.SketchKind;
import io.sketchbricks.kinds.SketchKinds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every reader of bytes in the sketch module, with its CI budget of cases (the Spark glue's UCL state checkpoint,
 * {@code ucl-state}, is fuzzed in that module by {@code UclStateFuzzTest}). Kinds the library does not register
 * (the eval jobs' Hokusai baseline) have no reader here: their hostile bytes are tested beside their reader.
 */
final class FuzzTargets {
  private FuzzTargets() {}

  /** All target names, in run order. */
  static List<String> names() {
    List<String> n = new ArrayList<>();
    for (SketchKind k : SketchKind.values()) {
      if (SketchKinds.isRegistered(k)) {
        n.add(k.sqlName());
      }
    }
    n.addAll(List.of("lego-merge-serialized", "lego-model", "ucl-model", "lego-training-optimizer",
        "lego-training-json"));
    return n;
  }

  static FuzzTarget create(String name, Path tmp) throws Exception {
    return switch (name) {
      case "lego-merge-serialized" -> new LegoMergeSerializedTarget();
      case "lego-model" -> new LegoModelFileTarget();
      case "ucl-model" -> new UclModelTarget();
      case "lego-training-optimizer" -> new TrainingStateTarget("optimizer.bin", tmp.resolve("lego-training"));
      case "lego-training-json" -> new TrainingStateTarget("state.json", tmp.resolve("lego-training"));
      default -> new SketchTarget(SketchKind.ofName(name), casesOf(SketchKind.ofName(name)));
    };
  }

  private static int casesOf(SketchKind kind) {
    return switch (kind) {
      case LEGO -> 1_000;
      case D_LEGO -> 2_000; // enough field cases to reach the heavy buckets' counts
      case UCL -> 4_000;
      default -> 9_000;
    };
  }
}
