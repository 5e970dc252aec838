package io.sketchbricks.lego.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoSketch;
import io.sketchbricks.lego.MetaTask;
import io.sketchbricks.lego.MetaTaskGenerator;
import io.sketchbricks.lego.TaskBatch;
import io.sketchbricks.lego.TrainingState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegoTrainerTest {
  static final LegoTrainer.Config TINY = LegoTrainer.Config.reference().withTaskSizes(200, 400).withIntervals(2, 2, 4, 4);

  @TempDir
  Path dir;

  static List<MetaTask> tasks(long seed, int count) {
    MetaTaskGenerator g = new MetaTaskGenerator(seed, 200, 400);
    List<MetaTask> t = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      t.add(g.task(i));
    }
    return t;
  }

  @Test
  void tasksFollowTheSpec() {
    MetaTaskGenerator g = new MetaTaskGenerator(5);
    for (int i = 0; i < 20; i++) {
      MetaTask t = g.task(i);
      assertTrue(t.n() >= 1000 && t.n() < 50_000);
      assertTrue(t.alpha() > 0.5 && t.alpha() <= 1.0);
      assertTrue(t.skew() >= 0.5 && t.skew() < 10);
      float min = Float.MAX_VALUE;
      float max = 0;
      for (float f : t.freq()) {
        min = Math.min(min, f);
        max = Math.max(max, f);
      }
      assertEquals(t.skew(), min, 1e-4 * t.skew());
      assertEquals(t.skew() * Math.pow((t.n() + 1) / 2.0, t.alpha()), max, 1e-4 * max);
      assertEquals(t.n(), java.util.Arrays.stream(t.ids()).distinct().count());
      assertArrayEquals(t.freq(), g.task(i).freq(), "task i depends only on (seed, i)");
    }
  }

  /** The differentiable float64 scatter-add writes the same bricks as the sketch's own store. */
  @Test
  void batchedWriteMatchesTheSketch() {
    TrainingState s = new TrainingState(LegoModel.random(3), 3);
    LegoModel model = s.model();
    List<MetaTask> batch = tasks(9, 3);
    TaskBatch b = new TaskBatch(batch);
    try (NDManager m = NDManager.newBaseManager()) {
      NDList out = TrainingStep.forward(m, b, new TrainingStep.StepWeights(m, s, false));
      float[] rule = out.get(1).toFloatArray();
      for (int t = 0; t < batch.size(); t++) {
        LegoSketch sketch = LegoSketch.withBricks(model, 1);
        MetaTask task = batch.get(t);
        for (int j = 0; j < task.n(); j++) {
          sketch.addId(task.ids()[j], task.freq()[j]);
        }
        for (int j = 0; j < task.n(); j++) {
          double expected = sketch.ruleEstimateId(task.ids()[j]);
          assertEquals(expected, rule[b.taskStart[t] + j], 1e-4 * expected);
        }
      }
    }
  }

  @Test
  void stepsLowerTheLossOnAFixedBatch() {
    TrainingState s = new TrainingState(LegoModel.random(1), 1);
    float[] v0 = s.weights.get(LegoModel.V_NAME).clone();
    List<MetaTask> batch = tasks(2, 4);
    double first;
    double last = 0;
    try (NDManager m = NDManager.newBaseManager()) {
      first = TrainingStep.run(m, s, batch, TINY).total();
      for (int i = 0; i < 25; i++) {
        last = TrainingStep.run(m, s, batch, TINY).total();
      }
    }
    assertTrue(last < first, "loss went from " + first + " to " + last);
    assertFalse(java.util.Arrays.equals(v0, s.weights.get(LegoModel.V_NAME)), "V must be trained");
    for (float x : s.weights.get(LegoModel.V_NAME)) {
      assertTrue(x >= LegoModel.V_MIN && x <= LegoModel.V_MAX);
    }
    assertEquals(26, s.step);
  }

  @Test
  void sparseVPutsTheSmallestEntriesAtTheFloorAndAZeroRateFreezesIt() {
    TrainingState s = new TrainingState(LegoModel.random(4), 4);
    float[] before = s.weights.get(LegoModel.V_NAME).clone();
    assertEquals(30, s.sparsifyV(30));
    float[] v = s.weights.get(LegoModel.V_NAME);
    float[] sorted = before.clone();
    java.util.Arrays.sort(sorted);
    int atFloor = 0;
    for (int i = 0; i < v.length; i++) {
      if (before[i] <= sorted[29]) {
        assertEquals(LegoModel.V_MIN, v[i]);
        atFloor++;
      } else {
        assertEquals(before[i], v[i], "the larger entries stay");
      }
    }
    assertEquals(30, atFloor);
    assertEquals(0, s.sparsifyV(30), "already at the floor");
    assertThrows(IllegalArgumentException.class, () -> s.sparsifyV(81));

    float[] frozen = v.clone();
    float[] otherBefore = s.weights.get("decode_module.dec.0.weight").clone();
    try (NDManager m = NDManager.newBaseManager()) {
      TrainingStep.run(m, s, tasks(3, 2), TINY.withLearningRates(1e-3, 0));
    }
    assertArrayEquals(frozen, s.weights.get(LegoModel.V_NAME), "embed-lr 0 leaves V as it is");
    assertFalse(java.util.Arrays.equals(otherBefore, s.weights.get("decode_module.dec.0.weight")), "the rest trains");
  }

  @Test
  void resumedRunEqualsAnUninterruptedOne() throws Exception {
    List<String> lines = new ArrayList<>();
    LegoTrainer trainer = new LegoTrainer(TINY);
    LegoModel straight = trainer.train(8, dir.resolve("a"), null, 42, p -> lines.add(p.line()));
    trainer.train(4, dir.resolve("b"), null, 42, p -> { });
    LegoModel resumed = trainer.train(8, dir.resolve("c"), dir.resolve("b"), 42, p -> { });
    assertEquals(straight.idHex(), resumed.idHex());
    assertArrayEquals(Files.readAllBytes(dir.resolve("a/optimizer.bin")), Files.readAllBytes(dir.resolve("c/optimizer.bin")));
    assertEquals(straight.id(), LegoModel.load(dir.resolve("a/lego.model")).id());
    assertTrue(Files.readString(dir.resolve("a/state.json")).contains("\"tasks_seen\": 8"));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("validation")), String.join("\n", lines));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("checkpoint")), String.join("\n", lines));

    IllegalArgumentException seed = assertThrows(IllegalArgumentException.class,
        () -> trainer.train(8, dir.resolve("d"), dir.resolve("b"), 7, p -> { }));
    assertTrue(seed.getMessage().contains("seed 42"), seed.getMessage());
    assertThrows(IllegalArgumentException.class, () -> trainer.train(8, dir.resolve("d"), dir.resolve("none"), 42, p -> { }));
  }

  @Test
  void aRaisedSkewnessFloorChangesTheTasksAndIsOnTheCard() throws Exception {
    LegoTrainer.Config skewed = TINY.withAlphaMax(1.5).withAlphaMin(1.2);
    LegoModel wide = new LegoTrainer(TINY.withAlphaMax(1.5)).train(4, dir.resolve("wide"), null, 42, p -> { });
    LegoModel high = new LegoTrainer(skewed).train(4, dir.resolve("high"), null, 42, p -> { });
    assertFalse(wide.idHex().equals(high.idHex()), "other tasks, other weights");
    assertEquals(1.5f, high.trainedAlphaMax(), "the gate still trusts the network from 0.5 to the top");
    assertTrue(Files.readString(dir.resolve("high").resolve(LegoTrainer.CARD_FILE)).contains("alpha in (1.20, 1.50]"));
    assertThrows(IllegalArgumentException.class, () -> TINY.withAlphaMax(1.5).withAlphaMin(1.5));
    assertThrows(IllegalArgumentException.class, () -> TINY.withAlphaMin(0.4));
  }

  @Test
  void learningRateDecaysLikeTheReference() {
    assertEquals(0, TrainingStep.decays(0, 50_000));
    assertEquals(0, TrainingStep.decays(99_999, 50_000));
    assertEquals(1, TrainingStep.decays(100_000, 50_000));
    assertEquals(8, TrainingStep.decays(499_999, 50_000));
  }
}
