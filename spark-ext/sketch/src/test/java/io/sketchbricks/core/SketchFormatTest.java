package io.sketchbricks.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.kinds.SketchKinds;
import org.junit.jupiter.api.Test;

class SketchFormatTest {
  @Test
  void reservedHeaderBytesMustBeZero() {
    FrequencySketch s = FrequencySketch.countMin(48);
    s.add("a", 1);
    byte[] ok = s.toByteArray();
    SketchKinds.read(ok); // the untouched bytes read
    for (int at : new int[] {6, 7}) {
      byte[] bad = CraftedBytes.damaged(ok, b -> b.put(at, (byte) 1));
      CorruptSketchException e = assertThrows(CorruptSketchException.class, () -> SketchKinds.read(bad));
      assertTrue(e.getMessage().contains("reserved"), e.getMessage());
      assertThrows(CorruptSketchException.class, () -> SketchFormat.kindOf(bad));
    }
  }
}
