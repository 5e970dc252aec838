package io.sketchbricks.frequency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.kinds.SketchKinds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FrequencySketchTest {
  /** Every classic kind, from the registry: a new one gets these tests without editing them. */
  static final List<String> KINDS = SketchKind.with(SketchKind.Capability.CLASSIC).stream().map(SketchKind::sqlName)
      .toList();

  static Stream<String> kinds() {
    return KINDS.stream();
  }

  /** A skewed stream: item i drawn with probability ~ 1/(i+1). */
  static long[] stream(int n, int distinct, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] items = new long[n];
    for (int i = 0; i < n; i++) {
      items[i] = (long) Math.floor(Math.exp(r.nextDouble() * Math.log(distinct))) - 1;
    }
    return items;
  }

  static Map<Long, Long> truth(long[] items) {
    Map<Long, Long> m = new HashMap<>();
    for (long i : items) {
      m.merge(i, 1L, Long::sum);
    }
    return m;
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void exactWhenNothingCollides(String kind) {
    FrequencySketch s = SketchKinds.create(kind, 1 << 20);
    for (int i = 0; i < 50; i++) {
      s.add("item-" + i, i + 1);
      s.add((long) i, 2 * i + 1);
    }
    for (int i = 0; i < 50; i++) {
      assertEquals(i + 1, s.estimate("item-" + i), kind);
      assertEquals(2 * i + 1, s.estimate((long) i), kind);
    }
    assertEquals(0, s.estimate("absent"));
  }

  @Test
  void stringAndItsUtf8BytesAreOneItem() {
    FrequencySketch s = FrequencySketch.countMin(4096);
    s.add("café", 3);
    assertEquals(3, s.estimate("café".getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"cms", "cu", "elastic"})
  void neverUnderestimates(String kind) {
    long[] items = stream(200_000, 50_000, 1);
    FrequencySketch s = SketchKinds.create(kind, 16 * 1024);
    for (long i : items) {
      s.add(i);
    }
    truth(items).forEach((item, count) -> assertTrue(s.estimate(item) >= count, kind + " item " + item));
  }

  @Test
  void conservativeUpdateIsNoWorseThanCountMin() {
    long[] items = stream(200_000, 50_000, 2);
    FrequencySketch cm = FrequencySketch.countMin(16 * 1024);
    FrequencySketch cu = FrequencySketch.conservative(16 * 1024);
    for (long i : items) {
      cm.add(i);
      cu.add(i);
    }
    truth(items).forEach((item, count) -> assertTrue(cu.estimate(item) <= cm.estimate(item)));
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void bytesRoundTripAndJavaSerialization(String kind) throws Exception {
    FrequencySketch s = SketchKinds.create(kind, 8 * 1024);
    for (long i : stream(10_000, 1000, 3)) {
      s.add(i);
    }
    s.addNullable(null, 1);
    byte[] bytes = s.toByteArray();
    FrequencySketch back = SketchKinds.readFrequency(bytes);
    assertArrayEquals(bytes, back.toByteArray());
    assertEquals(s.info(), back.info());
    assertEquals(1, back.skippedCount());

    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(buf)) {
      out.writeObject(s);
    }
    Object read = new ObjectInputStream(new ByteArrayInputStream(buf.toByteArray())).readObject();
    assertArrayEquals(bytes, ((FrequencySketch) read).toByteArray());
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void corruptTruncatedAndForeignBytesAreRefused(String kind) {
    byte[] bytes = SketchKinds.create(kind, 4096).toByteArray();
    for (int cut : new int[] {0, 3, 15, bytes.length / 2, bytes.length - 1}) {
      byte[] truncated = java.util.Arrays.copyOf(bytes, cut);
      assertThrows(CorruptSketchException.class, () -> SketchKinds.read(truncated), "cut at " + cut);
    }
    for (int pos : new int[] {4, 5, 9, 20, bytes.length / 2, bytes.length - 1}) {
      byte[] flipped = bytes.clone();
      flipped[pos] ^= 0x10;
      assertThrows(CorruptSketchException.class, () -> SketchKinds.read(flipped), "flip at " + pos);
    }
    byte[] foreign = "definitely not a sketch, just text".getBytes(StandardCharsets.UTF_8);
    CorruptSketchException e = assertThrows(CorruptSketchException.class, () -> SketchKinds.read(foreign));
    assertTrue(e.getMessage().contains("magic"));
    assertThrows(CorruptSketchException.class, () -> SketchKinds.read(null));
  }

  @Test
  void aValidEnvelopeWithLyingParametersIsRefused() {
    // a well-formed checksum around a payload whose width does not match its counters
    byte[] lying = SketchFormat.write(io.sketchbricks.core.SketchKind.COUNT_MIN, 8 * 3 + 8 + 16, out -> {
      out.putLong(1).putLong(0).putLong(0).putInt(2).putInt(1000).putLong(0).putLong(0);
    });
    CorruptSketchException e = assertThrows(CorruptSketchException.class, () -> SketchKinds.read(lying));
    assertTrue(e.getMessage().contains("counters"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void mergeOfPartsMatchesOrBoundsASingleBuild(String kind) {
    long[] items = stream(100_000, 20_000, 4);
    FrequencySketch whole = SketchKinds.create(kind, 32 * 1024);
    FrequencySketch[] parts = new FrequencySketch[8];
    for (int p = 0; p < 8; p++) {
      parts[p] = SketchKinds.create(kind, 32 * 1024);
    }
    for (int i = 0; i < items.length; i++) {
      whole.add(items[i]);
      parts[i % 8].add(items[i]);
    }
    for (int p = 1; p < 8; p++) {
      parts[0].merge(parts[p]);
    }
    assertEquals(whole.totalCount(), parts[0].totalCount());
    if (kind.equals("cms") || kind.equals("cs")) {
      assertArrayEquals(whole.toByteArray(), parts[0].toByteArray(), "additive sketches merge exactly");
    } else {
      FrequencySketch merged = parts[0];
      truth(items).forEach((item, count) -> assertTrue(merged.estimate(item) >= count, kind));
    }
  }

  @Test
  void incompatibleMergesSayWhatDiffers() {
    IncompatibleMergeException width = assertThrows(IncompatibleMergeException.class,
        () -> FrequencySketch.countMin(4096).merge(FrequencySketch.countMin(8192)));
    assertTrue(width.getMessage().contains("width"), width.getMessage());
    IncompatibleMergeException seed = assertThrows(IncompatibleMergeException.class,
        () -> FrequencySketch.countMin(4096).merge(new CountMinSketch(4096, 3, 99)));
    assertTrue(seed.getMessage().contains("seed"), seed.getMessage());
    IncompatibleMergeException kind = assertThrows(IncompatibleMergeException.class,
        () -> FrequencySketch.countMin(4096).merge(FrequencySketch.conservative(4096)));
    assertTrue(kind.getMessage().contains("same kind"), kind.getMessage());
  }

  @Test
  void badItemsAndBudgets() {
    FrequencySketch s = FrequencySketch.countMin(4096);
    assertThrows(IllegalArgumentException.class, () -> s.add((String) null));
    assertThrows(IllegalArgumentException.class, () -> s.add(""));
    assertThrows(IllegalArgumentException.class, () -> s.add("x", -1));
    s.addNullable("", 1);
    s.addNullable(new byte[0], 1);
    assertEquals(2, s.skippedCount());
    assertEquals(0, s.totalCount());
    assertThrows(IllegalArgumentException.class, () -> s.addNullable(3.5, 1));
    assertThrows(IllegalArgumentException.class, () -> FrequencySketch.countMin(4));
    assertThrows(IllegalArgumentException.class, () -> SketchKinds.create("nope", 4096));
  }

  @Test
  void counterOverflowIsAnErrorNotAWrap() {
    FrequencySketch s = FrequencySketch.countMin(4096);
    s.add("x", Integer.MAX_VALUE);
    assertThrows(ArithmeticException.class, () -> s.add("x", 1));
  }
}
