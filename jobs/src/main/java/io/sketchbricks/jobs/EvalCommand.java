package io.sketchbricks.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sketchbricks.eval.AccuracyEval;
import io.sketchbricks.eval.Estimators;
import io.sketchbricks.eval.ItemStream;
import io.sketchbricks.metrics.ExactCounts;
import io.sketchbricks.ucl.UclConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true, defaultValueProvider = SketchChoices.ClassicDefault.class,
    description = {"Scores each sketch on an input against exact counts, in this JVM.",
        "Streams the input through each sketch, queries every distinct item and prints AAE, ARE, WMRD, entropy",
        "error, insert and query rates."})
final class EvalCommand implements Callable<Integer> {
  @Mixin
  StreamInput input;

  @Option(names = "--sketch", split = ",", completionCandidates = SketchChoices.Evaluated.class,
      description = "Sketches to compare, of: ${COMPLETION-CANDIDATES}. UCL-sketch is decoded four"
          + " ways: ucl (learned solver + the data plane's guard), ucl-raw (learned solver alone, as the reference),"
          + " ucl-lsqr (least squares), ucl-cm (its Count-Min part alone) (default: ${DEFAULT-VALUE}).")
  List<String> sketches;

  @Option(names = "--ucl-split", defaultValue = "default", converter = UclSplitConverter.class,
      description = "How UCL sketches divide --memory-kb: default (10 %% heavy filter, 80 %% Count-Min part, 10 %%"
          + " Bloom filter) or notebook (the reference notebook's 25 / 11 / 64 %%) (default: ${DEFAULT-VALUE}).")
  UclConfig.Split uclSplit;

  @Option(names = "--ucl-epochs", defaultValue = "300",
      description = "Most training epochs of the UCL solver (default: ${DEFAULT-VALUE}, the reference's; fewer for a quick run).")
  int uclEpochs;

  @Option(names = "--memory-kb", defaultValue = "300", description = "Memory of each sketch in KB (default: ${DEFAULT-VALUE}).")
  int memoryKb;

  @Option(names = "--json", description = "Print one JSON line per sketch instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (uclEpochs < 1) {
      throw new IllegalArgumentException("--ucl-epochs must be at least 1, got " + uclEpochs);
    }
    // refuse bad names and budgets before reading the input
    sketches.forEach(s -> MemoryKb.build("--memory-kb", memoryKb, bytes -> Estimators.create(s, bytes, uclSplit,
        uclEpochs)));
    ItemStream stream = input.load();
    ExactCounts truth = stream.exactCounts();
    ObjectMapper mapper = new ObjectMapper();
    if (!json) {
      System.out.printf("%-8s %10s %10s %9s %10s %10s %9s %10s %10s %12s %12s%n", "sketch", "memory_B", "events",
          "distinct", "aae", "are", "wmrd", "ent_abs", "ent_rel", "insert/s", "query/s");
    }
    try (ProgressBars.Bar bar = ProgressBars.open("eval", sketches.size())) {
      for (String name : sketches) {
        bar.println(System.err, "evaluating " + name + " ...");
        AccuracyEval.Result r = AccuracyEval.run(Estimators.create(name, memoryKb * 1024L, uclSplit, uclEpochs),
            stream, truth);
        bar.step();
        if (json) {
          bar.println(System.out, mapper.writeValueAsString(toJson(r)));
        } else {
          var m = r.metrics();
          bar.println(System.out, String.format("%-8s %10d %10d %9d %10.4f %10.4f %9.4f %10.4f %10.4f %12.0f %12.0f",
              r.sketch(), r.memoryBytes(), r.events(), r.distinct(), m.aae(), m.are(), m.wmrd(), m.entropyAbsErr(),
              m.entropyRelErr(), r.insertPerSecond(), r.queryPerSecond()));
          if (!r.extras().isEmpty()) {
            bar.println(System.out, "         " + r.extras());
          }
        }
      }
    }
    return 0;
  }

  static Map<String, Object> toJson(AccuracyEval.Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sketch", r.sketch());
    m.put("memory_bytes", r.memoryBytes());
    m.put("events", r.events());
    m.put("distinct", r.distinct());
    m.put("aae", r.metrics().aae());
    m.put("are", r.metrics().are());
    m.put("wmrd", r.metrics().wmrd());
    m.put("entropy_abs_err", r.metrics().entropyAbsErr());
    m.put("entropy_rel_err", r.metrics().entropyRelErr());
    m.put("insert_per_s", Math.round(r.insertPerSecond()));
    m.put("query_per_s", Math.round(r.queryPerSecond()));
    m.putAll(r.extras());
    return m;
  }
}
