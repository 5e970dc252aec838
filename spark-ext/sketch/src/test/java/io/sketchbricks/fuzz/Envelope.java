package io.sketchbricks.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * What a format wraps around its payload: a header of fixed size, a trailer (a checksum), and how to make
 * mutated bytes pass the checksum again. Without {@link #seal} a fuzzer only ever tests the checksum: a CRC-32C
 * rejects practically every random change before the payload is parsed.
 */
interface Envelope {
  /** Bytes before the payload. */
  int headerBytes();

  /** Bytes after the payload. */
  int trailerBytes();

  /**
   * Recomputes the checksum of {@code bytes} in place (and, with {@code fixLength}, a length field to the
   * actual length) so that only what the mutator changed on purpose differs.
   */
  void seal(byte[] bytes, boolean fixLength);

  /** No envelope: text or raw bytes. */
  Envelope NONE = new Envelope() {
    @Override
    public int headerBytes() {
      return 0;
    }

    @Override
    public int trailerBytes() {
      return 0;
    }

    @Override
    public void seal(byte[] bytes, boolean fixLength) {}
  };

  /**
   * A CRC-32C (little-endian) of bytes [from, length - 4) in the last 4 bytes, and optionally an int32 length
   * field at {@code lengthOffset} holding {@code length - lengthMinus}.
   */
  static Envelope crc32c(int headerBytes, int from, int lengthOffset, int lengthMinus) {
    return new Envelope() {
      @Override
      public int headerBytes() {
        return headerBytes;
      }

      @Override
      public int trailerBytes() {
        return 4;
      }

      @Override
      public void seal(byte[] bytes, boolean fixLength) {
        if (bytes.length < from + 4) {
          return;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (fixLength && lengthOffset >= 0 && bytes.length >= lengthOffset + 4) {
          b.putInt(lengthOffset, bytes.length - lengthMinus);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, bytes.length - 4 - from);
        b.putInt(bytes.length - 4, (int) crc.getValue());
      }
    };
  }
}
