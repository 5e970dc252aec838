package io.sketchbricks.jobs;

import io.sketchbricks.spark.FsPaths;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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
    description = {"Runs SQL on a local session with Delta and every Sketchbricks function enabled.",
        "Each Delta table directly inside the warehouse is a view named after its folder (e.g. clicks, sketches);",
        "a folder whose Delta log cannot be read is skipped with a warning."})
final class SqlCommand implements Callable<Integer> {
  /** SQL scripts are small; a bigger file is the wrong one. */
  static final long MAX_SCRIPT_BYTES = 16L << 20;

  @Mixin
  SparkOptions spark;

  @Spec
  CommandSpec commandSpec;

  @ArgGroup(exclusive = true, multiplicity = "1")
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
  public Integer call() {
    SparkSession session = spark.session("sketchbricks-sql");
    String text = source.sql != null ? source.sql : new String(FsPaths.readAll(SparkOptions.path(source.file),
        session.sparkContext().hadoopConfiguration(), MAX_SCRIPT_BYTES, "SQL file"), StandardCharsets.UTF_8);
    registerWarehouseViews(session, spark.warehouseUri(), commandSpec.commandLine().getErr());
    for (String statement : split(text)) {
      Dataset<Row> result = session.sql(statement);
      if (result.columns().length > 0) {
        result.show(maxRows, false);
      }
    }
    return 0;
  }

  /**
   * Registers each Delta table directly inside the warehouse as a view named after its folder. A folder whose
   * Delta log cannot be read (a job that failed before its first commit leaves one) is skipped with a one-line
   * warning naming it, so one broken table does not take the others down. Folders without a {@code _delta_log}
   * are not tables and are passed over silently.
   */
  static void registerWarehouseViews(SparkSession session, String warehouse, PrintWriter err) {
    Configuration conf = session.sparkContext().hadoopConfiguration();
    Path dir = new Path(warehouse);
    FileSystem fs = FsPaths.fileSystem(warehouse, conf);
    FileStatus[] entries;
    try {
      entries = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return; // no warehouse yet: nothing to register
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the warehouse " + warehouse + ": " + e.getMessage(), e);
    }
    Arrays.sort(entries, Comparator.comparing(st -> st.getPath().getName()));
    for (FileStatus st : entries) {
      try {
        if (!st.isDirectory() || !fs.exists(new Path(st.getPath(), "_delta_log"))) {
          continue;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot look into " + st.getPath() + ": " + e.getMessage(), e);
      }
      String folder = st.getPath().getName();
      String name = folder.replaceAll("[^A-Za-z0-9_]", "_");
      try {
        session.read().format("delta").load(st.getPath().toString()).createOrReplaceTempView(name);
      } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes, hence Exception
        err.println("warning: skipped table " + name + " (" + st.getPath() + "): not a readable Delta table: "
            + firstLine(e.getMessage()));
        err.flush();
      }
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    String line = message.strip().lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
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
