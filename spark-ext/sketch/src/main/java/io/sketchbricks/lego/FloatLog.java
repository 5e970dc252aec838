package io.sketchbricks.lego;

/**
 * The natural logarithm of a float, faster than {@code (float) Math.log(x)}, for the Lego decoder's inputs: a
 * plain-Java query takes six logarithms (five counters and the rule estimate), enough of its time for a cheaper
 * logarithm to show in the query rate (README, "Measured here", "Design choices, measured").
 *
 * <p>How: {@code x = m * 2^k} with {@code m} in [1, 2) read off the float's bits; the top 7 bits of the mantissa
 * pick a table point {@code c} just below {@code m}, so {@code ln x = k ln 2 + ln c + ln(1 + r)} with
 * {@code r = m / c - 1}, 0 <= r < 1/128, where four terms of the series leave a relative error under 1e-9.
 * All in double, rounded once to float: within one float ulp of the correctly rounded value
 * ({@code FloatLogTest}), as good as the float32 {@code log} of the DJL path. Zero, negative, subnormal,
 * infinite and NaN inputs go to {@link Math#log}, so every input gets Java's answer.
 */
final class FloatLog {
  private static final double LN2 = 0.6931471805599453;
  private static final int TABLE_BITS = 7;
  private static final int TABLE_SIZE = 1 << TABLE_BITS;
  /** 1 / c and ln c for the table points c = 1 + i / 128, the left end of each mantissa interval (so ln 1 = 0). */
  private static final double[] INV_C = new double[TABLE_SIZE];
  private static final double[] LN_C = new double[TABLE_SIZE];

  static {
    for (int i = 0; i < TABLE_SIZE; i++) {
      double c = 1.0 + (double) i / TABLE_SIZE;
      INV_C[i] = 1.0 / c;
      LN_C[i] = Math.log(c);
    }
  }

  private FloatLog() {}

  static float ln(float x) {
    int bits = Float.floatToRawIntBits(x);
    int k = (bits >> 23) - 127;
    if (bits < 0x00800000 || k == 128) { // sign set (negative, -0), zero, subnormal; or infinite, NaN
      return (float) Math.log(x);
    }
    int i = (bits >> (23 - TABLE_BITS)) & (TABLE_SIZE - 1);
    double m = Float.intBitsToFloat((bits & 0x007fffff) | 0x3f800000);
    double r = m * INV_C[i] - 1.0;
    double series = r * (1.0 + r * (-0.5 + r * (1.0 / 3 + r * -0.25)));
    return (float) (series + LN_C[i] + k * LN2);
  }
}
