package io.sketchbricks.eval;

import io.sketchbricks.core.SketchKind;
import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.metrics.ExactCounts;
import io.sketchbricks.ucl.DecodeMode;
import io.sketchbricks.ucl.UclEstimator;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds estimators by name: {@code exact}, every frequency sketch kind (cms, cs, cu, elastic), and UCL-sketch
 * offline ({@code ucl}: learned decode, trained once at the first query; {@code ucl-lsqr}: least-squares decode).
 */
public final class Estimators {
  private Estimators() {}

  /** Every name {@link #create} accepts. */
  public static List<String> names() {
    List<String> names = new ArrayList<>(List.of("exact"));
    for (SketchKind k : List.of(SketchKind.COUNT_MIN, SketchKind.COUNT_SKETCH, SketchKind.CONSERVATIVE_COUNT_MIN,
        SketchKind.ELASTIC)) {
      names.add(k.sqlName());
    }
    names.add("ucl");
    names.add("ucl-lsqr");
    return names;
  }

  public static Estimator create(String name, long memoryBytes) {
    if (name.equals("exact")) {
      return exact();
    }
    if (!names().contains(name)) {
      throw new IllegalArgumentException("unknown sketch '" + name + "': use one of " + String.join(", ", names()));
    }
    if (name.equals("ucl")) {
      return new UclEstimator(name, memoryBytes, DecodeMode.ML);
    }
    if (name.equals("ucl-lsqr")) {
      return new UclEstimator(name, memoryBytes, DecodeMode.LSQR);
    }
    FrequencySketch sketch = FrequencySketch.create(name, memoryBytes);
    return new Estimator() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void add(String item) {
        sketch.add(item);
      }

      @Override
      public long estimate(String item) {
        return sketch.estimate(item);
      }

      @Override
      public long memoryBytes() {
        return sketch.memoryBytes();
      }
    };
  }

  private static Estimator exact() {
    ExactCounts counts = new ExactCounts();
    return new Estimator() {
      @Override
      public String name() {
        return "exact";
      }

      @Override
      public void add(String item) {
        counts.add(item, 1);
      }

      @Override
      public long estimate(String item) {
        return counts.count(item);
      }

      @Override
      public long memoryBytes() {
        // a rough figure for a HashMap entry holding a String key and a counter cell
        return counts.distinct() * 96L;
      }
    };
  }
}
