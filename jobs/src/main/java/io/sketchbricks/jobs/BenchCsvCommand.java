package io.sketchbricks.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sketchbricks.eval.CsvParseBench;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-csv", mixinStandardHelpOptions = true,
    description = {"Times the CSV click-log reader against bare univocity as Spark's CSV source runs it.",
        "Rows/s of our CSV click-log reader (univocity reading both \\\" and \"\"",
        "quote escapes, with our checks) against bare univocity as Spark's CSV source",
        "configures it (quote \", escape \\, multiLine mode). Both read the same file",
        "(item and time columns, times to epoch ms) into the same consumer and must",
        "deliver identical pairs. Without --input: a file of --rows generated rows",
        "(event_time,user_id,item, some quoted items with commas and \\\" escapes),",
        "deleted afterwards. A checked warm-up, then --rounds timed rounds alternating",
        "which goes first; prints each round and the medians (ratio: univocity / ours,",
        "above 1: bare univocity is faster)."})
final class BenchCsvCommand implements Callable<Integer> {
  @Option(names = "--input", paramLabel = "FILE", description = "One CSV file with a header (.csv or .csv.gz).")
  Path input;

  @Option(names = "--rows", defaultValue = "2000000", description = "Rows of the generated file (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated file (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--item-col", defaultValue = "item", description = "Item column (default: ${DEFAULT-VALUE}).")
  String itemCol;

  @Option(names = "--time-col", defaultValue = "event_time", description = "Timestamp column (default: ${DEFAULT-VALUE}).")
  String timeCol;

  @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds after the warm-up (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--json", description = "Print one JSON line with the medians instead of a summary line.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
    }
    Path file = input;
    boolean generated = file == null;
    if (generated) {
      if (rows < 1) {
        throw new IllegalArgumentException("--rows must be at least 1, got " + rows);
      }
      file = Files.createTempFile("sketchbricks-bench-csv-", ".csv");
      System.err.printf("generating %,d rows into %s%n", rows, file);
      CsvParseBench.generate(file, rows, seed);
    } else if (Files.isDirectory(file)) {
      throw new IllegalArgumentException("--input " + file + " is a directory: bench-csv times one file; pass one"
          + " of its part-*.csv files");
    } else if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    try {
      CsvParseBench.Result r = CsvParseBench.run(file, itemCol, timeCol, rounds, System.err::println);
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", r.rows());
        m.put("rounds", r.rounds().size());
        m.put("ours_rows_per_s", Math.round(r.medianOurs()));
        m.put("univocity_rows_per_s", Math.round(r.medianUnivocity()));
        m.put("median_ratio_univocity_over_ours", Math.round(r.medianRatio() * 1000) / 1000.0);
        System.out.println(new ObjectMapper().writeValueAsString(m));
      } else {
        for (int i = 0; i < r.rounds().size(); i++) {
          CsvParseBench.Round round = r.rounds().get(i);
          System.out.printf("round %d: ours %,.0f rows/s, univocity %,.0f rows/s, ratio %.3f%n", i + 1,
              round.oursPerSecond(), round.univocityPerSecond(), round.ratio());
        }
        System.out.printf("median over %d rounds of %,d rows: ours %,.0f rows/s, univocity %,.0f rows/s,"
            + " ratio univocity/ours %.3f%n", r.rounds().size(), r.rows(), r.medianOurs(), r.medianUnivocity(),
            r.medianRatio());
      }
    } finally {
      if (generated) {
        Files.deleteIfExists(file);
      }
    }
    return 0;
  }
}
