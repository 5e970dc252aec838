package io.sketchbricks.archfixture.b;

import io.sketchbricks.archfixture.a.UsesB;

/** Half of a deliberate package cycle, for SketchArchitectureTest's check that its cycle rule can fail. */
public final class UsesA {
  public UsesB other;
}
