package io.sketchbricks.jobs;

import io.sketchbricks.eval.ItemStream;
import io.sketchbricks.spark.ClickLogs;
import io.sketchbricks.spark.FsPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The input options of eval and bench: a file stream read in this JVM, or a table read through local Spark. */
final class StreamInput {
  @Option(names = "--input", required = true, paramLabel = "PATH",
      description = "Token file (FIMI .dat, text, .gz), CSV file or Spark output folder, or a Parquet/JSON/Delta table"
          + " (read through Spark: a path or a Hadoop URI such as hdfs://namenode:8020/clicks).")
  String input;

  @Option(names = "--format", defaultValue = "tokens",
      description = "tokens, csv, json, parquet or delta (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--item-col", defaultValue = "item",
      description = "Item column of a csv/json/parquet/delta input (default: ${DEFAULT-VALUE}).")
  String itemCol;

  ItemStream load() throws IOException {
    String f = format.toLowerCase(Locale.ROOT);
    boolean viaSpark = f.equals("json") || f.equals("parquet") || f.equals("delta");
    // files this JVM reads itself are local; tables Spark reads may be on any Hadoop file system
    String where = viaSpark ? SparkOptions.path(input) : input;
    if (viaSpark ? !FsPaths.exists(where, SparkOptions.hadoopConf(new SparkConf())) : !Files.exists(Path.of(input))) {
      throw new IllegalArgumentException("input " + input + " does not exist");
    }
    long t0 = System.nanoTime();
    ItemStream stream = switch (f) {
      case "tokens" -> ItemStream.ofTokens(Path.of(input));
      case "csv" -> ItemStream.ofCsv(Path.of(input), itemCol);
      case "json", "parquet", "delta" -> viaSpark(f, where);
      default -> throw new IllegalArgumentException("unknown --format '" + format
          + "': use tokens, csv, json, parquet or delta");
    };
    System.err.printf("read %,d arrivals from %s in %.1f s%s%n", stream.size(), input, (System.nanoTime() - t0) / 1e9,
        stream.skipped() > 0 ? " (" + stream.skipped() + " null or empty items skipped)" : "");
    if (stream.size() == 0) {
      throw new IllegalArgumentException("input " + input + " holds no items: nothing to evaluate");
    }
    return stream;
  }

  private ItemStream viaSpark(String f, String uri) {
    SparkOptions options = new SparkOptions();
    options.warehouse = Path.of(System.getProperty("java.io.tmpdir"), "sketchbricks-eval").toString();
    SparkSession session = options.session("sketchbricks-read");
    Dataset<Row> table = ClickLogs.read(session, uri, f);
    Iterator<String> items = table.selectExpr("CAST(`" + itemCol.replace("`", "``") + "` AS STRING)")
        .as(Encoders.STRING()).toLocalIterator();
    return ItemStream.of(() -> items);
  }
}
