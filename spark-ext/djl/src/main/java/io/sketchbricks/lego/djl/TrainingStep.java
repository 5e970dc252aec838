package io.sketchbricks.lego.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.sketchbricks.lego.Brick;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.MetaTask;
import io.sketchbricks.lego.TaskBatch;
import io.sketchbricks.lego.TrainingState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One optimizer step of Lego training (Lego paper, Sec. 3.2) and the validation forward pass.
 *
 * <p>Per step: the weights are copied into a fresh NDManager (5,351 floats, so nothing long-lived can leak), each
 * task is written into its own brick with a differentiable scatter-add (sort + cumSum in float64: float32 cumSum
 * loses cell sums at Zipf magnitudes), every item is read back and decoded, and the loss is
 * <pre>
 * L_t    = (ln((ARE_d+eps)/(ARE_c+eps)) + ln((AAE_d+eps)/(AAE_c+eps)) + 0.5 ln((MSE_d+eps)/(MSE_c+eps))) / 3
 * Loss   = mean_t L_t + 0.1 AWL2(mean_t (alpha - alphaHat)^2, mean_t ((n - nHat) / 10,000)^2)
 * AWL(L) = sum_i 0.5 / sigma_i^2 L_i + ln(1 + sigma_i^2),  eps = 0.001
 * </pre>
 * with _d the neural estimate and _c the rule estimate of the same task (a constant). The main loss deviates
 * from the reference's {@code AWL3((X_d / (X_c + eps))^2)}: on tasks where the rule estimate is almost exact
 * (small n) that squared ratio grows very large as X_c nears 0, its gradient drowned every other task, and the
 * decoder collapsed onto the rule estimate early in training (README, "Measured here", "Design choices,
 * measured"). The log ratio keeps the reference's self-guided normalisation (each task is measured against its
 * own rule estimate, so easy and hard tasks weigh alike) with bounded gradients;
 * being signed, it takes no uncertainty weights (an AWL term would run to minus infinity). Gradients are clipped
 * to global norm 10 and applied by Adam (betas 0.9/0.999, eps 1e-8, float64 moments) in Java; V is clamped to
 * [0.001, 1] afterwards.
 */
final class TrainingStep {
  static final float EPS = 0.001f;

  /**
   * Losses of one step: total, main, auxiliary, and the gradient norm before clipping (NaN or infinite when
   * the step was skipped: nothing was updated).
   */
  record Losses(double total, double main, double aux, double gradNorm) {
    boolean skipped() {
      return !Double.isFinite(gradNorm);
    }
  }

  /** Validation figures: mean per-task ARE of min(neural, rule), of the rule estimate, and of the ensemble. */
  record Validation(double areNeural, double areRule, double areEnsemble) {}

  private TrainingStep() {}

  /** Step-local weights: the arrays of one step's manager, transposing linear weights to (in, out) once each. */
  static final class StepWeights implements LegoGraph.Weights {
    final Map<String, NDArray> arrays = new HashMap<>();
    final Map<String, NDArray> transposed = new HashMap<>();

    StepWeights(NDManager m, TrainingState s, boolean grad) {
      for (String name : s.names()) {
        float[] v = s.values(name);
        int[] shape = name.equals(TrainingState.SIGMA) ? new int[] {v.length} : LegoModel.shapes().get(name);
        NDArray a = m.create(v, new Shape(java.util.Arrays.stream(shape).asLongStream().toArray()));
        if (grad) {
          a.setRequiresGradient(true);
        }
        arrays.put(name, a);
      }
    }

    @Override
    public NDArray v() {
      return arrays.get(LegoModel.V_NAME);
    }

    @Override
    public NDArray weight(String layer) {
      return transposed.computeIfAbsent(layer, l -> arrays.get(l + ".weight").transpose());
    }

    @Override
    public NDArray bias(String layer) {
      return arrays.get(layer + ".bias");
    }
  }

