/**
 * The measuring behind the {@code eval*} and {@code bench*} commands, run in one JVM so that every contender sees
 * exactly the same arrivals and timings measure the sketch, not the parser.
 *
 * <ul>
 *   <li>Inputs held in memory: {@link io.sketchbricks.eval.ItemStream} (items) and
 *       {@link io.sketchbricks.eval.TimedStream} (item, time unit), read with the sketch module's
 *       {@code io.sketchbricks.data} readers.
 *   <li>Contenders: {@link io.sketchbricks.eval.Estimator}, built by name in {@link io.sketchbricks.eval.Estimators}
 *       (exact counts, every classic kind, Lego and D-Lego, and UCL-sketch offline through
 *       {@link io.sketchbricks.eval.UclEstimator} with its cm, lsqr, learned and unguarded learned decodes).
 *   <li>Accuracy: {@link io.sketchbricks.eval.AccuracyEval} (every distinct item, against exact counts),
 *       {@link io.sketchbricks.eval.TimeEval} (Ada-CMS, plain Count-Min over (item, t) and Hokusai, by age decile),
 *       {@link io.sketchbricks.eval.SyntheticZipfEval} (the Lego paper's synthetic benchmark, Sec. 5.1 and 5.3).
 *   <li>Speed: {@link io.sketchbricks.eval.ThroughputBench} (beside Spark's own {@code CountMinSketch} at the same
 *       memory), {@link io.sketchbricks.eval.LegoBench} (Lego's query paths beside Count-Min),
 *       {@link io.sketchbricks.eval.CsvParseBench} (our CSV reader beside bare univocity). Each reports ratios from
 *       the best of several rounds, which survive a noisy machine better than absolute rates.
 * </ul>
 *
 * <p>Scores come from {@code io.sketchbricks.metrics}. Outside the library: the jobs module only; nothing in
 * spark-ext depends on this package.
 */
package io.sketchbricks.eval;
