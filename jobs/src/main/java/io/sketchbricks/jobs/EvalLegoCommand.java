package io.sketchbricks.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sketchbricks.eval.SeedSweep;
import io.sketchbricks.eval.SyntheticZipfEval;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoModels;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval-lego", mixinStandardHelpOptions = true,
    description = {"The Lego paper's synthetic benchmark, every sketch at every budget and alpha.",
        "100,000 items with counts round(((n+1)/x)^alpha) (the Lego paper's evaluation), every sketch filled at every budget and queried on every item. Prints ARE and AAE per alpha and budget, the",
        "share of Lego queries answered by the network, and the reference Lego's ARE with our ratio to it."})
final class EvalLegoCommand implements Callable<Integer> {
  @Option(names = "--alpha", defaultValue = "0.5,0.7,0.9,1.1,1.3,1.5", split = ",",
      description = "Zipf exponents (default: ${DEFAULT-VALUE}).")
  List<Double> alphas;

  @Option(names = "--memory-kb", defaultValue = "300,600,900,1200,1500,1800,2100", split = ",",
      description = "Budgets in KB (default: ${DEFAULT-VALUE}).")
  List<Integer> budgets;

  @Option(names = "--sketch", defaultValue = "lego,d-lego,cms,cs", split = ",",
      completionCandidates = SketchChoices.Synthetic.class,
      description = "Sketches, of: ${COMPLETION-CANDIDATES}; lego-rule is Lego answered by its rule estimate alone,"
          + " lego-neural by its network alone (default: ${DEFAULT-VALUE}).")
  List<String> sketches;

  @Option(names = "--items", defaultValue = "100000", description = "Distinct items (default: ${DEFAULT-VALUE}).")
  int items;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the count-to-item assignment (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--seeds", paramLabel = "SEEDS",
      description = "Run every seed of a range or list (e.g. 1-7 or 1,3,5) instead of --seed and print, per cell, the"
          + " worst ratio of each sketch's ARE to Count-Min's over the seeds (cms is added to the sketches).")
  String seeds;

  @Option(names = "--model", paramLabel = "FILE", description = "Lego model file (default: the shipped model).")
  Path model;

