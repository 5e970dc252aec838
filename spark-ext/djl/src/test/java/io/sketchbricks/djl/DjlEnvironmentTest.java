package io.sketchbricks.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DJL's settings come from the code, not from launcher flags, in whatever JVM first runs DJL. That a Spark task's
 * cores reach PyTorch is tested beside the Spark glue ({@code io.sketchbricks.spark.lego.DjlInSparkTaskTest}).
 */
class DjlEnvironmentTest {
  @Test
  void settingsFillInOnlyWhatIsMissing() {
    Map<String, String> none = DjlEnvironment.settings(k -> null, 3);
    assertEquals(Map.of("ai.djl.offline", "true", "offline", "true", "OPT_OUT_TRACKING", "true",
        DjlEnvironment.NUM_THREADS, "3", DjlEnvironment.NUM_INTEROP_THREADS, "1"), none);
    Map<String, String> given = Map.of(DjlEnvironment.NUM_THREADS, "8", "ai.djl.offline", "false");
    Map<String, String> rest = DjlEnvironment.settings(given::get, 3);
    assertTrue(!rest.containsKey(DjlEnvironment.NUM_THREADS) && !rest.containsKey("ai.djl.offline"),
        "a setting made by the user stays: " + rest);
    assertTrue(!DjlEnvironment.settings(k -> null, 0).containsKey(DjlEnvironment.NUM_THREADS),
        "0: PyTorch's own default");
  }
}
