package io.sketchbricks.data;

import java.io.IOException;
import java.io.Reader;
import java.util.List;

/**
 * A minimal streaming CSV record reader for the files Spark's CSV writer produces: comma separated, fields that
 * hold a comma, quote or line break wrapped in {@code "}, and a quote inside a quoted field escaped either as
 * {@code \"} (Spark's default escape) or as {@code ""} (RFC 4180, pandas, spreadsheets).
 *
 * <p>Inside quotes, {@code \\} reads as one backslash (Spark escapes the escape character) and a backslash
 * before any other character is kept as is. Outside quotes, backslashes and quotes are ordinary characters.
 * Completely empty lines are skipped, as Spark's reader does.
 */
final class CsvRecords {
  private final Reader in;
  private final char[] buf = new char[TextInputs.BUFFER_BYTES];
  private int pos;
  private int limit;
  private final StringBuilder field = new StringBuilder(64);
  /** 1-based physical line of the next character, for error messages. */
  private long line = 1;
  private long recordLine;

  CsvRecords(Reader in) {
    this.in = in;
  }

  /** The 1-based line on which the last record returned by {@link #next} started. */
  long recordLine() {
    return recordLine;
  }

  /**
   * Reads the next record into {@code fields} (cleared first). When {@code keep} is non-null, only fields whose
   * index is below {@code keep.length} and marked true become strings; the others are added as null, which
   * saves allocating every column of a wide log.
   *
   * @return false at the end of the input
   * @throws IOException on a read error or a quoted field that never closes
   */
  boolean next(List<String> fields, boolean[] keep) throws IOException {
    fields.clear();
    int c = read();
    while (c == '\n' || c == '\r') {
      c = read();
    }
    if (c < 0) {
      return false;
    }
    recordLine = line;
    field.setLength(0);
    boolean atFieldStart = true;
    while (true) {
      if (c == '"' && atFieldStart) {
        readQuoted();
        atFieldStart = false;
        c = read();
      } else if (c == ',') {
        addField(fields, keep);
        atFieldStart = true;
        c = read();
      } else if (c == '\n' || c < 0) {
        addField(fields, keep);
        return true;
      } else if (c == '\r') {
        if (peek() == '\n') {
          read();
        }
        addField(fields, keep);
        return true;
      } else {
        // Characters after a closing quote are kept too (lenient, like Spark's parser).
        field.append((char) c);
        atFieldStart = false;
        c = read();
      }
    }
  }

  private void readQuoted() throws IOException {
    long startLine = line;
    while (true) {
      int c = read();
      if (c < 0) {
        throw new IOException("a quoted field opened on line " + startLine + " is never closed: the file is"
            + " truncated or a quote inside a field is not escaped (write it as \\\" or \"\")");
      }
      if (c == '\\') {
        int d = peek();
        if (d == '"' || d == '\\') {
          field.append((char) read());
        } else {
          field.append('\\');
        }
      } else if (c == '"') {
        if (peek() == '"') {
          field.append((char) read());
        } else {
          return;
        }
      } else {
        field.append((char) c);
      }
    }
  }

  private void addField(List<String> fields, boolean[] keep) {
    int i = fields.size();
    boolean wanted = keep == null || (i < keep.length && keep[i]);
    fields.add(wanted ? field.toString() : null);
    field.setLength(0);
  }

  private int read() throws IOException {
    if (pos == limit && !fill()) {
      return -1;
    }
    char c = buf[pos++];
    if (c == '\n') {
      line++;
    }
    return c;
  }

  private int peek() throws IOException {
    if (pos == limit && !fill()) {
      return -1;
    }
    return buf[pos];
  }

  private boolean fill() throws IOException {
    int n;
    do {
      n = in.read(buf, 0, buf.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }
}
