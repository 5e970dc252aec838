package io.sketchbricks.eval;

import java.util.Map;
import java.util.TreeMap;

/**
 * The counters of a {@link HokusaiSketch} as of some "now": one table per unit kept apart (its width following the
 * unit's age) and the shared tail. Adds that move "now" and merges build the next tables aside with these methods
 * and the sketch swaps them in only when everything succeeded, so a failing add or merge changes nothing. Unchanged
 * tables are shared between the old and the new state, never written through both.
 */
record HokusaiTables(TreeMap<Long, int[]> units, int[] tail) {
  static HokusaiTables empty(HokusaiBands b) {
    return new HokusaiTables(new TreeMap<>(), new int[b.depth * b.widthOf(b.logHorizon)]);
  }

  /**
   * These tables aged from {@code now} to a later {@code newNow}: tables passing a power of two are folded into new
   * arrays, those past the horizon are added into a copy of the tail.
   */
  HokusaiTables agedTo(HokusaiBands b, long now, long newNow) {
    TreeMap<Long, int[]> next = new TreeMap<>();
    int[] nextTail = tail;
    if (now >= 0) {
      for (Map.Entry<Long, int[]> e : units.entrySet()) {
        long u = e.getKey();
        int from = b.bandOf(now - u);
        if (b.isTail(newNow - u)) {
          if (nextTail == tail) {
            nextTail = tail.clone();
          }
          HokusaiBands.addInto(nextTail, b.fold(e.getValue(), from, b.logHorizon));
        } else {
          int to = b.bandOf(newNow - u);
          next.put(u, to > from ? b.fold(e.getValue(), from, to) : e.getValue());
        }
      }
    }
    return new HokusaiTables(next, nextTail);
  }

  /**
   * The sum of these tables (as of {@code now}) and {@code o}'s (as of {@code oNow}, same bands), as of the later
   * of the two: new arrays throughout (aged units, a tail copy, fresh sums); neither side is changed.
   *
   * @throws ArithmeticException if a counter would pass 2^31 - 1
   */
  HokusaiTables mergedWith(HokusaiBands b, long now, HokusaiTables o, long oNow) {
    HokusaiTables next = oNow > now ? agedTo(b, now, oNow) : new HokusaiTables(new TreeMap<>(units), tail);
    long newNow = Math.max(now, oNow);
    int[] nextTail = next.tail == tail ? tail.clone() : next.tail;
    for (Map.Entry<Long, int[]> e : o.units.entrySet()) {
      long u = e.getKey();
      int from = b.bandOf(oNow - u);
      int to = b.bandOf(newNow - u);
      int[] folded = b.fold(e.getValue(), from, to);
      if (b.isTail(newNow - u)) {
        HokusaiBands.addInto(nextTail, folded);
      } else {
        int[] mine = next.units.get(u);
        int[] sum = folded == e.getValue() ? folded.clone() : folded;
        if (mine != null) {
          HokusaiBands.addInto(sum, mine);
        }
        next.units.put(u, sum);
      }
    }
    HokusaiBands.addInto(nextTail, o.tail);
    return new HokusaiTables(next.units, nextTail);
  }

  /** Counters held now (units without arrivals take nothing). */
  long counters() {
    long n = tail.length;
    for (int[] t : units.values()) {
      n += t.length;
    }
    return n;
  }
}
