package io.sketchbricks.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sketchbricks.kinds.SketchKinds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The aggregate's own path, as Spark drives it: partial buffers filled by rows, serialized between the stages,
 * merged into a final buffer in arrival order, finished. Elastic's merge depends on order by itself; the result
 * must not.
 */
class SketchAggregatorOrderTest {
  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T buffer) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(out)) {
      o.writeObject(buffer);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void finalResultDoesNotDependOnTheOrderPartialsArrive() throws Exception {
    FrequencySketchAggregator<String> agg = new FrequencySketchAggregator<>("elastic", 2048);
    Random r = new Random(3);
    List<byte[]> serialized = new ArrayList<>();
    for (int p = 0; p < 5; p++) {
      var buffer = agg.zero();
      for (int i = 0; i < 5_000; i++) {
        buffer = agg.reduce(buffer, "i" + (int) (Math.pow(r.nextDouble(), 3) * 2000));
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ObjectOutputStream o = new ObjectOutputStream(out)) {
        o.writeObject(buffer);
      }
      serialized.add(out.toByteArray());
    }
    byte[] first = null;
    for (int[] order : new int[][] {{0, 1, 2, 3, 4}, {4, 3, 2, 1, 0}, {2, 4, 0, 3, 1}}) {
      var fin = agg.zero();
      for (int i : order) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialized.get(i)))) {
          @SuppressWarnings("unchecked")
          SketchAggBuffer<io.sketchbricks.frequency.FrequencySketch> partial =
              (SketchAggBuffer<io.sketchbricks.frequency.FrequencySketch>) in.readObject();
          fin = agg.merge(fin, partial);
        }
      }
      byte[] bytes = agg.finish(roundTrip(fin)); // a spilled final buffer travels too
      if (first == null) {
        first = bytes;
      } else {
        assertArrayEquals(first, bytes, "order " + Arrays.toString(order));
      }
    }
    assertEquals(25_000L, SketchKinds.read(first).info().totalCount());
  }

  @Test
  void emptyGroupGivesAnEmptySketchAndUnionOfNothingIsNull() {
    FrequencySketchAggregator<String> agg = new FrequencySketchAggregator<>("cms", 1024);
    assertEquals(0L, SketchKinds.read(agg.finish(agg.zero())).info().totalCount());
    SketchUnionAggregator union = new SketchUnionAggregator();
    assertEquals(null, union.finish(union.reduce(union.zero(), null)));
  }
}
