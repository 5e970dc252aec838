package io.sketchbricks.djl;

/**
 * The cores a cluster framework gives the task running in this thread, so that PyTorch's intra-op threads match
 * them (see {@link DjlEnvironment}). Found with {@link java.util.ServiceLoader}: this module knows no Spark, and
 * the Spark glue registers {@code io.sketchbricks.spark.SparkTaskCores} in
 * {@code META-INF/services/io.sketchbricks.djl.TaskCores}.
 */
public interface TaskCores {
  /** The running task's cores; null when this thread runs no task (a driver, a plain JVM). */
  Integer ofCurrentTask();
}
