package io.sketchbricks.eval;

import io.sketchbricks.core.SketchKind;
import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.kinds.SketchKinds;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoSketch;
import io.sketchbricks.metrics.AccuracyMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The Lego paper's synthetic benchmark (its Sec. 5.1 and 5.3): {@code n} items with ids 0..n-1 whose counts are
 * {@code round(((n + 1) / x)^alpha)} for x = n+1, n, ..., 2 (the training construction with skew 1), randomly
 * assigned to the ids; every sketch is filled with the whole stream and queried on every item; ARE and AAE are
 * scored on the real-valued estimates, as the reference scores them.
 *
 * <p>{@code lego-rule} is a Lego sketch answered by its rule estimate alone (what the ensemble falls back to),
 * {@code lego-neural} one answered by its network alone, whatever the brick's range.
 *
 * <p>Linear sketches (cms, cs, lego) take each item's total count at once, which equals feeding its arrivals
 * one by one. Sketches whose update is not linear (cu, elastic, d-lego) get the arrivals one at a time in a
 * shuffled order, as the reference feeds its Elastic sketches.
 */
public final class SyntheticZipfEval {
  /**
   * The ARE figures cached in the authors' code at 300..2100 KB (the means of its seed-0 and seed-1 bricks),
   * printed next to ours. Keys: "lego@alpha", "cms@alpha", "d-lego@alpha".
   */
  public static final Map<String, double[]> REFERENCE_ARE = Map.of(
      "lego@0.5", new double[] {0.326, 0.296, 0.252, 0.119, 0.059, 0.032, 0.018},
      "lego@0.9", new double[] {0.920, 0.625, 0.306, 0.143, 0.070, 0.038, 0.020},
      "lego@1.1", new double[] {3.786, 1.041, 0.375, 0.165, 0.077, 0.042, 0.025},
      "lego@1.5", new double[] {7.163, 1.575, 0.541, 0.236, 0.115, 0.058, 0.029},
      "cms@0.5", new double[] {2.681, 0.922, 0.441, 0.251, 0.156, 0.103, 0.072},
      "cms@0.9", new double[] {3.308, 1.049, 0.487, 0.267, 0.165, 0.106, 0.071},
      "cms@1.1", new double[] {3.797, 1.153, 0.526, 0.284, 0.165, 0.110, 0.075},
      "cms@1.5", new double[] {5.545, 1.479, 0.639, 0.337, 0.197, 0.128, 0.087},
      "d-lego@0.5", new double[] {0.277, 0.222, 0.197, 0.051, 0.020, 0.004, 0.001},
      "d-lego@0.9", new double[] {0.513, 0.312, 0.215, 0.058, 0.022, 0.005, 0.001});

  /** Sketch names {@link #run} accepts. */
  public static final List<String> SKETCHES = sketchNames();

  private static List<String> sketchNames() {
    List<String> names = new ArrayList<>(List.of("lego", "lego-rule", "lego-neural", "d-lego"));
    SketchKind.with(SketchKind.Capability.CLASSIC).forEach(k -> names.add(k.sqlName()));
    return List.copyOf(names);
  }

  /**
   * One cell of the table.
   *
   * @param neuralShare the share of queries a Lego sketch answered through its network (NaN for other sketches)
   * @param referenceAre the reference's ARE for this sketch, alpha and budget, or NaN where it has none
   */
  public record Row(double alpha, String sketch, int memoryKb, long streamLength, double are, double aae,
      double neuralShare, double referenceAre) {}

  private SyntheticZipfEval() {}

  /** The counts of the benchmark stream for {@code alpha}, assigned to ids 0..n-1 by a permutation from {@code seed}. */
  public static long[] counts(int n, double alpha, long seed) {
    if (n < 1) {
      throw new IllegalArgumentException("the benchmark needs at least one item, got " + n);
    }
    long[] c = new long[n];
    for (int j = 0; j < n; j++) {
      double x = n + 1 - j;
      c[j] = Math.round(Math.pow((n + 1) / x, alpha));
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int j = n - 1; j > 0; j--) {
      int k = rnd.nextInt(j + 1);
      long t = c[j];
      c[j] = c[k];
      c[k] = t;
    }
    return c;
  }

