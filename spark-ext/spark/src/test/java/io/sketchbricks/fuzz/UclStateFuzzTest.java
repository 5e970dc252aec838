package io.sketchbricks.fuzz;

import org.junit.jupiter.api.Test;

/**
 * The reader fuzz suite ({@link ReaderFuzzTest}, from the sketch module's test jar) on the one reader of bytes in
 * the Spark glue: the UCL stream's state checkpoint. Takes the same {@code sketchbricks.fuzz.*} properties.
 */
class UclStateFuzzTest {
  @Test
  void uclState() throws Exception {
    ReaderFuzzTest.fuzz(new UclStateTarget(ReaderFuzzTest.freshTmp().resolve("ucl-checkpoint")));
  }
}
