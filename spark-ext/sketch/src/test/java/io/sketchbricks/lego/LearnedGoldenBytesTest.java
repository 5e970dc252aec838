package io.sketchbricks.lego;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sketchbricks.ucl.UclConfig;
import io.sketchbricks.ucl.UclSketch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The learned sketches' bytes and hashes are a storage contract: sketches written by an earlier build must read
 * back and merge with sketches of this one. Fixed inputs must give these fixed bytes (SHA-256 of
 * {@code toByteArray()}) and these fixed hashes. The expected values were computed once from the code as it was
 * before the hardening of issue #12; a change of any of them is a format change (bump the kind's version and keep
 * reading the old one), never an update of this test. A new default model adds its own file hash, id and sketch
 * bytes beside those of the earlier one (whose values stay, since its sketches must still read back): the
 * model bce5782b7d40764f's were added when it became the default (issue #17).
 */
class LearnedGoldenBytesTest {
  /** The shipped model (data/models/lego.model): its file and its id are part of the contract too. */
  static final String SHIPPED_SHA256 = "238f17e71e4f92ffc314dec69a41883734f58723e395eea3f55434bb6cc9599c";
  static final String SHIPPED_ID = "bce5782b7d40764f";
  /** The model shipped before it (data/models/earlier), still in the jar so that its sketches answer. */
  static final String EARLIER_SHA256 = "94cae3155b1fbea91c66a3f2e5af93cec1ccc9795a806cbe8ae25c95c7c7c7b7";
  static final String EARLIER_ID = "4a61ee1681dd3a03";

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static LegoModel shipped() {
    LegoModel m = LegoModels.shipped();
    if (m == null) {
      throw new IllegalStateException("the shipped model is not on the test classpath");
    }
    return m;
  }

  /** The earlier shipped model, found by its id as a stored sketch finds it. */
  static LegoModel earlier() {
    LegoModel m = LegoModels.find(Long.parseUnsignedLong(EARLIER_ID, 16));
    if (m == null) {
      throw new IllegalStateException("the earlier shipped model " + EARLIER_ID + " is not on the test classpath");
    }
    return m;
  }

  /** 2 bricks; 6,000 string items with counts 1..3, then 500 integral ids with fractional counts. */
  static LegoSketch lego(LegoModel model, int seed) {
    LegoSketch s = LegoSketch.withBricks(model, 2);
    for (int i = 0; i < 6_000; i++) {
      s.add("item-" + ((i * 7919L + seed) % 2_500), 1 + (i + seed) % 3);
    }
    for (long i = 0; i < 500; i++) {
      s.addId(i * 1_000_003L + seed, 0.5 + (i % 4));
    }
    return s;
  }

  /** 110,000 bytes: one brick and 844 heavy buckets; a skewed stream so buckets hold, vote and evict. */
  static DLegoSketch dLego(LegoModel model, int seed) {
    DLegoSketch s = new DLegoSketch(model, 110_000);
    for (int i = 0; i < 20_000; i++) {
      long item = (long) Math.floor(Math.exp(((i * 2654435761L + seed) % 10_007) / 10_007.0 * Math.log(3_000)));
      s.add(item, 1 + i % 2);
    }
    return s;
  }

  static UclSketch ucl(int seed) {
    UclSketch s = new UclSketch(UclConfig.ofSizes(97, 211, 4_001).withSnapshots(500, 4), 42);
    for (int i = 0; i < 5_000; i++) {
      s.add("k" + ((i * 31L + seed) % 900));
    }
    return s;
  }

  @Test
  void shippedModelFileAndIdAreUnchanged() throws IOException {
    try (InputStream in = LegoModels.class.getResourceAsStream(LegoModels.RESOURCE)) {
      assertEquals(SHIPPED_SHA256, sha256(in.readAllBytes()));
    }
    assertEquals(SHIPPED_ID, shipped().idHex());
    try (InputStream in = LegoModels.class.getResourceAsStream(LegoModels.EARLIER_RESOURCES.get(0))) {
      assertEquals(EARLIER_SHA256, sha256(in.readAllBytes()));
    }
    assertEquals(EARLIER_ID, earlier().idHex());
  }

