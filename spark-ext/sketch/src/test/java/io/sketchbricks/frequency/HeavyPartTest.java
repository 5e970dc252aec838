package io.sketchbricks.frequency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two eviction rules of the shared heavy part, on one bucket, and a merge of two residents. */
class HeavyPartTest {
  private final List<long[]> toLight = new ArrayList<>();
  private final HeavyPart.Light light = (k, n) -> toLight.add(new long[] {k, n});

  private static HeavyPart oneBucket(int lambda, HeavyPart.Eviction rule, long max) {
    return new HeavyPart(1, (k, n) -> 0, lambda, rule, max);
  }

  @Test
  void elasticRuleVotesThenEvictsWithNoVotes() {
    HeavyPart h = oneBucket(2, HeavyPart.Eviction.VOTE_THEN_TEST, Integer.MAX_VALUE);
    h.add(1, 3, light);
    h.add(2, 5, light); // votes 5 < 2 * 3: to the light part
    assertEquals(1, h.key(0));
    assertEquals(5, h.votes(0));
    h.add(3, 1, light); // votes 6 >= 6: evicts
    assertEquals(3, h.key(0));
    assertEquals(1, h.count(0));
    assertEquals(0, h.votes(0));
    assertTrue(h.flagged(0));
    assertEquals(List.of(2L, 1L), List.of(toLight.get(0)[0], toLight.get(1)[0]));
    assertEquals(3, toLight.get(1)[1]);
    assertEquals(1, h.total());
  }

  @Test
  void referenceRuleTestsBeforeTheVoteAndStartsWithOne() {
    HeavyPart h = oneBucket(2, HeavyPart.Eviction.TEST_THEN_VOTE, Long.MAX_VALUE);
    h.add(1, 3, light);
    h.add(2, 6, light); // 0 / 3 < 2: votes 6, to the light part
    assertEquals(1, h.key(0));
    h.add(3, 1, light); // 6 / 3 >= 2: evicts
    assertEquals(3, h.key(0));
    assertEquals(1, h.votes(0));
    assertTrue(h.flagged(0));
    assertEquals(-1, h.residentBucket(1));
  }

  @Test
  void mergeKeepsTheLargerResident() {
    HeavyPart a = oneBucket(8, HeavyPart.Eviction.VOTE_THEN_TEST, Integer.MAX_VALUE);
    HeavyPart b = a.copy();
    a.add(1, 4, light);
    b.add(2, 7, light);
    a.merge(b, light);
    assertEquals(2, a.key(0));
    assertEquals(7, a.count(0));
    assertEquals(4, a.votes(0));
    assertTrue(a.flagged(0));
    assertEquals(1, toLight.get(0)[0]);
    assertFalse(b.flagged(0));
  }

  @Test
  void aCountPastTheRangeChangesNothing() {
    HeavyPart h = oneBucket(8, HeavyPart.Eviction.VOTE_THEN_TEST, Integer.MAX_VALUE);
    h.add(1, Integer.MAX_VALUE, light);
    assertThrows(ArithmeticException.class, () -> h.add(1, 1, light));
    assertEquals(Integer.MAX_VALUE, h.count(0));
  }
}
