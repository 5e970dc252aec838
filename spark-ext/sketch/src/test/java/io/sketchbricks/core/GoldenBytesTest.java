package io.sketchbricks.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sketchbricks.adacms.AdaCountMinSketch;
import io.sketchbricks.adacms.TimeUnitSpec;
import io.sketchbricks.adacms.TimeWeight;
import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.hash.ItemHash;
import io.sketchbricks.kinds.SketchKinds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The byte layouts and item hashes are a storage contract: sketches written today must read the same tomorrow and
 * merge with sketches built by a later release. Fixed inputs must give these fixed bytes; the expected values were
 * computed once from the format-version-1 code. A failure here means a layout or hash changed: bump the kind's
 * format version and keep reading the old one instead of updating the constant.
 */
class GoldenBytesTest {
  private static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"};

  /** The same arrivals for every frequency kind: strings, longs and byte arrays with counts 1..8. */
  private static FrequencySketch frequency(String kind, long memoryBytes) {
    FrequencySketch s = SketchKinds.create(kind, memoryBytes);
    for (int i = 0; i < WORDS.length; i++) {
      s.add(WORDS[i], i + 1);
      s.add((long) i * 1_000_003L, 2L * i + 1);
      s.add(new byte[] {(byte) i, 7, (byte) (i * 31)}, 3);
    }
    s.addNullable(null, 1);
    return s;
  }

  private static AdaCountMinSketch ada(TimeWeight f) {
    // epoch hours around 2026 (t ~ 494,000) make the exponential weight renormalise from origin 0
    AdaCountMinSketch s = new AdaCountMinSketch(8L * 4 * 3 * 16, 3, 4, f, TimeUnitSpec.DEFAULT, 42);
    long t0 = 494_000;
    for (int i = 0; i < WORDS.length; i++) {
      s.add(WORDS[i], t0 + 3L * i, i + 1);
      s.add((long) i, t0 + 5, 2);
    }
    s.addNullable("x", null, 1);
    return s;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** The bytes hash to the recorded digest, and reading them back writes the same bytes. */
  private static void assertGolden(String what, String expectedSha256, Sketch sketch) throws Exception {
    byte[] bytes = sketch.toByteArray();
    assertEquals(expectedSha256, sha256(bytes), what + ": the byte layout changed");
    assertArrayEquals(bytes, SketchKinds.read(bytes).toByteArray(), what + ": round trip");
  }

  @Test
  void smallCountMinHasTheseExactBytes() {
    FrequencySketch s = frequency("cms", 48); // depth 3 x width 4
    assertEquals("534b4252010100005000000072626b73000000007c00000000000000010000000000000003000000"
        + "0400000010000000180000004b0000000900000022000000090000001a00000037000000100000002200000028000000"
        + "22000000b588e2e2", HexFormat.of().formatHex(s.toByteArray()));
  }

  @Test
  void frequencySketchesHaveFixedBytes() throws Exception {
    assertGolden("cms", "d09ceeb000ca5f8126304f1738c8f0478a30dcd5e63a7cdbdf03a6b09fefa62b",
        frequency("cms", 1024));
    assertGolden("cs", "cac54ef3a41740809f971e451790e0b1292026e4f30c9d8110f1b46fc5c1535a",
        frequency("cs", 1024));
    assertGolden("cu", "40e47553352d68af52229be98f3778ab6c2b3243d386b946b72da64d7e8155e7",
        frequency("cu", 1024));
    assertGolden("elastic", "1da0b416aba52aaa5da75facd791c14fcb22b5a409b3ab5803259fc788c0c160",
        frequency("elastic", 1024));
  }

  @Test
  void timeAdaptiveSketchesHaveFixedBytes() throws Exception {
    assertGolden("ada-cms exp", "27668762fb62cd899bb2fd648e61afeb4c7c10320f661a4088043668e883b05e",
        ada(TimeWeight.defaultExponential()));
    assertGolden("ada-cms linear", "95faf3ee65b58c682e76434017dff77fc40e7e3d091557f99f884bc0f5637973",
        ada(TimeWeight.linear(0.5)));
    assertGolden("ada-cms none", "e9ced0626b3c917e0c2cf7ade2419ccf9538cd5b2d921213365b2af5a72fe7f9",
        ada(TimeWeight.NONE));
    // hokusai's bytes are pinned beside its code in the jobs (io.sketchbricks.eval.HokusaiGoldenBytesTest)
  }

  /**
   * DataSketches' own bytes inside the envelope: a map of 8 slots (6 counters) over 8 words, so it purges, with
   * counts 1..8 added twice and one skipped null. Which items survive the purges follows DataSketches' hash map
   * (String hashCode, a Java contract), so these bytes also pin the DataSketches version the reader was written for.
   */
  @Test
  void frequentItemsSketchHasFixedBytes() throws Exception {
    io.sketchbricks.frequency.FrequentItemsSketch s = new io.sketchbricks.frequency.FrequentItemsSketch(6);
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < WORDS.length; i++) {
        s.add(WORDS[i], i + 1);
      }
    }
    s.add(null, 1);
    assertEquals(true, s.maximumError() > 0, "the golden sketch must have purged");
    assertGolden("frequent-items", "8cbc801b2fbd14cd3d3b6730bebe32a9925e7002284375e4e64be6062e442072", s);
  }

  @Test
  void itemHashesAreFixed() {
    long seed = FrequencySketch.DEFAULT_SEED;
    assertEquals(5479825846516636870L, ItemHash.hash("alpha", seed), "string");
    assertEquals(3244421341483603138L, ItemHash.hash("", 0), "empty string, seed 0");
    assertEquals(14439885847494975L, ItemHash.hash("café".getBytes(StandardCharsets.UTF_8), seed), "utf-8 bytes");
    assertEquals(-6229161198738554920L, ItemHash.hash(new byte[] {1, 2, 3}, 42), "byte array");
    assertEquals(-8339535434196762145L, ItemHash.hash(42L, seed), "long");
    assertEquals(5841669975847748627L, ItemHash.hash(-1L, 0), "long -1, seed 0");
    assertEquals(5777795937301170893L, ItemHash.row(ItemHash.hash("alpha", seed), 2), "row hash");
    assertEquals(6652337848140730055L, ItemHash.withTime(ItemHash.hash("alpha", seed), 494_000), "time key");
    assertEquals(542, ItemHash.index(ItemHash.row(ItemHash.hash(42L, seed), 0), 1000), "column");
  }
}
