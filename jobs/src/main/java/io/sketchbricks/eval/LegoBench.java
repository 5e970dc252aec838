package io.sketchbricks.eval;

import ai.djl.ndarray.NDManager;
import io.sketchbricks.djl.DjlEnvironment;
import io.sketchbricks.frequency.CountMinSketch;
import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.lego.djl.LegoBlock;
import io.sketchbricks.lego.LegoHash;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoSketch;
import java.util.function.Consumer;

/**
 * Lego store and query rates next to our Count-Min in the same run, one thread: store, the plain-Java query
 * through the rule estimate, through the network (forced, whatever the brick's range) and through the ensemble,
 * and the DJL batched query ({@link LegoBlock}, batches of {@code batch} items). Each figure is the best of
 * several rounds; ratios to Count-Min are what survives a noisy machine.
 */
public final class LegoBench {
  /** Rates in operations per second; {@code neuralShare} is the share of ensemble answers the network gave. */
  public record Result(long memoryBytes, long events, double cmsInsert, double cmsQuery, double legoStore,
      double ruleQuery, double neuralQuery, double ensembleQuery, double batchedQuery, int batch,
      double neuralShare) {
    public double storeRatio() {
      return legoStore / cmsInsert;
    }
  }

  private LegoBench() {}

  public static Result run(LegoModel model, long memoryBytes, ItemStream stream, int rounds, int batch,
      Consumer<String> progress) {
    DjlEnvironment.prepare();
    int n = stream.size();
    double[] best = new double[7];
    double share = 0;
    try (NDManager manager = NDManager.newBaseManager(); LegoBlock block = new LegoBlock(model, manager)) {
      for (int round = 0; round < Math.max(1, rounds); round++) {
        CountMinSketch cms = FrequencySketch.countMin(memoryBytes);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          cms.add(stream.get(i));
        }
        long t1 = System.nanoTime();
        long sink = 0;
        for (int i = 0; i < n; i++) {
          sink += cms.estimate(stream.get(i));
        }
        long t2 = System.nanoTime();
        LegoSketch lego = new LegoSketch(model, memoryBytes);
        for (int i = 0; i < n; i++) {
          lego.add(stream.get(i), 1);
        }
        long t3 = System.nanoTime();
        double dsink = 0;
        for (int i = 0; i < n; i++) {
          dsink += lego.ruleEstimateId(LegoHash.idOf(stream.get(i)));
        }
        long t4 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          dsink += lego.neuralEstimateId(LegoHash.idOf(stream.get(i)));
        }
        long t5 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          dsink += lego.estimateObject(stream.get(i));
        }
        long t6 = System.nanoTime();
        long[] ids = new long[Math.min(batch, n)];
        for (int from = 0; from < n; from += batch) {
          int len = Math.min(batch, n - from);
          if (len != ids.length) {
            ids = new long[len];
          }
          for (int i = 0; i < len; i++) {
            ids[i] = LegoHash.idOf(stream.get(from + i));
          }
          dsink += block.estimate(lego, ids)[0];
        }
        long t7 = System.nanoTime();
        if (sink == Long.MIN_VALUE || dsink == Double.MIN_VALUE) {
          System.out.print(""); // keeps the loops from being optimised away
        }
        long[] ts = {t0, t1, t2, t3, t4, t5, t6, t7};
        for (int k = 0; k < 7; k++) {
          best[k] = Math.max(best[k], AccuracyEval.perSecond(n, ts[k + 1] - ts[k]));
        }
        int neural = 0;
        for (int i = 0; i < n; i++) {
          neural += lego.answersNeurally(LegoHash.idOf(stream.get(i))) ? 1 : 0;
        }
        share = (double) neural / n;
        progress.accept("lego bench round " + (round + 1) + " of " + rounds + " done");
      }
    }
    return new Result(memoryBytes, n, best[0], best[1], best[2], best[3], best[4], best[5], best[6], batch, share);
  }
}
