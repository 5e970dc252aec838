/**
 * The "events" end of the flow (events -&gt; sketch -&gt; stored sketch -&gt; query) for code that runs outside
 * Spark: readers that stream a file one arrival at a time into an {@link io.sketchbricks.data.ArrivalSink}
 * ({@link io.sketchbricks.data.CsvClickLogReader} for CSV click logs as Spark writes them,
 * {@link io.sketchbricks.data.TokenFileReader} for FIMI {@code .dat}, UCI {@code .seq} and plain token files,
 * plain or gzipped), the timestamp parser they share ({@link io.sketchbricks.data.Timestamps}: epoch milliseconds
 * or ISO-8601, UTC when no zone is given), and seeded synthetic streams
 * ({@link io.sketchbricks.data.ZipfSampler}, {@link io.sketchbricks.data.ZipfStreams}).
 *
 * <p>It imports no other Sketchbricks package: the sketches do not know where their items come from, and these
 * readers do not know which sketch they feed. The jobs' evaluations and benchmarks, the Spark glue's click-log
 * generator and the tests use them. Nothing here holds a whole stream in memory.
 */
package io.sketchbricks.data;
