package io.sketchbricks.spark.lego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Utils;
import io.sketchbricks.djl.DjlEnvironment;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoModels;
import io.sketchbricks.lego.LegoSketch;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * DJL's settings come from the code, not from launcher flags, in whatever JVM first runs DJL: here an executor's
 * task, whose cores {@code io.sketchbricks.spark.SparkTaskCores} reports to {@link DjlEnvironment}.
 */
class DjlInSparkTaskTest {
  /**
   * A fresh JVM with none of the launcher's or the test setup's DJL flags (no -Dai.djl.offline, no DJL_OFFLINE,
   * no OPT_OUT_TRACKING) runs a batched Lego query on local Spark: the engine starts inside a task and must come
   * up offline, with the task's cores as PyTorch threads and one inter-op thread.
   */
  @Test
  void aBareJvmRunningALegoQueryTaskStartsDjlOfflineWithTheTasksCores() throws Exception {
    for (int taskCpus : new int[] {1, 2}) {
      String line = runProbe(taskCpus);
      assertTrue(line.contains(" threads=" + taskCpus + " "), "PyTorch threads = spark.task.cpus: " + line);
      assertTrue(line.contains(" interop=1 "), line);
      assertTrue(line.contains(" offline=true offlineMode=true tracking=true "), line);
      assertTrue(line.contains(" rows=3"), line);
    }
  }

  private static String runProbe(int taskCpus) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // Spark's --add-opens and the like, but nothing that sets DJL up
      if (!a.contains("djl") && !a.contains("offline") && !a.startsWith("-agentlib") && !a.startsWith("-javaagent")
          && !a.startsWith("-Xmx")) {
        cmd.add(a);
      }
    }
    cmd.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), Probe.class.getName(),
        Integer.toString(taskCpus)));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("DJL_OFFLINE");
    pb.environment().remove("OPT_OUT_TRACKING");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES));
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    return text.lines().filter(l -> l.startsWith("PROBE")).findFirst().orElseThrow(() -> new AssertionError(text));
  }

  /** The child JVM: a Lego query through DJL batches on local[2] with the given spark.task.cpus. */
  public static final class Probe {
    public static void main(String[] args) {
      for (String k : List.of("ai.djl.offline", "offline", "OPT_OUT_TRACKING", DjlEnvironment.NUM_THREADS)) {
        if (System.getProperty(k) != null || System.getenv(k) != null) {
          throw new IllegalStateException(k + " is set before the probe runs: the test proves nothing");
        }
      }
      SparkSession spark = SparkSession.builder().master("local[2]").appName("djl-probe")
          .config("spark.ui.enabled", "false").config("spark.task.cpus", args[0]).getOrCreate();
      try {
        LegoModel model = LegoModels.register(LegoModel.random(12));
        LegoSketch sketch = new LegoSketch(model, 100 * 1024L);
        sketch.add("a", 5);
        sketch.add("b", 2);
        StructType schema = new StructType().add("item", DataTypes.StringType);
        var queries = spark.createDataFrame(List.of(RowFactory.create("a"), RowFactory.create("b"),
            RowFactory.create("c")), schema).repartition(1);
        List<Row> rows = LegoQueries.estimate(queries, "item", sketch.toByteArray(), 16).collectAsList();
        System.out.println("PROBE threads=" + JniUtils.getNumThreads() + " interop=" + JniUtils.getNumInteropThreads()
            + " offline=" + System.getProperty("ai.djl.offline") + " offlineMode=" + Utils.isOfflineMode()
            + " tracking=" + System.getProperty("OPT_OUT_TRACKING") + " rows=" + rows.size());
      } finally {
        spark.stop();
      }
    }
  }
}
