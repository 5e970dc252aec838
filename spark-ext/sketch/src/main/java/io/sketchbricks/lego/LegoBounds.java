package io.sketchbricks.lego;

import io.sketchbricks.frequency.EstimateBounds;
import java.util.Arrays;

/**
 * A Lego or D-Lego estimate with an interval for the item's true count f: {@code lower <= f <= upper} with
 * probability at least {@code confidence} (1.0 where the interval is exact: an unflagged D-Lego heavy resident).
 * {@code estimate} is what {@code estimateId} answers (the learned estimate where the brick is in the trained
 * range, else the rule estimate); the interval does not come from the network, which states no bound of its own.
 *
 * <p><b>How cells are filled.</b> Item x goes to brick k = H(x); in each row r it adds {@code count * e_r(x)} to
 * the cell at column c_r(x), where the embedding e(x) is positive (V >= 0.001) and sums to 5. So in exact arithmetic
 * the item's cell in row r holds {@code M_r = f e_r(x) + Z_r}, where the collision mass
 * {@code Z_r = sum f_y e_r(y)} over the other items y of brick k with c_r(y) = c_r(x) is never negative while
 * every count is (adds refuse negative counts; merges add cells).
 *
 * <p><b>Upper: the rule estimate.</b> {@code M_r / e_r(x) = f + Z_r / e_r(x) >= f} in every row, so
 * {@code rule = min_r M_r / e_r(x) >= f}: deterministic, whatever the hashes. The learned estimate is
 * {@code rule * sigmoid(out)}, never above it. D-Lego: an unflagged heavy resident's count is exact (it took an
 * empty bucket, so no earlier arrival of it went to the light part, and every later one went to the bucket until an
 * eviction, which would have flagged any later residency); a flagged resident's count is its exact bucket count
 * plus its share in the light part, and anyone else's count is its share in the light part (votes and evictions
 * only ever add to it). So the upper bound is bucket count + light rule estimate, or the exact count.
 *
 * <p><b>Float32 rounding.</b> The cells are float32: a count is rounded to a float, multiplied by e_r and added to
 * the cell (once per item per flush of the arrival buffer, once per merge), and the rule divides; each step is
 * rounded to nearest, so it errs by at most u = 2^-24 relative. All terms are non-negative, so a cell that took n
 * additions holds at least {@code (1 - u)^(n+1)} times its exact content, and the computed rule estimate is at
 * least {@code (1 - u)^(n+2)} times the exact one: it can fall below f where some row's collision mass is too
 * small to absorb the rounding. So both ends are widened by the relative {@link #ROUNDING} = 2^-10:
 * {@code upper = rule (1 + 2^-10)}, certain while each of the item's cells took at most 16,000 additions
 * ({@code (1 + 2^-10)(1 - 2^-24)^16002 > 1}). Past that no relative widening is a worst-case bound: an item fed
 * as many separate additions of the same product (single arrivals, each evicted from the buffer by a slot-mate)
 * rounds the same way across a binade, so the shortfall grows like {@code n u / 2}, and a cell past 2^24 (16.7 M)
 * fed additions under half its float spacing stops growing. {@code LegoBoundsTest} holds the widened bound at
 * 16,000 single additions and prints how far the rule estimate falls short past that; on a Zipf stream the rule
 * estimate falls under the count for few items and by far less than the widening (README, "Measured here",
 * "Design choices, measured"). This is a limit of float32 cells (the arrival buffer sums an item's arrivals until
 * a slot-mate evicts it, which makes it rare), not of the bound; D-Lego keeps heavy items in exact 64-bit buckets.
 *
 * <p><b>Lower: a Markov bound on the collision mass.</b> The probability is over the column hashes, taken as
 * uniform on the W = 5120 columns and independent across items and rows (the assumption of every Count-Min
 * bound; the columns are the reference's fixed hash). Given which items share brick k and their counts, the other
 * items' mass in row r is at most the row's total {@code R_r = sum_c M[r][c]} (every item's count times its
 * e_r), and each lands in x's column with probability 1/W, so {@code E[Z_r] <= R_r / W}. By Markov,
 * {@code P(Z_r / e_r(x) > t) <= a_r / t} with {@code a_r = R_r / (W e_r(x))}. Now {@code rule - f = min_r Z_r /
 * e_r(x)}, so f falls below {@code rule - t} only if every row's excess passes t; the rows hash independently, so
 * for any set S of rows {@code P(f < rule - t) <= prod_{r in S} a_r / t}. With S the j rows of smallest a_r and
 * {@code t_j = (prod_{r in S} a_r / (1 - confidence))^(1/j)} that probability is at most 1 - confidence; the
 * a_r do not depend on the columns, so taking the smallest t_j over j = 1..5 keeps the guarantee. Then
 * {@code lower = max(0, rule (1 - 2^-10) - t)}, with R_r also widened by 2^-10 for the rounding of the cells.
 * At j = 5 this is Count-Min's bound ({@link EstimateBounds#countMinSlack}) with the per-row weights 1 / e_r(x)
 * and the brick's own mass in place of the stream's. Markov is loose, so coverage runs well above the stated rate.
 * The learned estimate may lie below {@code lower}: the network judged more of the read to be collision noise
 * than this bound allows at this confidence.
 *
 * @param estimate the sketch's estimate (lego_estimate's answer)
 * @param lower at most the true count with probability at least {@code confidence}; never negative
 * @param upper at least the true count (deterministic, within the rounding above); at least {@code estimate}
 * @param confidence the probability asked for, or 1.0 when the interval is exact
 */
public record LegoBounds(double estimate, double lower, double upper, double confidence) {
  /** The relative widening of both ends for float32 rounding: 2^-10, about 0.1 %. */
  public static final double ROUNDING = 0x1p-10;

  /**
   * Bounds of a light-part (plain Lego) item from what its brick holds.
   *
   * @param rule the rule estimate {@code min_r m[r] / e[r]}
   * @param e the item's embedding
   * @param rowMass the brick's per-row sums of counters ({@link Brick#rowMass})
   */
  static LegoBounds ofRule(double estimate, float rule, float[] e, double[] rowMass, double confidence) {
    double slack = collisionSlack(e, rowMass, 1 - confidence);
    double lower = Math.max(0, rule * (1 - ROUNDING) - slack);
    return new LegoBounds(estimate, lower, rule * (1 + ROUNDING), confidence);
  }

  /**
   * The smallest {@code t_j = (prod of the j smallest a_r / delta)^(1/j)}, j = 1..5, with
   * {@code a_r = R_r (1 + ROUNDING) / (W e_r)}: the collision excess that all rows pass with probability at most
   * delta. An empty row (a_r = 0) gives 0: nothing else was stored in it.
   */
  static double collisionSlack(float[] e, double[] rowMass, double delta) {
    double[] a = new double[LegoModel.ROWS];
    for (int r = 0; r < LegoModel.ROWS; r++) {
      a[r] = rowMass[r] * (1 + ROUNDING) / (Brick.COLUMNS * (double) e[r]);
    }
    Arrays.sort(a);
    double logProduct = 0;
    double best = Double.POSITIVE_INFINITY;
    for (int j = 1; j <= LegoModel.ROWS; j++) {
      logProduct += Math.log(a[j - 1]);
      best = Math.min(best, Math.exp((logProduct - Math.log(delta)) / j));
    }
    return best;
  }

  /** These bounds of an item's light-part share, shifted by its exact heavy-part count (D-Lego). */
  LegoBounds plusExact(double estimate, long exact) {
    return new LegoBounds(estimate, exact + lower, exact + upper, confidence);
  }
}
