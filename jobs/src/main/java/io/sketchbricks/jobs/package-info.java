/**
 * The {@code sketchbricks} command line (picocli; {@link io.sketchbricks.jobs.Sketchbricks} is the entry point that
 * {@code bin/sketchbricks} and the bundle's manifest run), one class per subcommand:
 *
 * <ul>
 *   <li>the flow on Spark: {@code generate} (a synthetic click log), {@code build-sketches} (events -&gt; the Delta
 *       sketch table, the chosen kinds per window and group), {@code sql} (queries, one-shot or at a prompt, with the
 *       warehouse's tables as views), {@code stream-ucl} (the UCL stream), {@code lego-query} (batched Lego answers),
 *       {@code demo} (all of it, with exact counts beside);
 *   <li>evaluation and benchmarks: {@code eval}, {@code eval-time}, {@code eval-lego}, {@code bench},
 *       {@code bench-spark}, {@code bench-scale}, {@code bench-csv};
 *   <li>{@code train-lego}: trains a Lego model on DJL;
 *   <li>{@code combine-lego}: one model file from two that share V, the second answering low-skew bricks.
 * </ul>
 *
 * <p>Around the commands: the shared Spark options and session, the one-line error a failing job prints instead of
 * Spark's wrapped traces, the launcher's logging, progress bars, option converters. The evaluation and benchmark
 * commands print their results as JSON lines (Jackson).
 *
 * <p><b>Place.</b> The jobs module is the top of the build: it uses every other module and nothing uses it. The
 * measuring code the commands run is in {@code io.sketchbricks.eval} and {@code io.sketchbricks.metrics}, out of the
 * library.
 */
package io.sketchbricks.jobs;
