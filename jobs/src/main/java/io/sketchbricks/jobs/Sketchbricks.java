package io.sketchbricks.jobs;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sketchbricks} command: one entry point, one subcommand per job. */
@Command(name = "sketchbricks", mixinStandardHelpOptions = true, version = "Sketchbricks 0.1.0",
    description = "Frequency sketches for click logs on Apache Spark.",
    subcommands = {DemoCommand.class, GenerateCommand.class, BuildSketchesCommand.class, SqlCommand.class,
        EvalCommand.class, EvalTimeCommand.class, EvalLegoCommand.class, BenchCommand.class, TrainLegoCommand.class,
        CombineLegoCommand.class, StreamUclCommand.class, LegoQueryCommand.class, BenchSparkCommand.class,
        BenchScaleCommand.class, BenchCsvCommand.class,
        CommandLine.HelpCommand.class})
public final class Sketchbricks implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
  }

  public static void main(String[] args) {
    LauncherLogging.configure(); // before any Spark class logs: log4j reads its configuration once
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests run it in-process. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Sketchbricks());
    // one line per error; SKETCHBRICKS_DEBUG=1 adds the stack trace (and Spark's task errors, see LauncherLogging)
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      ErrorLine.Line line = ErrorLine.of(e);
      String log = line.explained() ? null : LauncherLogging.activeLogFile();
      PrintWriter err = commandLine.getErr();
      err.println("error: " + line.message() + (log == null ? "" : " (Spark's log: " + log + ")"));
      if (LauncherLogging.debug()) {
        e.printStackTrace(err);
      }
      err.flush();
      return commandLine.getCommandSpec().exitCodeOnExecutionException();
    });
    cl.setParameterExceptionHandler((e, args) -> {
      CommandLine bad = e.getCommandLine();
      String hint = "";
      if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
        hint = " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
      }
      PrintWriter err = bad.getErr();
      err.println("error: " + e.getMessage().strip() + hint + "; see '" + bad.getCommandSpec().qualifiedName()
          + " --help'");
      err.flush();
      return bad.getCommandSpec().exitCodeOnInvalidInput();
    });
    return cl;
  }
}
