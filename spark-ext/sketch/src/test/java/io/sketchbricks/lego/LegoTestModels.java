package io.sketchbricks.lego;

import java.util.Map;

/** Models for tests that need the network path without a trained model. */
public final class LegoTestModels {
  private LegoTestModels() {}

  /**
   * A random model whose scan heads read every brick as inside the trained range (about 30,000 distinct items,
   * skewness about -3), so the ensemble answers through the decoder and tests exercise it.
   */
  public static LegoModel alwaysNeural(long seed) {
    Map<String, float[]> p = LegoModel.random(seed).parameters();
    p.get("decode_module.memorydeepsets.dec2.6.bias")[0] = 3f;
    p.get("decode_module.memorydeepsets.dec1.6.bias")[0] = -3f;
    return LegoModel.fromParameters(p);
  }

  /**
   * A model with {@code base}'s V, trained range and networks, its output layer's bias moved by {@code shift}:
   * another network over the same counters, to combine with {@code base} as low-skew networks.
   */
  public static LegoModel sibling(LegoModel base, float shift) {
    Map<String, float[]> p = base.parameters();
    p.get("decode_module.out1.4.bias")[0] += shift;
    return LegoModel.fromParameters(p, base.trainedAlphaMax());
  }
}
