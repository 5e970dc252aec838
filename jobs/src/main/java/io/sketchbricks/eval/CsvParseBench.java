package io.sketchbricks.eval;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.UnescapedQuoteHandling;
import io.sketchbricks.data.ArrivalSink;
import io.sketchbricks.data.CsvClickLogReader;
import io.sketchbricks.data.Timestamps;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Our CSV click-log reader ({@link CsvClickLogReader}: univocity with both quote escapes, {@code \"} and
 * {@code ""}, plus its column lookup, unquoting and checks) against bare univocity ({@link CsvParser}) configured
 * as Spark's {@code CSVOptions.asParserSettings} configures it for a whole-file ({@code multiLine}) read: what our
 * settings and checks cost over the parser as Spark runs it. Both read the same file, both turn the time column
 * into epoch milliseconds with {@link Timestamps#parseMillis} and hand the same (item, time) pairs to the same
 * consumer. The pairs must be identical: the warm-up compares them one by one, every timed round compares count
 * and an order-dependent digest.
 *
 * <p>Rounds alternate which reader goes first, so JIT, page cache and machine noise hit both alike; the ratio
 * (univocity over ours, above 1: bare univocity is faster) is what survives a noisy machine.
 */
public final class CsvParseBench {
  /** One timed round: rows per second of each parser. */
  public record Round(double oursPerSecond, double univocityPerSecond) {
    public double ratio() {
      return univocityPerSecond / oursPerSecond;
    }
  }

  /** All timed rounds of one run over {@code rows} rows. */
  public record Result(long rows, List<Round> rounds) {
    public double medianRatio() {
      return median(rounds.stream().mapToDouble(Round::ratio).toArray());
    }

    public double medianOurs() {
      return median(rounds.stream().mapToDouble(Round::oursPerSecond).toArray());
    }

    public double medianUnivocity() {
      return median(rounds.stream().mapToDouble(Round::univocityPerSecond).toArray());
    }
  }

  /** Thrown when the two parsers deliver different pairs: the benchmark would compare unequal work. */
  public static final class MismatchException extends IllegalStateException {
    MismatchException(String message) {
      super(message);
    }
  }

  private CsvParseBench() {}

  /**
   * The settings Spark 3.5's CSV reader hands univocity with its defaults (quote {@code "}, escape {@code \},
   * no comment character, whitespace kept, {@code STOP_AT_DELIMITER} for stray quotes, empty and null values
   * read as {@code ""}) in {@code multiLine} mode, which parses whole files and detects the line separator:
   * the mode that, like ours, accepts line breaks inside quoted fields.
   */
  public static CsvParserSettings sparkSettings() {
    CsvParserSettings settings = new CsvParserSettings();
    settings.getFormat().setDelimiter(',');
    settings.getFormat().setQuote('"');
    settings.getFormat().setQuoteEscape('\\');
    settings.getFormat().setComment('\0');
    settings.setIgnoreLeadingWhitespaces(false);
    settings.setIgnoreTrailingWhitespaces(false);
    settings.setReadInputOnSeparateThread(false);
    settings.setMaxColumns(20480);
    settings.setNullValue("");
    settings.setEmptyValue("");
    settings.setMaxCharsPerColumn(-1);
    settings.setUnescapedQuoteHandling(UnescapedQuoteHandling.STOP_AT_DELIMITER);
    settings.setLineSeparatorDetectionEnabled(true);
    return settings;
  }

  /** Parser (a): {@link CsvClickLogReader}, item and time columns, times through {@link Timestamps}. */
  public static long readOurs(Path file, String itemCol, String timeCol, ArrivalSink sink) throws IOException {
    return CsvClickLogReader.read(file, itemCol, timeCol, sink);
  }

  /**
   * Parser (b): univocity with {@link #sparkSettings()}, selecting the same two columns by index after reading
   * the header (as Spark does), then the same timestamp conversion.
   */
  public static long readUnivocity(Path file, String itemCol, String timeCol, ArrivalSink sink)
      throws IOException {
    String[] header;
    try (Reader in = open(file)) {
      CsvParser headerParser = new CsvParser(sparkSettings());
      headerParser.beginParsing(in);
      header = headerParser.parseNext();
      headerParser.stopParsing();
    }
    if (header == null) {
      return 0;
    }
    int itemIndex = columnIndex(header, itemCol, "item", file);
    int timeIndex = columnIndex(header, timeCol, "time", file);
    CsvParserSettings settings = sparkSettings();
    settings.setHeaderExtractionEnabled(true);
    settings.selectIndexes(itemIndex, timeIndex);
    long rows = 0;
    try (Reader in = open(file)) {
      CsvParser parser = new CsvParser(settings);
      parser.beginParsing(in);
      String[] r;
      while ((r = parser.parseNext()) != null) {
        if (r.length < 2 || r[0] == null || r[1] == null) {
          throw new IllegalArgumentException("row " + rows + " of " + file + " (line "
              + parser.getContext().currentLine() + ") lacks the item or time column: " + Arrays.toString(r));
        }
        long time;
        try {
          time = Timestamps.parseMillis(r[1]);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("bad timestamp '" + r[1] + "' at row " + rows + " of " + file + ": "
              + e.getMessage() + "; " + Timestamps.EXPECTED, e);
        }
        sink.accept(r[0], time);
        rows++;
      }
    } catch (TextParsingException e) {
      throw new IOException("univocity could not parse " + file + ": " + e.getMessage(), e);
    }
    return rows;
  }

  /**
   * Times both parsers on {@code file}: one warm-up round that checks the pairs one by one, then {@code rounds}
   * timed rounds alternating which parser goes first.
   *
   * @throws MismatchException when the parsers deliver different pairs (the message names the first one)
   */
  public static Result run(Path file, String itemCol, String timeCol, int rounds, Consumer<String> progress)
      throws IOException {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
    }
    long rows = compare(file, itemCol, timeCol);
    progress.accept(String.format("warm-up: both parsers delivered the same %,d (item, time) pairs", rows));
    Digest reference = new Digest();
    readOurs(file, itemCol, timeCol, reference);
    List<Round> timed = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      double ours;
      double univocity;
      if (round % 2 == 0) {
        ours = time(file, itemCol, timeCol, false, reference);
        univocity = time(file, itemCol, timeCol, true, reference);
      } else {
        univocity = time(file, itemCol, timeCol, true, reference);
        ours = time(file, itemCol, timeCol, false, reference);
      }
      Round r = new Round(ours, univocity);
      timed.add(r);
      progress.accept(String.format("round %d of %d (%s first): ours %,.0f rows/s, univocity %,.0f rows/s,"
          + " ratio %.3f", round + 1, rounds, round % 2 == 0 ? "ours" : "univocity", ours, univocity, r.ratio()));
    }
    return new Result(rows, List.copyOf(timed));
  }

  /**
   * Reads {@code file} with both parsers and checks they deliver the same pairs in the same order.
   *
   * @return the number of pairs
   * @throws MismatchException naming the first pair that differs
   */
  public static long compare(Path file, String itemCol, String timeCol) throws IOException {
    List<String> items = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    long ours = readOurs(file, itemCol, timeCol, (item, time) -> {
      items.add(item);
      times.add(time);
    });
    long[] at = {0};
    long theirs = readUnivocity(file, itemCol, timeCol, (item, time) -> {
      int i = (int) at[0]++;
      if (i >= items.size()) {
        throw new MismatchException("univocity delivered more pairs than ours (" + items.size() + ") in " + file
            + "; its extra pair " + i + " is (" + quote(item) + ", " + time + ")");
      }
      if (!items.get(i).equals(item) || times.get(i) != time) {
        throw new MismatchException("pair " + i + " of " + file + " differs: ours (" + quote(items.get(i)) + ", "
            + times.get(i) + "), univocity (" + quote(item) + ", " + time + ")");
      }
    });
    if (ours != theirs) {
      throw new MismatchException("ours delivered " + ours + " pairs, univocity " + theirs + " in " + file);
    }
    return ours;
  }

  private static double time(Path file, String itemCol, String timeCol, boolean univocity, Digest reference)
      throws IOException {
    Digest d = new Digest();
    long t0 = System.nanoTime();
    long rows = univocity ? readUnivocity(file, itemCol, timeCol, d) : readOurs(file, itemCol, timeCol, d);
    long t1 = System.nanoTime();
    if (rows != reference.count || d.count != reference.count || d.hash != reference.hash) {
      throw new MismatchException((univocity ? "univocity" : "ours") + " delivered " + d.count + " pairs with"
          + " digest " + Long.toHexString(d.hash) + " where the warm-up had " + reference.count + " pairs with"
          + " digest " + Long.toHexString(reference.hash) + " in " + file);
    }
    return AccuracyEval.perSecond(rows, t1 - t0);
  }

  /** The consumer both parsers feed: a count and an order-dependent digest of every pair. */
  static final class Digest implements ArrivalSink {
    long count;
    long hash = 1;

    @Override
    public void accept(String item, long time) {
      long h = item.hashCode() * 0x9E3779B97F4A7C15L + time;
      hash = (hash ^ h) * 0xBF58476D1CE4E5B9L + 1;
      count++;
    }
  }

  /**
   * Writes a click log of {@code rows} rows in the shape {@code generate --format csv} writes
   * ({@code event_time,user_id,item}, ISO timestamps with milliseconds and {@code Z}), with about one item in 20
   * quoted because it holds a comma, and one in 40 also holding a quote escaped as Spark escapes it ({@code \"}).
   */
  public static void generate(Path file, long rows, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    long t0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    long step = 7L * 86_400_000L / Math.max(1, rows);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("event_time,user_id,item\n");
      StringBuilder line = new StringBuilder(96);
      for (long i = 0; i < rows; i++) {
        line.setLength(0);
        line.append(java.time.Instant.ofEpochMilli(t0 + i * step + random.nextInt((int) Math.max(1, step))));
        fixMillis(line);
        line.append(",user-").append(random.nextInt(10_000)).append(',');
        // Zipf-like popularity without the sampler's cost: small ids far more often than large ones.
        int item = (int) Math.min(99_999, Math.floor(Math.pow(100_000, random.nextDouble())) - 1);
        int kind = random.nextInt(40);
        if (kind == 0) {
          line.append("\"item-").append(item).append(", \\\"special\\\"\"");
        } else if (kind == 1) {
          line.append("\"item-").append(item).append(", sale\"");
        } else {
          line.append("item-").append(item);
        }
        line.append('\n');
        w.append(line);
      }
    }
  }

  /** {@link java.time.Instant#toString} drops zero milliseconds; Spark always writes three digits. */
  private static void fixMillis(StringBuilder line) {
    if (line.charAt(line.length() - 5) != '.') {
      line.insert(line.length() - 1, ".000");
    }
  }

  private static Reader open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
      return new InputStreamReader(in, StandardCharsets.UTF_8);
    } catch (IOException e) {
      raw.close();
      throw e;
    }
  }

  private static int columnIndex(String[] header, String column, String role, Path file) {
    String[] names = header.clone();
    if (names.length > 0 && names[0] != null && names[0].startsWith("\uFEFF")) {
      names[0] = names[0].substring(1);
    }
    int found = -1;
    for (int i = 0; i < names.length; i++) {
      if (column.equals(names[i])) {
        return i;
      }
      if (column.equalsIgnoreCase(names[i])) {
        found = found == -1 ? i : -2;
      }
    }
    if (found < 0) {
      throw new IllegalArgumentException(role + " column '" + column + "' is not (or not uniquely) in the header"
          + " of " + file + "; its columns are " + Arrays.toString(names) + ": pass one of these names");
    }
    return found;
  }

  private static String quote(String s) {
    return s == null ? "null" : "'" + s.replace("\r", "\\r").replace("\n", "\\n") + "'";
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
