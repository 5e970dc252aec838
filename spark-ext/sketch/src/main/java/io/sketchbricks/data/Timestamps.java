package io.sketchbricks.data;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Parses the timestamp spellings found in click logs to epoch milliseconds.
 *
 * <p>Accepted: an integer epoch-millisecond value, or ISO-8601 {@code yyyy-MM-dd[(T| )HH:mm[:ss[.fraction]]]}
 * followed by an optional zone {@code Z}, {@code +HH}, {@code +HHmm} or {@code +HH:mm}. A timestamp without a
 * zone is UTC: that is what Spark means when its session time zone is UTC, and guessing the JVM's zone would
 * make results depend on the machine. Fractions finer than a millisecond are truncated.
 *
 * <p>Hand-written rather than {@code DateTimeFormatter}: a click log has one timestamp per row, and the
 * formatter's generic parse costs more than reading the row.
 *
 * <p>Public so that benchmarks comparing CSV parsers (jobs' {@code bench-csv}) convert times exactly as
 * {@link CsvClickLogReader} does.
 */
public final class Timestamps {
  public static final String EXPECTED = "expected ISO-8601 such as 2026-01-01T00:00:00.000Z, 2026-01-01 00:00:00 or"
      + " 2026-01-01T00:00:00+01:00 (no zone means UTC), or integer epoch milliseconds";

  private Timestamps() {}

  /**
   * Returns {@code text} as epoch milliseconds.
   *
   * @throws IllegalArgumentException naming what is wrong with the text
   */
  public static long parseMillis(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty timestamp");
    }
    if (isInteger(s)) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("epoch milliseconds out of the long range");
      }
    }
    return new Cursor(s).isoMillis();
  }

  private static boolean isInteger(String s) {
    int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
    if (i == s.length()) {
      return false;
    }
    for (; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** A left-to-right reader over one ISO timestamp. */
  private static final class Cursor {
    private final String s;
    private int pos;

    Cursor(String s) {
      this.s = s;
    }

    long isoMillis() {
      int year = digits(4, "year");
      expect('-');
      int month = digits(2, "month");
      expect('-');
      int day = digits(2, "day");
      long epochDay;
      try {
        epochDay = LocalDate.of(year, month, day).toEpochDay();
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("invalid date: " + e.getMessage());
      }
      int hour = 0;
      int minute = 0;
      int second = 0;
      int millis = 0;
      if (more()) {
        char sep = s.charAt(pos);
        if (sep != 'T' && sep != 't' && sep != ' ') {
          throw new IllegalArgumentException("expected 'T' or a space after the date at position " + pos);
        }
        pos++;
        hour = range(digits(2, "hour"), 23, "hour");
        expect(':');
        minute = range(digits(2, "minute"), 59, "minute");
        if (more() && s.charAt(pos) == ':') {
          pos++;
          second = range(digits(2, "second"), 59, "second");
          if (more() && (s.charAt(pos) == '.' || s.charAt(pos) == ',')) {
            pos++;
            millis = fractionMillis();
          }
        }
      }
      int offsetSeconds = more() ? offsetSeconds() : 0;
      if (more()) {
        throw new IllegalArgumentException("unexpected text '" + s.substring(pos) + "' at the end");
      }
      return ((epochDay * 86_400L + hour * 3600L + minute * 60L + second) - offsetSeconds) * 1000L + millis;
    }

    private int fractionMillis() {
      int start = pos;
      int millis = 0;
      while (more() && isDigit(s.charAt(pos))) {
        if (pos - start < 3) {
          millis = millis * 10 + (s.charAt(pos) - '0');
        }
        pos++;
      }
      int len = pos - start;
      if (len == 0 || len > 9) {
        throw new IllegalArgumentException("a fraction of a second needs 1 to 9 digits");
      }
      for (int i = len; i < 3; i++) {
        millis *= 10;
      }
      return millis;
    }

    private int offsetSeconds() {
      char c = s.charAt(pos);
      if (c == 'Z' || c == 'z') {
        pos++;
        return 0;
      }
      if (c != '+' && c != '-') {
        throw new IllegalArgumentException("expected a zone (Z, +HH:mm) at position " + pos);
      }
      pos++;
      int hours = range(digits(2, "offset hour"), 18, "offset hour");
      int minutes = 0;
      if (more()) {
        if (s.charAt(pos) == ':') {
          pos++;
        }
        minutes = range(digits(2, "offset minute"), 59, "offset minute");
      }
      int seconds = hours * 3600 + minutes * 60;
      return c == '-' ? -seconds : seconds;
    }

    private boolean more() {
      return pos < s.length();
    }

    private int digits(int count, String what) {
      if (pos + count > s.length()) {
        throw new IllegalArgumentException("too short: missing the " + what);
      }
      int v = 0;
      for (int i = 0; i < count; i++) {
        char c = s.charAt(pos++);
        if (!isDigit(c)) {
          throw new IllegalArgumentException("expected a digit of the " + what + " at position " + (pos - 1));
        }
        v = v * 10 + (c - '0');
      }
      return v;
    }

    private void expect(char c) {
      if (!more() || s.charAt(pos) != c) {
        throw new IllegalArgumentException("expected '" + c + "' at position " + pos);
      }
      pos++;
    }

    private static int range(int v, int max, String what) {
      if (v > max) {
        throw new IllegalArgumentException(what + " " + v + " is above " + max);
      }
      return v;
    }
  }
}
