package io.sketchbricks.jobs;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * Where Spark's log goes when {@code bin/sketchbricks} runs a job. The launcher selects
 * {@value #CONFIG} with {@code -Dlog4j2.configurationFile} (unless the user names a log4j configuration of their
 * own); spark-submit runs never see that file and keep Spark's logging as the user set it up.
 *
 * <p>That configuration writes Spark's, Delta's and Hadoop's warnings and errors to a log file (rewritten by each
 * run) and shows only warnings on the console: a failing task's errors and stack traces stay in the file, and the
 * user reads one {@code error:} line instead of Spark's 60-odd lines of traces. With {@code SKETCHBRICKS_DEBUG=1}
 * the console shows the errors and traces too.
 */
final class LauncherLogging {
  static final String CONFIG = "sketchbricks-log4j2.properties";
  /** The log file: {@code $SKETCHBRICKS_LOG}, else {@code <java.io.tmpdir>/sketchbricks-<user>.log}. */
  static final String FILE_PROPERTY = "sketchbricks.log.file";

  private LauncherLogging() {}

  /** Sets the properties {@value #CONFIG} reads; call before log4j starts (before the first Spark class). */
  static void configure() {
    if (System.getProperty(FILE_PROPERTY) == null) {
      String env = System.getenv("SKETCHBRICKS_LOG");
      Path file = env != null && !env.isBlank() ? Path.of(env)
          : Path.of(System.getProperty("java.io.tmpdir"), "sketchbricks-" + System.getProperty("user.name") + ".log");
      System.setProperty(FILE_PROPERTY, file.toAbsolutePath().toString());
    }
    if (debug()) {
      // the console's level range widens from WARN alone to WARN..FATAL, and task failures reach it too
      System.setProperty("sketchbricks.log.console.worst", "OFF");
      System.setProperty("sketchbricks.log.console.tasks", "ALL");
    }
  }

  /** SKETCHBRICKS_DEBUG set (and not 0): stack traces on errors, Spark's errors on the console. */
  static boolean debug() {
    String v = System.getenv("SKETCHBRICKS_DEBUG");
    return v != null && !v.isBlank() && !v.equals("0");
  }

  /**
   * The log file when the launcher's configuration is in effect and this run wrote to it, else null (spark-submit,
   * tests in-process, or nothing logged: the file then holds an earlier run's log).
   */
  static String activeLogFile() {
    String config = System.getProperty("log4j2.configurationFile", System.getProperty("log4j.configurationFile"));
    String file = System.getProperty(FILE_PROPERTY);
    if (config == null || !config.contains(CONFIG) || file == null) {
      return null;
    }
    File f = new File(file);
    return f.isFile() && f.lastModified() >= ManagementFactory.getRuntimeMXBean().getStartTime() ? file : null;
  }
}
