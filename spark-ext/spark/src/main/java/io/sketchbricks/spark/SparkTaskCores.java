package io.sketchbricks.spark;

import io.sketchbricks.djl.DjlEnvironment;
import io.sketchbricks.djl.TaskCores;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * The cores Spark gives a task in this JVM, for {@link DjlEnvironment}'s PyTorch threads. Registered as a
 * {@link TaskCores} service (META-INF/services) so that the DJL module needs no Spark; in a JVM without Spark
 * the lookup fails with a {@link LinkageError}, which {@link DjlEnvironment} catches.
 */
public final class SparkTaskCores implements TaskCores {
  /** SparkContext.DRIVER_IDENTIFIER: the driver's executor id. */
  private static final String DRIVER = "driver";

  /** For {@link java.util.ServiceLoader}. */
  public SparkTaskCores() {}

  /** The running task's cores; on an executor outside a task, spark.task.cpus; else (driver, no Spark) null. */
  @Override
  public Integer ofCurrentTask() {
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
