package io.sketchbricks.lego;

/**
 * What the DeepSets memory scan reads off one brick (Lego paper, Sec. 3.1): a 4-value memory feature {@code s}, the
 * estimated Zipf skewness {@code alphaHat} and the estimated number of distinct items {@code nHat} of the
 * sub-stream the brick holds. Depends only on the brick's counters, so it is computed once per brick and reused
 * for every query until the brick changes.
 */
public record ScanFeatures(float[] memoryFeature, float alphaHat, float nHat) {
  public ScanFeatures {
    memoryFeature = memoryFeature.clone();
  }

  @Override
  public float[] memoryFeature() {
    return memoryFeature.clone();
  }

  float feature(int i) {
    return memoryFeature[i];
  }
}
