package io.sketchbricks.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sketchbricks.adacms.AdaCountMinSketch;
import io.sketchbricks.adacms.TimeUnitSpec;
import io.sketchbricks.adacms.TimeWeight;
import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.kinds.SketchKinds;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoModels;
import io.sketchbricks.lego.LegoSketch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A distributed aggregation receives its partials in whatever order they arrive: the merged bytes must not depend
 * on it. Kinds flagged {@link SketchKind#orderFreeMerge()} must give the same bytes in any order by themselves;
 * every kind must through {@link CanonicalMerge}.
 */
class MergeOrderTest {
  interface Adder {
    void add(Sketch s, long item, long time);
  }

  static Stream<Arguments> kinds() {
    Adder freq = (s, item, t) -> ((FrequencySketch) s).add("i" + item, 1);
    // every classic kind, from the registry: a new one is held to its orderFreeMerge() flag without editing this test
    Stream<Arguments> classic = SketchKind.with(SketchKind.Capability.CLASSIC).stream().map(k ->
        Arguments.of(k.sqlName(), (Supplier<Sketch>) () -> SketchKinds.create(k, 4096), freq));
    return Stream.concat(classic, Stream.of(
        Arguments.of("frequent-items", (Supplier<Sketch>) () -> new io.sketchbricks.frequency.FrequentItemsSketch(64),
            (Adder) (s, item, t) -> ((io.sketchbricks.frequency.FrequentItemsSketch) s).add("i" + item, 1)),
        Arguments.of("ada-cms", (Supplier<Sketch>) () -> new AdaCountMinSketch(2 * 8 * 4 * 6, 2, 6,
            TimeWeight.defaultExponential(), TimeUnitSpec.DEFAULT, 7),
            (Adder) (s, item, t) -> ((AdaCountMinSketch) s).add("i" + item, 494_000 + t, 1)),
        Arguments.of("lego", (Supplier<Sketch>) () -> LegoSketch.withBricks(LegoModels.shipped(), 1),
            (Adder) (s, item, t) -> ((LegoSketch) s).add("i" + item, 1)),
        Arguments.of("d-lego", (Supplier<Sketch>) () -> new DLegoSketch(LegoModels.shipped(),
            LegoSketch.BRICK_BYTES + 9 * 64), (Adder) (s, item, t) -> ((DLegoSketch) s).add("i" + item, 1))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void mergeOrderDoesNotChangeBytes(String kind, Supplier<Sketch> make, Adder adder) {
    Random r = new Random(1);
    List<byte[]> partials = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      Sketch s = make.get();
      for (int i = 0; i < 20_000; i++) {
        long item = (long) Math.floor(Math.pow(r.nextDouble(), 3) * 3000);
        adder.add(s, item, r.nextInt(20));
      }
      partials.add(s.toByteArray());
    }
    int[][] orders = {{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}, {1, 3, 0, 2}};
    byte[] canonical = null;
    byte[] direct = null;
    boolean directDiffers = false;
    for (int[] order : orders) {
      CanonicalMerge merge = new CanonicalMerge(SketchKinds::read);
      Sketch acc = make.get();
      for (int i : order) {
        merge.add(partials.get(i));
        acc.mergeSketch(SketchKinds.read(partials.get(i)));
      }
      byte[] b = merge.resultBytes();
      if (canonical == null) {
        canonical = b;
        direct = acc.toByteArray();
      } else {
        assertArrayEquals(canonical, b, kind + ": canonical merge in order " + java.util.Arrays.toString(order));
        directDiffers |= !java.util.Arrays.equals(direct, acc.toByteArray());
      }
    }
    SketchKind k = SketchFormat.kindOf(canonical);
    assertEquals(k.orderFreeMerge(), !directDiffers, kind + ": orderFreeMerge() says " + k.orderFreeMerge()
        + " but merging in other orders " + (directDiffers ? "changed" : "did not change") + " the bytes");
  }

  /** Past the bound the held partials are folded early: nothing is lost, the total stays exact. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void foldingEarlyAtTheBoundLosesNothing(String kind, Supplier<Sketch> make, Adder adder) {
    Random r = new Random(2);
    CanonicalMerge merge = new CanonicalMerge(SketchKinds::read,
        (acc, bytes) -> acc.mergeSketch(SketchKinds.read(bytes)), 1);
    long total = 0;
    for (int p = 0; p < 3; p++) {
      Sketch s = make.get();
      for (int i = 0; i < 1_000; i++) {
        adder.add(s, r.nextInt(500), r.nextInt(20));
      }
      total += s.info().totalCount();
      merge.add(s.toByteArray());
      assertEquals(1, merge.partials().size(), kind + ": a 1-byte bound holds one (folded) partial");
    }
    assertEquals(total, merge.result().info().totalCount(), kind);
  }
}
