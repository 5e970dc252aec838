package io.sketchbricks.lego.djl;

import ai.djl.ndarray.NDManager;
import io.sketchbricks.djl.DjlEnvironment;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.MetaTask;
import io.sketchbricks.lego.MetaTaskGenerator;
import io.sketchbricks.lego.TaskQueue;
import io.sketchbricks.lego.TrainingState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Trains a {@link LegoModel} on synthetic meta-tasks (Lego paper, Sec. 3.2) as the authors' reference code does:
 * batches of 8 Zipf tasks (each written into its own brick), the self-guided loss of {@link TrainingStep}, Adam with
 * lr 1e-3 (1e-4 for V) decayed by (1/10)^(1/10) every 50,000 steps from step 100,000, gradient clipping at norm 10, V
 * clamped to [0.001, 1]. Tasks are generated ahead on a background thread.
 *
 * <p>Progress lines report tasks/s, the loss and, on fixed validation tasks (alpha 0.5/0.7/0.9, n 10,000/30,000,
 * skew 1), the mean per-task ARE of the neural estimate min(neural, rule) against the rule estimate. Checkpoints
 * ({@link TrainingState}) are written regularly and at the end; a run resumed from one continues exactly: same
 * tasks, same weights, same optimizer state.
 */
public final class LegoTrainer {
  /**
   * Training settings.
   *
   * @param batchTasks meta-tasks per optimizer step (reference 8)
   * @param nMin smallest distinct-item count of a task (reference 1000)
   * @param nMax bound on the distinct-item count, exclusive (reference 50,000)
   * @param mainLr learning rate of the decoders and loss weights (reference 1e-3)
   * @param embedLr learning rate of V (reference 1e-4)
   * @param decayGamma exponential decay factor (reference 0.1^(1/10))
   * @param decayEverySteps optimizer steps between decays (reference 50,000)
   * @param clipNorm global gradient norm bound (reference 10)
   * @param logEveryTasks tasks between progress lines
   * @param validateEveryTasks tasks between validations (reference 10,000)
   * @param checkpointEveryTasks tasks between checkpoints
   * @param alphaMax largest Zipf skewness of a task: alpha is uniform on (alphaMin, alphaMax] (reference 1.0)
   * @param alphaMin bound below the skewness of a task, exclusive (reference 0.5); a fine-tune on skewed tasks
   *     raises it, while the gate's trusted range stays (0.5, alphaMax]
   */
  public record Config(int batchTasks, int nMin, int nMax, double mainLr, double embedLr, double decayGamma,
      long decayEverySteps, double clipNorm, long logEveryTasks, long validateEveryTasks, long checkpointEveryTasks,
      double alphaMax, double alphaMin) {
    public Config {
      if (!(alphaMin >= 0.5 && alphaMax > alphaMin)) {
        throw new IllegalArgumentException("skewness range (" + alphaMin + ", " + alphaMax + "] must satisfy"
            + " 0.5 <= min < max");
      }
    }

    /** The reference settings, with a progress line every 400 tasks and a checkpoint every 10,000. */
    public static Config reference() {
      return new Config(8, 1000, 50_000, 1e-3, 1e-4, Math.pow(0.1, 0.1), 50_000, 10, 400, 10_000, 10_000, 1.0, 0.5);
    }

    /** The same settings with tasks of skewness up to {@code max} (the ensemble then trusts the network up to it). */
    public Config withAlphaMax(double max) {
      return new Config(batchTasks, nMin, nMax, mainLr, embedLr, decayGamma, decayEverySteps, clipNorm, logEveryTasks,
          validateEveryTasks, checkpointEveryTasks, max, alphaMin);
    }

    /** The same settings with tasks of skewness above {@code min} only (a fine-tune on skewed streams). */
    public Config withAlphaMin(double min) {
      return new Config(batchTasks, nMin, nMax, mainLr, embedLr, decayGamma, decayEverySteps, clipNorm, logEveryTasks,
          validateEveryTasks, checkpointEveryTasks, alphaMax, min);
    }

    /** The same settings with another task size range (for quick runs and tests). */
    public Config withTaskSizes(int min, int max) {
      return new Config(batchTasks, min, max, mainLr, embedLr, decayGamma, decayEverySteps, clipNorm, logEveryTasks,
          validateEveryTasks, checkpointEveryTasks, alphaMax, alphaMin);
    }

    /** The same settings with other learning rates (decoders and loss weights; V). */
    public Config withLearningRates(double main, double embed) {
      return new Config(batchTasks, nMin, nMax, main, embed, decayGamma, decayEverySteps, clipNorm, logEveryTasks,
          validateEveryTasks, checkpointEveryTasks, alphaMax, alphaMin);
    }

    /** The same settings with other batch size and reporting intervals. */
    public Config withIntervals(int batch, long log, long validate, long checkpoint) {
      return new Config(batch, nMin, nMax, mainLr, embedLr, decayGamma, decayEverySteps, clipNorm, log, validate,
          checkpoint, alphaMax, alphaMin);
    }
  }