  /**
   * Evaluates every sketch at every alpha and budget.
   *
   * @param model the Lego model (needed only when lego or d-lego is asked for; may then not be null)
   * @param progress receives one line per finished cell
   */
  public static List<Row> run(List<Double> alphas, List<Integer> budgetsKb, List<String> sketches, int n, long seed,
      LegoModel model, Consumer<String> progress) {
    for (String s : sketches) {
      if (!SKETCHES.contains(s)) {
        throw new IllegalArgumentException("unknown sketch '" + s + "' for the synthetic benchmark: use one of "
            + String.join(", ", SKETCHES));
      }
      if (s.contains("lego") && model == null) {
        throw new IllegalArgumentException("the " + s + " sketch needs a Lego model");
      }
    }
    List<Row> rows = new ArrayList<>();
    for (double alpha : alphas) {
      long[] truth = counts(n, alpha, seed);
      long total = 0;
      for (long c : truth) {
        total += c;
      }
      int[] arrivals = null;
      for (String name : sketches) {
        boolean linear = name.startsWith("lego") || SketchKind.ofName(name).has(SketchKind.Capability.LINEAR);
        if (!linear && arrivals == null) {
          arrivals = shuffledArrivals(truth, total, seed);
        }
        for (int kb : budgetsKb) {
          double[] est = new double[n];
          double share = estimate(name, kb * 1024L, truth, linear ? null : arrivals, model, est);
          AccuracyMetrics m = AccuracyMetrics.computeDouble(truth, est);
          Row row = new Row(alpha, name, kb, total, m.are(), m.aae(), share, reference(name, alpha, kb));
          rows.add(row);
          progress.accept(String.format(java.util.Locale.ROOT, "alpha=%.2f %s %d KB: ARE %.4f AAE %.4f", alpha,
              name, kb, m.are(), m.aae()));
        }
      }
    }
    return rows;
  }

  private static double estimate(String name, long bytes, long[] truth, int[] arrivals, LegoModel model,
      double[] est) {
    int n = truth.length;
    switch (name) {
      case "lego", "lego-rule", "lego-neural" -> {
        LegoSketch s = new LegoSketch(model, bytes);
        for (int i = 0; i < n; i++) {
          s.addId(i, truth[i]);
        }
        int neural = 0;
        for (int i = 0; i < n; i++) {
          est[i] = switch (name) {
            case "lego-rule" -> s.ruleEstimateId(i);
            case "lego-neural" -> s.neuralEstimateId(i);
            default -> s.estimateId(i);
          };
          neural += name.equals("lego-rule") ? 0 : name.equals("lego-neural") || s.answersNeurally(i) ? 1 : 0;
        }
        return (double) neural / n;
      }
      case "d-lego" -> {
        DLegoSketch s = new DLegoSketch(model, bytes);
        for (int a : arrivals) {
          s.addId(a, 1);
        }
        int neural = 0;
        for (int i = 0; i < n; i++) {
          est[i] = s.estimateId(i);
          neural += s.light().answersNeurally(i) ? 1 : 0;
        }
        return (double) neural / n;
      }
      default -> {
        FrequencySketch s = SketchKinds.create(name, bytes);
        if (arrivals == null) {
          for (int i = 0; i < n; i++) {
            s.add(i, truth[i]);
          }
        } else {
          for (int a : arrivals) {
            s.add(a);
          }
        }
        for (int i = 0; i < n; i++) {
          est[i] = s.estimate(i);
        }
        return Double.NaN;
      }
    }
  }

  /** Every arrival of the stream (item ids, each repeated by its count) in a random order. */
  private static int[] shuffledArrivals(long[] truth, long total, long seed) {
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("stream of " + total + " arrivals is too long to shuffle in memory");
    }
    int[] a = new int[(int) total];
    int p = 0;
    for (int i = 0; i < truth.length; i++) {
      for (long c = 0; c < truth[i]; c++) {
        a[p++] = i;
      }
    }
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    for (int j = a.length - 1; j > 0; j--) {
      int k = rnd.nextInt(j + 1);
      int t = a[j];
      a[j] = a[k];
      a[k] = t;
    }
    return a;
  }

  private static double reference(String sketch, double alpha, int kb) {
    double[] ref = REFERENCE_ARE.get(sketch + "@" + alpha);
    if (ref == null || kb % 300 != 0 || kb < 300 || kb > 2100) {
      return Double.NaN;
    }
    return ref[kb / 300 - 1];
  }
}
