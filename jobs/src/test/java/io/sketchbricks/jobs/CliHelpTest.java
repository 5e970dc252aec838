package io.sketchbricks.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The help texts as picocli renders them, for every command: no JVM, no Spark. */
class CliHelpTest {
  static Map<String, CommandLine> commands() {
    return Sketchbricks.commandLine().getSubcommands();
  }

  /** The command list shows each description's first line: it must be a whole sentence. */
  @Test
  void everyCommandSummaryIsAWholeSentence() {
    for (var e : commands().entrySet()) {
      String[] d = e.getValue().getCommandSpec().usageMessage().description();
      if (e.getKey().equals("help")) {
        continue;
      }
      assertTrue(d.length > 0 && d[0].strip().endsWith("."), e.getKey() + "'s summary: " + String.join(" ", d));
    }
  }

  @Test
  void memoryErrorsSpeakKb() {
    var e = assertThrows(IllegalArgumentException.class, () -> MemoryKb.build("--memory-kb", 0, b -> b));
    assertEquals("--memory-kb must be at least 1 (KB), got 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> MemoryKb.build("--memory-kb", 99_999_999,
        b -> io.sketchbricks.eval.Estimators.create("cms", b)));
    assertTrue(e.getMessage().startsWith("--memory-kb 99999999: memory budget of 99999999 KB is over"), e.getMessage());
    assertEquals("give at least 1 KB (12 bytes); 64 KB; about 2 KB (1025 bytes)",
        MemoryKb.inKb("give at least 12 bytes; 65536 bytes; 1025 bytes"));
    Long bytes = MemoryKb.build("--memory-kb", 64, b -> b);
    assertEquals(65536L, bytes.longValue());
  }
}
