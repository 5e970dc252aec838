package io.sketchbricks.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our CSV reader and bare univocity (as Spark configures it) on real files: same pairs, or a named difference. */
class CsvParseBenchTest {
  private static final String T = "2026-01-01T00:00:00.000Z";
  private static final long T_MS = 1_767_225_600_000L;

  @TempDir
  Path dir;

  static Map<String, String> agreeing() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("quoted comma", "event_time,user_id,item\n" + T + ",u1,\"a,b\"\n" + T + ",\"u,2\",c\n");
    cases.put("backslash-escaped quote", "event_time,user_id,item\n" + T + ",u1,\"say \\\"hi\\\", ok\"\n");
    cases.put("escaped backslash", "event_time,user_id,item\n" + T + ",u1,\"back\\\\slash\"\n");
    cases.put("empty lines", "event_time,user_id,item\n\n" + T + ",u1,a\n\n\n" + T + ",u2,b\n\n");
    cases.put("CRLF", "event_time,user_id,item\r\n" + T + ",u1,a\r\n" + T + ",u2,\"b,c\"\r\n");
    cases.put("quoted line break", "event_time,user_id,item\n" + T + ",u1,\"two\nlines\"\n" + T + ",u2,z\n");
    cases.put("no final newline", "event_time,user_id,item\n" + T + ",u1,a\n" + T + ",u2,b");
    cases.put("empty item", "event_time,user_id,item\n" + T + ",u1,\n" + T + ",u2,\"\"\n");
    cases.put("lone CR", "event_time,user_id,item\r" + T + ",u1,a\r" + T + ",u2,b\r");
    cases.put("backslash before another character", "event_time,user_id,item\n" + T + ",u1,\"a\\nb\"\n");
    cases.put("stray quote inside an unquoted field", "event_time,user_id,item\n" + T + ",u1,a\"b\n");
    cases.put("byte order mark", "\uFEFFevent_time,user_id,item\n" + T + ",u1,a\n");
    return cases;
  }

  @Test
  void bothParsersDeliverTheSamePairsOnTrickyInputs() throws IOException {
    for (Map.Entry<String, String> c : agreeing().entrySet()) {
      Path file = write(c.getValue());
      List<String> ours = pairs(file, false);
      List<String> univocity = pairs(file, true);
      assertEquals(ours, univocity, c.getKey());
      CsvParseBench.compare(file, "item", "event_time");
    }
    assertEquals(List.of("a,b|" + T_MS, "c|" + T_MS), pairs(write(agreeing().get("quoted comma")), true));
    assertEquals(List.of("say \"hi\", ok|" + T_MS),
        pairs(write(agreeing().get("backslash-escaped quote")), true));
    assertEquals(List.of("two\nlines|" + T_MS, "z|" + T_MS),
        pairs(write(agreeing().get("quoted line break")), true));
  }

  /**
   * Where the two part, pinned so a change on either side shows: bare univocity with Spark's default escape
   * ({@code \}) reads RFC 4180's doubled quote {@code ""} as two characters and splits a doubled-quote field at
   * its comma; our reader (univocity with {@code "} as quote escape and {@code \} escaping it) reads {@code ""}
   * as one quote (pandas and spreadsheets write it). Spark users read such files with
   * {@code option("escape", "\"")}. Text after a closing quote ({@code "a"b}) both keep as written.
   */
  @Test
  void theParsersDifferOnDoubledQuotes() throws IOException {
    String doubled = "event_time,user_id,item\n" + T + ",u1,\"say \"\"hi\"\"\"\n" + T + ",u2,z\n";
    assertEquals(List.of("say \"hi\"|" + T_MS, "z|" + T_MS), pairs(write(doubled), false));
    assertEquals(List.of("\"say \"\"hi\"\"\"|" + T_MS, "z|" + T_MS), pairs(write(doubled), true));

    String doubledComma = "event_time,user_id,item\n" + T + ",u1,\"a \"\"b\"\", c\"\n";
    assertEquals(List.of("a \"b\", c|" + T_MS), pairs(write(doubledComma), false));
    assertEquals(List.of("\"a \"\"b\"\"|" + T_MS), pairs(write(doubledComma), true));

    String onlyQuote = "event_time,user_id,item\n" + T + ",u1,\"\"\"\"\n";
    assertEquals(List.of("\"|" + T_MS), pairs(write(onlyQuote), false));
    assertEquals(List.of("\"\"|" + T_MS), pairs(write(onlyQuote), true));

    String afterClose = "event_time,user_id,item\n" + T + ",u1,\"a\"b\n";
    assertEquals(List.of("\"a\"b|" + T_MS), pairs(write(afterClose), false));
    assertEquals(List.of("\"a\"b|" + T_MS), pairs(write(afterClose), true));

    Path file = write(doubled);
    var e = org.junit.jupiter.api.Assertions.assertThrows(CsvParseBench.MismatchException.class,
        () -> CsvParseBench.compare(file, "item", "event_time"));
    assertTrue(e.getMessage().startsWith("pair 0 of " + file + " differs: ours ('say \"hi\"'"), e.getMessage());
  }

  @Test
  void benchRunsOnASmallGeneratedFileAndFindsNoMismatch() throws IOException {
    Path file = dir.resolve("clicks.csv");
    CsvParseBench.generate(file, 3000, 7);
    List<String> ours = pairs(file, false);
    assertEquals(3000, ours.size());
    assertTrue(ours.stream().anyMatch(p -> p.contains(", \"special\"")), "the file has escaped quotes");
    assertTrue(ours.stream().anyMatch(p -> p.contains(", sale")), "the file has quoted commas");
    List<String> lines = new ArrayList<>();
    CsvParseBench.Result r = CsvParseBench.run(file, "item", "event_time", 2, lines::add);
    assertEquals(3000, r.rows());
    assertEquals(2, r.rounds().size());
    assertTrue(r.medianRatio() > 0 && r.medianOurs() > 0, lines.toString());
    assertEquals(3, lines.size());
  }

  /** The real measurement: only with -Dsketchbricks.benchcsv.rows=N (e.g. 2000000); it prints the figures. */
  @Test
  void measure() throws IOException {
    String rows = System.getProperty("sketchbricks.benchcsv.rows");
    Assumptions.assumeTrue(rows != null, "set -Dsketchbricks.benchcsv.rows=N to measure");
    Path file = dir.resolve("bench.csv");
    CsvParseBench.generate(file, Long.parseLong(rows), 42);
    int rounds = Integer.parseInt(System.getProperty("sketchbricks.benchcsv.rounds", "5"));
    CsvParseBench.Result r = CsvParseBench.run(file, "item", "event_time", rounds,
        line -> System.out.println("bench-csv: " + line));
    System.out.printf("bench-csv: median over %d rounds of %,d rows (%,d bytes): ours %,.0f rows/s, univocity"
        + " %,.0f rows/s, ratio univocity/ours %.3f%n", rounds, r.rows(), Files.size(file), r.medianOurs(),
        r.medianUnivocity(), r.medianRatio());
  }

  private Path write(String content) throws IOException {
    Path file = Files.createTempFile(dir, "case", ".csv");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  static List<String> pairs(Path file, boolean univocity) throws IOException {
    List<String> out = new ArrayList<>();
    if (univocity) {
      CsvParseBench.readUnivocity(file, "item", "event_time", (item, time) -> out.add(item + "|" + time));
    } else {
      CsvParseBench.readOurs(file, "item", "event_time", (item, time) -> out.add(item + "|" + time));
    }
    return out;
  }
}
