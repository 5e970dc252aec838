package io.sketchbricks.data;

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
 * ({@code .part-*.crc}), {@code _SUCCESS} and other names are ignored. Quoting follows {@link CsvRecords}.
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

  private static long readFile(Path file, String itemColumn, String timeColumn, ArrivalSink sink, long row)
      throws IOException {
    try (Reader reader = TextInputs.open(file)) {
      CsvRecords records = new CsvRecords(reader);
      List<String> fields = new ArrayList<>();
      if (!records.next(fields, null)) {
        return row; // Spark writes empty part files (no header) for empty partitions.
      }
      List<String> header = stripBom(fields);
      int itemIndex = columnIndex(header, itemColumn, "item", file);
      int timeIndex = timeColumn == null ? -1 : columnIndex(header, timeColumn, "time", file);
      boolean[] keep = new boolean[Math.max(itemIndex, timeIndex) + 1];
      keep[itemIndex] = true;
      if (timeIndex >= 0) {
        keep[timeIndex] = true;
      }
      while (records.next(fields, keep)) {
        if (fields.size() < keep.length) {
          throw new IllegalArgumentException("row " + row + " (" + file + ", line " + records.recordLine()
              + ") has " + fields.size() + " fields but the header " + header + " needs at least "
              + keep.length + ": the row is malformed (an unquoted line break?) or the file uses another"
              + " separator");
        }
        long time = timeIndex < 0 ? row : parseTime(fields.get(timeIndex), timeColumn, row, file, records);
        sink.accept(fields.get(itemIndex), time);
        row++;
      }
    }
    return row;
  }

  private static long parseTime(String value, String column, long row, Path file, CsvRecords records) {
    try {
      return Timestamps.parseMillis(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad timestamp '" + value + "' in column '" + column + "' at row " + row
          + " (" + file + ", line " + records.recordLine() + "): " + e.getMessage() + "; "
          + Timestamps.EXPECTED, e);
    }
  }

  private static List<String> stripBom(List<String> header) {
    List<String> copy = new ArrayList<>(header);
    if (!copy.isEmpty() && copy.get(0).startsWith("\uFEFF")) {
      copy.set(0, copy.get(0).substring(1));
    }
    return copy;
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
