package io.sketchbricks.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Values that break size and count checks: zero, one, negative, the extremes, powers of two near allocation
 * limits, the input's own length (and its quarters, eighths...: a size that "fits" the bytes), the old value
 * +-1 and doubled; for 4- and 8-byte fields also the float/double NaN, infinities, -1 and -0.
 */
final class InterestingValues {
  private InterestingValues() {}

  /** Writes value number {@code round} (random past the list) into field f of b; returns it as text. */
  static String write(byte[] b, Field f, byte[] seed, long round, java.util.SplittableRandom r) {
    ByteBuffer buf = ByteBuffer.wrap(b).order(f.littleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    int len = seed.length;
    switch (f.width()) {
      case 1 -> {
        byte[] v = {0, 1, -1, 2, 0x7F, (byte) 0x80, (byte) r.nextInt()};
        byte x = v[(int) Math.min(round, v.length - 1)];
        buf.put(f.offset(), x);
        return Byte.toString(x);
      }
      case 2 -> {
        short[] v = {0, 1, -1, 2, Short.MAX_VALUE, Short.MIN_VALUE, (short) (len / 2), (short) r.nextInt()};
        short x = v[(int) Math.min(round, v.length - 1)];
        buf.putShort(f.offset(), x);
        return Short.toString(x);
      }
      case 4 -> {
        int old = buf.getInt(f.offset());
        int[] v = {0, 1, -1, 2, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE - 8, 1 << 16, 1 << 20,
            1 << 24, 1 << 28, 1 << 30, len, len / 4, len / 8, len / 16, len / 25, old + 1, old - 1, old * 2, -old,
            old << 8};
        if (round < v.length) {
          buf.putInt(f.offset(), v[(int) round]);
          return Integer.toString(v[(int) round]);
        }
        float[] fl = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1f, -0f, Float.MAX_VALUE, 1e30f};
        if (round < v.length + fl.length) {
          float x = fl[(int) (round - v.length)];
          buf.putFloat(f.offset(), x);
          return "float " + x;
        }
        int x = r.nextBoolean() ? r.nextInt() : r.nextInt(1 << (1 + r.nextInt(30)));
        buf.putInt(f.offset(), x);
        return Integer.toString(x);
      }
      case 8 -> {
        long old = buf.getLong(f.offset());
        long[] v = {0, 1, -1, 2, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 31, 1L << 32, 1L << 62, (1L << 62) - 1,
            Integer.MAX_VALUE, Integer.MIN_VALUE, len, old + 1, old - 1, old * 2, -old};
        if (round < v.length) {
          buf.putLong(f.offset(), v[(int) round]);
          return Long.toString(v[(int) round]);
        }
        double[] d = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1.0, -0.0, Double.MAX_VALUE,
            1e300, Double.MIN_VALUE};
        if (round < v.length + d.length) {
          double x = d[(int) (round - v.length)];
          buf.putDouble(f.offset(), x);
          return "double " + x;
        }
        long x = r.nextBoolean() ? r.nextLong() : r.nextLong(1L << (1 + r.nextInt(62)));
        buf.putLong(f.offset(), x);
        return Long.toString(x);
      }
      default -> throw new IllegalArgumentException("field width " + f.width());
    }
  }
}
