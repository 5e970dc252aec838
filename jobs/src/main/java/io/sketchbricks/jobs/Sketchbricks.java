package io.sketchbricks.jobs;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sketchbricks} command: one entry point, one subcommand per job. */
@Command(name = "sketchbricks", mixinStandardHelpOptions = true, version = "Sketchbricks 0.1.0",
    description = "Frequency sketches for click logs on Apache Spark.",
    subcommands = {DemoCommand.class, GenerateCommand.class, BuildSketchesCommand.class, SqlCommand.class,
        EvalCommand.class, EvalTimeCommand.class, EvalLegoCommand.class, BenchCommand.class, TrainLegoCommand.class,
        StreamUclCommand.class, LegoQueryCommand.class, BenchSparkCommand.class, BenchScaleCommand.class, CommandLine.HelpCommand.class})
public final class Sketchbricks implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command (see --help)");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests run it in-process. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Sketchbricks());
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // a user error deserves its message, not a stack trace; set SKETCHBRICKS_DEBUG=1 for the trace
      Throwable root = e;
      while (root.getCause() != null && !(root instanceof IllegalArgumentException)) {
        root = root.getCause();
      }
      commandLine.getErr().println("error: " + (root.getMessage() == null ? root : root.getMessage()));
      if (System.getenv("SKETCHBRICKS_DEBUG") != null) {
        e.printStackTrace(commandLine.getErr());
      }
      return 1;
    });
    return cl;
  }
}
