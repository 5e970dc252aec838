package io.sketchbricks.lego;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.kinds.SketchKinds;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LegoSketchTest {
  static final LegoModel MODEL = LegoModels.register(LegoModel.random(7));

  /** Ids whose 5 cells (in brick 0 of a 1-brick sketch) are shared with no other returned id. */
  static long[] collisionFreeIds(int n) {
    Set<Integer> used = new HashSet<>();
    long[] ids = new long[n];
    int found = 0;
    for (long x = 1000; found < n; x++) {
      int[] cells = new int[5];
      boolean free = true;
      for (int r = 0; r < 5; r++) {
        cells[r] = r * Brick.COLUMNS + LegoHash.column(x, r);
        free &= !used.contains(cells[r]);
      }
      if (free) {
        for (int c : cells) {
          used.add(c);
        }
        ids[found++] = x;
      }
    }
    return ids;
  }

  @Test
  void ruleEstimateIsExactWithoutCollisions() {
    LegoSketch s = LegoSketch.withBricks(MODEL, 1);
    long[] ids = collisionFreeIds(300);
    for (int i = 0; i < ids.length; i++) {
      s.add(ids[i], i + 1);
    }
    for (int i = 0; i < ids.length; i++) {
      assertEquals(i + 1, s.ruleEstimateId(ids[i]), 1e-5 * (i + 1), "item " + ids[i]);
    }
    assertEquals(300 * 301 / 2.0, s.totalCount(), 1e-9);
  }

  @Test
  void ruleEstimateNeverUnderestimatesAndNeuralNeverExceedsRule() {
    LegoSketch s = new LegoSketch(MODEL, 3 * LegoSketch.BRICK_BYTES);
    assertEquals(3, s.brickCount());
    SplittableRandom rnd = new SplittableRandom(1);
    long[] counts = new long[40_000];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = 1 + rnd.nextInt(50);
      s.add(i, counts[i]);
    }
    for (int i = 0; i < counts.length; i += 37) {
      double rule = s.ruleEstimateId(i);
      assertTrue(rule >= counts[i] * (1 - 1e-5), "rule " + rule + " under " + counts[i]);
      assertTrue(s.neuralEstimateId(i) <= rule);
      double est = s.estimateId(i);
      assertTrue(est == rule || est == s.neuralEstimateId(i));
    }
  }

  @Test
  void ensemblePicksByBrickFeatures() {
    LegoSketch s = LegoSketch.withBricks(MODEL, 2);
    for (int i = 0; i < 5000; i++) {
      s.add(i, 1 + i % 7);
    }
    for (int i = 0; i < 50; i++) {
      int k = LegoHash.brick(i, 2);
      ScanFeatures f = s.features(k);
      boolean neural = f.nHat() > LegoSketch.NEURAL_MIN_ITEMS && f.alphaHat() < MODEL.trainedAlphaMax() + LegoModel.GATE_ALPHA_MARGIN;
      assertEquals(neural ? s.neuralEstimateId(i) : s.ruleEstimateId(i), s.estimateId(i));
    }
  }

  @Test
  void scanIsCachedUntilTheNextInsert() {
    LegoSketch s = LegoSketch.withBricks(MODEL, 1);
    s.add(1L, 5);
    ScanFeatures a = s.features(0);
    assertTrue(a == s.features(0), "second read must reuse the cached scan");
    for (long x = 0; x < 2000; x++) {
      s.add(x, 1000);
    }
    assertTrue(a != s.features(0));
  }

  @Test
  void heavyItemsAreNotRoundedAwayByFloatCells() {
    // a few items with millions of single arrivals each (like MSNBC's page categories): a float32 cell fed
    // unit by unit near 4 M rounds every addition (its spacing there is 0.25 to 0.5)
    LegoSketch s = new LegoSketch(MODEL, 300 * 1024L);
    long[] items = {3, 17, 123_456_789L};
    int n = 4_000_000;
    for (int i = 0; i < n; i++) {
      s.add(items[i % 3]);
      if (i % 1000 == 0) {
        s.add(1_000_000L + i); // single items that evict from the arrival buffer (few: collisions add no noise)
      }
    }
    double worst = 0;
    for (long item : items) {
      worst = Math.max(worst, Math.abs(s.ruleEstimateId(item) - n / 3.0) / (n / 3.0));
    }
    assertTrue(worst < 1e-6, "relative error " + worst);
    assertEquals(n + n / 1000, s.totalCount(), 0);
    LegoSketch back = (LegoSketch) SketchKinds.read(s.toByteArray());
    assertEquals(s.ruleEstimateId(17), back.ruleEstimateId(17), 0, "the bytes hold the buffered arrivals");
  }

  @Test
  void mergeEqualsOneBuild() {
    LegoSketch all = new LegoSketch(MODEL, 250 * 1024L);
    LegoSketch left = new LegoSketch(MODEL, 250 * 1024L);
    LegoSketch right = new LegoSketch(MODEL, 250 * 1024L);
    for (int i = 0; i < 20_000; i++) {
      long item = i % 3000;
      all.add(item, 1 + i % 5);
      (i % 2 == 0 ? left : right).add(item, 1 + i % 5);
    }
    left.mergeSketch(right);
    assertEquals(all.totalCount(), left.totalCount(), 1e-9);
    for (int k = 0; k < all.brickCount(); k++) {
      for (int c = 0; c < Brick.CELLS; c++) {
        assertEquals(all.bricks()[k].cells[c], left.bricks()[k].cells[c], 1e-5f * Math.max(1f, all.bricks()[k].cells[c]));
      }
    }
    for (long item = 0; item < 3000; item += 13) {
      assertEquals(all.ruleEstimateId(item), left.ruleEstimateId(item), 1e-4 * all.ruleEstimateId(item));
    }
  }

  @Test
  void mergeRefusesOtherModelsAndSizes() {
    LegoModel other = LegoModel.random(8);
    LegoSketch a = LegoSketch.withBricks(MODEL, 2);
    IncompatibleMergeException e = assertThrows(IncompatibleMergeException.class,
        () -> a.mergeSketch(LegoSketch.withBricks(other, 2)));
    assertTrue(e.getMessage().contains("different models"), e.getMessage());
    assertThrows(IncompatibleMergeException.class, () -> a.mergeSketch(LegoSketch.withBricks(MODEL, 3)));
    assertThrows(IncompatibleMergeException.class, () -> a.attachModel(other));
    assertThrows(IncompatibleMergeException.class,
        () -> a.mergeSketch(io.sketchbricks.frequency.FrequencySketch.countMin(1024)));
  }

  @Test
  void budgetUnderOneBrickIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LegoSketch(MODEL, 100 * 1024L - 1));
    assertTrue(e.getMessage().contains("under one Lego brick"), e.getMessage());
    assertEquals(1, new LegoSketch(MODEL, 100 * 1024L).brickCount());
    assertEquals(2, new LegoSketch(MODEL, 299 * 1024L).brickCount());
    assertThrows(IllegalArgumentException.class, () -> new DLegoSketch(MODEL, 100 * 1024L));
  }

  @Test
  void bytesRoundTrip() {
    LegoSketch s = LegoSketch.withBricks(MODEL, 2);
    for (int i = 0; i < 10_000; i++) {
      s.add("item-" + (i % 1500), 1);
    }
    byte[] bytes = s.toByteArray();
    Sketch back = SketchKinds.read(bytes, SketchKind.LEGO);
    LegoSketch r = (LegoSketch) back;
    assertEquals(s.modelId(), r.modelId());
    for (int k = 0; k < 2; k++) {
      assertArrayEquals(s.bricks()[k].cells, r.bricks()[k].cells);
      assertEquals(s.bricks()[k].streamLength, r.bricks()[k].streamLength);
    }
    for (int i = 0; i < 1500; i += 11) {
      assertEquals(s.estimateObject("item-" + i), r.estimateObject("item-" + i));
    }
    assertArrayEquals(bytes, r.toByteArray());
    assertEquals("lego", r.info().kind());
    assertEquals(10_000, r.info().totalCount());
  }

  @Test
  void corruptBytesAreRefused() {
    LegoSketch s = LegoSketch.withBricks(MODEL, 1);
    s.add(5L, 3);
    byte[] bytes = s.toByteArray();
    byte[] flipped = bytes.clone();
    flipped[4000] ^= 1;
    assertThrows(CorruptSketchException.class, () -> SketchKinds.read(flipped));
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 10);
    assertThrows(CorruptSketchException.class, () -> SketchKinds.read(cut));
  }

  @Test
  void sketchOfAnUnloadedModelSaysWhatToLoad() {
    LegoModel unregistered = LegoModel.random(99);
    LegoSketch s = LegoSketch.withBricks(unregistered, 1);
    s.add(3L, 2);
    LegoSketch back = (LegoSketch) SketchKinds.read(s.toByteArray());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> back.estimate(3L));
    assertTrue(e.getMessage().contains(unregistered.idHex()), e.getMessage());
    back.attachModel(unregistered);
    assertEquals(s.estimate(3L), back.estimate(3L));
  }

  @Test
  void dLegoKeepsHeavyItemsExactAndRoundTrips() {
    DLegoSketch d = new DLegoSketch(MODEL, 300 * 1024L);
    assertEquals(2, d.light().brickCount());
    assertEquals((300 * 1024 - 2 * 102_400) / 9, d.heavyBuckets());
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 50_000; i++) {
      d.add(rnd.nextInt(20_000), 1);
    }
    d.add(123_456_789L, 1_000_000);
    assertEquals(1_000_000, d.estimate(123_456_789L), 1e-9);
    DLegoSketch back = (DLegoSketch) SketchKinds.read(d.toByteArray(), SketchKind.D_LEGO);
    for (long x = 0; x < 20_000; x += 97) {
      assertEquals(d.estimate(x), back.estimate(x));
    }
    assertEquals(d.totalCount(), back.totalCount(), 1e-6);
    DLegoSketch other = new DLegoSketch(MODEL, 300 * 1024L);
    other.add(123_456_789L, 5);
    back.mergeSketch(other);
    assertEquals(1_000_005, back.estimate(123_456_789L), 1e-9);
    assertThrows(IncompatibleMergeException.class, () -> back.mergeSketch(new DLegoSketch(MODEL, 400 * 1024L)));
    assertNotEquals(0, d.memoryBytes());
  }
}
