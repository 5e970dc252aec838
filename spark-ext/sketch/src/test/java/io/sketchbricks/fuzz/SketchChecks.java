package io.sketchbricks.fuzz;

import io.sketchbricks.adacms.AdaCountMinSketch;
import io.sketchbricks.adacms.TimeUnitSpec;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.frequency.ConservativeCountMinSketch;
import io.sketchbricks.frequency.CountMinSketch;
import io.sketchbricks.frequency.CountSketch;
import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.frequency.FrequentItemsSketch;
import io.sketchbricks.kinds.SketchKinds;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoSketch;
import io.sketchbricks.ucl.DecodeMode;
import io.sketchbricks.ucl.UclSketch;
import java.util.Arrays;

/**
 * What an accepted sketch must do: be written back as the very bytes it was read from (a reader that accepts
 * bytes it would not write ignores a field: reserved bytes, padding bits), describe itself, answer point (and for time sketches range and decayed)
 * queries with finite, non-negative estimates (Count Sketch's may be negative), write bytes that read back to
 * the same bytes and answers, and merge with a copy of itself: all-or-nothing (a refused or overflowing merge
 * leaves the sketch byte-identical) and, for the linear tables, doubling every estimate.
 */
final class SketchChecks {
  static final long[] ITEMS = {0, 1, 2, 3, 42, -7, 1_000_003, Long.MIN_VALUE};

  private SketchChecks() {}

  /** @param original the bytes s was read from, or null when it was not read from one input */
  static void check(Sketch s, byte[] original) {
    s.info();
    double[] before = estimates(s, "read");
    byte[] bytes = s.toByteArray();
    if (original != null) {
      int at = (int) java.util.Arrays.mismatch(original, bytes);
      Checks.sameBytes(original, bytes, s.kind().sqlName() + ": accepted bytes it does not write back, first"
          + " difference " + (at < 12 ? "in the envelope header" : "in the payload") + " (at byte " + at
          + "): the reader ignores or changes a field");
    }
    Sketch back = SketchKinds.read(bytes);
    Checks.sameBytes(bytes, back.toByteArray(), s.kind().sqlName() + ": written bytes do not read back to themselves");
    double[] again = estimates(back, "re-read");
    if (!Arrays.equals(before, again)) {
      throw new AssertionError(s.kind().sqlName() + ": estimates change through a round trip: "
          + Arrays.toString(before) + " vs " + Arrays.toString(again));
    }
    mergeWithCopy(s, bytes, before);
    if (s instanceof UclSketch u) {
      for (DecodeMode mode : new DecodeMode[] {DecodeMode.CM, DecodeMode.LSQR}) {
        u.decode(mode);
        estimates(u, "after decode " + mode);
      }
    }
  }

  private static void mergeWithCopy(Sketch s, byte[] bytes, double[] before) {
    Sketch copy = SketchKinds.read(bytes);
    try {
      s.mergeSketch(copy);
    } catch (ArithmeticException | IllegalArgumentException e) { // IncompatibleMergeException is one of the latter
      // documented refusals (UCL never merges; a counter past its range overflows, which the Lego kinds report
      // as IllegalArgumentException "too large for one sketch"), but never half-done
      if (e instanceof IllegalArgumentException && !(e instanceof IncompatibleMergeException)
          && !(s instanceof LegoSketch || s instanceof DLegoSketch)) {
        throw e;
      }
      Checks.sameBytes(bytes, s.toByteArray(), s.kind().sqlName() + ": a merge with a copy of itself failed ("
          + e + ") after changing the sketch: merges must be all-or-nothing");
      if (e instanceof IncompatibleMergeException && !(s instanceof UclSketch)) {
        throw new AssertionError(s.kind().sqlName() + " refused to merge with a copy of itself: " + e.getMessage());
      }
      return;
    }
    double[] after = estimates(s, "merged with a copy");
    if (s instanceof CountMinSketch || s instanceof ConservativeCountMinSketch || s instanceof CountSketch) {
      for (int i = 0; i < before.length; i++) {
        Checks.isTrue(after[i] == 2 * before[i], s.kind().sqlName() + ": estimate " + i + " is " + after[i]
            + " after merging a copy, expected twice " + before[i]);
      }
    }
  }

