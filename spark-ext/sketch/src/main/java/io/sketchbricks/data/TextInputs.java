package io.sketchbricks.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens a plain or gzip-compressed text file as a UTF-8 reader, shared by the file readers. */
final class TextInputs {
  /** Large buffers: the readers are throughput-bound and 64 KiB cuts syscalls and inflater calls well. */
  static final int BUFFER_BYTES = 1 << 16;

  private TextInputs() {}

  /**
   * Opens {@code path}, decompressing when it starts with the gzip magic bytes. Sniffing the bytes rather than
   * trusting the name also reads gzip files without a {@code .gz} suffix; a {@code .gz} name whose bytes are not
   * gzip is refused, since it is almost always a truncated or mislabelled download.
   *
   * @throws java.nio.file.NoSuchFileException when the file does not exist (the message is the path)
   */
  static Reader open(Path path) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(path), BUFFER_BYTES);
    try {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      boolean gzip = b0 == 0x1f && b1 == 0x8b;
      if (!gzip && path.getFileName() != null && path.getFileName().toString().endsWith(".gz")) {
        throw new IOException(path + " ends in .gz but is not gzip data: re-download it, or rename it without"
            + " .gz if it is plain text");
      }
      InputStream in = gzip ? new GZIPInputStream(raw, BUFFER_BYTES) : raw;
      return new InputStreamReader(in, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }
}
