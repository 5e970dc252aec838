package io.sketchbricks.ucl;

import java.util.Locale;

/**
 * How the Count-Min part's counts are recovered for the tracked keys (the reference code's decode modes; the UCL
 * paper's Sec. VI-C compares them).
 */
public enum DecodeMode {
  /** Plain Count-Min: the minimum of each key's counters. Never underestimates. */
  CM,
  /**
   * Least squares on A by LSQR, clamped into [1, CM min] ({@link Lsqr}), then refined inside that box
   * ({@link BoxedLeastSquares}).
   */
  LSQR,
  /** The learned solver ({@code io.sketchbricks.ucl.djl.UclSolver}): needs a trained model. */
  ML;

  /** Parses cm, lsqr or ml (case-insensitive). */
  public static DecodeMode of(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown UCL decode mode '" + name + "': use cm, lsqr or ml", e);
    }
  }
}
