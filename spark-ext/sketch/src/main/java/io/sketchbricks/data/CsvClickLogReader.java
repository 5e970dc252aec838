package io.sketchbricks.data;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.UnescapedQuoteHandling;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Streams a CSV click log (one row per event, with a header line) as arrivals of one item column, optionally
 * timed by a timestamp column.
 *
 * <p>The input is either one {@code .csv} / {@code .csv.gz} file or a directory as Spark's
 * {@code df.write.option("header", true).csv(dir)} leaves it: every regular file named {@code part-*.csv} or
 * {@code part-*.csv.gz} is read in name order (Spark's partition order), each with its own header; hidden files
 * ({@code .part-*.crc}), {@code _SUCCESS} and other names are ignored.
 *
 * <p>Parsing is univocity's (the parser of Spark's CSV source, on Spark's classpath), set up in {@link #settings}:
 * comma separated, fields that hold a comma, quote or line break wrapped in {@code "}, a quote inside a quoted
 * field escaped either as {@code \"} (Spark's default) or as {@code ""} (RFC 4180, pandas, spreadsheets), and
 * {@code \\} inside quotes read as one backslash as Spark writes it; empty lines skipped; LF, CRLF or CR line
 * ends, detected per file. Line numbers in errors are the line on which the row ends.
 *
 * <p>Times: with a time column, each row's timestamp in epoch milliseconds (formats in {@link Timestamps});
 * without one ({@code timeColumn == null}), the 0-based row number, counted across all part files. An empty
 * item field is passed on as {@code ""} so the caller can skip and count it.
 */
public final class CsvClickLogReader {
  private CsvClickLogReader() {}

  /**
   * Reads every row of {@code fileOrDirectory} and hands its item and time to {@code sink}.
   *
   * @param itemColumn header name of the item column (matched exactly, else ignoring case if that is unique)
   * @param timeColumn header name of the timestamp column, or null to use row numbers as times
   * @return the number of rows delivered
   * @throws IllegalArgumentException when a column is missing (the message lists the header), a row is too
   *     short, or a timestamp cannot be parsed (the message names the row, file, line and value)
   * @throws NoSuchFileException when the path does not exist or a directory holds no part files
   */
  public static long read(Path fileOrDirectory, String itemColumn, String timeColumn, ArrivalSink sink)
      throws IOException {
    Objects.requireNonNull(fileOrDirectory, "fileOrDirectory is null: pass a CSV file or a Spark output folder");
    Objects.requireNonNull(itemColumn, "itemColumn is null: pass the header name of the item column");
    Objects.requireNonNull(sink, "sink is null: pass an ArrivalSink to receive the rows");
    long rows = 0;
    for (Path file : inputFiles(fileOrDirectory)) {
      rows = readFile(file, itemColumn, timeColumn, sink, rows);
    }
    return rows;
  }

  /** The files to read: the path itself, or a Spark output directory's part files in name order. */
  static List<Path> inputFiles(Path fileOrDirectory) throws IOException {
    if (!Files.isDirectory(fileOrDirectory)) {
      if (!Files.exists(fileOrDirectory)) {
        throw new NoSuchFileException(fileOrDirectory.toString());
      }
      return List.of(fileOrDirectory);
    }
    List<Path> parts = new ArrayList<>();
    List<String> others = new ArrayList<>();
    try (Stream<Path> entries = Files.list(fileOrDirectory)) {
      entries.sorted().forEach(p -> {
        String name = p.getFileName().toString();
        if (Files.isRegularFile(p) && name.startsWith("part-")
            && (name.endsWith(".csv") || name.endsWith(".csv.gz"))) {
          parts.add(p);
        } else if (!name.startsWith(".") && !name.startsWith("_")) {
          others.add(name);
        }
      });
    }
    if (parts.isEmpty()) {
      throw new NoSuchFileException(fileOrDirectory.toString(), null, "no part-*.csv or part-*.csv.gz files in"
          + " this directory (other entries: " + others + "); write it with df.write.option(\"header\", true)"
          + ".csv(dir), with no compression or gzip, or pass a single CSV file");
    }
    return parts;
  }

  /**
   * Univocity as Spark's CSV source configures it in {@code multiLine} mode (comma, quote {@code "}, no comment
   * character, whitespace kept, stray quotes in unquoted fields kept, line separator detected per file, empty
   * lines skipped), except the quote escape: {@code "} with {@code \} escaping it, so that both Spark's
   * {@code \"} and RFC 4180's {@code ""} (pandas, spreadsheets) read as one quote. Quotes are kept so that
   * {@link #value} can tell quoted fields apart: only there does {@code \\} stand for one backslash (Spark's
   * writer doubles a backslash inside quotes; univocity with this escape would keep both).
   */
  static CsvParserSettings settings() {
    CsvParserSettings settings = new CsvParserSettings();
    settings.getFormat().setDelimiter(',');
    settings.getFormat().setQuote('"');
    settings.getFormat().setQuoteEscape('"');
    settings.getFormat().setCharToEscapeQuoteEscaping('\\');
    settings.getFormat().setComment('\0');
    settings.setIgnoreLeadingWhitespaces(false);
    settings.setIgnoreTrailingWhitespaces(false);
    settings.setReadInputOnSeparateThread(false);
    settings.setMaxColumns(20480);
    settings.setMaxCharsPerColumn(-1);
    settings.setUnescapedQuoteHandling(UnescapedQuoteHandling.STOP_AT_DELIMITER);
    settings.setLineSeparatorDetectionEnabled(true);
    settings.setKeepQuotes(true);
    settings.setSkipEmptyLines(true);
    return settings;
  }

  private static long readFile(Path file, String itemColumn, String timeColumn, ArrivalSink sink, long row)
      throws IOException {
    try (Reader reader = TextInputs.open(file)) {
      CsvParser parser = new CsvParser(settings());
      parser.beginParsing(reader);
      String[] fields = parser.parseNext();
      if (fields == null) {
        return row; // Spark writes empty part files (no header) for empty partitions.
      }
      List<String> header = header(fields);
      int itemIndex = columnIndex(header, itemColumn, "item", file);
      int timeIndex = timeColumn == null ? -1 : columnIndex(header, timeColumn, "time", file);
      int needed = Math.max(itemIndex, timeIndex) + 1;
      long endLine = parser.getContext().currentLine();
      while ((fields = parser.parseNext()) != null) {
        long startLine = endLine + 1;
        endLine = parser.getContext().currentLine();
        checkClosed(fields[fields.length - 1], file, startLine);
        if (fields.length < needed) {
          throw new IllegalArgumentException("row " + row + " (" + file + ", line " + endLine + ") has "
              + fields.length + " fields but the header " + header + " needs at least " + needed + ": the row"
              + " is malformed (an unquoted line break?) or the file uses another separator");
        }
        long time = timeIndex < 0 ? row : parseTime(value(fields[timeIndex]), timeColumn, row, file, endLine);
        sink.accept(value(fields[itemIndex]), time);
        row++;
      }
    } catch (TextParsingException e) {
      throw new IOException("cannot parse " + file + " as CSV near line " + e.getLineIndex() + ": "
          + e.getMessage().lines().findFirst().orElse(""), e);
    }
    return row;
  }

  /**
   * A field as univocity hands it (quotes kept) as the caller sees it: null (an unquoted empty field) as
   * {@code ""}; a quoted field without its quotes and with {@code \\} read as one backslash; a {@code \r}
   * that ends an unquoted field dropped (a CRLF line end in a file whose first line ends in LF).
   */
  static String value(String raw) {
    if (raw == null) {
      return "";
    }
    int n = raw.length();
    if (n > 0 && raw.charAt(n - 1) == '\r') {
      raw = raw.substring(0, --n);
    }
    if (n >= 2 && raw.charAt(0) == '"' && raw.charAt(n - 1) == '"') {
      String inner = raw.substring(1, n - 1);
      return inner.indexOf('\\') < 0 ? inner : inner.replace("\\\\", "\\");
    }
    return raw;
  }

  /**
   * An opening quote that never closes runs to the end of the file, so it is the last field of the last row:
   * kept quotes with no other quote after the first. (Text after a closing quote, {@code "a"b}, is kept as is,
   * as Spark reads it.)
   */
  private static void checkClosed(String last, Path file, long startLine) throws IOException {
    if (last != null && !last.isEmpty() && last.charAt(0) == '"' && last.lastIndexOf('"') == 0) {
      throw new IOException("a quoted field in " + file + " (in the row from line " + startLine + ") is never"
          + " closed: the file is truncated or a quote inside a field is not escaped (write it as \\\" or \"\")");
    }
  }

  private static long parseTime(String value, String column, long row, Path file, long line) {
    try {
      return Timestamps.parseMillis(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad timestamp '" + value + "' in column '" + column + "' at row " + row
          + " (" + file + ", line " + line + "): " + e.getMessage() + "; " + Timestamps.EXPECTED, e);
    }
  }

  /** The header's names: unquoted like any field, without the byte-order mark some writers put first. */
  private static List<String> header(String[] fields) {
    List<String> names = new ArrayList<>(fields.length);
    for (String f : fields) {
      names.add(value(f));
    }
    if (!names.isEmpty() && names.get(0).startsWith("\uFEFF")) {
      names.set(0, value(names.get(0).substring(1)));
    }
    return names;
  }

  static int columnIndex(List<String> header, String column, String role, Path file) {
    int exact = header.indexOf(column);
    if (exact >= 0) {
      return exact;
    }
    // Spark resolves column names ignoring case by default; follow it when the match is unambiguous.
    int found = -1;
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).equalsIgnoreCase(column)) {
        if (found >= 0) {
          found = -2;
          break;
        }
        found = i;
      }
    }
    if (found >= 0) {
      return found;
    }
    String hint = header.size() == 1 && (header.get(0).contains(";") || header.get(0).contains("\t"))
        ? " (the header looks ';'- or tab-separated; only comma-separated files are supported)" : "";
    throw new IllegalArgumentException(role + " column '" + column + "' is not in the header of " + file
        + "; its columns are " + header + hint + ": pass one of these names");
  }
}
