package io.sketchbricks.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Streams a whitespace-token file (FIMI {@code .dat}, UCI {@code .seq}, plain text; optionally gzipped) as
 * arrivals: every whitespace-separated token is one arrival of the item it names, in file order, which is how
 * the sketch papers flatten these files.
 *
 * <p>Rules:
 * <ul>
 *   <li>Whitespace is any ASCII space or control character (space, tab, CR, LF, form feed...), so runs of
 *       spaces and tabs and CRLF line ends all just separate tokens.</li>
 *   <li>A line whose first character is {@code '%'} is a comment and is skipped whole (the MSNBC header).</li>
 *   <li>Time is the 0-based index of the line among the non-comment lines: comments do not advance time, so the
 *       first data line of a file with a header is time 0 and a file's times do not depend on its header's
 *       length. Blank lines do advance time, because in a basket or session file an empty line is still a
 *       (empty) basket.</li>
 * </ul>
 *
 * <p>The reader tokenizes by hand over a 64 KiB char buffer instead of splitting lines with a regex: it is the
 * hot loop of every benchmark on real data and runs at several million tokens per second.
 */
public final class TokenFileReader {
  private TokenFileReader() {}

  /**
   * Reads {@code path} and hands each token to {@code sink}.
   *
   * @return the number of arrivals (tokens) delivered
   * @throws java.nio.file.NoSuchFileException when the file does not exist
   * @throws IOException when the file cannot be read or is not valid gzip
   */
  public static long read(Path path, ArrivalSink sink) throws IOException {
    Objects.requireNonNull(path, "path is null: pass the token file to read");
    Objects.requireNonNull(sink, "sink is null: pass an ArrivalSink to receive the tokens");
    try (Reader in = TextInputs.open(path)) {
      return new Scan(sink).run(in);
    }
  }

  /** The tokenizer state, kept across buffer refills so tokens and comments may span buffers. */
  private static final class Scan {
    private final ArrivalSink sink;
    private final char[] buf = new char[TextInputs.BUFFER_BYTES];
    /** Holds the head of a token cut by the end of the buffer; tokens inside one buffer are never copied. */
    private char[] carry = new char[64];
    private int carryLen;
    private long line;
    private long arrivals;
    private boolean atLineStart = true;
    private boolean inComment;

    Scan(ArrivalSink sink) {
      this.sink = sink;
    }

    long run(Reader in) throws IOException {
      int n;
      while ((n = in.read(buf, 0, buf.length)) >= 0) {
        scan(n);
      }
      if (carryLen > 0) {
        emit(new String(carry, 0, carryLen));
        carryLen = 0;
      }
      return arrivals;
    }

    private void scan(int n) {
      int i = 0;
      while (i < n) {
        char c = buf[i];
        if (c == '\n') {
          endToken(i, i);
          if (!inComment) {
            line++;
          }
          inComment = false;
          atLineStart = true;
          i++;
        } else if (inComment) {
          i++;
        } else if (atLineStart && c == '%') {
          inComment = true;
          atLineStart = false;
          i++;
        } else if (c <= ' ') {
          endToken(i, i);
          atLineStart = false;
          i++;
        } else {
          // Find the end of the token inside this buffer in a tight loop.
          int start = i;
          while (i < n && buf[i] > ' ') {
            i++;
          }
          atLineStart = false;
          if (i < n) {
            endToken(start, i);
          } else {
            appendCarry(start, i);
          }
        }
      }
    }

    /** Ends the token that is {@code carry} followed by {@code buf[start, end)}, if there is one. */
    private void endToken(int start, int end) {
      if (carryLen == 0) {
        if (end > start) {
          emit(new String(buf, start, end - start));
        }
        return;
      }
      appendCarry(start, end);
      emit(new String(carry, 0, carryLen));
      carryLen = 0;
    }

    private void appendCarry(int start, int end) {
      int len = end - start;
      if (carryLen + len > carry.length) {
        carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carryLen + len));
      }
      System.arraycopy(buf, start, carry, carryLen, len);
      carryLen += len;
    }

    private void emit(String token) {
      sink.accept(token, line);
      arrivals++;
    }
  }
}
