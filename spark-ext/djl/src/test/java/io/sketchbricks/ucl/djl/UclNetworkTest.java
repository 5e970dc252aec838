package io.sketchbricks.ucl.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The network's fixed parts (moved here from UclModelTest with the network). */
class UclNetworkTest {
  @Test
  void bucketEmbeddingIsSinusoidal() {
    float[] e = UclNetwork.embedding(3, 128);
    for (int k = 0; k < 64; k++) {
      assertEquals(0, e[k], 0);
      assertEquals(1, e[64 + k], 0);
    }
    // bucket 2, frequency k = 63 is exp(-ln 10000) = 1e-4
    assertEquals(Math.sin(2e-4), e[2 * 128 + 63], 1e-7);
    assertEquals(Math.cos(2.0), e[2 * 128 + 64], 1e-6);
  }
}
