package io.sketchbricks.eval;

import io.sketchbricks.data.CsvClickLogReader;
import io.sketchbricks.data.TokenFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A stream of (item, time unit) arrivals held in memory and sorted by time, for the time-adaptive evaluation.
 * Time units count from the first arrival's unit (0 = oldest), so the horizon is {@code maxT + 1} units.
 */
public final class TimedStream {
  private final String[] items;
  private final long[] times;
  private final String unitDescription;

  private TimedStream(String[] items, long[] times, String unitDescription) {
    this.items = items;
    this.times = times;
    this.unitDescription = unitDescription;
  }

  /** A token file: the line number is the time; {@code linesPerUnit} lines make one unit (0: about 500 units). */
  public static TimedStream ofTokens(Path path, long linesPerUnit) throws IOException {
    Collector c = new Collector();
    TokenFileReader.read(path, c::add);
    long lines = c.size == 0 ? 1 : c.times[c.size - 1] + 1;
    long per = linesPerUnit > 0 ? linesPerUnit : Math.max(1, (lines + 499) / 500);
    return c.build(per, 0, per + " lines");
  }

  /** A CSV click log with an event-time column, cut into units of {@code unitMillis}. */
  public static TimedStream ofCsv(Path path, String itemColumn, String timeColumn, long unitMillis)
      throws IOException {
    Collector c = new Collector();
    CsvClickLogReader.read(path, itemColumn, timeColumn, c::add);
    long min = Long.MAX_VALUE;
    for (int i = 0; i < c.size; i++) {
      min = Math.min(min, c.times[i]);
    }
    return c.build(unitMillis, c.size == 0 ? 0 : Math.floorDiv(min, unitMillis) * unitMillis, unitMillis + " ms");
  }

  /** Arrivals the caller produces: {@code times} are already units. */
  public static TimedStream of(String[] items, long[] times) {
    Collector c = new Collector();
    for (int i = 0; i < items.length; i++) {
      c.add(items[i], times[i]);
    }
    return c.build(1, 0, "1");
  }

  public int size() {
    return items.length;
  }

  public String item(int i) {
    return items[i];
  }

  public long time(int i) {
    return times[i];
  }

  /** Number of time units from the oldest arrival to the newest, both included. */
  public long horizon() {
    return items.length == 0 ? 0 : times[times.length - 1] + 1;
  }

  public String unitDescription() {
    return unitDescription;
  }

  private static final class Collector {
    String[] items = new String[1 << 16];
    long[] times = new long[1 << 16];
    int size;

    void add(String item, long time) {
      if (item == null || item.isEmpty()) {
        return;
      }
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
        times = Arrays.copyOf(times, size * 2);
      }
      items[size] = item;
      times[size++] = time;
    }

    TimedStream build(long per, long origin, String unit) {
      Integer[] order = new Integer[size];
      boolean sorted = true;
      for (int i = 0; i < size; i++) {
        order[i] = i;
        sorted &= i == 0 || times[i - 1] <= times[i];
      }
      if (!sorted) {
        Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b])); // stable: ties keep file order
      }
      String[] it = new String[size];
      long[] tu = new long[size];
      long first = size == 0 ? 0 : Math.floorDiv(times[order[0]] - origin, per);
      for (int i = 0; i < size; i++) {
        it[i] = items[order[i]];
        tu[i] = Math.floorDiv(times[order[i]] - origin, per) - first;
      }
      return new TimedStream(it, tu, unit);
    }
  }
}
