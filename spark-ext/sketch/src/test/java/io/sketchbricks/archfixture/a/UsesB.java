package io.sketchbricks.archfixture.a;

import io.sketchbricks.archfixture.b.UsesA;

/** Half of a deliberate package cycle, for SketchArchitectureTest's check that its cycle rule can fail. */
public final class UsesB {
  public UsesA other;
}
