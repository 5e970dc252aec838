package io.sketchbricks.spark.lego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sketchbricks.lego.LegoHash;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** Ids hashed where Spark keeps the bytes equal the ids of the same items as Java values. */
class LegoItemsTest {
  @Test
  void bytesInPlaceHashLikeJavaStrings() {
    for (String s : List.of("a", "item-42", "ünïcødé ✓", "x".repeat(1000), "12345678")) {
      UTF8String u = UTF8String.fromString(s);
      assertEquals(LegoHash.idOf(s), LegoItems.idOfCatalyst(u), s);
      // a string inside a larger buffer, as in an UnsafeRow
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      byte[] padded = new byte[utf8.length + 11];
      System.arraycopy(utf8, 0, padded, 7, utf8.length);
      UTF8String inside = UTF8String.fromBytes(padded, 7, utf8.length);
      assertEquals(LegoHash.idOf(s), LegoItems.idOfCatalyst(inside), s);
      assertEquals(LegoHash.idOf(utf8), LegoItems.idOfRowValue(utf8));
    }
  }

  @Test
  void integralItemsAreTheirValueAndEmptyItemsHaveNoId() {
    assertEquals(7L, LegoItems.idOfCatalyst(7));
    assertEquals(7L, LegoItems.idOfRowValue(7L));
    assertNull(LegoItems.idOfCatalyst(UTF8String.fromString("")));
    assertNull(LegoItems.idOfRowValue(""));
    assertNull(LegoItems.idOfRowValue(new byte[0]));
    assertNull(LegoItems.idOfRowValue(null));
  }
}
