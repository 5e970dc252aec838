package io.sketchbricks.djl;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * The cores Spark gives a task in this JVM. Apart from {@link DjlEnvironment} so that a JVM without Spark never
 * loads a Spark class: the caller catches the {@link LinkageError} instead.
 */
final class SparkCores {
  /** SparkContext.DRIVER_IDENTIFIER: the driver's executor id. */
  private static final String DRIVER = "driver";

  private SparkCores() {}

  /** The running task's cores; on an executor outside a task, spark.task.cpus; else (driver, no Spark) null. */
  static Integer ofCurrentTask() {
    TaskContext tc = TaskContext.get();
    SparkEnv env = SparkEnv.get();
    SparkConf conf = env == null ? null : env.conf();
    int cores;
    if (tc != null) {
      cores = tc.cpus();
    } else if (env != null && !DRIVER.equals(env.executorId())) {
      cores = conf.getInt("spark.task.cpus", 1);
    } else {
      return null;
    }
    // an executor runs spark.executor.cores / spark.task.cpus tasks at once: no task has more than all of them
    if (conf != null && conf.contains("spark.executor.cores")) {
      cores = Math.min(cores, conf.getInt("spark.executor.cores", cores));
    }
    return Math.max(1, cores);
  }
}