  /** Forward over a batch: returns raw neural [n], rule [n], alphaHat [B], nHat [B]. */
  static NDList forward(NDManager m, TaskBatch b, LegoGraph.Weights w) {
    int rows = LegoModel.ROWS;
    NDArray e = LegoGraph.embed(m, w, m.create(b.vIdx, new Shape(b.items, rows)));
    NDArray freq = m.create(b.freq, new Shape(b.items, 1));
    NDArray values = e.mul(freq).reshape(-1);
    // differentiable scatter-add, in float64; the casts are arithmetic because toType() drops the gradient
    NDArray v64 = values.mul(m.ones(new Shape(1), DataType.FLOAT64));
    NDArray cs = v64.take(m, m.create(b.order)).cumSum(0);
    NDArray padded = NDArrays.concat(new NDList(m.zeros(new Shape(1), DataType.FLOAT64), cs), 0);
    NDArray cells64 = padded.take(m, m.create(b.segEnd)).sub(padded.take(m, m.create(b.segStart)));
    long cells = (long) b.tasks * Brick.CELLS;
    NDArray bricks = cells64.reshape(cells, 1).cumProd(1, DataType.FLOAT32).reshape(b.tasks, rows, Brick.COLUMNS);
    NDArray read = bricks.reshape(-1).take(m, m.create(b.cellKey, new Shape(b.items, rows)));
    NDArray rule = LegoGraph.rule(read, e);
    NDArray load = LegoGraph.load(m.create(b.streamLength));
    NDList scan = LegoGraph.scan(bricks, load, w);
    NDArray taskOf = m.create(b.taskOf);
    NDArray neural = LegoGraph.decode(read, e, rule, load.take(m, taskOf),
        LegoGraph.rows(m, scan.get(0), taskOf), scan.get(1).take(m, taskOf), scan.get(2).take(m, taskOf), w);
    return new NDList(neural, rule, scan.get(1), scan.get(2));
  }

  /** Runs one training step on {@code tasks} and updates {@code s} in place. */
  static Losses run(NDManager parent, TrainingState s, List<MetaTask> tasks, LegoTrainer.Config cfg) {
    TaskBatch b = new TaskBatch(tasks);
    double total;
    double main;
    double aux;
    Map<String, float[]> grads = new HashMap<>();
    try (NDManager m = parent.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      StepWeights w = new StepWeights(m, s, true);
      NDList out = forward(m, b, w);
      NDArray neural = out.get(0);
      float[] rule = out.get(1).toFloatArray();
      // per-task errors of the rule estimate: constants of the loss
      float[] ruleErr = new float[3 * b.tasks];
      for (int t = 0; t < b.tasks; t++) {
        double[] err = errors(rule, b, t);
        for (int k = 0; k < 3; k++) {
          ruleErr[3 * t + k] = (float) (err[k] + EPS);
        }
      }
      NDArray y = m.create(b.freq);
      NDArray diff = neural.sub(y);
      NDArray perItem = NDArrays.stack(new NDList(diff.abs().div(y), diff.abs(), diff.square()), 1);
      NDList perTask = new NDList();
      for (int t = 0; t < b.tasks; t++) {
        perTask.add(perItem.get(b.taskStart[t] + ":" + b.taskStart[t + 1]).mean(new int[] {0}));
      }
      NDArray logRatios = NDArrays.stack(perTask, 0).add(EPS).div(m.create(ruleErr, new Shape(b.tasks, 3))).log();
      NDArray mainLoss = logRatios.mul(m.create(new float[] {1f / 3, 1f / 3, 1f / 6})).sum(new int[] {1}).mean();
      NDArray sigma = w.arrays.get(TrainingState.SIGMA);
      NDArray sq = sigma.square();
      NDArray weightsAwl = sq.pow(-1).mul(0.5f);
      NDArray reg = sq.add(1f).log();
      NDArray alphaLoss = out.get(2).sub(m.create(b.alpha)).square().mean();
      NDArray nLoss = out.get(3).sub(m.create(b.distinct)).div(LegoModel.N_SCALE).square().mean();
      NDArray auxLoss = NDArrays.stack(new NDList(alphaLoss, nLoss), 0).mul(weightsAwl).sum().add(reg.sum());
      NDArray loss = mainLoss.add(auxLoss.mul(0.1f));
      gc.backward(loss);
      total = loss.getFloat();
      main = mainLoss.getFloat();
      aux = auxLoss.getFloat();
      for (String name : s.names()) {
        try (NDArray g = w.arrays.get(name).getGradient()) {
          grads.put(name, g.toFloatArray());
        }
      }
    }
    double norm = adam(s, grads, cfg);
    s.tasksSeen += tasks.size();
    return new Losses(total, main, aux, norm);
  }

