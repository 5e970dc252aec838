/**
 * Time-adaptive frequency sketches: counts of (item, time unit) pairs that stay accurate for recent times as the
 * stream ages. {@link io.sketchbricks.adacms.AdaCountMinSketch} is the library's kind (ada-cms, in SQL
 * {@code ada_cms_*}); {@code io.sketchbricks.eval.HokusaiSketch} of the jobs module (Matusevych, Smola and Ahmed,
 * UAI 2012) is the baseline the {@code eval-time} job compares it with, not registered in
 * {@code io.sketchbricks.kinds}. Both extend {@link io.sketchbricks.adacms.TimedItemSketch}, which holds their seed,
 * time unit, item overloads of {@code add} and skipped count.
 * {@link io.sketchbricks.adacms.TimeUnitSpec} turns event times into unit indices (default: hours since the Unix
 * epoch) and {@link io.sketchbricks.adacms.TimeWeight} is the pre-emphasis f. Depends on {@code core} and
 * {@code hash} only.
 *
 * <p><b>Ada-CMS</b> (Shrivastava, König and Bilenko, SIGMOD 2016). An arrival of c at unit t adds
 * {@code f(t) * c} to one counter per row of a Count-Min keyed by (item, t) (pre-emphasis); a point query divides
 * the row minimum by f(t) (de-emphasis). f is non-decreasing: {@code exp:a}, f(t) = a^t (default a = 1.0015, the
 * paper's), {@code linear:a}, f(t) = a (t + 1), or {@code none}, f = 1 (plain Count-Min over (item, t)). Because the
 * weights grow with t, a recent unit's own mass dominates its counters and an old unit is swamped by newer weighted
 * mass: recent items get a smaller error than plain Count-Min and old items a larger one.
 *
 * <p><b>Memory.</b> Counters are doubles; the budget B is split over L dyadic levels of d rows:
 * {@code w = floor(B / (8 d L))}, defaults d = 4, L = 17 (blocks of 1 to 2^16 units), so {@code w = floor(B / 544)}
 * (564 at the SQL default of 300 KB). With L = 1 the whole budget serves point queries.
 *
 * <p><b>Point bound.</b> With C^t the total count at unit t, {@code ||C||_2 = sqrt(sum_t (C^t)^2)} and
 * {@code beta_t = sqrt(sum_{t' <= T} f(t')^2) / f(t)}: for any item and t,
 * {@code c <= estimate(item, t) <= c + (e / w) beta_t ||C||_2} with probability at least 1 - e^-d (0.98 at d = 4).
 * For {@code none} beta_t = sqrt(T + 1), plain Count-Min; for {@code exp:a} beta_t grows like a^(T - t) with the
 * age T - t. {@code TimeWeight.errorFactor} gives beta_t over plain Count-Min's, and
 * {@code TimeWeight.exponentialForGamma} picks a so that the oldest unit of a horizon is gamma times worse than plain
 * Count-Min (paper Sec. 5.2). Never below the true count (up to 1e-15 relative rounding), never above the total.
 *
 * <p><b>Range queries</b> [t1, t2]: level l counts blocks of 2^l units, each arrival being added at every level. A
 * range splits into aligned dyadic blocks, at most {@code 2 (L - 1) + 1 + k} lookups for the k top-level blocks it
 * spans; the answer is the sum of the block estimates, never below the true range count, and over it by at most the
 * sum of the blocks' point bounds with probability at least 1 - k e^-d over the k blocks summed (for f = 1:
 * {@code k e N / w}). Past 4,096 top blocks the answer is the total count, an upper bound.
 *
 * <p><b>Decayed queries</b> ({@code recent}): the forward-decayed weight {@code sum c f(t) / f(now)} over arrivals at
 * {@code t <= now}, for {@code exp:a} an exponentially decayed count with half-life ln 2 / ln a units (462 units,
 * about 19 days of hours, by default). Walked over dyadic blocks at most 1/8 of their age, so never an
 * underestimate: an arrival of age A weighs at most {@code f(t + A/8) / f(now)} instead of {@code f(t) / f(now)}.
 *
 * <p><b>Numerics and merging.</b> a^t overflows a double near t = 473,500 for a = 1.0015, which hour units from the
 * epoch pass, so each level stores its counters relative to a moving origin and renormalises exactly (one rounding
 * per counter). Merging needs equal shape, f, time unit, origin and seed and adds counters: equal to one build up to
 * rounding, so partials go through {@code core.CanonicalMerge}. Hokusai instead folds each past unit's Count-Min to
 * half width at every power-of-two age, so its error steps up with age (e 2^k C^t / w for ages in [2^k, 2^(k+1))).
 */
package io.sketchbricks.adacms;
