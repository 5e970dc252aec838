package io.sketchbricks.eval;

import io.sketchbricks.lego.LegoModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@link SyntheticZipfEval} over several seeds of the count-to-item assignment, reduced to what a "never worse than
 * Count-Min" claim needs: per alpha, budget and sketch, the worst ratio of its ARE to Count-Min's ARE over the
 * seeds, and the seed where it happened. A ratio above 1 is a cell where the sketch lost to Count-Min.
 */
public final class SeedSweep {
  /**
   * One cell's worst seed.
   *
   * @param ratio ARE(sketch) / ARE(cms) on {@code seed}, the largest over the seeds
   */
  public record Worst(double alpha, int memoryKb, String sketch, double ratio, long seed, double are, double cmsAre) {}

  private SeedSweep() {}

  /** Runs every seed (Count-Min is added to the sketches when missing) and returns the rows of all seeds by seed. */
  public static Map<Long, List<SyntheticZipfEval.Row>> run(List<Double> alphas, List<Integer> budgetsKb,
      List<String> sketches, int n, List<Long> seeds, LegoModel model, Consumer<String> progress) {
    List<String> withCms = new ArrayList<>(sketches);
    if (!withCms.contains("cms")) {
      withCms.add("cms");
    }
    Map<Long, List<SyntheticZipfEval.Row>> bySeed = new LinkedHashMap<>();
    for (long seed : seeds) {
      bySeed.put(seed, SyntheticZipfEval.run(alphas, budgetsKb, withCms, n, seed, model,
          line -> progress.accept("seed " + seed + ": " + line)));
    }
    return bySeed;
  }

  /** The worst ratio to Count-Min of every sketch but cms in every cell, in the rows' order. */
  public static List<Worst> worst(Map<Long, List<SyntheticZipfEval.Row>> bySeed) {
    Map<String, Worst> cells = new LinkedHashMap<>();
    for (Map.Entry<Long, List<SyntheticZipfEval.Row>> e : bySeed.entrySet()) {
      Map<String, SyntheticZipfEval.Row> cms = new LinkedHashMap<>();
      for (SyntheticZipfEval.Row r : e.getValue()) {
        if (r.sketch().equals("cms")) {
          cms.put(r.alpha() + "@" + r.memoryKb(), r);
        }
      }
      for (SyntheticZipfEval.Row r : e.getValue()) {
        if (r.sketch().equals("cms")) {
          continue;
        }
        double cmsAre = cms.get(r.alpha() + "@" + r.memoryKb()).are();
        Worst w = new Worst(r.alpha(), r.memoryKb(), r.sketch(), r.are() / cmsAre, e.getKey(), r.are(), cmsAre);
        cells.merge(r.alpha() + "@" + r.memoryKb() + "@" + r.sketch(), w, (a, b) -> b.ratio() > a.ratio() ? b : a);
      }
    }
    return List.copyOf(cells.values());
  }

  /** The worst cell of one sketch, or null when it has none. */
  public static Worst worstOf(List<Worst> cells, String sketch) {
    return cells.stream().filter(w -> w.sketch().equals(sketch)).max(Comparator.comparingDouble(Worst::ratio))
        .orElse(null);
  }

  /** Parses "1-7" or "1,3,5" into seeds. */
  public static List<Long> parseSeeds(String spec) {
    List<Long> seeds = new ArrayList<>();
    for (String part : spec.split(",")) {
      String p = part.trim();
      int dash = p.indexOf('-', 1);
      try {
        if (dash > 0) {
          long from = Long.parseLong(p.substring(0, dash).trim());
          long to = Long.parseLong(p.substring(dash + 1).trim());
          if (to < from || to - from > 1000) {
            throw new IllegalArgumentException("--seeds range '" + p + "' must go up, by at most 1,000 seeds");
          }
          for (long s = from; s <= to; s++) {
            seeds.add(s);
          }
        } else {
          seeds.add(Long.parseLong(p));
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--seeds '" + spec + "' is not a list of seeds: use e.g. 1-7 or 1,3,5");
      }
    }
    return seeds.stream().distinct().toList();
  }
}
