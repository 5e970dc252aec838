package io.sketchbricks.jobs;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * sql's interactive prompt: line editing and a history kept across runs (JLine), statements collected until a
 * line ends with ';'. A failing statement prints its one-line error and the prompt goes on.
 */
final class SqlPrompt {
  static final String HISTORY = ".sketchbricks_history";

  private final Consumer<String> run;
  private final PrintWriter err;

  SqlPrompt(Consumer<String> run, PrintWriter err) {
    this.run = run;
    this.err = err;
  }

  /** Reads and runs statements until exit, quit or end of input; the exit code. */
  int loop() throws IOException {
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("sketchbricks")
          .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), HISTORY))
          .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is SQL's not, not a history reference
          .build();
      terminal.writer().println("Sketchbricks SQL: statements end with ';'; exit, quit or Ctrl-D to leave.");
      StringBuilder pending = new StringBuilder();
      while (true) {
        String line;
        try {
          line = reader.readLine(pending.length() == 0 ? "sql> " : "  -> ");
        } catch (UserInterruptException e) { // Ctrl-C drops the statement being typed
          pending.setLength(0);
          continue;
        } catch (EndOfFileException e) {
          break;
        }
        String word = line.strip().replaceAll(";$", "").strip();
        if (pending.length() == 0 && (word.equalsIgnoreCase("exit") || word.equalsIgnoreCase("quit"))) {
          break;
        }
        pending.append(line).append('\n');
        if (!line.strip().endsWith(";")) {
          continue;
        }
        for (String statement : SqlCommand.split(pending.toString())) {
          try {
            run.accept(statement);
          } catch (Exception e) {
            err.println("error: " + ErrorLine.of(e).message());
            err.flush();
          }
        }
        pending.setLength(0);
      }
      reader.getHistory().save();
    }
    return 0;
  }
}
