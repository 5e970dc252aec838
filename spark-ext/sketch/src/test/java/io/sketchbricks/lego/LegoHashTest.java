package io.sketchbricks.lego;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LegoHashTest {
  /** Expected values computed independently (Python, int64 wrap-around emulated) from the reference formula. */
  @Test
  void matchesTheReferenceFormula() {
    long[] ids = {0, 1, 12345, 999_999, -7, (1L << 62) + 3};
    int[][] embed = {{53, 62, 4, 1, 10}, {13, 48, 31, 3, 32}, {54, 49, 66, 37, 36}, {44, 10, 72, 76, 29},
        {78, 0, 53, 42, 24}, {15, 46, 53, 31, 79}};
    int[][] cols = {{1968, 817, 2659, 2464, 4248}, {1256, 3036, 270, 2009, 2271}, {869, 2930, 471, 755, 3866},
        {890, 3676, 233, 1820, 1098}, {3985, 1856, 5022, 1202, 2674}, {124, 3628, 2931, 420, 4281}};
    int[] brickOf7 = {6, 1, 5, 1, 3, 3};
    for (int i = 0; i < ids.length; i++) {
      int[] e = new int[5];
      int[] c = new int[5];
      for (int r = 0; r < 5; r++) {
        e[r] = LegoHash.embedIndex(ids[i], r);
        c[r] = LegoHash.column(ids[i], r);
      }
      assertArrayEquals(embed[i], e, "embedding of " + ids[i]);
      assertArrayEquals(cols[i], c, "columns of " + ids[i]);
      assertEquals(brickOf7[i], LegoHash.brick(ids[i], 7), "brick of " + ids[i]);
      assertEquals(0, LegoHash.brick(ids[i], 1));
    }
  }

  @Test
  void spreadsItemsOverColumns() {
    int[] hits = new int[Brick.COLUMNS];
    for (long x = 0; x < 512_000; x++) {
      hits[LegoHash.column(x, 2)]++;
    }
    for (int h : hits) {
      assertTrue(h > 50 && h < 160, "column load " + h + " far from the mean 100");
    }
  }

  @Test
  void itemIds() {
    assertEquals(42L, LegoHash.idOf(42));
    assertEquals(42L, LegoHash.idOf(42L));
    assertEquals(LegoHash.idOf("abc"), LegoHash.idOf("abc".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertNotEquals(LegoHash.idOf("abc"), LegoHash.idOf("abd"));
    assertThrows(IllegalArgumentException.class, () -> LegoHash.idOf(""));
    assertThrows(IllegalArgumentException.class, () -> LegoHash.idOf(null));
    assertThrows(IllegalArgumentException.class, () -> LegoHash.idOf(1.5));
  }
}
