package io.sketchbricks.jobs;

import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code --memory-kb} given to code that takes bytes: the sketches' errors speak of bytes ("memory budget of
 * 65536 bytes ..."), which a user who typed KB must convert back. This says it in the option's own unit.
 */
final class MemoryKb {
  private static final Pattern BYTES = Pattern.compile("(\\d+) bytes");

  private MemoryKb() {}

  /** {@code build} applied to {@code kb} KB in bytes; its memory errors restated in KB and naming the option. */
  static <T> T build(String option, long kb, LongFunction<T> build) {
    if (kb < 1) {
      throw new IllegalArgumentException(option + " must be at least 1 (KB), got " + kb);
    }
    try {
      return build.apply(kb * 1024L);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      if (message == null || !BYTES.matcher(message).find()) {
        throw e;
      }
      throw new IllegalArgumentException(option + " " + kb + ": " + inKb(message), e);
    }
  }

  /** Every "N bytes" as KB: exact where N is whole KB, else rounded up (the bound a KB option can meet). */
  static String inKb(String message) {
    Matcher m = BYTES.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      long bytes = Long.parseLong(m.group(1));
      long kb = (bytes + 1023) / 1024;
      m.appendReplacement(out, bytes % 1024 == 0 ? kb + " KB" : (bytes < 1024 ? "1 KB" : "about " + kb + " KB")
          + " (" + bytes + " bytes)");
    }
    m.appendTail(out);
    return out.toString();
  }
}
