package io.sketchbricks.spark.lego;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

/** The device choice of the batched Lego queries, including the GPU branch, on a machine without a GPU. */
class DevicePickerTest {
  private static Map<String, ResourceInformation> gpus(String... addresses) {
    return Map.of(DevicePicker.GPU, new ResourceInformation(DevicePicker.GPU, addresses));
  }

  @Test
  void theTasksGpuWhenTheEngineHasIt() {
    assertEquals(Device.gpu(1), DevicePicker.pick(gpus("1"), 2));
    assertEquals(Device.gpu(0), DevicePicker.pick(gpus("0", "1"), 2));
  }

  @Test
  void theCpuWithoutAGpuResourceOrAGpuEngine() {
    assertEquals(Device.cpu(), DevicePicker.pick(Map.of(), 4));
    assertEquals(Device.cpu(), DevicePicker.pick(gpus(), 4));
    assertEquals(Device.cpu(), DevicePicker.pick(gpus("0"), 0), "a CPU libtorch cannot use the assigned GPU");
    assertEquals(Device.cpu(), DevicePicker.pick(gpus("3"), 2), "the engine does not see GPU 3");
    assertEquals(Device.cpu(), DevicePicker.pick(gpus("GPU-5a1e"), 2), "not a device number");
  }

  @Test
  void outsideATaskOnThisMachineItIsTheCpu() {
    assertEquals(Device.cpu(), DevicePicker.forCurrentTask());
  }
}
