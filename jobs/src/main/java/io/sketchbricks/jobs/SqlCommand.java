package io.sketchbricks.jobs;

import io.sketchbricks.spark.FsPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Runs SQL (-e, -f, or typed at a prompt) with Delta and every Sketchbricks function enabled.",
        "Each Delta table directly inside the warehouse is a view named after its folder (e.g. clicks, sketches),",
        "opened when a statement first names it; a folder whose Delta log cannot be read is skipped with a warning.",
        "Without -e or -f: a prompt (statements end with ';', history in ~/.sketchbricks_history, exit or Ctrl-D",
        "to leave), or the statements piped into stdin."})
final class SqlCommand implements Callable<Integer> {
  /** SQL scripts are small; a bigger file is the wrong one. */
  static final long MAX_SCRIPT_BYTES = 16L << 20;

  @Mixin
  SparkOptions spark;

  @Spec
  CommandSpec commandSpec;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Source source;

  static final class Source {
    @Option(names = "-e", paramLabel = "SQL", description = "Statements to run (separated by ';').")
    String sql;

    @Option(names = "-f", paramLabel = "FILE", description = "A file of statements to run (a path or a Hadoop URI).")
    String file;
  }

  @Option(names = "--max-rows", defaultValue = "50", description = "Rows to print per result (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @Override
  public Integer call() throws IOException {
    String file = source == null ? null : source.file;
    if (file != null) { // a missing script is an error before Spark starts
      file = SparkOptions.path(file);
      if (!FsPaths.exists(file, SparkOptions.hadoopConf(new SparkConf()))) {
        throw new IllegalArgumentException("no such file: " + source.file);
      }
    }
    SparkSession session = spark.session("sketchbricks-sql");
    WarehouseViews views = new WarehouseViews(session, spark.warehouseUri(), commandSpec.commandLine().getErr());
    if (source == null && System.console() != null) {
      return new SqlPrompt(statement -> run(session, views, statement), commandSpec.commandLine().getErr()).loop();
    }
    String text = source == null ? new String(System.in.readNBytes((int) MAX_SCRIPT_BYTES), StandardCharsets.UTF_8)
        : source.sql != null ? source.sql
        : new String(FsPaths.readAll(file, session.sparkContext().hadoopConfiguration(), MAX_SCRIPT_BYTES,
            "SQL file"), StandardCharsets.UTF_8);
    for (String statement : split(text)) {
      run(session, views, statement);
    }
    return 0;
  }

  private void run(SparkSession session, WarehouseViews views, String statement) {
    views.registerNamedIn(statement);
    Dataset<Row> result = session.sql(statement);
    if (result.columns().length > 0) {
      result.show(maxRows, false);
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
