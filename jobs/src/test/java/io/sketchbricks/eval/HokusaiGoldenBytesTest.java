package io.sketchbricks.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sketchbricks.adacms.TimeUnitSpec;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Hokusai's byte layout (kind code 6) is a storage contract like the library's kinds (GoldenBytesTest in the sketch
 * module, where this case lived before the baseline moved to the jobs): fixed arrivals must give these fixed bytes,
 * computed once from the format-version-1 code. A failure means the layout or the item hash changed.
 */
class HokusaiGoldenBytesTest {
  private static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"};

  @Test
  void hokusaiHasFixedBytes() throws Exception {
    HokusaiSketch s = new HokusaiSketch(4096, 2, 3, TimeUnitSpec.DEFAULT, 42);
    for (int i = 0; i < WORDS.length; i++) {
      s.add(WORDS[i], 100 + 2L * i, i + 1); // spans ages 0..14: every band and the tail (horizon 8)
      s.add((long) i, 100 + i, 1);
    }
    byte[] bytes = s.toByteArray();
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    assertEquals("a73aef09a4cd23b50a92b4e59c302083780923ae3e0726493ac6fef16a5b9095", sha256,
        "hokusai: the byte layout changed");
    assertArrayEquals(bytes, HokusaiSketch.fromBytes(bytes).toByteArray(), "hokusai: round trip");
  }
}
