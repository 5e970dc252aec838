package io.sketchbricks.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sketchbricks.data.ZipfStreams;
import org.junit.jupiter.api.Test;

class ExactCountsTest {
  @Test
  void countsInFirstSeenOrder() {
    ExactCounts c = new ExactCounts();
    c.add("b", 2);
    c.add("a", 1);
    c.add("b", 3);
    c.add("c", 0); // a zero count records nothing
    assertEquals(5, c.count("b"));
    assertEquals(1, c.count("a"));
    assertEquals(0, c.count("c"));
    assertEquals(0, c.count("never"));
    assertEquals(2, c.distinct());
    assertEquals(6, c.total());
    assertArrayEquals(new String[] {"b", "a"}, c.items());
    assertArrayEquals(new long[] {5, 1}, c.counts());
  }

  @Test
  void rejectsNullItemsNegativeCountsAndOverflow() {
    ExactCounts c = new ExactCounts();
    assertThrows(IllegalArgumentException.class, () -> c.add(null, 1));
    assertThrows(IllegalArgumentException.class, () -> c.add("a", -1));
    c.add("a", Long.MAX_VALUE);
    assertThrows(ArithmeticException.class, () -> c.add("a", 1));
  }

  @Test
  void handlesManyDistinctItems() {
    ExactCounts c = new ExactCounts();
    ZipfStreams.sample(200_000, 0.8, 2_000_000, 3, (item, time) -> c.add(item, 1));
    assertEquals(2_000_000, c.total());
    long sum = 0;
    for (long v : c.counts()) {
      sum += v;
    }
    assertEquals(2_000_000, sum);
    assertEquals(c.distinct(), c.items().length);
    assertEquals(c.count("item-0"), c.counts()[indexOf(c.items(), "item-0")]);
  }

  private static int indexOf(String[] items, String item) {
    for (int i = 0; i < items.length; i++) {
      if (items[i].equals(item)) {
        return i;
      }
    }
    throw new AssertionError(item + " missing");
  }
}
