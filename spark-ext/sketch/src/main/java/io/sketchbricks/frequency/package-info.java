/**
 * Point-query frequency sketches built from a memory budget: {@link io.sketchbricks.frequency.CountMinSketch},
 * {@link io.sketchbricks.frequency.ConservativeCountMinSketch}, {@link io.sketchbricks.frequency.CountSketch},
 * {@link io.sketchbricks.frequency.ElasticSketch} (the "classic" kinds cms, cu, cs, elastic, all behind
 * {@link io.sketchbricks.frequency.FrequencySketch}), DataSketches' top items
 * ({@link io.sketchbricks.frequency.FrequentItemsSketch}), and the interval type
 * {@link io.sketchbricks.frequency.EstimateBounds}. Depends on {@code core} and {@code hash} only; {@code lego}
 * and {@code ucl} build on its Count-Min bound and {@code kinds} registers its readers.
 *
 * <p><b>Memory.</b> A budget of B bytes buys counters only (the envelope and parameters add 48 bytes). The counter
 * table is d rows of w 32-bit counters, {@code w = floor(B / (4 d))}, default depth
 * {@code FrequencySketch.DEFAULT_DEPTH} = 3, so {@code w = floor(B / 12)}: 5,461 at 64 KiB. Counts are
 * non-negative; a counter that would pass 2^31 - 1 throws instead of wrapping. Let f be the true counts,
 * N = sum f the stream length and F2 = ||f||_2^2.
 *
 * <p><b>Count-Min</b> (Cormode and Muthukrishnan, 2005): estimate = min over rows of the item's counter. Always
 * {@code estimate >= f(x)}, and {@code P[estimate > f(x) + e N / w] <= e^-d}. With the defaults: the
 * over-estimate is at most {@code 12 e N / B ~ 32.6 N / B} (5.0e-4 N at 64 KiB) with probability at least
 * 1 - e^-3 ~ 0.95. {@code bounds(item, c)} gives {@code [max(0, estimate - N / (w (1 - c)^(1/d))), estimate]}
 * for any confidence c in (0, 1) (Markov per row, rows independent; at c = 1 - e^-d the slack is e N / w).
 *
 * <p><b>Conservative update</b> (Estan and Varghese, 2002): an add raises each of the item's counters only up to
 * the item's current estimate + count. Never below the truth and never above the Count-Min estimate of the same
 * stream, so Count-Min's bound holds as it is; usually far closer. Merging adds counters: still never below the
 * truth, but not the sketch one build over all the data would give (the update is order-dependent).
 *
 * <p><b>Count Sketch</b> (Charikar, Chen and Farach-Colton, 2002): each row adds a random sign times the count;
 * estimate = max(0, median over rows of sign x counter). Each row is unbiased with variance at most F2 / w, so by
 * Chebyshev it misses by more than {@code 3 ||f||_2 / sqrt(w)} with probability at most 1/9, and the median misses
 * only if ceil(d/2) rows do: probability {@code P[Bin(d, 1/9) >= ceil(d/2)]}, 0.034 at d = 3, falling
 * exponentially in d. Two-sided (under- or over-estimates); its {@code bounds} estimate F2 from the table, so that
 * interval is itself an estimate. Same table shape and width as Count-Min.
 *
 * <p><b>Elastic</b> (Yang et al., SIGCOMM 2018): a quarter of B is a heavy part of 16-byte buckets
 * (B / 64 of them), each holding (key hash, vote+, flag, vote-); the rest is a depth-3 Count-Min light part
 * (w ~ B / 16). The resident adds to vote+; another key adds to vote- and goes to the light part, until
 * {@code vote- >= LAMBDA * vote+} ({@code LAMBDA} = 8) evicts the resident into the light part and the newcomer
 * takes the bucket, flagged. Estimate: vote+ for an unflagged resident (exact), vote+ + light for a flagged one,
 * light otherwise. Never an underestimate; the light part's Count-Min bound holds with N the light part's own
 * total. Merging keeps the resident with the larger vote+ per bucket: valid, not identical to one build.
 *
 * <p><b>Frequent items</b> (DataSketches {@code frequencies.ItemsSketch}, reverse-purge Misra-Gries): a map of M
 * slots, the smallest power of two with 0.75 M &gt;= maxItems (default 1,024 items: M = 2,048). Deterministically
 * {@code lower <= f(x) <= upper = lower + offset}, with offset (the purges' total decrement) at most
 * {@code 3.5 N / M} (1.7e-3 N by default); every item whose count exceeds the offset is listed. Merging adds the
 * offsets and keeps the guarantee.
 *
 * <p>Cms, cs and cu merge by an exact integer sum of counters, so merged bytes do not depend on the order of the
 * partials (for cms and cs they equal one build over all the data); elastic and frequent items keep other items in
 * another order and go through {@code core.CanonicalMerge}.
 */
package io.sketchbricks.frequency;
