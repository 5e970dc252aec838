package io.sketchbricks.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvClickLogReaderTest {
  private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  @TempDir
  Path dir;

  @Test
  void readsQuotedFieldsWithBothEscapeStyles() throws IOException {
    Path file = write("log.csv", "event_time,user_id,item\n"
        + "2026-01-01T00:00:00.000Z,u1,plain\n"
        + "2026-01-01T00:00:01.000Z,u2,\"with, comma\"\n"
        + "2026-01-01T00:00:02.000Z,u3,\"spark \\\"escaped\\\" quote\"\n"
        + "2026-01-01T00:00:03.000Z,u4,\"rfc \"\"doubled\"\" quote\"\n"
        + "2026-01-01T00:00:04.000Z,\"u,5\",\"multi\nline\"\n"
        + "2026-01-01T00:00:05.000Z,u6,\"back\\\\slash\"\n"
        + "2026-01-01T00:00:06.000Z,u7,\n"
        + "2026-01-01T00:00:07.000Z,u8,\"\"\n"
        + "2026-01-01T00:00:08.000Z,u9,a\\b\"c\r\n");
    Recorder r = new Recorder();
    assertEquals(9, CsvClickLogReader.read(file, "item", "event_time", r));
    assertEquals(List.of("plain", "with, comma", "spark \"escaped\" quote", "rfc \"doubled\" quote",
        "multi\nline", "back\\slash", "", "", "a\\b\"c"), r.items);
    for (int i = 0; i < 9; i++) {
      assertEquals(T0 + 1000L * i, r.times.get(i));
    }
  }

  /**
   * Edge cases where the univocity-based reader reads differently from the hand-written parser it replaced, each
   * weighed for the files Spark and pandas write: neither writes the first or the last line; Spark writes the
   * second for a value holding a backslash before a quote.
   */
  @Test
  void malformedEdgeCasesReadAsUnivocityReadsThem() throws IOException {
    Path file = write("edge.csv", "item,n\n"
        // Text after a closing quote is kept verbatim, quotes included, as Spark's CSV source reads it (the old
        // parser dropped the quotes: ab). A writer never produces it, and Spark's reading keeps sketch counts
        // equal to a Spark job's over the same file.
        + "\"a\"b,1\n"
        // Spark's writer writes the value a\"b as "a\\\"b"; with "" and \" both read as one quote, univocity
        // loses the backslash and reads a"b (the old parser read a\"b). Values holding backslash-quote are rare in
        // click logs; reading pandas' and spreadsheets' "" correctly is worth more.
        + "\"a\\\\\\\"b\",2\n"
        // A lone CR inside a file whose first line ends in LF is part of the field (univocity detects one line
        // separator per file; the old parser ended the row there). Spark and pandas use one line end per file.
        + "c\rd,3\n");
    Recorder r = new Recorder();
    assertEquals(3, CsvClickLogReader.read(file, "item", null, r));
    assertEquals(List.of("\"a\"b", "a\"b", "c\rd"), r.items);
  }

  @Test
  void quotedHeaderNamesAndLoneCrFiles() throws IOException {
    Path file = write("cr.csv", "\"item\",\"event_time\"\r\"x,y\",2026-01-01\rz,2026-01-01\r");
    Recorder r = new Recorder();
    assertEquals(2, CsvClickLogReader.read(file, "item", "event_time", r));
    assertEquals(List.of("x,y", "z"), r.items);
    assertEquals(List.of(T0, T0), r.times);
  }

  @Test
  void shortRowIsToldApartFromAnEmptyLastField() throws IOException {
    Path file = write("log.csv", "event_time,user_id,item\n2026-01-01,u,\n2026-01-01,u\n");
    Recorder r = new Recorder();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CsvClickLogReader.read(file, "item", "event_time", r));
    assertEquals(List.of(""), r.items);
    assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("line 3"), e.getMessage());
    assertTrue(e.getMessage().contains("has 2 fields"), e.getMessage());
  }

  @Test
  void withoutTimeColumnTimeIsTheRowNumberAcrossPartFiles() throws IOException {
    Path out = Files.createDirectory(dir.resolve("clicks"));
    Files.writeString(out.resolve("part-00000-abc-c000.csv"), "item,user_id\na,u\nb,u\n");
    Files.writeString(out.resolve("part-00001-abc-c000.csv"), ""); // an empty partition: no header at all
    gzip(out.resolve("part-00002-abc-c000.csv.gz"), "user_id,item\nu,c\n"); // another column order
    Files.writeString(out.resolve("_SUCCESS"), "");
    Files.writeString(out.resolve(".part-00000-abc-c000.csv.crc"), "garbage,\"\n");
    Files.writeString(out.resolve("notes.txt"), "not data\n");
    Recorder r = new Recorder();
    assertEquals(3, CsvClickLogReader.read(out, "item", null, r));
    assertEquals(List.of("a", "b", "c"), r.items);
    assertEquals(List.of(0L, 1L, 2L), r.times);
  }

  @Test
  void directoryWithoutPartFilesIsAnError() throws IOException {
    Path out = Files.createDirectory(dir.resolve("empty-out"));
    Files.writeString(out.resolve("_SUCCESS"), "");
    Files.writeString(out.resolve("part-00000.parquet"), "");
    NoSuchFileException e = assertThrows(NoSuchFileException.class,
        () -> CsvClickLogReader.read(out, "item", null, new Recorder()));
    assertTrue(e.getMessage().contains("part-00000.parquet"), e.getMessage());
  }

  @Test
  void missingFileIsNoSuchFile() {
    assertThrows(NoSuchFileException.class,
        () -> CsvClickLogReader.read(dir.resolve("absent.csv"), "item", null, new Recorder()));
  }

  @Test
  void missingColumnListsTheHeader() throws IOException {
    Path file = write("log.csv", "event_time,user_id,item\n2026-01-01T00:00:00Z,u,a\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CsvClickLogReader.read(file, "product", null, new Recorder()));
    assertTrue(e.getMessage().contains("'product'"), e.getMessage());
    assertTrue(e.getMessage().contains("[event_time, user_id, item]"), e.getMessage());
    IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
        () -> CsvClickLogReader.read(file, "item", "ts", new Recorder()));
    assertTrue(t.getMessage().contains("'ts'"), t.getMessage());
  }

  @Test
  void columnNamesFallBackToCaseInsensitiveLikeSpark() throws IOException {
    Path file = write("log.csv", "\uFEFFEvent_Time,Item\n2026-01-01T00:00:00Z,a\n");
    Recorder r = new Recorder();
    CsvClickLogReader.read(file, "item", "event_time", r);
    assertEquals(List.of("a"), r.items);
    assertEquals(List.of(T0), r.times);
  }

  @Test
  void badTimestampNamesRowAndValue() throws IOException {
    Path file = write("log.csv", "event_time,item\n2026-01-01T00:00:00Z,a\n2026-13-01T00:00:00Z,b\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CsvClickLogReader.read(file, "item", "event_time", new Recorder()));
    assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    assertTrue(e.getMessage().contains("'2026-13-01T00:00:00Z'"), e.getMessage());
  }

  @Test
  void shortRowIsAnError() throws IOException {
    Path file = write("log.csv", "event_time,user_id,item\n2026-01-01T00:00:00Z,u\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CsvClickLogReader.read(file, "item", "event_time", new Recorder()));
    assertTrue(e.getMessage().contains("row 0"), e.getMessage());
  }

  @Test
  void unclosedQuoteIsAnError() throws IOException {
    Path file = write("log.csv", "item\n\"never closed\n");
    IOException e = assertThrows(IOException.class,
        () -> CsvClickLogReader.read(file, "item", null, new Recorder()));
    assertTrue(e.getMessage().contains("never closed"), e.getMessage());
  }

  @Test
  void timestampVariants() {
    assertEquals(T0, Timestamps.parseMillis("2026-01-01T00:00:00.000Z"));
    assertEquals(T0, Timestamps.parseMillis("2026-01-01T00:00:00.000+00:00"));
    assertEquals(T0, Timestamps.parseMillis("2026-01-01T00:00:00Z"));
    assertEquals(T0, Timestamps.parseMillis("2026-01-01T00:00:00"));
    assertEquals(T0, Timestamps.parseMillis("2026-01-01 00:00:00"));
    assertEquals(T0, Timestamps.parseMillis("2026-01-01T00:00"));
    assertEquals(T0, Timestamps.parseMillis("2026-01-01"));
    assertEquals(T0, Timestamps.parseMillis(" 2026-01-01T01:00:00+01:00 "));
    assertEquals(T0, Timestamps.parseMillis("2025-12-31T19:30:00-0430"));
    assertEquals(T0, Timestamps.parseMillis("2026-01-01T02:00:00+02"));
    assertEquals(T0 + 123, Timestamps.parseMillis("2026-01-01T00:00:00.123456789Z"));
    assertEquals(T0 + 500, Timestamps.parseMillis("2026-01-01 00:00:00.5"));
    assertEquals(T0 + 123, Timestamps.parseMillis("2026-01-01T00:00:00,123"));
    assertEquals(T0, Timestamps.parseMillis(Long.toString(T0)));
    assertEquals(-5, Timestamps.parseMillis("-5"));
    assertEquals(0, Timestamps.parseMillis("1970-01-01T00:00:00Z"));
    assertEquals(-1000, Timestamps.parseMillis("1969-12-31T23:59:59Z"));
    for (String bad : new String[] {"", "yesterday", "2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z",
        "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00 UTC", "2026-01-01X00:00", "99999999999999999999"}) {
      assertThrows(IllegalArgumentException.class, () -> Timestamps.parseMillis(bad), bad);
    }
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static void gzip(Path file, String text) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
