package io.sketchbricks.jobs;

import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.AnalysisException;

/**
 * The one line a user reads when a job fails: the message of the exception that says what went wrong, not of the
 * Spark wrappers around it.
 *
 * <p>Spark wraps a task's failure at least twice: {@code SparkException("Job aborted due to stage failure: ...")}
 * around, e.g., {@code SparkException("[FAILED_EXECUTE_UDF] ...")} or {@code [TASK_WRITE_FAILED]} around the
 * exception the task threw. The driver gets the task's exception back as the cause only when it could be
 * serialised on the executor and deserialised on the driver; otherwise the cause is null and the task's exception
 * survives only as text in the message: {@code "... most recent failure: Lost task 0.0 in stage 0.0 (TID 0)
 * (host executor 1): <class>: <message>\n\tat ...\nCaused by: <class>: <message>\n\tat ...\n\nDriver stacktrace:"}.
 */
final class ErrorLine {
  private static final String LOST_TASK = "most recent failure: Lost task ";
  /** A header line of a printed stack trace: {@code [Caused by: ]a.b.Class: message}. */
  private static final Pattern HEADER = Pattern.compile(
      "^(?:Caused by: )?((?:[\\w$]+\\.)+[\\w$]+)(?:: (.*))?$");

  private ErrorLine() {}

  /**
   * What to print after {@code error: }.
   *
   * @param message one line
   * @param explained whether the message says what to fix (a Sketchbricks exception, an argument error, a missing
   *     file, Spark's analysis of the query); false for anything unexpected, whose trace is worth a look
   */
  record Line(String message, boolean explained) {}

  static Line of(Throwable e) {
    Throwable chosen = choose(e);
    if (chosen.getCause() == null) {
      Line fromText = fromTaskText(chosen.getMessage());
      if (fromText != null) {
        return fromText;
      }
    }
    boolean explained = isOurs(chosen.getClass().getName()) || chosen instanceof IllegalArgumentException
        || chosen instanceof FileSystemException || chosen instanceof FileNotFoundException
        || chosen instanceof AnalysisException;
    return new Line(firstLine(describe(chosen)), explained);
  }

  /**
   * The outermost Sketchbricks exception of the chain, else the outermost IllegalArgumentException (the project's
   * argument errors and the messages it writes for them), else the root cause.
   */
  static Throwable choose(Throwable e) {
    Throwable argument = null;
    Throwable root = e;
    int depth = 0;
    for (Throwable t = e; t != null && depth < 100; t = t.getCause(), depth++) { // a cause cycle ends too
      if (isOurs(t.getClass().getName())) {
        return t;
      }
      if (argument == null && t instanceof IllegalArgumentException) {
        argument = t;
      }
      root = t;
    }
    return argument != null ? argument : root;
  }

  /**
   * The task's own exception message from the text of a "Job aborted" SparkException whose cause did not reach the
   * driver; null when the text is not of that form.
   */
  static Line fromTaskText(String message) {
    if (message == null) {
      return null;
    }
    int lost = message.indexOf(LOST_TASK);
    if (lost < 0) {
      return null;
    }
    int start = message.indexOf("): ", lost);
    if (start < 0) {
      return null;
    }
    String trace = message.substring(start + 3);
    int driver = trace.indexOf("\nDriver stacktrace:");
    if (driver >= 0) {
      trace = trace.substring(0, driver);
    }
    String ours = null;
    String argument = null;
    String last = null;
    for (String line : trace.split("\n")) {
      Matcher m = HEADER.matcher(line.strip());
      if (line.startsWith("\t") || !m.matches()) {
        continue;
      }
      String text = m.group(2) == null ? m.group(1) : m.group(2);
      if (ours == null && isOurs(m.group(1))) {
        ours = text;
      }
      if (argument == null && m.group(1).equals(IllegalArgumentException.class.getName())) {
        argument = text;
      }
      last = text;
    }
    if (last == null) {
      return null;
    }
    String text = ours != null ? ours : argument != null ? argument : last;
    return new Line(firstLine(text), ours != null || argument != null);
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    if (t instanceof NoSuchFileException) {
      return "no such file: " + m;
    }
    if (t instanceof AccessDeniedException) {
      return "permission denied: " + m;
    }
    if (t instanceof FileAlreadyExistsException) {
      return "already exists: " + m;
    }
    if (m == null || m.isBlank()) {
      return t.toString();
    }
    // an error without a sentence of its own (OutOfMemoryError: Java heap space) needs its class to make sense
    return t instanceof Error ? t.getClass().getSimpleName() + ": " + m : m;
  }

  private static String firstLine(String s) {
    String trimmed = s.strip();
    int nl = trimmed.indexOf('\n');
    return nl < 0 ? trimmed : trimmed.substring(0, nl).strip();
  }

  private static boolean isOurs(String className) {
    return className.startsWith("io.sketchbricks.");
  }
}
