package io.sketchbricks.jobs;

import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.djl.LegoTrainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train-lego", mixinStandardHelpOptions = true,
    description = {"Trains the Lego model on synthetic Zipf meta-tasks with DJL.",
        "On the CPU, or the GPU when the PyTorch engine finds one (the Lego paper's meta-task training). Prints progress (tasks/s, loss, validation ARE of the network against the rule",
        "estimate), checkpoints into --out regularly and at the end; --resume continues a checkpoint exactly.",
        "The model file is OUT/lego.model; use it with -Dsketchbricks.lego.model=FILE or copy it to data/models/."})
final class TrainLegoCommand implements Callable<Integer> {
  @Option(names = "--tasks", required = true, description = "Train until this many meta-tasks have been seen in all (resumed runs count theirs).")
  long tasks;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Checkpoint directory (created; may equal --resume).")
  Path out;

  @Option(names = "--resume", paramLabel = "DIR", description = "Checkpoint to continue from.")
  Path resume;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the initial weights and the task sequence; a resumed run must use its checkpoint's (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--n-min", defaultValue = "1000", description = "Smallest distinct-item count of a task (default: ${DEFAULT-VALUE}).")
  int nMin;

  @Option(names = "--n-max", defaultValue = "50000", description = "Bound on the distinct-item count of a task, exclusive (default: ${DEFAULT-VALUE}).")
  int nMax;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate of the decoders and loss weights (default: ${DEFAULT-VALUE}, the reference's).")
  double lr;

  @Option(names = "--embed-lr", defaultValue = "1e-4",
      description = "Learning rate of the embedding vector V (default: ${DEFAULT-VALUE}, the reference's; 1e-3 makes V sparse ten times sooner).")
  double embedLr;

  @Option(names = "--alpha-max", defaultValue = "1.0",
      description = "Largest Zipf skewness of a meta-task: alpha is uniform on (MIN, MAX] (default: ${DEFAULT-VALUE}, the reference's). The model records it, and its bricks answer through the network below it.")
  double alphaMax;

  @Option(names = "--alpha-min", defaultValue = "0.5", paramLabel = "MIN",
      description = "Bound below the skewness of a meta-task, exclusive, at least 0.5 (default: ${DEFAULT-VALUE}, the"
          + " reference's). Raise it to fine-tune on skewed streams; the model still answers through the network"
          + " from 0.5 up, so check the low skewness after such a run (eval-lego).")
  double alphaMin;

  @Option(names = "--sparse-v", defaultValue = "0", paramLabel = "K",
      description = "Before training, set the K smallest of V's 80 entries to the floor 0.001 (the reference's V has 37"
          + " there after 4 M tasks, which makes its rule estimate good; here V gets there far more slowly than the"
          + " network learns). With --embed-lr 0, V then stays fixed while the network adapts (default: 0, off).")
  int sparseV;

  @Option(names = "--validate-every", defaultValue = "4000", description = "Tasks between validations (default: ${DEFAULT-VALUE}).")
  long validateEvery;

  @Option(names = "--checkpoint-every", defaultValue = "4000", description = "Tasks between checkpoints (default: ${DEFAULT-VALUE}).")
  long checkpointEvery;

  @Override
  public Integer call() {
    if (tasks < 1) {
      throw new IllegalArgumentException("--tasks must be at least 1, got " + tasks);
    }
    LegoTrainer.Config cfg = LegoTrainer.Config.reference().withTaskSizes(nMin, nMax).withLearningRates(lr, embedLr)
        .withAlphaMax(alphaMax).withAlphaMin(alphaMin);
    cfg = cfg.withIntervals(cfg.batchTasks(), cfg.logEveryTasks(), validateEvery, checkpointEvery);
    String cmd = "sketchbricks train-lego --tasks " + tasks + " --out " + out + (resume == null ? "" : " --resume " + resume)
        + " --seed " + seed + " --n-min " + nMin + " --n-max " + nMax + " --lr " + lr + " --embed-lr " + embedLr + " --alpha-max " + alphaMax
        + (alphaMin != 0.5 ? " --alpha-min " + alphaMin : "") + (sparseV > 0 ? " --sparse-v " + sparseV : "");
    LegoModel model;
    try (ProgressBars.Bar bar = ProgressBars.open("train-lego", tasks)) {
      model = new LegoTrainer(cfg).withCommand(cmd).withSparseV(sparseV).train(tasks, out, resume, seed, p -> {
        bar.println(System.out, p.line());
        bar.stepTo(p.tasksSeen());
      });
    }
    System.out.println("model " + model.idHex() + " written to " + out.resolve("lego.model"));
    return 0;
  }
}
