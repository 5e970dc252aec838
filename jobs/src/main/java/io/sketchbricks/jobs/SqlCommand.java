package io.sketchbricks.jobs;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Runs SQL on a local session with Delta and every Sketchbricks function enabled.",
        "Each Delta table directly inside the warehouse is a view named after its folder (e.g. clicks, sketches)."})
final class SqlCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "-e", paramLabel = "SQL", description = "Statements to run (separated by ';').")
    String sql;

    @Option(names = "-f", paramLabel = "FILE", description = "A file of statements to run.")
    File file;
  }

  @Option(names = "--max-rows", defaultValue = "50", description = "Rows to print per result (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @Override
  public Integer call() throws IOException {
    String text = source.sql != null ? source.sql : Files.readString(source.file.toPath());
    SparkSession session = spark.session("sketchbricks-sql");
    registerWarehouseViews(session, spark.warehouse);
    for (String statement : split(text)) {
      Dataset<Row> result = session.sql(statement);
      if (result.columns().length > 0) {
        result.show(maxRows, false);
      }
    }
    return 0;
  }

  static void registerWarehouseViews(SparkSession session, Path warehouse) throws IOException {
    if (!Files.isDirectory(warehouse)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(warehouse)) {
      for (Path dir : dirs.filter(d -> Files.isDirectory(d.resolve("_delta_log"))).toList()) {
        String name = dir.getFileName().toString().replaceAll("[^A-Za-z0-9_]", "_");
        session.read().format("delta").load(dir.toAbsolutePath().toString()).createOrReplaceTempView(name);
      }
    }
  }

  /** Splits on ';' outside quotes and comments. */
  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == 0 && c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
        cur.append('\n');
        continue;
      }
      if (quote != 0) {
        if (c == '\\' && i + 1 < text.length()) {
          cur.append(c).append(text.charAt(++i));
          continue;
        }
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == ';') {
        add(out, cur);
        continue;
      }
      cur.append(c);
    }
    add(out, cur);
    return out;
  }

  private static void add(List<String> out, StringBuilder cur) {
    String s = cur.toString().trim();
    if (!s.isEmpty()) {
      out.add(s);
    }
    cur.setLength(0);
  }
}
