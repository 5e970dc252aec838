package io.sketchbricks.spark.lego;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.sketchbricks.djl.DjlEnvironment;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which device a task's DJL batches run on: the GPU Spark assigned to the task ({@code TaskContext} resources,
 * {@code spark.task.resource.gpu.amount}) when the engine can use it, the CPU otherwise. A GPU assigned to a task
 * whose libtorch is the CPU build is logged once and the task runs on the CPU, rather than failing.
 */
public final class DevicePicker {
  /** The resource name Spark's GPU scheduling uses. */
  public static final String GPU = "gpu";
  private static final Logger LOG = LoggerFactory.getLogger(DevicePicker.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private DevicePicker() {}

  /** The device for the running task (the CPU outside a task). */
  public static Device forCurrentTask() {
    DjlEnvironment.prepare(); // the first DJL call of a Lego query task: the engine starts below
    TaskContext tc = TaskContext.get();
    return pick(tc == null ? Map.of() : tc.resourcesJMap(), Engine.getInstance().getGpuCount());
  }

  /**
   * The device for a task with these resources on an engine that sees {@code engineGpus} GPUs: the task's first
   * GPU address when the engine has that GPU, else the CPU.
   */
  public static Device pick(Map<String, ResourceInformation> resources, int engineGpus) {
    ResourceInformation gpu = resources.get(GPU);
    if (gpu == null || gpu.addresses().length == 0) {
      return Device.cpu();
    }
    String address = gpu.addresses()[0];
    int index;
    try {
      index = Integer.parseInt(address.trim());
    } catch (NumberFormatException e) {
      warnOnce("address:" + address, "Spark assigned GPU address '" + address + "', which is not a device number:"
          + " running Lego batches on the CPU (make the GPU discovery script print CUDA device numbers)");
      return Device.cpu();
    }
    if (index < 0 || index >= engineGpus) {
      warnOnce("gpu:" + index + "/" + engineGpus, "Spark assigned GPU " + index + " to this task but the PyTorch engine"
          + " sees " + engineGpus + " GPU(s): running Lego batches on the CPU. "
          + (engineGpus == 0 ? "This build has the CPU libtorch; build with -Pcuda (see README) for a CUDA one."
          : "Check CUDA_VISIBLE_DEVICES against the discovery script."));
      return Device.cpu();
    }
    return Device.gpu(index);
  }

  private static void warnOnce(String key, String message) {
    if (WARNED.add(key)) {
      LOG.warn(message);
    }
  }
}
