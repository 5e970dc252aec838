package io.sketchbricks.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One failed case, with everything needed to replay it. */
record FuzzFailure(String target, long seed, long caseIndex, String mutation, String problem, byte[] input) {
  /** Inputs up to this size are printed whole; larger ones go to a file. */
  static final int PRINTED_BYTES = 2048;

  String replayCommand() {
    // ucl-state is the Spark glue's reader, fuzzed from that module; every other target is the sketch module's
    String test = "ucl-state".equals(target)
        ? "-pl spark-ext/spark -am test -Dtest=UclStateFuzzTest -Dsurefire.failIfNoSpecifiedTests=false"
        : "-pl spark-ext/sketch test -Dtest=ReaderFuzzTest -Dsketchbricks.fuzz.target=" + target;
    return "mvn -o -B " + test + " -Dsketchbricks.fuzz.seed=" + seed + " -Dsketchbricks.fuzz.replay=" + caseIndex;
  }

  /** Writes the whole input as hex under {@code dir}; returns the file, or null if it cannot. */
  Path writeHex(Path dir) {
    try {
      Files.createDirectories(dir);
      Path f = dir.resolve(target + "-seed" + seed + "-case" + caseIndex + ".hex");
      Files.writeString(f, Hex.of(input) + "\n");
      return f;
    } catch (IOException e) {
      return null;
    }
  }

  String report(Path hexFile) {
    return "[" + target + "] seed " + seed + " case " + caseIndex + ": " + mutation + "\n  problem: " + problem
        + "\n  input (" + input.length + " bytes): " + Hex.shortened(input, PRINTED_BYTES)
        + (hexFile != null ? "\n  whole input as hex: " + hexFile
            + " (replay: -Dsketchbricks.fuzz.target=" + target + " -Dsketchbricks.fuzz.hex=" + hexFile + ")" : "")
        + "\n  replay: " + replayCommand();
  }
}
