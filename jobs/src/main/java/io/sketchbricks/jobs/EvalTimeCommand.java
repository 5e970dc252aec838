package io.sketchbricks.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sketchbricks.eval.TimeEval;
import io.sketchbricks.eval.TimedStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval-time", mixinStandardHelpOptions = true,
    description = {"Point-query accuracy of time-adaptive sketches by age: AAE and ARE per age decile (0 = newest).",
        "Streams a timestamped click log, or a token file whose line number is the time, through each sketch at",
        "the same memory and queries a sample of true (item, time unit) pairs from every decile."})
final class EvalTimeCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, paramLabel = "PATH",
      description = "Token file (FIMI .dat, text, .gz) or CSV click log (file or Spark output folder).")
  Path input;

  @Option(names = "--format", defaultValue = "tokens", description = "tokens or csv (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--item-col", defaultValue = "item", description = "CSV item column (default: ${DEFAULT-VALUE}).")
  String itemCol;

  @Option(names = "--time-col", defaultValue = "event_time", description = "CSV time column (default: ${DEFAULT-VALUE}).")
  String timeCol;

  @Option(names = "--unit", paramLabel = "UNIT",
      description = "Time unit: a duration for CSV (default 1h), a number of lines for tokens (default: about 500 units).")
  String unit;

  @Option(names = "--sketch", defaultValue = "ada-exp,ada-linear,cms-time,hokusai", split = ",",
      description = "Sketches: ada-exp, ada-linear, cms-time (Count-Min over (item, t)), hokusai (default: ${DEFAULT-VALUE}).")
  List<String> sketches;

  @Option(names = "--memory-kb", defaultValue = "300", description = "Memory of each sketch in KB (default: ${DEFAULT-VALUE}).")
  int memoryKb;

  @Option(names = "--gamma", defaultValue = "0",
      description = "For ada-exp: how many times plain Count-Min's error the oldest unit may have; picks a over the"
          + " input's horizon (paper section 5.2). 0: a = 1.0015 (default: ${DEFAULT-VALUE}).")
  double gamma;

  @Option(names = "--sample", defaultValue = "20000", description = "(item, time) pairs queried per decile (default: ${DEFAULT-VALUE}).")
  int sample;

  @Option(names = "--json", description = "Print one JSON line per sketch instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    sketches.forEach(s -> MemoryKb.build("--memory-kb", memoryKb, bytes -> TimeEval.create(s, bytes, gamma, 2)));
    if (!Files.exists(input)) {
      throw new IllegalArgumentException("input " + input + " does not exist");
    }
    long t0 = System.nanoTime();
    TimedStream stream = switch (format.toLowerCase(Locale.ROOT)) {
      case "tokens" -> TimedStream.ofTokens(input, unit == null ? 0 : parseLines(unit));
      case "csv" -> TimedStream.ofCsv(input, itemCol, timeCol,
          new Durations().convert(unit == null ? "1h" : unit).toMillis());
      default -> throw new IllegalArgumentException("unknown --format '" + format + "': use tokens or csv");
    };
    if (stream.size() == 0) {
      throw new IllegalArgumentException("input " + input + " holds no items: nothing to evaluate");
    }
    TimeEval.Sample truth = TimeEval.sample(stream, sample, 42);
    System.err.printf("read %,d arrivals over %,d units of %s in %.1f s; querying %,d (item, time) pairs%n",
        stream.size(), stream.horizon(), stream.unitDescription(), (System.nanoTime() - t0) / 1e9, truth.size());
    ObjectMapper mapper = new ObjectMapper();
    for (String name : sketches) {
      System.err.println("evaluating " + name + " ...");
      TimeEval.Result r = TimeEval.run(TimeEval.create(name, memoryKb * 1024L, gamma, stream.horizon()), stream,
          truth);
      if (json) {
        System.out.println(mapper.writeValueAsString(toJson(r)));
      } else {
        System.out.printf("%-10s mean AAE %9.3f  ARE %8.3f  (%s, %d B)%n", r.sketch(), r.aae(), r.are(), r.params(),
            r.memoryBytes());
        System.out.printf("%-10s AAE by decile (0 = newest): %s%n", "", format(r.aaeByDecile()));
      }
    }
    return 0;
  }

  private static long parseLines(String unit) {
    try {
      long n = Long.parseLong(unit.trim());
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--unit for a token file is a number of lines per time unit, got '" + unit
          + "'");
    }
  }

  private static String format(double[] v) {
    StringBuilder sb = new StringBuilder();
    for (double x : v) {
      sb.append(String.format("%9.3f", x));
    }
    return sb.toString();
  }

  static Map<String, Object> toJson(TimeEval.Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sketch", r.sketch());
    m.put("params", r.params());
    m.put("memory_bytes", r.memoryBytes());
    m.put("events", r.events());
    m.put("horizon_units", r.horizon());
    m.put("pairs_queried", r.pairs());
    m.put("aae", r.aae());
    m.put("are", r.are());
    m.put("aae_by_decile", r.aaeByDecile());
    m.put("are_by_decile", r.areByDecile());
    m.put("insert_per_s", Math.round(r.insertPerSecond()));
    m.put("query_per_s", Math.round(r.queryPerSecond()));
    return m;
  }
}
