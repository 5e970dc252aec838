package io.sketchbricks.jobs;

import java.io.PrintStream;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars on stderr for the long in-JVM jobs, shown only when stderr is a terminal: a bar in a log file or
 * a pipe is noise. Java cannot tell whether stderr is a terminal, so the launcher says so
 * ({@value #STDERR_TTY}=1, set by bin/sketchbricks when {@code [ -t 2 ]}).
 */
final class ProgressBars {
  static final String STDERR_TTY = "SKETCHBRICKS_STDERR_TTY";

  private ProgressBars() {}

  static boolean enabled() {
    return "1".equals(System.getenv(STDERR_TTY));
  }

  /** A bar of {@code total} steps, or one that draws nothing when stderr is not a terminal. */
  static Bar open(String task, long total) {
    return new Bar(enabled() ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(500).continuousUpdate().build() : null);
  }

  /** A bar (or nothing); its lines go above the bar, so the bar stays the last line. */
  static final class Bar implements AutoCloseable {
    private final ProgressBar bar;

    private Bar(ProgressBar bar) {
      this.bar = bar;
    }

    /**
     * Prints {@code line} to {@code out} above the bar: on a terminal the bar's line is cleared first; stdout
     * redirected to a file (Java sees a console only when stdin and stdout are terminals) gets the plain line.
     */
    synchronized void println(PrintStream out, String line) {
      boolean overBar = bar != null && (out == System.err || System.console() != null);
      out.println(overBar ? "\r\033[K" + line : line);
      out.flush();
    }

    /** A progress callback of the eval code: each line is one step done, printed above the bar. */
    Consumer<String> stepPerLine(PrintStream out) {
      return line -> {
        println(out, line);
        step();
      };
    }

    void step() {
      if (bar != null) {
        bar.step();
      }
    }

    void stepTo(long n) {
      if (bar != null) {
        bar.stepTo(n);
      }
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }
}
