package io.sketchbricks.jobs;

import io.sketchbricks.spark.FsPaths;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The Delta tables directly inside a warehouse as views named after their folders, registered when a statement
 * first names them. Opening a Delta table reads its log with a Spark job (a second or more each), so registering
 * every table before the first query made {@code sql -e "SELECT 1"} wait for all of them.
 */
final class WarehouseViews {
  private final SparkSession session;
  private final String warehouse;
  private final PrintWriter err;
  /** Views registered, and folders already found broken (warned about once). */
  private final Set<String> done = new HashSet<>();

  WarehouseViews(SparkSession session, String warehouse, PrintWriter err) {
    this.session = session;
    this.warehouse = warehouse;
    this.err = err;
  }

  /** The view name of a table folder: characters SQL would need quoted become '_'. */
  static String viewName(String folder) {
    return folder.replaceAll("[^A-Za-z0-9_]", "_");
  }

  /**
   * Registers each table of the warehouse that {@code statement} names (as a whole word, in any case) and that is
   * not registered yet. A folder whose Delta log cannot be read (a job that failed before its first commit leaves
   * one) is skipped with a one-line warning naming it, so one broken table does not take the others down. Folders
   * without a {@code _delta_log} are not tables and are passed over silently.
   */
  void registerNamedIn(String statement) {
    Configuration conf = session.sparkContext().hadoopConfiguration();
    FileSystem fs = FsPaths.fileSystem(warehouse, conf);
    FileStatus[] entries;
    try {
      entries = fs.listStatus(new Path(warehouse));
    } catch (FileNotFoundException e) {
      return; // no warehouse yet: nothing to register
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the warehouse " + warehouse + ": " + e.getMessage(), e);
    }
    Arrays.sort(entries, Comparator.comparing(st -> st.getPath().getName()));
    for (FileStatus st : entries) {
      String name = viewName(st.getPath().getName());
      if (!st.isDirectory() || done.contains(name.toLowerCase(Locale.ROOT)) || !names(statement, name)) {
        continue;
      }
      try {
        if (!fs.exists(new Path(st.getPath(), "_delta_log"))) {
          continue;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot look into " + st.getPath() + ": " + e.getMessage(), e);
      }
      done.add(name.toLowerCase(Locale.ROOT));
      try {
        session.read().format("delta").load(st.getPath().toString()).createOrReplaceTempView(name);
      } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes, hence Exception
        err.println("warning: skipped table " + name + " (" + st.getPath() + "): not a readable Delta table: "
            + firstLine(e.getMessage()));
        err.flush();
      }
    }
  }

  /** Whether {@code name} occurs in {@code statement} as a word (an extra match only registers a view early). */
  static boolean names(String statement, String name) {
    return Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])", Pattern.CASE_INSENSITIVE)
        .matcher(statement).find();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    String line = message.strip().lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
