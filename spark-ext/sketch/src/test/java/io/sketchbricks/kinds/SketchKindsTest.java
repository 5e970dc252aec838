package io.sketchbricks.kinds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.adacms.AdaCountMinSketch;
import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.frequency.FrequentItemsSketch;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoModels;
import io.sketchbricks.lego.LegoSketch;
import io.sketchbricks.ucl.UclSketch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The registry reads every library kind back, builds every classic kind, and refuses what it does not hold. */
class SketchKindsTest {
  /** A small filled sketch of each registered non-classic kind (classic ones come from the registry itself). */
  private static final Map<SketchKind, Supplier<Sketch>> OTHERS = Map.of(
      SketchKind.ADA_CMS, () -> {
        AdaCountMinSketch s = AdaCountMinSketch.create(8192);
        s.add("a", 494_000, 3);
        return s;
      },
      SketchKind.LEGO, () -> {
        LegoSketch s = LegoSketch.withBricks(LegoModels.shipped(), 1);
        s.add("a", 3);
        return s;
      },
      SketchKind.D_LEGO, () -> {
        DLegoSketch s = new DLegoSketch(LegoModels.shipped(), LegoSketch.BRICK_BYTES + 9 * 64);
        s.add("a", 3);
        return s;
      },
      SketchKind.UCL, () -> {
        UclSketch s = new UclSketch(16 * 1024);
        s.add("a", 3);
        return s;
      },
      SketchKind.FREQUENT_ITEMS, () -> {
        FrequentItemsSketch s = new FrequentItemsSketch(64);
        s.add("a", 3);
        return s;
      });

  private static Sketch sample(SketchKind kind) {
    if (kind.has(SketchKind.Capability.CLASSIC)) {
      FrequencySketch s = SketchKinds.create(kind, 4096);
      s.add("a", 3);
      return s;
    }
    return OTHERS.get(kind).get();
  }

  @ParameterizedTest
  @EnumSource(SketchKind.class)
  void everyLibraryKindReadsBackToTheSameBytes(SketchKind kind) throws Exception {
    if (kind == SketchKind.HOKUSAI) {
      assertFalse(SketchKinds.isRegistered(kind), "hokusai is the eval-time baseline, outside the library");
      return;
    }
    assertTrue(SketchKinds.isRegistered(kind), kind + " has no registered reader");
    Sketch s = sample(kind);
    assertEquals(kind, s.kind());
    byte[] bytes = s.toByteArray();
    Sketch back = SketchKinds.read(bytes);
    assertEquals(kind, back.kind());
    assertArrayEquals(bytes, back.toByteArray());
    assertArrayEquals(bytes, SketchKinds.read(bytes, kind).toByteArray());
    if (s instanceof Serializable) { // Java serialisation travels as the bytes and the kind's own reader
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(buf)) {
        out.writeObject(s);
      }
      Object read = new ObjectInputStream(new ByteArrayInputStream(buf.toByteArray())).readObject();
      assertArrayEquals(bytes, ((Sketch) read).toByteArray(), kind + " after Java serialisation");
    }
  }

  @Test
  void onlyClassicKindsAreBuiltFromABudgetAlone() {
    for (SketchKind kind : SketchKind.values()) {
      if (kind.has(SketchKind.Capability.CLASSIC)) {
        assertEquals(kind, SketchKinds.create(kind.sqlName(), 4096).kind());
      } else {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SketchKinds.create(kind, 4096));
        assertTrue(e.getMessage().contains("not a classic"), e.getMessage());
      }
    }
  }

  @Test
  void aKindOtherThanTheExpectedOneIsRefusedByName() {
    byte[] cms = SketchKinds.create(SketchKind.COUNT_MIN, 4096).toByteArray();
    CorruptSketchException e = assertThrows(CorruptSketchException.class,
        () -> SketchKinds.read(cms, SketchKind.COUNT_SKETCH));
    assertTrue(e.getMessage().contains("expected a cs sketch but got a cms sketch"), e.getMessage());
  }

  @Test
  void describeNamesEveryHeaderFieldAndNeverThrows() {
    byte[] cms = SketchKinds.create(SketchKind.COUNT_MIN, 4096).toByteArray();
    String d = SketchFormat.describe(cms);
    assertTrue(d.contains("magic SKBR, kind 1 (cms), version 1, reserved 0x0000") && d.endsWith("crc32c ok"), d);
    byte[] flipped = cms.clone();
    flipped[40] ^= 1;
    assertTrue(SketchFormat.describe(flipped).endsWith("crc32c BAD"), SketchFormat.describe(flipped));
    assertTrue(SketchFormat.describe(Arrays.copyOf(cms, 30)).contains("length BAD"));
    assertTrue(SketchFormat.describe(new byte[3]).contains("too short"));
    assertEquals("null", SketchFormat.describe(null));
  }

  @Test
  void payloadIsTheCheckedSliceBetweenHeaderAndChecksum() {
    byte[] cms = SketchKinds.create(SketchKind.COUNT_MIN, 4096).toByteArray();
    assertEquals(cms.length - SketchFormat.HEADER_BYTES - SketchFormat.TRAILER_BYTES,
        SketchFormat.payload(cms).remaining());
    byte[] flipped = cms.clone();
    flipped[40] ^= 1;
    assertThrows(CorruptSketchException.class, () -> SketchFormat.payload(flipped));
  }
}
