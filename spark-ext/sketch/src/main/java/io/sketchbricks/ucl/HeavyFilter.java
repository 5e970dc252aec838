package io.sketchbricks.ucl;

import io.sketchbricks.hash.ItemHash;
import java.util.Arrays;

/**
 * UCL's heavy filter (UCL paper, Sec. IV-A2 and Algorithm 1; the eviction rule of the reference code): one slot per
 * bucket holding a resident key hash, its count {@code val} and {@code neg}, the arrivals of other keys at that slot
 * since the resident was installed.
 *
 * <p>An arrival of key k at slot s:
 * <ul>
 *   <li>s holds k, or is empty: {@code val += 1} (a new resident starts at val 1, neg 0) &rarr; {@link #HIT};</li>
 *   <li>otherwise {@code neg += 1}; if {@code neg / val >= 1} the resident is evicted with its (val, neg), k moves
 *       in with val 1 &rarr; {@link #MISS_EVICT}; else k goes on to the Count-Min part with count 1
 *       &rarr; {@link #MISS_INSERT}.</li>
 * </ul>
 * Guarantee: a resident's {@code val} is exactly the arrivals of that key since it was installed, so
 * {@link #query} never overestimates. A slot with {@code val == 0} is empty (a resident always has val &gt;= 1),
 * which is why no key value is reserved as "empty".
 */
final class HeavyFilter {
  static final int HIT = 0;
  static final int MISS_INSERT = 1;
  static final int MISS_EVICT = 2;
  /** Salt of the slot hash, distinct from the Count-Min rows (0..depth-1) and the Bloom hashes. */
  private static final int SLOT_SALT = 100;

  final long[] keys;
  final int[] val;
  final int[] neg;
  /** The evicted slot of the last {@link #MISS_EVICT}: read right after {@link #insert}. */
  long evictedKey;
  int evictedVal;

  HeavyFilter(int slots) {
    keys = new long[slots];
    val = new int[slots];
    neg = new int[slots];
  }

  HeavyFilter(long[] keys, int[] val, int[] neg) {
    this.keys = keys;
    this.val = val;
    this.neg = neg;
  }

  int slots() {
    return keys.length;
  }

  int slotOf(long key) {
    return ItemHash.index(ItemHash.row(key, SLOT_SALT), keys.length);
  }

  /** One arrival of {@code key}; returns HIT, MISS_INSERT or MISS_EVICT. */
  int insert(long key) {
    int s = slotOf(key);
    if (val[s] == 0) {
      keys[s] = key;
      val[s] = 1;
      neg[s] = 0;
      return HIT;
    }
    if (keys[s] == key) {
      val[s] = Math.addExact(val[s], 1);
      return HIT;
    }
    neg[s] = Math.addExact(neg[s], 1);
    if (neg[s] >= val[s]) { // neg / val >= 1 with EVICT_THRESHOLD = 1, without a division
      evictedKey = keys[s];
      evictedVal = val[s];
      keys[s] = key;
      val[s] = 1;
      neg[s] = 0;
      return MISS_EVICT;
    }
    return MISS_INSERT;
  }

  /** The resident's count if {@code key} is the resident of its slot, else 0. */
  int query(long key) {
    int s = slotOf(key);
    return val[s] != 0 && keys[s] == key ? val[s] : 0;
  }

  boolean sameState(HeavyFilter o) {
    return Arrays.equals(keys, o.keys) && Arrays.equals(val, o.val) && Arrays.equals(neg, o.neg);
  }
}
