package io.sketchbricks.core;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/** Test helper: sketch bytes an attacker could write (valid envelope and checksum, hostile payload). */
public final class CraftedBytes {
  /** Payload offset inside the envelope. */
  public static final int PAYLOAD = 12;

  private CraftedBytes() {}

  /** Wraps a payload in a valid envelope of the given kind and version 1. */
  public static byte[] envelope(SketchKind kind, Consumer<ByteBuffer> payload, int payloadBytes) {
    byte[] out = new byte[PAYLOAD + payloadBytes + 4];
    ByteBuffer buf = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    buf.order(ByteOrder.BIG_ENDIAN).putInt(SketchFormat.MAGIC).order(ByteOrder.LITTLE_ENDIAN);
    buf.put((byte) kind.code()).put((byte) 1).putShort((short) 0).putInt(payloadBytes);
    payload.accept(buf.slice(PAYLOAD, payloadBytes).order(ByteOrder.LITTLE_ENDIAN));
    return reseal(out);
  }

  /** A copy of {@code bytes} with {@code damage} applied (absolute little-endian puts) and the checksum fixed. */
  public static byte[] damaged(byte[] bytes, Consumer<ByteBuffer> damage) {
    byte[] b = bytes.clone();
    damage.accept(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN));
    return reseal(b);
  }

  /** Rewrites the CRC-32C trailer so the damage passes the checksum. */
  public static byte[] reseal(byte[] b) {
    CRC32C crc = new CRC32C();
    crc.update(b, 0, b.length - 4);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) crc.getValue());
    return b;
  }

  /** Heap bytes this thread allocates while running {@code action} (whether or not it throws). */
  public static long allocatedBy(Runnable action) {
    var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = bean.getCurrentThreadAllocatedBytes();
    try {
      action.run();
    } catch (RuntimeException expected) {
      // the caller asserts on the exception separately
    }
    return bean.getCurrentThreadAllocatedBytes() - before;
  }
}
