package io.sketchbricks.eval;

import io.sketchbricks.data.CsvClickLogReader;
import io.sketchbricks.data.TokenFileReader;
import io.sketchbricks.metrics.ExactCounts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An item stream held in memory, so that every estimator sees exactly the same arrivals and its timing measures
 * the sketch, not the parser. Empty items are dropped and counted.
 */
public final class ItemStream {
  private String[] items = new String[1 << 16];
  private int size;
  private long skipped;

  private ItemStream() {}

  /** Reads a whitespace-token file (FIMI .dat, text, .gz): every token is an arrival. */
  public static ItemStream ofTokens(Path path) throws IOException {
    ItemStream s = new ItemStream();
    TokenFileReader.read(path, (item, time) -> s.add(item));
    return s;
  }

  /** Reads the item column of a CSV click log (a file or a Spark output directory). */
  public static ItemStream ofCsv(Path path, String itemColumn) throws IOException {
    ItemStream s = new ItemStream();
    CsvClickLogReader.read(path, itemColumn, null, (item, time) -> s.add(item));
    return s;
  }

  /** Builds a stream from items the caller produces (Spark rows, generators). */
  public static ItemStream of(Iterable<String> items) {
    ItemStream s = new ItemStream();
    items.forEach(s::add);
    return s;
  }

  private void add(String item) {
    if (item == null || item.isEmpty()) {
      skipped++;
      return;
    }
    if (size == items.length) {
      items = Arrays.copyOf(items, items.length * 2);
    }
    items[size++] = item;
  }

  public int size() {
    return size;
  }

  public String get(int i) {
    return items[i];
  }

  /** Null or empty items that were dropped. */
  public long skipped() {
    return skipped;
  }

  /** Exact counts of the stream. */
  public ExactCounts exactCounts() {
    ExactCounts counts = new ExactCounts();
    for (int i = 0; i < size; i++) {
      counts.add(items[i], 1);
    }
    return counts;
  }
}