  /** Mean ARE, AAE and MSE of {@code est} over task t. */
  static double[] errors(float[] est, TaskBatch b, int t) {
    double are = 0;
    double aae = 0;
    double mse = 0;
    int from = b.taskStart[t];
    int to = b.taskStart[t + 1];
    for (int i = from; i < to; i++) {
      double d = est[i] - b.freq[i];
      are += Math.abs(d) / b.freq[i];
      aae += Math.abs(d);
      mse += d * d;
    }
    int n = to - from;
    return new double[] {are / n, aae / n, mse / n};
  }

  /**
   * Clips to the global norm, applies Adam, clamps V; returns the norm before clipping. With a V learning rate of 0
   * V is frozen: its gradient (which can reach 1e32 through the rule estimate on skewed tasks) is left out of the
   * norm, so it neither shrinks the other updates nor overflows.
   */
  private static double adam(TrainingState s, Map<String, float[]> grads, LegoTrainer.Config cfg) {
    boolean frozenV = cfg.embedLr() == 0;
    double sq = 0;
    for (Map.Entry<String, float[]> e : grads.entrySet()) {
      if (frozenV && e.getKey().equals(LegoModel.V_NAME)) {
        continue;
      }
      for (float x : e.getValue()) {
        sq += (double) x * x;
      }
    }
    double norm = Math.sqrt(sq);
    if (!Double.isFinite(norm)) {
      // a batch whose float32 gradient overflowed (rare: the most skewed tasks, counts near 1e8) is skipped, not
      // applied: one NaN would poison every weight; the trainer stops if it keeps happening
      return norm;
    }
    double scale = norm > cfg.clipNorm() ? cfg.clipNorm() / (norm + 1e-6) : 1.0;
    s.step++;
    double decay = Math.pow(cfg.decayGamma(), decays(s.step - 1, cfg.decayEverySteps()));
    double b1 = 0.9;
    double b2 = 0.999;
    double c1 = 1 - Math.pow(b1, s.step);
    double c2 = 1 - Math.pow(b2, s.step);
    for (String name : s.names()) {
      boolean embed = name.equals(LegoModel.V_NAME);
      if (embed && frozenV) {
        continue;
      }
      double lr = (embed ? cfg.embedLr() : cfg.mainLr()) * decay;
      float[] p = s.values(name);
      float[] g = grads.get(name);
      double[] m = s.adamM.get(name);
      double[] v = s.adamV.get(name);
      for (int i = 0; i < p.length; i++) {
        double gi = g[i] * scale;
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        p[i] = (float) (p[i] - lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8));
        if (embed) {
          p[i] = LegoModel.clampV(p[i]);
        }
      }
    }
    return norm;
  }

  /**
   * Learning-rate decays applied before step {@code step} (0-based): the reference decays when its step counter i
   * satisfies {@code i % every == 0 && i > every}, i.e. at 2 every, 3 every, ...
   */
  static long decays(long step, long every) {
    return Math.max(0, step / every - 1);
  }

  /** Forward-only evaluation on validation tasks (each in its own brick), in batches of {@code batch} tasks. */
  static Validation validate(NDManager parent, TrainingState s, List<MetaTask> tasks, int batch) {
    double neural = 0;
    double rule = 0;
    double ensemble = 0;
    for (int from = 0; from < tasks.size(); from += batch) {
      TaskBatch b = new TaskBatch(tasks.subList(from, Math.min(tasks.size(), from + batch)));
      try (NDManager m = parent.newSubManager()) {
        NDList out = forward(m, b, new StepWeights(m, s, false));
        float[] raw = out.get(0).toFloatArray();
        float[] r = out.get(1).toFloatArray();
        float[] alpha = out.get(2).toFloatArray();
        float[] nHat = out.get(3).toFloatArray();
        float[] clipped = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
          clipped[i] = Math.min(raw[i], r[i]);
        }
        for (int t = 0; t < b.tasks; t++) {
          double areN = errors(clipped, b, t)[0];
          double areR = errors(r, b, t)[0];
          neural += areN;
          rule += areR;
          boolean useNeural = s.model().inTrainedRange(nHat[t], alpha[t]);
          ensemble += useNeural ? areN : areR;
        }
      }
    }
    int n = tasks.size();
    return new Validation(neural / n, rule / n, ensemble / n);
  }
}
