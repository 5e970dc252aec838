package io.sketchbricks.jobs;

import io.sketchbricks.core.SketchKind;
import io.sketchbricks.spark.ClickLogs;
import io.sketchbricks.spark.MemoryBudget;
import io.sketchbricks.spark.SketchTable;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "build-sketches", mixinStandardHelpOptions = true,
    description = {"Aggregates a click log per time window (and optional group) into a Delta sketch table.",
        "Its columns: window_start, window_end, grp, kind, params, events, sketch.",
        "Re-running replaces the windows and kinds it writes; older versions stay readable (time travel)."})
final class BuildSketchesCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Option(names = "--input", defaultValue = "clicks", paramLabel = "TABLE",
      description = "Click log: a name inside the warehouse, a path or a Hadoop URI (default: ${DEFAULT-VALUE}).")
  String input;

  @Option(names = "--input-format", defaultValue = "delta", description = "delta, parquet, csv or json (default: ${DEFAULT-VALUE}).")
  String inputFormat;

  @Option(names = "--out", defaultValue = "sketches", paramLabel = "TABLE",
      description = "Delta sketch table: a name inside the warehouse, a path or a Hadoop URI (default: ${DEFAULT-VALUE}).")
  String out;

  @Option(names = "--sketch", defaultValue = "cms", split = ",", completionCandidates = SketchChoices.Stored.class,
      description = "Sketch kinds, comma-separated, of: ${COMPLETION-CANDIDATES} (frequent-items keeps the top"
          + " items; query with frequent_items(sketch, k)) (default: ${DEFAULT-VALUE}).")
  List<String> kinds;

  @Option(names = "--memory-kb", defaultValue = "300",
      description = "Memory of each sketch in KB; 1 to 16384 for cms, cs, cu, elastic, ada-cms (default: ${DEFAULT-VALUE}).")
  int memoryKb;

  @Option(names = "--max-items", defaultValue = "1024",
      description = "Counters of frequent-items sketches, 1 to 196608 (default: ${DEFAULT-VALUE}); --memory-kb does not"
          + " apply to them.")
  int maxItems;

  @Option(names = "--window", defaultValue = "1 day", description = "Window length as a Spark interval (default: ${DEFAULT-VALUE}).")
  String window;

  @Option(names = "--group-by", paramLabel = "COLUMN", description = "Optional column to build one sketch per value of.")
  String groupBy;

  @Option(names = "--item-col", defaultValue = "item", description = "Item column (default: ${DEFAULT-VALUE}).")
  String itemCol;

  @Option(names = "--time-col", defaultValue = "event_time", description = "Timestamp column (default: ${DEFAULT-VALUE}).")
  String timeCol;

  @Option(names = "--ada-options", paramLabel = "OPTIONS",
      description = "Options of ada-cms sketches, e.g. 'f=exp:1.0015, unit=1 hour' or 'gamma=2, horizon=168'.")
  String adaOptions;

  @Option(names = "--model", paramLabel = "FILE",
      description = "Lego model file (a path or a Hadoop URI) for lego and d-lego sketches, registered in the"
          + " warehouse's lego_models table (default: the default model: -Dsketchbricks.lego.model, else the shipped one).")
  String model;

  @Override
  public Integer call() {
    io.sketchbricks.frequency.FrequentItemsSketch.lgMapSizeFor(maxItems); // its range, before Spark starts
    if (kinds.stream().map(SketchKind::ofName).anyMatch(k -> k != SketchKind.LEGO && k != SketchKind.D_LEGO
        && k != SketchKind.FREQUENT_ITEMS)) {
      // the classic kinds' range, before Spark starts (Lego sketches check their own budget)
      MemoryBudget.checkKb("--memory-kb for cms, cs, cu, elastic and ada-cms sketches", memoryKb);
    }
    SparkSession session = spark.session("sketchbricks-build-sketches");
    String in = spark.tablePath(input);
    String outPath = spark.tablePath(out);
    String legoModel = LegoModelOption.register(session, model);
    var spec = new SketchTable.Spec(kinds, memoryKb, window, itemCol, timeCol, groupBy, adaOptions, legoModel,
        maxItems);
    System.err.printf("building %s sketches of %d KB per %s%s from %s into %s%n", String.join(",", kinds), memoryKb,
        window, groupBy == null ? "" : " and " + groupBy, in, outPath);
    long rows = SketchTable.write(SketchTable.build(ClickLogs.read(session, in, inputFormat), spec), outPath);
    System.out.println("wrote " + rows + " sketch rows to " + outPath);
    return 0;
  }
}
