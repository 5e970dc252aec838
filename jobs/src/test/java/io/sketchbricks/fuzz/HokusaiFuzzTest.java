package io.sketchbricks.fuzz;

import io.sketchbricks.adacms.TimeUnitSpec;
import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.eval.HokusaiSketch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sketch module's reader fuzzing, for the eval jobs' Hokusai reader (the library does not register that kind,
 * so its own fuzz suite has no Hokusai target): mutated sketches are refused with {@link CorruptSketchException}
 * or read into a sketch that writes the same bytes back, answers finite non-negative estimates and merges with a
 * copy of itself all or nothing. It lives in the suite's package, like the Spark glue's UclStateFuzzTest, to reuse
 * its runner; system properties as in ReaderFuzzTest (target name {@code hokusai}).
 */
class HokusaiFuzzTest {
  private static final long[] ITEMS = {0, 1, 2, 3, 42, -7, 1_000_003, Long.MIN_VALUE};

  @Test
  void hokusai() throws Exception {
    ReaderFuzzTest.fuzz(new Target());
  }

  private static final class Target implements FuzzTarget {
    private List<byte[]> seeds;

    @Override
    public String name() {
      return "hokusai";
    }

    @Override
    public List<byte[]> seeds() {
      if (seeds == null) {
        seeds = List.of(seed(0), seed(12), seed(40));
      }
      return seeds;
    }

    private static byte[] seed(int n) {
      HokusaiSketch s = new HokusaiSketch(4L * 2 * 12, 2, 2, TimeUnitSpec.DEFAULT, 7);
      for (int i = 0; i < n; i++) {
        s.add((long) (i % 5), i / 4, 1 + i % 3);
      }
      return s.toByteArray();
    }

    /** The numeric fields, walked as HokusaiCodec writes them (counter arrays are left to the word mutator). */
    @Override
    public List<Field> fields(int seedIndex) {
      ByteBuffer in = ByteBuffer.wrap(seeds().get(seedIndex)).order(ByteOrder.LITTLE_ENDIAN);
      List<Field> f = new ArrayList<>();
      int p = 4;
      for (String[] h : new String[][] {{"kind", "1"}, {"version", "1"}, {"reserved", "2"}, {"payload length", "4"},
          {"seed", "8"}, {"total count", "8"}, {"skipped", "8"}, {"unit ms", "8"}, {"origin ms", "8"},
          {"depth", "4"}, {"width", "4"}, {"log2 horizon", "4"}, {"now", "8"}, {"unit count", "4"}}) {
        f.add(Field.le(h[0], p, Integer.parseInt(h[1])));
        p += Integer.parseInt(h[1]);
      }
      int depth = in.getInt(52);
      int width = in.getInt(56);
      int logHorizon = in.getInt(60);
      long now = in.getLong(64);
      int units = in.getInt(72);
      for (int n = 0; n < units; n++) {
        f.add(Field.le("unit " + n, p, 8));
        long age = now - in.getLong(p);
        int band = age >= (1L << logHorizon) ? logHorizon : age <= 1 ? 0 : 63 - Long.numberOfLeadingZeros(age);
        p += 8 + 4 * depth * (int) (((width - 1L) >> band) + 1);
      }
      return f;
    }

    @Override
    public Envelope envelope() {
      return SketchTarget.ENVELOPE;
    }

    @Override
    public int defaultCases() {
      return 9_000;
    }

    @Override
    public String documented() {
      return "CorruptSketchException";
    }

    @Override
    public boolean isDocumented(Throwable t) {
      return t instanceof CorruptSketchException;
    }

    @Override
    public Object read(byte[] input) {
      return new Object[] {HokusaiSketch.fromBytes(input), input};
    }

    @Override
    public void check(Object accepted) {
      Object[] a = (Object[]) accepted;
      HokusaiSketch s = (HokusaiSketch) a[0];
      byte[] original = (byte[]) a[1];
      s.info();
      double[] before = estimates(s, "read");
      byte[] bytes = s.toByteArray();
      Checks.sameBytes(original, bytes, "hokusai: accepted bytes it does not write back: the reader ignores or"
          + " changes a field");
      HokusaiSketch back = HokusaiSketch.fromBytes(bytes);
      Checks.sameBytes(bytes, back.toByteArray(), "hokusai: written bytes do not read back to themselves");
      Checks.isTrue(Arrays.equals(before, estimates(back, "re-read")), "hokusai: estimates change through a round"
          + " trip");
      try {
        s.mergeSketch(back);
      } catch (ArithmeticException e) { // a counter past 2^31 - 1: refused, but never half-done
        Checks.sameBytes(bytes, s.toByteArray(), "hokusai: a merge with a copy of itself failed (" + e
            + ") after changing the sketch: merges must be all-or-nothing");
        return;
      } catch (IncompatibleMergeException e) {
        throw new AssertionError("hokusai refused to merge with a copy of itself: " + e.getMessage());
      }
      estimates(s, "merged with a copy");
    }

    private static double[] estimates(HokusaiSketch h, String when) {
      long now = h.now();
      long[] times = now < 0 ? new long[] {0, 1} : new long[] {0, now, Math.max(0, now - 1), now / 2, now + 1};
      double[] e = new double[ITEMS.length * times.length];
      int j = 0;
      for (long item : ITEMS) {
        for (long t : times) {
          e[j] = h.estimate(item, t);
          Checks.finiteNonNegative("hokusai " + when + ": estimate(" + item + ", " + t + ")", e[j++]);
        }
      }
      return e;
    }
  }
}
