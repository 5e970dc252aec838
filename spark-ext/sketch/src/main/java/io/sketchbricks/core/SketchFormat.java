package io.sketchbricks.core;

import java.io.Serializable;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The binary envelope shared by all sketches.
 *
 * <pre>
 * offset  size  field
 *      0     4  magic "SKBR"
 *      4     1  kind code ({@link SketchKind})
 *      5     1  format version of that kind
 *      6     2  reserved, zero
 *      8     4  payload length n (little-endian, like everything after it)
 *     12     n  payload: the kind's parameters, then its counters
 *   12+n     4  CRC-32C of bytes [0, 12+n)
 * </pre>
 *
 * The checksum is what turns a flipped bit into an error instead of a silently wrong estimate.
 */
public final class SketchFormat {
  public static final int MAGIC = 0x534B4252; // "SKBR"
  static final int KIND_OFFSET = 4;
  static final int VERSION_OFFSET = 5;
  static final int RESERVED_OFFSET = 6;
  static final int LENGTH_OFFSET = 8;
  /** Bytes before the payload. */
  public static final int HEADER_BYTES = 12;
  /** Bytes after the payload (the checksum). */
  public static final int TRAILER_BYTES = 4;

  private SketchFormat() {}

  /** Writes a sketch: the payload writer must put exactly {@code payloadBytes} bytes. */
  public static byte[] write(SketchKind kind, int payloadBytes, Consumer<ByteBuffer> payloadWriter) {
    byte[] out = new byte[HEADER_BYTES + payloadBytes + TRAILER_BYTES];
    ByteBuffer buf = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    buf.order(ByteOrder.BIG_ENDIAN).putInt(MAGIC).order(ByteOrder.LITTLE_ENDIAN);
    buf.put((byte) kind.code()).put((byte) kind.currentVersion()).putShort((short) 0).putInt(payloadBytes);
    ByteBuffer payload = buf.slice(HEADER_BYTES, payloadBytes).order(ByteOrder.LITTLE_ENDIAN);
    payloadWriter.accept(payload);
    if (payload.hasRemaining()) {
      throw new IllegalStateException(kind + " wrote " + payload.position() + " of " + payloadBytes + " payload bytes");
    }
    buf.putInt(HEADER_BYTES + payloadBytes, crc(out, HEADER_BYTES + payloadBytes));
    return out;
  }

  /**
   * Reads a kind's payload: the buffer is little-endian and bounded to the payload. Serializable so that a
   * {@link SerializedSketch} can carry its reader as a method reference.
   */
  @FunctionalInterface
  public interface PayloadReader<T extends Sketch> extends Serializable {
    T read(ByteBuffer payload, int version);
  }

  /**
   * Checked sketch bytes: the kind and format version from the header, and the payload as a little-endian view
   * bounded to it. {@link #open} checks the envelope once; everything after works on this.
   */
  public record Envelope(SketchKind kind, int version, ByteBuffer payload) {}

  /**
   * Checks the envelope (magic, kind, version, reserved bytes, length, checksum) once and opens it.
   *
   * @throws CorruptSketchException naming what is wrong with the bytes
   */
  public static Envelope open(byte[] bytes) {
    SketchKind kind = kindOf(bytes);
    return new Envelope(kind, bytes[VERSION_OFFSET] & 0xFF, payloadOf(bytes));
  }

  /**
   * Reads a sketch with the given payload reader after checking the envelope and that it holds {@code expected}
   * (the generic, any-kind read is {@code io.sketchbricks.kinds.SketchKinds#read}).
   *
   * @throws CorruptSketchException naming what is wrong with the bytes
   */
  public static <T extends Sketch> T read(byte[] bytes, SketchKind expected, PayloadReader<T> reader) {
    Envelope envelope = open(bytes);
    if (envelope.kind() != expected) {
      throw new CorruptSketchException("expected a " + expected.sqlName() + " sketch but got a "
          + envelope.kind().sqlName() + " sketch: use the functions of that kind (or sketch_estimate, which works on"
          + " every kind)");
    }
    return read(envelope, reader);
  }

  /**
   * Reads an opened sketch with its kind's payload reader, refusing a payload shorter or longer than the reader
   * consumes.
   *
   * @throws CorruptSketchException naming what is wrong with the payload
   */
  public static <T extends Sketch> T read(Envelope envelope, PayloadReader<T> reader) {
    ByteBuffer payload = envelope.payload();
    String kind = envelope.kind().sqlName();
    T sketch;
    try {
      sketch = reader.read(payload, envelope.version());
    } catch (BufferUnderflowException | IndexOutOfBoundsException | NegativeArraySizeException e) {
      throw new CorruptSketchException(kind + " sketch payload is shorter than its parameters say", e);
    }
    if (payload.hasRemaining()) {
      throw new CorruptSketchException(kind + " sketch has " + payload.remaining()
          + " unexpected bytes after its counters");
    }
    return sketch;
  }

  /**
   * The payload of checked sketch bytes: a little-endian view bounded to the payload, for readers that work on the
   * bytes without building a sketch.
   */
  public static ByteBuffer payload(byte[] bytes) {
    return open(bytes).payload();
  }

