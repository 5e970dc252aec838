package io.sketchbricks.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sketchbricks.data.ZipfStreams;
import io.sketchbricks.eval.Estimators;
import io.sketchbricks.eval.ItemStream;
import io.sketchbricks.eval.LegoBench;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoModels;
import io.sketchbricks.eval.ThroughputBench;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, defaultValueProvider = SketchChoices.ClassicDefault.class,
    description = {"Insert and query throughput of each sketch next to Spark's CountMinSketch at the same memory.",
        "The same items in the same run (one thread); prints the ratios. Without --input: a Zipf(1.1) stream of",
        "2M arrivals over 100k items. With lego among the sketches it also prints Lego's store rate against our",
        "Count-Min's insert rate and its query rates: plain Java through the rule estimate, the network and the",
        "ensemble, and DJL batches."})
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--input", paramLabel = "PATH", description = "Token file or CSV click log (see --format).")
  java.nio.file.Path input;

  @Option(names = "--format", defaultValue = "tokens", description = "tokens or csv (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--item-col", defaultValue = "item", description = "Item column of a CSV input (default: ${DEFAULT-VALUE}).")
  String itemCol;

  @Option(names = "--sketch", split = ",", completionCandidates = SketchChoices.Evaluated.class,
      description = "Sketches to time, of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  List<String> sketches;

  @Option(names = "--memory-kb", defaultValue = "300", description = "Memory of each sketch in KB (default: ${DEFAULT-VALUE}).")
  int memoryKb;

  @Option(names = "--rounds", defaultValue = "5", description = "Rounds per sketch; the best counts (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--json", description = "Print one JSON line per sketch instead of a table.")
  boolean json;

  @Option(names = "--batch", defaultValue = "65536", description = "Items per DJL batch in the Lego bench (default: ${DEFAULT-VALUE}).")
  int batch;

  @Override
  public Integer call() throws Exception {
    sketches.forEach(s -> MemoryKb.build("--memory-kb", memoryKb, bytes -> Estimators.create(s, bytes)));
    ItemStream stream;
    if (input == null) {
      List<String> items = new ArrayList<>(2_000_000);
      ZipfStreams.sample(100_000, 1.1, 2_000_000, 42, (item, time) -> items.add(item));
      stream = ItemStream.of(items);
    } else {
      StreamInput in = new StreamInput();
      in.input = input.toString();
      in.format = format;
      in.itemCol = itemCol;
      stream = in.load();
    }
    List<ThroughputBench.Result> results;
    try (ProgressBars.Bar bar = ProgressBars.open("bench", rounds)) {
      results = ThroughputBench.run(sketches, memoryKb * 1024L, stream, rounds, line -> {
        bar.println(System.err, line);
        if (line.startsWith("round ")) {
          bar.step();
        }
      });
    }
    ObjectMapper mapper = new ObjectMapper();
    if (!json) {
      System.out.printf("%-8s %10s %14s %14s %14s %14s %10s %10s%n", "sketch", "events", "insert/s", "query/s",
          "spark_ins/s", "spark_qry/s", "ins_ratio", "qry_ratio");
    }
    for (ThroughputBench.Result r : results) {
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sketch", r.sketch());
        m.put("memory_bytes", r.memoryBytes());
        m.put("events", r.events());
        m.put("insert_per_s", Math.round(r.insertPerSecond()));
        m.put("query_per_s", Math.round(r.queryPerSecond()));
        m.put("spark_cms_insert_per_s", Math.round(r.sparkInsertPerSecond()));
        m.put("spark_cms_query_per_s", Math.round(r.sparkQueryPerSecond()));
        m.put("insert_ratio", Math.round(r.insertRatio() * 1000) / 1000.0);
        m.put("query_ratio", Math.round(r.queryRatio() * 1000) / 1000.0);
        System.out.println(mapper.writeValueAsString(m));
      } else {
        System.out.printf("%-8s %10d %14.0f %14.0f %14.0f %14.0f %10.2f %10.2f%n", r.sketch(), r.events(),
            r.insertPerSecond(), r.queryPerSecond(), r.sparkInsertPerSecond(), r.sparkQueryPerSecond(),
            r.insertRatio(), r.queryRatio());
      }
    }
    if (sketches.contains("lego")) {
      legoBench(stream, mapper);
    }
    return 0;
  }

  private void legoBench(ItemStream stream, ObjectMapper mapper) throws Exception {
    LegoModel model = LegoModels.defaultModel();
    LegoBench.Result r;
    try (ProgressBars.Bar bar = ProgressBars.open("bench lego", rounds)) {
      r = LegoBench.run(model, memoryKb * 1024L, stream, rounds, batch, bar.stepPerLine(System.err));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sketch", "lego-paths");
    m.put("memory_bytes", r.memoryBytes());
    m.put("events", r.events());
    m.put("cms_insert_per_s", Math.round(r.cmsInsert()));
    m.put("lego_store_per_s", Math.round(r.legoStore()));
    m.put("store_ratio_to_cms", Math.round(r.storeRatio() * 1000) / 1000.0);
    m.put("cms_query_per_s", Math.round(r.cmsQuery()));
    m.put("lego_rule_query_per_s", Math.round(r.ruleQuery()));
    m.put("lego_neural_query_per_s", Math.round(r.neuralQuery()));
    m.put("lego_ensemble_query_per_s", Math.round(r.ensembleQuery()));
    m.put("lego_djl_batch_query_per_s", Math.round(r.batchedQuery()));
    m.put("djl_batch", r.batch());
    m.put("neural_share", Math.round(r.neuralShare() * 1000) / 1000.0);
    if (json) {
      System.out.println(mapper.writeValueAsString(m));
    } else {
      System.out.println();
      System.out.println("Lego paths (one thread, model " + model.idHex() + "):");
      m.forEach((k, v) -> System.out.printf("  %-28s %s%n", k, v));
    }
  }
}