  /** Every query of the sketch's kind for a few items, each checked; returned for comparisons. */
  static double[] estimates(Sketch s, String when) {
    String k = s.kind().sqlName() + " " + when + ": ";
    if (s instanceof FrequencySketch f) {
      Checks.isTrue(f.totalCount() >= 0, k + "negative total count " + f.totalCount());
      double[] e = new double[ITEMS.length + 1];
      for (int i = 0; i < ITEMS.length; i++) {
        e[i] = f.estimate(ITEMS[i]);
      }
      e[ITEMS.length] = f.estimate("item-a");
      if (!(s instanceof CountSketch)) {
        for (int i = 0; i < e.length; i++) {
          Checks.finiteNonNegative(k + "estimate of item " + i, e[i]);
        }
      }
      return e;
    }
    if (s instanceof FrequentItemsSketch fi) {
      return frequentItemsEstimates(fi, k);
    }
    if (s instanceof AdaCountMinSketch a) {
      return adaEstimates(a, k);
    }
    if (s instanceof LegoSketch l) {
      return legoEstimates(l::estimate, l.model() != null || legoModelFound(l), false, k);
    }
    if (s instanceof DLegoSketch d) {
      // a heavy bucket answers without the model, so without it a query may answer or say the model is missing
      return legoEstimates(d::estimate, d.light().model() != null || legoModelFound(d.light()), true, k);
    }
    throw new AssertionError("no checks for " + s.getClass());
  }

  /** Bounds ordered and within the stream, the top list sorted; returns estimates, bounds and the top list's. */
  private static double[] frequentItemsEstimates(FrequentItemsSketch s, String k) {
    Checks.isTrue(s.streamLength() >= 0 && s.maximumError() >= 0, k + "negative stream length or error");
    String[] items = {"item-0", "item-7", "item-14", "a", "\u00e9"};
    double[] e = new double[3 * items.length + 2 * 8];
    int j = 0;
    for (String item : items) {
      long lo = s.lowerBound(item);
      long est = s.estimate(item);
      long hi = s.upperBound(item);
      Checks.isTrue(0 <= lo && lo <= hi && est <= hi && hi - s.maximumError() <= s.streamLength(),
          k + "bounds of " + item + ": " + lo + " / " + est + " / " + hi);
      e[j++] = lo;
      e[j++] = est;
      e[j++] = hi;
    }
    long previous = Long.MAX_VALUE;
    for (FrequentItemsSketch.Item it : s.topItems(8)) {
      Checks.isTrue(it.estimate() <= previous && it.lower() <= it.upper(), k + "top items out of order: " + it);
      previous = it.estimate();
      e[j++] = it.estimate();
      e[j++] = it.lower();
    }
    return e;
  }

  private static double[] adaEstimates(AdaCountMinSketch a, String k) {
    long lo = a.minTime();
    long hi = a.maxTime();
    long[] times = hi < 0 ? new long[] {0, 1} : new long[] {lo, hi, lo + (hi - lo) / 2, Math.min(hi + 1,
        TimeUnitSpec.MAX_UNIT), 0};
    double[] e = new double[ITEMS.length * (times.length + 3)];
    int j = 0;
    for (long item : ITEMS) {
      for (long t : times) {
        e[j] = a.estimate(item, t);
        Checks.finiteNonNegative(k + "estimate(" + item + ", " + t + ")", e[j++]);
      }
      long from = Math.max(0, lo);
      long to = Math.max(from, hi);
      e[j] = a.estimate(item, from, to);
      Checks.finiteNonNegative(k + "range estimate(" + item + ", " + from + ", " + to + ")", e[j++]);
      e[j] = a.estimate(item, 0, to);
      Checks.finiteNonNegative(k + "range estimate(" + item + ", 0, " + to + ")", e[j++]);
      e[j] = a.recent(item, to);
      Checks.finiteNonNegative(k + "recent(" + item + ", " + to + ")", e[j++]);
    }
    return e;
  }

  /** Whether the sketch's model is loaded: when it is not, a query must say so (IllegalStateException). */
  private static boolean legoModelFound(LegoSketch l) {
    return io.sketchbricks.lego.LegoModels.find(l.modelId()) != null;
  }

  private static double[] legoEstimates(java.util.function.LongToDoubleFunction estimate, boolean modelLoaded,
      boolean mayAnswerWithout, String k) {
    double[] e = new double[ITEMS.length];
    for (int i = 0; i < ITEMS.length; i++) {
      if (!modelLoaded) {
        try {
          e[i] = estimate.applyAsDouble(ITEMS[i]);
        } catch (IllegalStateException expected) {
          continue; // documented: the sketch's model is not loaded in this JVM
        }
        Checks.isTrue(mayAnswerWithout, k + "answered a query without its model");
      } else {
        e[i] = estimate.applyAsDouble(ITEMS[i]);
      }
      Checks.finiteNonNegative(k + "estimate of item " + ITEMS[i], e[i]);
    }
    return e;
  }
}
