package io.sketchbricks.lego;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.kinds.SketchKinds;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Lego and D-Lego bytes are hostile until checked, and adds and merges are all-or-nothing (issue #12). Damaged
 * bytes here carry a valid checksum (re-wrapped with {@link SketchFormat#write}), as an attacker's would.
 */
class LegoHardeningTest {
  static final LegoModel MODEL = LegoModels.register(LegoModel.random(77));
  /** Offset of brick 0's stream length in a lego payload (after model id and brick count). */
  static final int BRICKS_AT = 12;
  static final int BRICK_BYTES = 8 + 4 * Brick.CELLS;

  static LegoSketch filled(int bricks, int seed) {
    LegoSketch s = LegoSketch.withBricks(MODEL, bricks);
    for (int i = 0; i < 5_000; i++) {
      s.add("item-" + ((i * 31L + seed) % 1_500), 1 + (i + seed) % 3);
    }
    return s;
  }

  static byte[] payloadOf(byte[] sketch) {
    return Arrays.copyOfRange(sketch, 12, sketch.length - 4);
  }

  /** The sketch's payload, edited, in a fresh envelope with a valid checksum. */
  static byte[] edited(SketchKind kind, byte[] sketch, Consumer<ByteBuffer> edit) {
    byte[] payload = payloadOf(sketch);
    edit.accept(ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN));
    return SketchFormat.write(kind, payload.length, out -> out.put(payload));
  }

  static CorruptSketchException corrupt(byte[] bytes) {
    return assertThrows(CorruptSketchException.class, () -> SketchKinds.read(bytes));
  }

  // ---- defect 1: sizes against the bytes present -----------------------------------------------------

  @Test
  void aBrickCountBeyondTheBytesIsRefusedNamingTheShortfall() {
    byte[] bytes = edited(SketchKind.LEGO, filled(1, 1).toByteArray(), b -> b.putInt(8, LegoSketch.MAX_BRICKS));
    CorruptSketchException e = corrupt(bytes);
    assertTrue(e.getMessage().contains("20000 bricks") && e.getMessage().contains("remain"), e.getMessage());
  }

  // ---- defect 3: values no sketch holds ---------------------------------------------------------------

  @Test
  void negativeNanInfiniteAndHugeCellsAreRefused() {
    byte[] good = filled(2, 1).toByteArray();
    int lastCellOfBrick1 = BRICKS_AT + 2 * BRICK_BYTES - 4;
    for (float bad : new float[] {-1f, Float.NaN, Float.POSITIVE_INFINITY, 0x1p60f}) {
      byte[] bytes = edited(SketchKind.LEGO, good, b -> b.putFloat(lastCellOfBrick1, bad));
      CorruptSketchException e = corrupt(bytes);
      assertTrue(e.getMessage().contains("invalid counter"), bad + ": " + e.getMessage());
    }
  }

  @Test
  void streamLengthsAndTotalsPastTwoToThe53AreRefused() {
    byte[] good = filled(2, 1).toByteArray();
    corrupt(edited(SketchKind.LEGO, good, b -> b.putDouble(BRICKS_AT, 0x1p60)));
    // each brick within the limit, the two together past it
    CorruptSketchException e = corrupt(edited(SketchKind.LEGO, good, b -> {
      b.putDouble(BRICKS_AT, 0x1p53);
      b.putDouble(BRICKS_AT + BRICK_BYTES, 0x1p53);
    }));
    assertTrue(e.getMessage().contains("total"), e.getMessage());
  }

  @Test
  void dLegoBucketsHoldingValuesNoSketchWritesAreRefused() {
    DLegoSketch d = new DLegoSketch(MODEL, 110_000);
    d.add(5L, 3);
    byte[] good = d.toByteArray();
    int bucket5 = 4 + 5 * 25;
    corrupt(edited(SketchKind.D_LEGO, good, b -> b.putLong(bucket5 + 8, -2)));          // negative count
    corrupt(edited(SketchKind.D_LEGO, good, b -> b.putLong(bucket5 + 8, Long.MAX_VALUE))); // past 2^53
    corrupt(edited(SketchKind.D_LEGO, good, b -> b.putLong(bucket5 + 16, Long.MAX_VALUE))); // votes past 2^53
    int empty = 4 + 6 * 25;
    corrupt(edited(SketchKind.D_LEGO, good, b -> b.putLong(empty + 16, 4)));              // votes in an empty bucket
    corrupt(edited(SketchKind.D_LEGO, good, b -> b.put(empty + 24, (byte) 1)));           // flag on an empty bucket
  }

  @Test
  void aHugeCountIsRefusedInsteadOfAnInfiniteEstimate() {
    LegoSketch s = filled(1, 1);
    byte[] before = s.toByteArray();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.addId(42, 1e300));
    assertTrue(e.getMessage().contains("2^53"), e.getMessage());
    assertArrayEquals(before, s.toByteArray());
    assertTrue(Double.isFinite(s.ruleEstimateId(42)));
  }

  @Test
  void addsStopAtTheTotalTheReaderAccepts() {
    LegoSketch s = LegoSketch.withBricks(MODEL, 1);
    s.addId(7, LegoSketch.MAX_TOTAL_COUNT - 1);
    s.addId(8, 1); // exactly the limit: allowed, and readable
    byte[] atLimit = s.toByteArray();
    assertEquals(LegoSketch.MAX_TOTAL_COUNT, ((LegoSketch) SketchKinds.read(atLimit)).totalCount());
    assertThrows(IllegalArgumentException.class, () -> s.addId(9, 1));
    assertArrayEquals(atLimit, s.toByteArray());

    DLegoSketch d = new DLegoSketch(MODEL, 110_000);
    d.addId(3, (long) LegoSketch.MAX_TOTAL_COUNT);
    byte[] dAtLimit = d.toByteArray();
    SketchKinds.read(dAtLimit);
    assertThrows(IllegalArgumentException.class, () -> d.addId(3, 1));
    assertThrows(IllegalArgumentException.class, () -> d.addId(1_000_000, Long.MAX_VALUE));
    assertArrayEquals(dAtLimit, d.toByteArray());
  }

  // ---- defect 2: all-or-nothing merges ----------------------------------------------------------------

  @Test
  void mergeSerializedOfADamagedLastBrickLeavesTheTargetAsItWas() {
    LegoSketch target = filled(3, 1);
    target.add("pending", 5); // in the arrival buffer at the time of the merge
    byte[] other = edited(SketchKind.LEGO, filled(3, 2).toByteArray(),
        b -> b.putFloat(BRICKS_AT + 3 * BRICK_BYTES - 4, Float.NaN));
    LegoSketch copy = (LegoSketch) SketchKinds.read(target.toByteArray());
    assertThrows(CorruptSketchException.class, () -> target.mergeSerialized(other));
    assertArrayEquals(copy.toByteArray(), target.toByteArray());
  }

  @Test
  void mergesPastTheTotalAreRefusedAndLeaveTheTargetAsItWas() {
    LegoSketch a = filled(2, 1);
    a.addId(11, LegoSketch.MAX_TOTAL_COUNT / 2);
    LegoSketch b = filled(2, 2);
    b.addId(12, LegoSketch.MAX_TOTAL_COUNT / 2);
    byte[] before = a.toByteArray();
    assertThrows(IllegalArgumentException.class, () -> a.mergeSketch(b));
    assertArrayEquals(before, a.toByteArray());
    assertThrows(IllegalArgumentException.class, () -> a.mergeSerialized(b.toByteArray()));
    assertArrayEquals(before, a.toByteArray());
  }

  @Test
  void aDLegoMergePastTheLimitsLeavesTheTargetAsItWas() {
    DLegoSketch a = new DLegoSketch(MODEL, 110_000);
    DLegoSketch b = new DLegoSketch(MODEL, 110_000);
    int buckets = a.heavyBuckets();
    for (int i = 0; i < 3_000; i++) { // light parts and heavy buckets filled on both sides
      a.add(i, 1 + i % 4);
      b.add(i + 7, 1 + i % 3);
    }
    // a late bucket whose resident is the same item on both sides, with counts that together pass 2^53: the old
    // merge had added the light parts and every earlier bucket when this one overflowed
    long heavy = 5L * buckets + buckets - 1;
    a.addId(heavy, (long) (LegoSketch.MAX_TOTAL_COUNT / 2));
    b.addId(heavy, (long) (LegoSketch.MAX_TOTAL_COUNT / 2) + 10_000);
    byte[] before = a.toByteArray();
    assertThrows(IllegalArgumentException.class, () -> a.mergeSketch(b));
    assertArrayEquals(before, a.toByteArray());
  }

  @Test
  void aDLegoMergeThatNeedsAnUnloadedModelFailsBeforeChangingAnything() {
    LegoModel unregistered = LegoModel.random(991); // built with, never registered: bytes read back lack it
    DLegoSketch a0 = new DLegoSketch(unregistered, 110_000);
    DLegoSketch b0 = new DLegoSketch(unregistered, 110_000);
    for (int i = 0; i < 3_000; i++) {
      a0.add(i, 1 + i % 4);
      b0.add(i + 7, 1 + i % 3); // other residents in the same buckets: losers move to the light part
    }
    DLegoSketch a = (DLegoSketch) SketchKinds.read(a0.toByteArray());
    DLegoSketch b = (DLegoSketch) SketchKinds.read(b0.toByteArray());
    byte[] before = a.toByteArray();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.mergeSketch(b));
    assertTrue(e.getMessage().contains("not loaded"), e.getMessage());
    assertArrayEquals(before, a.toByteArray());
  }

  @Test
  void aMergeWithinTheLimitsStillWorksAndReadsBack() {
    DLegoSketch a = new DLegoSketch(MODEL, 110_000);
    DLegoSketch b = new DLegoSketch(MODEL, 110_000);
    for (int i = 0; i < 3_000; i++) {
      a.add(i, 1 + i % 4);
      b.add(i + 7, 1 + i % 3);
    }
    double total = a.totalCount() + b.totalCount();
    a.mergeSketch(b);
    DLegoSketch back = (DLegoSketch) SketchKinds.read(a.toByteArray());
    assertEquals(total, back.totalCount());
  }
}
