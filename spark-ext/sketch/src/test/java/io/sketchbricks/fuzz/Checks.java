package io.sketchbricks.fuzz;

/** Assertions of the fuzz checks: each names the value and why it is wrong. */
final class Checks {
  private Checks() {}

  static void finiteNonNegative(String what, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new AssertionError(what + " = " + v + ": must be finite and non-negative");
    }
  }

  static void finite(String what, double v) {
    if (!Double.isFinite(v)) {
      throw new AssertionError(what + " = " + v + " is not finite");
    }
  }

  static void isTrue(boolean ok, String message) {
    if (!ok) {
      throw new AssertionError(message);
    }
  }

  static void sameBytes(byte[] a, byte[] b, String message) {
    if (!java.util.Arrays.equals(a, b)) {
      throw new AssertionError(message + " (" + a.length + " vs " + b.length + " bytes)");
    }
  }
}