  /**
   * One progress report. Fields not measured by an event are NaN.
   *
   * @param event "progress", "validation", "checkpoint", "skipped" (a step whose gradient was not finite was
   *     not applied), or "sparse-v" (V was sparsified before training; gradNorm holds how many entries moved)
   */
  public record Progress(String event, long tasksSeen, long steps, double tasksPerSecond, double loss,
      double mainLoss, double auxLoss, double gradNorm, double valAreNeural, double valAreRule,
      double valAreEnsemble, double wallSeconds) {
    public String line() {
      return String.format(Locale.ROOT, "%s tasks=%d steps=%d tasks/s=%.2f loss=%.4g main=%.4g aux=%.4g grad=%.3g"
          + " valARE(neural)=%.4f valARE(rule)=%.4f valARE(ensemble)=%.4f wall=%.0fs", event, tasksSeen, steps,
          tasksPerSecond, loss, mainLoss, auxLoss, gradNorm, valAreNeural, valAreRule, valAreEnsemble, wallSeconds);
    }
  }

  /** The model card written next to every checkpoint. */
  public static final String CARD_FILE = "model-card.md";

  /** Consecutive steps with a non-finite gradient after which training stops. */
  static final int MAX_SKIPPED_IN_A_ROW = 20;

  private final Config config;
  private String command = "(not recorded)";
  private int sparseV;

  public LegoTrainer(Config config) {
    DjlEnvironment.prepare();
    this.config = config;
  }

  /**
   * Before training, set the {@code k} smallest entries of V to the floor (see {@code TrainingState.sparsifyV}); with
   * an embedding learning rate of 0 V then stays as it is and the network learns around it.
   */
  public LegoTrainer withSparseV(int k) {
    if (k < 0 || k > LegoModel.V_SIZE) {
      throw new IllegalArgumentException("sparse V entries " + k + " must be in [0, " + LegoModel.V_SIZE + "]");
    }
    this.sparseV = k;
    return this;
  }

  /** The command line recorded in the model card. */
  public LegoTrainer withCommand(String commandLine) {
    this.command = commandLine;
    return this;
  }

  /**
   * Fixed validation tasks: alpha 0.5, 0.7, 0.9 (and 1.1, 1.3 where the training range reaches them) x n 10,000
   * and 30,000 (capped to the task size range), skew 1.
   */
  List<MetaTask> validationTasks() {
    List<MetaTask> tasks = new ArrayList<>();
    long seed = 20250601;
    for (double alpha : new double[] {0.5, 0.7, 0.9, 1.1, 1.3}) {
      if (alpha > config.alphaMax()) {
        continue;
      }
      for (int n : new int[] {10_000, 30_000}) {
        tasks.add(MetaTaskGenerator.fixed(seed++, Math.min(n, config.nMax() - 1), alpha, 1.0));
      }
    }
    return tasks;
  }

