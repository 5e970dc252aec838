package io.sketchbricks.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Seeded, structure-aware fuzzing of every reader of bytes in this module (see {@link FuzzTargets}); one test
 * per reader. The Spark glue's UCL state checkpoint is fuzzed by the same code from that module's
 * {@code UclStateFuzzTest}.
 *
 * <p>System properties (Surefire passes {@code -D} options of the mvn command line to the forked JVM):
 * <ul>
 *   <li>{@code sketchbricks.fuzz.target}: comma-separated readers to run (default: all)
 *   <li>{@code sketchbricks.fuzz.cases}: cases per reader (default: each reader's CI budget)
 *   <li>{@code sketchbricks.fuzz.seed}: the run's seed (default {@value #DEFAULT_SEED})
 *   <li>{@code sketchbricks.fuzz.first}: index of the first case (default 0)
 *   <li>{@code sketchbricks.fuzz.replay}: one case index to replay (with target and seed), printed in full
 *   <li>{@code sketchbricks.fuzz.hex}: an input as hex, or a file of it, to run against the target
 * </ul>
 * A failure prints the seed, case index, mutator and input as hex, and writes the input to
 * {@code target/fuzz-failures}.
 */
class ReaderFuzzTest {
  static final long DEFAULT_SEED = 20_261_129L;

  @TestFactory
  Stream<DynamicTest> everyReader() {
    String only = System.getProperty("sketchbricks.fuzz.target", "").trim();
    List<String> names = new ArrayList<>();
    for (String n : FuzzTargets.names()) {
      if (only.isEmpty() || List.of(only.split("\\s*,\\s*")).contains(n)) {
        names.add(n);
      }
    }
    if (names.isEmpty()) {
      fail("no reader named '" + only + "': choose from " + FuzzTargets.names());
    }
    return names.stream().map(n -> DynamicTest.dynamicTest(n, () -> fuzz(n)));
  }

  private static void fuzz(String name) throws Exception {
    fuzz(FuzzTargets.create(name, freshTmp()));
  }

  /** A fresh folder for a target's files under the tests' temporary folder. */
  static Path freshTmp() {
    return Path.of(System.getProperty("sketchbricks.test.tmp", "target/test-tmp"), "fuzz-" + UUID.randomUUID());
  }

  /**
   * Fuzzes one target with the run's system properties (see above). Package-private for the readers of other
   * modules (the Spark glue's UCL state checkpoint: {@code UclStateFuzzTest}), whose tests reuse this suite.
   */
  static void fuzz(FuzzTarget target) throws Exception {
    String name = target.name();
    FuzzRunner runner = new FuzzRunner(target);
    long seed = Long.decode(System.getProperty("sketchbricks.fuzz.seed", Long.toString(DEFAULT_SEED)));
    String hex = System.getProperty("sketchbricks.fuzz.hex");
    String replay = System.getProperty("sketchbricks.fuzz.replay");
    if (hex != null || replay != null) {
      replayOne(target, runner, seed, hex, replay);
      return;
    }
    long cases = Long.getLong("sketchbricks.fuzz.cases", target.defaultCases());
    long first = Long.getLong("sketchbricks.fuzz.first", 0);
    long t0 = System.nanoTime();
    FuzzRunner.Stats s = runner.run(seed, first, cases);
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "fuzz %-24s %9d cases in %6.1f s (%8.0f cases/s): %d accepted, %d rejected, %d"
            + " failed; slowest %.1f ms CPU (%.1f ms wall), most allocated by a read %d bytes, by a case %d bytes%s%n",
        name, s.cases, seconds, s.cases / seconds, s.accepted, s.rejected, s.failures, s.maxNanos / 1e6,
        s.maxWallNanos / 1e6, s.maxReadBytes,
        s.maxCaseBytes, s.stoppedEarly != null ? " (" + s.stoppedEarly + ")" : "");
    if (s.failures > 0) {
      Path dir = Path.of("target", "fuzz-failures").toAbsolutePath();
      StringBuilder b = new StringBuilder(name + ": " + s.failures + " of " + s.cases + " cases failed (seed " + seed
          + ")" + (s.stoppedEarly != null ? ", " + s.stoppedEarly : "") + "; by kind of problem:\n");
      for (java.util.Map.Entry<String, List<FuzzFailure>> e : s.kept.entrySet()) {
        b.append("\n== ").append(s.counts.get(e.getKey())).append(" x ").append(e.getKey()).append('\n');
        for (FuzzFailure f : e.getValue()) {
          b.append(f.report(f.writeHex(dir))).append('\n');
        }
      }
      System.out.println(b);
      fail(b.toString());
    }
  }

  private static void replayOne(FuzzTarget target, FuzzRunner runner, long seed, String hex, String replay)
      throws Exception {
    byte[] input;
    String what;
    if (hex != null) {
      Path file = Path.of(hex);
      input = Hex.parse(Files.isRegularFile(file) ? Files.readString(file) : hex);
      what = "the given input";
    } else {
      Mutation m = runner.generate(seed, Long.parseLong(replay));
      input = m.bytes();
      what = "seed " + seed + " case " + replay + ": " + m.description();
    }
    String problem;
    try (Watchdog w = new Watchdog()) {
      problem = runner.judge(w, input, new FuzzRunner.Stats());
    }
    System.out.println("replay [" + target.name() + "] " + what + "\n  input (" + input.length + " bytes): "
        + Hex.of(input) + "\n  " + (problem == null ? "passes" : "problem: " + problem));
    if (problem != null) {
      fail(target.name() + ", " + what + ": " + problem);
    }
  }
}
