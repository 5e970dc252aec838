/**
 * What every DJL user of the djl module shares: {@link io.sketchbricks.djl.DjlEnvironment} sets DJL up in each JVM
 * before the PyTorch engine starts (offline, no tracking, intra-op threads sized to the task's cores, one inter-op
 * thread), and {@link io.sketchbricks.djl.TaskCores} is the service through which a cluster framework says how many
 * cores the running task has.
 *
 * <p><b>Place.</b> The djl module ({@code sketchbricks-djl}) holds DJL and PyTorch and no Spark: it sits above the
 * plain-Java sketch module, whose Lego and UCL-sketch classes it runs on an engine ({@code io.sketchbricks.lego.djl},
 * {@code io.sketchbricks.ucl.djl}), and below the Spark glue. The glue supplies {@code TaskCores} as
 * {@code io.sketchbricks.spark.SparkTaskCores} through {@code META-INF/services}, so this module needs no Spark
 * class; without Spark on the classpath the lookup fails and the caller's own thread count holds.
 */
package io.sketchbricks.djl;