  /** The checksum stored in the last 4 bytes, unchecked: a cheap identity for caches (0 for bytes too short). */
  public static int storedChecksum(byte[] bytes) {
    int n = bytes.length;
    return n < HEADER_BYTES + TRAILER_BYTES ? 0 : ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(n - 4);
  }

  /**
   * A one-line dump of the envelope for debugging: every header field as stored, and whether the length and
   * checksum hold. Never throws; damaged bytes are described, not rejected.
   */
  public static String describe(byte[] bytes) {
    if (bytes == null) {
      return "null";
    }
    if (bytes.length < HEADER_BYTES + TRAILER_BYTES) {
      return bytes.length + " bytes: too short for the 16-byte envelope";
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int code = bytes[KIND_OFFSET] & 0xFF;
    SketchKind kind = SketchKind.ofCode(code);
    int payloadBytes = buf.getInt(LENGTH_OFFSET);
    boolean lengthOk = payloadBytes >= 0 && (long) HEADER_BYTES + payloadBytes + TRAILER_BYTES == bytes.length;
    String crc = !lengthOk ? "unchecked"
        : buf.getInt(HEADER_BYTES + payloadBytes) == crc(bytes, HEADER_BYTES + payloadBytes) ? "ok" : "BAD";
    return String.format(java.util.Locale.ROOT,
        "%d bytes: magic %s, kind %d (%s), version %d, reserved 0x%04x, payload %d bytes (%s), crc32c %s",
        bytes.length, ByteBuffer.wrap(bytes).getInt(0) == MAGIC ? "SKBR" : "BAD", code,
        kind == null ? "unknown" : kind.sqlName(), bytes[VERSION_OFFSET] & 0xFF,
        buf.getShort(RESERVED_OFFSET) & 0xFFFF, payloadBytes, lengthOk ? "length ok" : "length BAD", crc);
  }

  private static ByteBuffer payloadOf(byte[] bytes) {
    int payloadBytes = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(LENGTH_OFFSET);
    return ByteBuffer.wrap(bytes).slice(HEADER_BYTES, payloadBytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Validates the envelope (magic, version, reserved bytes, length, checksum) and returns the kind, without reading
   * the payload.
   */
  public static SketchKind kindOf(byte[] bytes) {
    if (bytes == null) {
      throw new CorruptSketchException("sketch bytes are null");
    }
    if (bytes.length < HEADER_BYTES + TRAILER_BYTES) {
      throw new CorruptSketchException("not a Sketchbricks sketch: only " + bytes.length
          + " bytes, shorter than the 16-byte header and checksum (truncated?)");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    if (buf.getInt(0) != MAGIC) {
      throw new CorruptSketchException("not a Sketchbricks sketch: the bytes do not start with the magic 'SKBR'"
          + " (is this a sketch of another library, e.g. Spark's count_min_sketch?)");
    }
    SketchKind kind = SketchKind.ofCode(bytes[KIND_OFFSET] & 0xFF);
    if (kind == null) {
      throw new CorruptSketchException("unknown sketch kind code " + (bytes[KIND_OFFSET] & 0xFF)
          + ": written by a newer Sketchbricks? Upgrade to read it");
    }
    int version = bytes[VERSION_OFFSET] & 0xFF;
    if (version < 1 || version > kind.currentVersion()) {
      throw new CorruptSketchException(kind.sqlName() + " sketch has format version " + version
          + ", this build reads versions 1.." + kind.currentVersion() + ": upgrade Sketchbricks to read it");
    }
    if (bytes[RESERVED_OFFSET] != 0 || bytes[RESERVED_OFFSET + 1] != 0) {
      throw new CorruptSketchException(kind.sqlName() + " sketch has non-zero reserved header bytes (offset 6-7):"
          + " the bytes were damaged, or written by a newer Sketchbricks that uses them; upgrade to read it");
    }
    int payloadBytes = buf.order(ByteOrder.LITTLE_ENDIAN).getInt(LENGTH_OFFSET);
    long expectedLength = (long) HEADER_BYTES + payloadBytes + TRAILER_BYTES;
    if (payloadBytes < 0 || expectedLength != bytes.length) {
      throw new CorruptSketchException(kind.sqlName() + " sketch is " + bytes.length + " bytes but its header says "
          + expectedLength + ": the bytes were truncated or padded");
    }
    int stored = buf.getInt(HEADER_BYTES + payloadBytes);
    if (stored != crc(bytes, HEADER_BYTES + payloadBytes)) {
      throw new CorruptSketchException(kind.sqlName() + " sketch fails its checksum: the bytes were damaged;"
          + " rebuild the sketch from its source data");
    }
    return kind;
  }

  private static int crc(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }

  /** Reads a positive int parameter, refusing values outside [min, max]. */
  public static int readInt(ByteBuffer payload, String name, int min, int max) {
    int v = payload.getInt();
    if (v < min || v > max) {
      throw new CorruptSketchException("sketch parameter " + name + " = " + v + " is outside [" + min + ", " + max + "]");
    }
    return v;
  }
}