  /**
   * Trains until {@code tasks} meta-tasks have been seen in total (counting those of the resumed run).
   *
   * @param outDir where checkpoints go (created if needed; may equal resumeDir)
   * @param resumeDir a checkpoint to continue from, or null to start from a fresh model drawn from {@code seed}
   * @param seed the seed of the model initialisation and of the task sequence; must equal the checkpoint's
   * @param progress receives progress lines, validations and checkpoints
   * @return the trained model
   */
  public LegoModel train(long tasks, Path outDir, Path resumeDir, long seed, Consumer<Progress> progress) {
    TrainingState s;
    if (resumeDir != null) {
      s = TrainingState.load(resumeDir);
      if (s.seed != seed) {
        throw new IllegalArgumentException("checkpoint " + resumeDir + " was trained with seed " + s.seed + ", not "
            + seed + ": resume with seed " + s.seed + " so the task sequence continues where it stopped");
      }
    } else {
      s = new TrainingState(LegoModel.random(seed), seed);
    }
    if (sparseV > 0) {
      int moved = s.sparsifyV(sparseV);
      progress.accept(new Progress("sparse-v", s.tasksSeen, s.step, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          moved, Double.NaN, Double.NaN, Double.NaN, s.wallSeconds));
    }
    List<MetaTask> validation = validationTasks();
    s.alphaMax = (float) config.alphaMax();
    MetaTaskGenerator generator = new MetaTaskGenerator(seed, config.nMin(), config.nMax(), config.alphaMin(),
        config.alphaMax());
    long runStart = System.nanoTime();
    double wallBefore = s.wallSeconds;
    try (NDManager manager = NDManager.newBaseManager(); TaskQueue queue = new TaskQueue(generator, s.tasksSeen)) {
      long windowStart = System.nanoTime();
      long windowTasks = 0;
      double windowLoss = 0;
      double windowMain = 0;
      double windowAux = 0;
      double windowNorm = 0;
      int windowSteps = 0;
      TrainingStep.Validation lastValidation = null;
      int skippedInARow = 0;
      while (s.tasksSeen < tasks) {
        List<MetaTask> batch = new ArrayList<>(config.batchTasks());
        for (int i = 0; i < config.batchTasks(); i++) {
          batch.add(queue.next());
        }
        long before = s.tasksSeen;
        TrainingStep.Losses l = TrainingStep.run(manager, s, batch, config);
        if (l.skipped()) {
          skippedInARow++;
          progress.accept(new Progress("skipped", s.tasksSeen, s.step, Double.NaN, Double.NaN, Double.NaN,
              Double.NaN, l.gradNorm(), Double.NaN, Double.NaN, Double.NaN, s.wallSeconds));
          if (skippedInARow >= MAX_SKIPPED_IN_A_ROW) {
            throw new IllegalStateException("Lego training diverged: " + skippedInARow + " steps in a row had a"
                + " non-finite gradient (at " + s.tasksSeen + " tasks); resume from the last checkpoint in " + outDir
                + " with a lower learning rate");
          }
        } else {
          skippedInARow = 0;
        }
        s.wallSeconds = wallBefore + (System.nanoTime() - runStart) / 1e9;
        windowTasks += batch.size();
        if (!l.skipped()) {
          windowLoss += l.total();
          windowMain += l.main();
          windowAux += l.aux();
          windowNorm += l.gradNorm();
          windowSteps++;
        }
        if (crossed(before, s.tasksSeen, config.logEveryTasks()) || s.tasksSeen >= tasks) {
          double secs = (System.nanoTime() - windowStart) / 1e9;
          progress.accept(new Progress("progress", s.tasksSeen, s.step, windowTasks / secs, windowLoss / windowSteps,
              windowMain / windowSteps, windowAux / windowSteps, windowNorm / windowSteps, Double.NaN, Double.NaN,
              Double.NaN, s.wallSeconds));
          windowStart = System.nanoTime();
          windowTasks = 0;
          windowLoss = windowMain = windowAux = windowNorm = 0;
          windowSteps = 0;
        }
        if (crossed(before, s.tasksSeen, config.validateEveryTasks()) || s.tasksSeen >= tasks) {
          TrainingStep.Validation v = TrainingStep.validate(manager, s, validation, config.batchTasks());
          lastValidation = v;
          progress.accept(new Progress("validation", s.tasksSeen, s.step, Double.NaN, Double.NaN, Double.NaN,
              Double.NaN, Double.NaN, v.areNeural(), v.areRule(), v.areEnsemble(), s.wallSeconds));
        }
        if (crossed(before, s.tasksSeen, config.checkpointEveryTasks()) || s.tasksSeen >= tasks) {
          s.wallSeconds = wallBefore + (System.nanoTime() - runStart) / 1e9;
          s.save(outDir);
          writeCard(outDir, s, lastValidation);
          progress.accept(new Progress("checkpoint", s.tasksSeen, s.step, Double.NaN, Double.NaN, Double.NaN,
              Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, s.wallSeconds));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Lego training interrupted at " + s.tasksSeen + " tasks; resume from "
          + outDir, e);
    }
    return s.model();
  }

  private static boolean crossed(long before, long after, long every) {
    return every > 0 && before / every != after / every;
  }

  private void writeCard(Path dir, TrainingState s, TrainingStep.Validation v) {
    String val = v == null ? "not yet validated"
        : String.format(Locale.ROOT, "mean per-task ARE on the %d fixed validation tasks (alpha 0.5 to %s x n 10,000/30,000,"
            + " skew 1, one brick each): network %.4f, rule estimate %.4f, ensemble %.4f", validationTasks().size(),
            config.alphaMax() >= 1.3 ? "1.3" : config.alphaMax() >= 1.1 ? "1.1" : "0.9", v.areNeural(), v.areRule(),
            v.areEnsemble());
    String card = String.format(Locale.ROOT, """
        # Lego model %s

        - command: `%s`
        - meta-tasks seen: %,d (%,d optimizer steps of %d tasks)
        - seed: %d; task sizes n in [%d, %d), alpha in (%.2f, %.2f], skew in [0.5, 10)
        - training wall time: %.0f s
        - validation: %s
        - recipe: the authors' reference training (Adam lr %.0e, V lr %.0e, clip %.0f) with load-scaled inputs,
          a rule * sigmoid output and the log-ratio main loss (see LegoModel and TrainingStep)
        """, s.model().idHex(), command, s.tasksSeen, s.step, config.batchTasks(), s.seed, config.nMin(),
        config.nMax(), config.alphaMin(), config.alphaMax(), s.wallSeconds, val, config.mainLr(), config.embedLr(), config.clipNorm());
    try {
      java.nio.file.Files.writeString(dir.resolve(CARD_FILE), card);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write the model card into " + dir + ": " + e.getMessage(), e);
    }
  }
}
