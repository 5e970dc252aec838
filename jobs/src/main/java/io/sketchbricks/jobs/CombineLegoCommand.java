package io.sketchbricks.jobs;

import io.sketchbricks.lego.LegoModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "combine-lego", mixinStandardHelpOptions = true,
    description = {"Writes a Lego model whose low-skew bricks answer through a second model's networks.",
        "Both models must share the embedding V (a fine-tune with --embed-lr 0 keeps it). A brick whose scan, by"
            + " --model's networks, estimates a skewness below --below answers through --low-skew's networks; every"
            + " other brick through --model's. The result is one model with its own id (format version 4); choose"
            + " --below with eval-lego --seeds on seeds you do not report."})
final class CombineLegoCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model whose networks answer skewed bricks, and whose scan and gate decide.")
  Path model;

  @Option(names = "--low-skew", required = true, paramLabel = "FILE", description = "Model whose networks answer bricks the scan finds below --below.")
  Path lowSkew;

  @Option(names = "--below", required = true, paramLabel = "ALPHA", description = "Scan skewness below which --low-skew answers, in (0.5, 5].")
  float below;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Model file to write.")
  Path out;

  @Override
  public Integer call() {
    LegoModel high = LegoModel.load(model);
    LegoModel low = LegoModel.load(lowSkew);
    LegoModel both = high.withLowSkewNetworks(low, below);
    both.save(out);
    System.out.println("model " + both.idHex() + " (" + high.idHex() + ", below skewness " + below + ": "
        + low.idHex() + ") written to " + out);
    return 0;
  }
}
