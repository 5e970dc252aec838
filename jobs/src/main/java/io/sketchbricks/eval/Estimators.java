package io.sketchbricks.eval;

import io.sketchbricks.core.SketchKind;
import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.kinds.SketchKinds;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoModels;
import io.sketchbricks.lego.LegoSketch;
import io.sketchbricks.metrics.ExactCounts;
import io.sketchbricks.ucl.DecodeMode;
import io.sketchbricks.ucl.UclConfig;
import io.sketchbricks.ucl.djl.UclSolver;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds estimators by name: {@code exact}, every classic sketch kind (cms, cs, cu, elastic), the learned
 * {@code lego} and {@code d-lego} (default Lego model, {@link LegoModels#defaultModel()}), and UCL-sketch offline
 * ({@code ucl}: learned decode, trained once at the first query, refined by the data plane's guard;
 * {@code ucl-raw}: the learned decode as the reference answers, without the guard; {@code ucl-lsqr}: least-squares
 * decode; {@code ucl-cm}: the data plane's own Count-Min decode).
 */
public final class Estimators {
  private Estimators() {}

  /** Every name {@link #create} accepts. */
  public static List<String> names() {
    List<String> names = new ArrayList<>(List.of("exact"));
    for (SketchKind k : SketchKind.with(SketchKind.Capability.CLASSIC)) {
      names.add(k.sqlName());
    }
    names.add(SketchKind.LEGO.sqlName());
    names.add(SketchKind.D_LEGO.sqlName());
    names.add("ucl");
    names.add("ucl-raw");
    names.add("ucl-lsqr");
    names.add("ucl-cm");
    return names;
  }

  public static Estimator create(String name, long memoryBytes) {
    return create(name, memoryBytes, UclConfig.Split.DEFAULT, UclSolver.Options.defaults().maxEpochs());
  }

  /**
   * As {@link #create(String, long)}, with the UCL sketches' budget divided as {@code uclSplit} and their solver
   * trained for at most {@code uclEpochs} epochs.
   */
  public static Estimator create(String name, long memoryBytes, UclConfig.Split uclSplit, int uclEpochs) {
    if (name.equals("exact")) {
      return exact();
    }
    if (!names().contains(name)) {
      throw new IllegalArgumentException("unknown sketch '" + name + "': use one of " + String.join(", ", names()));
    }
    if (name.equals(SketchKind.LEGO.sqlName()) || name.equals(SketchKind.D_LEGO.sqlName())) {
      return lego(name, memoryBytes);
    }
    if (name.startsWith("ucl")) {
      DecodeMode mode = switch (name) {
        case "ucl-lsqr" -> DecodeMode.LSQR;
        case "ucl-cm" -> DecodeMode.CM;
        default -> DecodeMode.ML;
      };
      return new UclEstimator(name, memoryBytes, uclSplit, mode, !name.equals("ucl-raw"),
          UclSolver.Options.defaults().withMaxEpochs(uclEpochs));
    }
    FrequencySketch sketch = SketchKinds.create(name, memoryBytes);
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

  /**
   * A Lego or D-Lego estimator over the default model. Estimates are real-valued and can be negative on the neural
   * path; the estimator reports them rounded and floored at 0, since counts are whole and non-negative.
   */
  private static Estimator lego(String name, long memoryBytes) {
    LegoModel model = LegoModels.defaultModel();
    boolean heavy = name.equals(SketchKind.D_LEGO.sqlName());
    LegoSketch lego = heavy ? null : new LegoSketch(model, memoryBytes);
    DLegoSketch dlego = heavy ? new DLegoSketch(model, memoryBytes) : null;
    return new Estimator() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void add(String item) {
        if (heavy) {
          dlego.add(item, 1);
        } else {
          lego.add(item, 1);
        }
      }

      private long queries;
      private long neural;

      @Override
      public long estimate(String item) {
        double est = heavy ? dlego.estimateObject(item) : lego.estimateObject(item);
        queries++;
        LegoSketch bricks = heavy ? dlego.light() : lego;
        neural += bricks.answersNeurally(io.sketchbricks.lego.LegoHash.idOf(item)) ? 1 : 0;
        return Math.max(0, Math.round(est));
      }

      @Override
      public long memoryBytes() {
        return heavy ? dlego.memoryBytes() : lego.memoryBytes();
      }

      @Override
      public java.util.Map<String, Object> extras() {
        // for d-lego: the share of queries whose light-part brick is in the network's range
        return java.util.Map.of("neural_share", queries == 0 ? 0.0 : Math.round(1000.0 * neural / queries) / 1000.0,
            "model", model.idHex());
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