  @Option(names = "--json", description = "Print one JSON line per cell instead of tables.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    boolean lego = sketches.stream().anyMatch(s -> s.contains("lego"));
    LegoModel m = !lego ? null : model != null ? LegoModel.load(model) : LegoModels.defaultModel();
    if (m != null) {
      System.err.println("Lego model " + m.idHex());
    }
    if (seeds != null) {
      return sweep(m, SeedSweep.parseSeeds(seeds));
    }
    List<SyntheticZipfEval.Row> rows;
    try (ProgressBars.Bar bar = ProgressBars.open("eval-lego", (long) alphas.size() * budgets.size() * sketches.size())) {
      rows = SyntheticZipfEval.run(alphas, budgets, sketches, items, seed, m, bar.stepPerLine(System.err));
    }
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      for (SyntheticZipfEval.Row r : rows) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("alpha", r.alpha());
        o.put("sketch", r.sketch());
        o.put("memory_kb", r.memoryKb());
        o.put("stream_length", r.streamLength());
        o.put("are", r.are());
        o.put("aae", r.aae());
        if (!Double.isNaN(r.neuralShare())) {
          o.put("neural_share", r.neuralShare());
        }
        if (!Double.isNaN(r.referenceAre())) {
          o.put("reference_are", r.referenceAre());
        }
        System.out.println(mapper.writeValueAsString(o));
      }
      return 0;
    }
    for (double alpha : alphas) {
      List<SyntheticZipfEval.Row> block = rows.stream().filter(r -> r.alpha() == alpha).toList();
      System.out.printf(Locale.ROOT, "%nalpha %.2f, %d items, stream length %,d%n", alpha, items,
          block.get(0).streamLength());
      StringBuilder head = new StringBuilder(String.format("%-9s", "memory"));
      for (String s : sketches) {
        head.append(String.format("%12s%12s", "ARE " + s, "AAE " + s));
      }
      if (sketches.contains("lego")) {
        head.append(String.format("%10s%10s%10s%10s", "neural", "ref lego", "lego/ref", "lego/cms"));
      }
      System.out.println(head);
      for (int kb : budgets) {
        StringBuilder line = new StringBuilder(String.format("%-9s", kb + " KB"));
        Map<String, SyntheticZipfEval.Row> cell = new LinkedHashMap<>();
        for (SyntheticZipfEval.Row r : block) {
          if (r.memoryKb() == kb) {
            cell.put(r.sketch(), r);
          }
        }
        for (String s : sketches) {
          line.append(String.format(Locale.ROOT, "%12.4f%12.4f", cell.get(s).are(), cell.get(s).aae()));
        }
        SyntheticZipfEval.Row l = cell.get("lego");
        if (l != null) {
          SyntheticZipfEval.Row cms = cell.get("cms");
          line.append(String.format(Locale.ROOT, "%10.2f%10s%10s%10s", l.neuralShare(), fmt(l.referenceAre(), 3),
              fmt(l.are() / l.referenceAre(), 2), cms == null ? "-" : fmt(l.are() / cms.are(), 2)));
        }
        System.out.println(line);
      }
    }
    return 0;
  }

  /** The seed sweep: per alpha, one line per budget with each sketch's worst ratio to Count-Min and its seed. */
  private int sweep(LegoModel m, List<Long> seedList) throws Exception {
    long cells = (long) alphas.size() * budgets.size() * (sketches.size() + (sketches.contains("cms") ? 0 : 1));
    Map<Long, List<SyntheticZipfEval.Row>> bySeed;
    try (ProgressBars.Bar bar = ProgressBars.open("eval-lego", cells * seedList.size())) {
      bySeed = SeedSweep.run(alphas, budgets, sketches, items, seedList, m, bar.stepPerLine(System.err));
    }
    List<SeedSweep.Worst> worst = SeedSweep.worst(bySeed);
    List<String> compared = worst.stream().map(SeedSweep.Worst::sketch).distinct().toList();
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      for (SeedSweep.Worst w : worst) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("alpha", w.alpha());
        o.put("memory_kb", w.memoryKb());
        o.put("sketch", w.sketch());
        o.put("worst_ratio_to_cms", w.ratio());
        o.put("seed", w.seed());
        o.put("are", w.are());
        o.put("cms_are", w.cmsAre());
        System.out.println(mapper.writeValueAsString(o));
      }
      return 0;
    }
    System.out.printf(Locale.ROOT, "%nworst ARE / Count-Min ARE over seeds %s (seed of the worst in brackets)%n",
        seeds);
    StringBuilder head = new StringBuilder(String.format("%-7s%-9s", "alpha", "memory"));
    compared.forEach(s -> head.append(String.format("%16s", s)));
    System.out.println(head);
    for (double alpha : alphas) {
      for (int kb : budgets) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-7.2f%-9s", alpha, kb + " KB"));
        for (String s : compared) {
          SeedSweep.Worst w = worst.stream().filter(x -> x.alpha() == alpha && x.memoryKb() == kb
              && x.sketch().equals(s)).findFirst().orElseThrow();
          line.append(String.format(Locale.ROOT, "%16s", String.format(Locale.ROOT, "%.3f (%d)", w.ratio(),
              w.seed())));
        }
        System.out.println(line);
      }
    }
    for (String s : compared) {
      SeedSweep.Worst w = SeedSweep.worstOf(worst, s);
      System.out.printf(Locale.ROOT, "worst %s cell: alpha %.2f, %d KB, seed %d: ARE %.4f vs Count-Min %.4f"
          + " (%.3fx)%s%n", s, w.alpha(), w.memoryKb(), w.seed(), w.are(), w.cmsAre(), w.ratio(),
          w.ratio() <= 1 ? "; at or below Count-Min in every cell" : "");
    }
    return 0;
  }

  private static String fmt(double x, int digits) {
    return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", x);
  }
}