  @Test
  void legoHashesAreUnchanged() {
    StringBuilder b = new StringBuilder();
    for (long x : new long[] {0, 1, 42, -1, Long.MAX_VALUE, Long.MIN_VALUE, 123_456_789_012L}) {
      for (int r = 0; r < LegoModel.ROWS; r++) {
        b.append(LegoHash.embedIndex(x, r)).append(',').append(LegoHash.column(x, r)).append(';');
      }
      b.append(LegoHash.brick(x, 7)).append(',').append(LegoHash.brick(x, 20_000)).append('|');
    }
    b.append(Long.toHexString(LegoHash.idOf("item-1"))).append(',')
        .append(Long.toHexString(LegoHash.idOf("ünïcode")))
        .append(',').append(Long.toHexString(LegoHash.idOf("bytes".getBytes(StandardCharsets.UTF_8))))
        .append(',').append(LegoHash.idOf(7)).append(',').append(LegoHash.idOf((short) -3));
    assertEquals("53,1968;62,817;4,2659;1,2464;10,4248;6,17980|", b.substring(0, b.indexOf("|") + 1));
    assertEquals("4a073da1d1b9dfb4,7ee52cf73226497a,a68bff0189a054a6,7,-3", b.substring(b.lastIndexOf("|") + 1));
    assertEquals("83f7337b50b58c96add87e6f81afe4bd367acc93c127c9b01fc2fe3d16d33ee7",
        sha256(b.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** SHA-256 of a built, a merged and a serialized-merged Lego sketch under {@code m}. */
  static List<String> legoHashes(LegoModel m) {
    LegoSketch a = lego(m, 1);
    String built = sha256(a.toByteArray());
    a.mergeSketch(lego(m, 2));
    String merged = sha256(a.toByteArray());
    LegoSketch c = lego(m, 1);
    c.mergeSerialized(lego(m, 2).toByteArray());
    return List.of(built, merged, sha256(c.toByteArray()));
  }

  @Test
  void legoBytesAreUnchanged() {
    // c merges before its arrival buffer is emptied, a after (toByteArray empties it): float sums in another order,
    // hence a third hash
    assertEquals(List.of("78f63b4e7c68d89feff0d5b2e3ee5464d6e947192baef5ef3f5e55fe8529adad",
        "4bbca944bab4aae2acd4bc39ae380aa3b2bfe13281c8df4e0e0991165ed5ec6a",
        "1c1f15bd19adffb273e201911cf5b64921db96da85eb512b814399a9ebe25faa"), legoHashes(earlier()));
    assertEquals(List.of("97a9a8f45a4a25dd8b20f4e8cde8a7f7a4c44053e518b77c39b18c78bdf94c39",
        "d5e1efb6fec9aa26a8ad0fb24204e471d851bd3913566f90e6af51b13310f668",
        "3833e55a62eb1191d189ad01bccc3723584b9dd5b30d8a5875c5535853ad0750"), legoHashes(shipped()));
  }

  /** SHA-256 of a built and a merged D-Lego sketch under {@code m}. */
  static List<String> dLegoHashes(LegoModel m) {
    DLegoSketch a = dLego(m, 1);
    String built = sha256(a.toByteArray());
    a.mergeSketch(dLego(m, 5));
    return List.of(built, sha256(a.toByteArray()));
  }

  @Test
  void dLegoBytesAreUnchanged() {
    assertEquals(List.of("6da412ffebac2893c99a093285125521ed547418c8b2462504936ce08ab63e7b",
        "8a4090e08ea540cbddbf36def98eb03e21e7b846f2004851607d28bcd55d1c7d"), dLegoHashes(earlier()));
    assertEquals(List.of("2b0ee0f8d94720181bcf5055a545dd4b8ec7d1689dbc58b21cf1e1a59536873f",
        "75feac149b3b5ebbf7ad716b996135d37367537720e5546b2407b4eae0c29acb"), dLegoHashes(shipped()));
  }

  @Test
  void uclBytesAreUnchanged() {
    byte[] bytes = ucl(1).toByteArray();
    assertEquals("582814940605c48d6943225b5e6247dc77bd1cd05360b25b4ed1c3208a126b81", sha256(bytes));
    assertEquals(sha256(bytes), sha256(UclSketch.fromBytes(bytes).toByteArray()));
  }
}
