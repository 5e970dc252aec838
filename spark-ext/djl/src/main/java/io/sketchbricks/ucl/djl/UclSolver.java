package io.sketchbricks.ucl.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.sketchbricks.djl.DjlEnvironment;
import io.sketchbricks.ucl.EquivarianceTransform;
import io.sketchbricks.ucl.InstanceNorm;
import io.sketchbricks.ucl.KeyLayout;
import io.sketchbricks.ucl.SensingOperator;
import io.sketchbricks.ucl.SnapshotWindow;
import io.sketchbricks.ucl.UclConfig;
import io.sketchbricks.ucl.UclDecoder;
import io.sketchbricks.ucl.UclModel;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * UCL's learned solver (UCL paper, Sec. IV-B and IV-C) on DJL's PyTorch engine, trained without ground truth on a
 * window of Count-Min snapshots. It guarantees nothing about accuracy; it guarantees that training is deterministic
 * for a given seed and thread count, that it stops (at most {@code maxEpochs}), and that the model returned is the
 * one with the lowest epoch loss seen.
 *
 * <p>Loss per batch of normalised snapshots y (scale s): {@code MSE(A x̂, y) + MSE(D(norm(A x')), x'/s')
 * + 0.1 mean(x̂)} with x̂ = D(y), x' = T(x̂ s) held constant ({@link EquivarianceTransform}) and
 * (y'n, s') the normalised A x'. A is applied as one constant sparse COO matrix built once per training
 * (never dense); x' and A x' are computed on the host. Adam (lr 1e-3), batches of 32 shuffled snapshots
 * ({@code drop_last}; a window smaller than a batch trains on one batch of all of it), at most 300 epochs,
 * early stopping when the epoch loss has not fallen below 99 % of the best for 30 epochs.
 *
 * <p>Threads and network: {@link DjlEnvironment} keeps the engine offline and sizes its threads (one inter-op
 * thread; as intra-op threads the Spark task's cores, else half the machine's); training is deterministic for a
 * given thread count. For speed set {@code GLIBC_TUNABLES} as the research notes describe before the JVM starts.
 */
public final class UclSolver implements UclDecoder {
  /** Training hyper-parameters; {@link #defaults()} are the reference code's. */
  public record Options(float learningRate, int batch, int maxEpochs, int patience, double minRelativeImprovement,
      float sparsityWeight, double randomShare, long seed) {
    public static Options defaults() {
      return new Options(1e-3f, 32, 300, 30, 0.01, 0.1f, 0.05, 12345);
    }

    public Options withMaxEpochs(int epochs) {
      return new Options(learningRate, batch, epochs, patience, minRelativeImprovement, sparsityWeight, randomShare,
          seed);
    }
  }

  /**
   * What one training run gives back.
   *
   * @param model the parameters of the best epoch
   * @param lossCurve the mean training loss of every epoch run
   * @param epochs epochs run (early stopping may end before maxEpochs)
   * @param bestEpoch the 1-based epoch whose parameters were kept
   * @param wallMillis wall-clock time of the training, set-up included
   */
  public record TrainResult(UclModel model, float[] lossCurve, int epochs, int bestEpoch, long wallMillis) {}

  private final Options options;
  private final int interval;
  private UclModel lastModel;
  private int lastKeys;

  /**
   * @param options hyper-parameters
   * @param interval arrivals between snapshots: the growth the transform gives the hot keys
   */
  public UclSolver(Options options, int interval) {
    // before anything here starts the engine (on an executor, ucl_estimate decodes); on the driver the solver
    // trains beside Spark's local tasks: half the cores
    DjlEnvironment.prepare(DjlEnvironment.halfTheCores());
    this.options = options;
    this.interval = interval;
  }

  public UclSolver() {
    this(Options.defaults(), UclConfig.DEFAULT_INTERVAL);
  }

  /**
   * Trains on every snapshot of {@code window} against the unknowns of {@code keys}.
   *
   * @param warmStart parameters to start from (a previous window's model), or null for a fresh initialisation
   * @throws IllegalArgumentException if the window is empty, there are no keys, or the sizes do not match
   */
  public TrainResult train(SnapshotWindow window, KeyLayout keys, UclModel warmStart) {
    long t0 = System.nanoTime();
    int depth = keys.depth();
    int width = keys.width();
    int m = depth * width;
    int n = keys.size();
    if (window.size() == 0 || n == 0) {
      throw new IllegalArgumentException("nothing to train on: " + window.size() + " snapshots and " + n
          + " keys; feed at least one snapshot interval of arrivals first");
    }
    if (window.cells() != m) {
      throw new IllegalArgumentException("snapshots hold " + window.cells() + " counters but the key layout's"
          + " Count-Min part has " + m + ": train on the window and keyLayout() of the same sketch");
    }
    UclModel start = warmStart != null ? requireShape(warmStart, depth, width)
        : UclModel.initial(depth, width, options.seed());
    int count = window.size();
    float[] inputs = new float[count * m];
    float[] scales = new float[count];
    for (int i = 0; i < count; i++) {
      scales[i] = InstanceNorm.scale(window.get(i), depth, width);
      InstanceNorm.normalise(window.get(i), scales[i], inputs, i * m);
    }
    SensingOperator a = keys.operator();
    int batch = Math.min(options.batch(), count);
    int steps = count / batch;
    EquivarianceTransform transform = new EquivarianceTransform(n, keys.hotIndices(), interval,
        options.randomShare());
    SplittableRandom transformSeeds = new SplittableRandom(options.seed() + 2);
    SplittableRandom shuffle = new SplittableRandom(options.seed() + 1);
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    float[] curve = new float[options.maxEpochs()];
    int epochs = 0;
    int bestEpoch = 0;
    float best = Float.POSITIVE_INFINITY;
    UclModel bestModel = start;
    try (NDManager root = NDManager.newBaseManager("PyTorch");
        UclNetwork net = new UclNetwork(start, root, true)) {
      NDArray sparse = sensingMatrix(root, a);
      Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(options.learningRate())).build();
      int stale = 0;
      while (epochs < options.maxEpochs() && stale < options.patience()) {
        shuffleInPlace(order, shuffle);
        double sum = 0;
        for (int s = 0; s < steps; s++) {
          sum += step(root, net, sparse, adam, a, transform, transformSeeds.nextLong(), inputs, scales, order,
              s * batch, batch, n, m);
        }
        float loss = (float) (sum / steps);
        curve[epochs++] = loss;
        if (loss < best * (1 - options.minRelativeImprovement())) {
          best = loss;
          bestEpoch = epochs;
          bestModel = net.toModel();
          stale = 0;
        } else {
          stale++;
        }
      }
    }
    lastModel = bestModel;
    lastKeys = n;
    float[] used = java.util.Arrays.copyOf(curve, epochs);
    return new TrainResult(bestModel, used, epochs, bestEpoch, (System.nanoTime() - t0) / 1_000_000);
  }

  private float step(NDManager root, UclNetwork net, NDArray sparse, Optimizer adam, SensingOperator a,
      EquivarianceTransform transform, long transformSeed, float[] inputs, float[] scales, int[] order, int from,
      int batch, int n, int m) {
    try (NDManager step = root.newSubManager()) {
      float[] yb = new float[batch * m];
      float[] sb = new float[batch];
      for (int k = 0; k < batch; k++) {
        System.arraycopy(inputs, order[from + k] * m, yb, k * m, m);
        sb[k] = scales[order[from + k]];
      }
      NDArray y = step.create(yb, new Shape(batch, m));
      NDArray loss;
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray xHat = net.forward(step, y, n);
        // A x̂ for the whole batch: (M x N sparse) @ (N x B); the result would attach to the long-lived
        // matrix's manager, so it is moved to the step's
        NDArray ax = sparse.matMul(xHat.transpose());
        ax.attach(step);
        NDArray consistency = ax.transpose().sub(y).square().mean();
        // the transformed copy, in count units, built on the host from the detached estimate
        float[] x2 = xHat.toFloatArray();
        float[] y2 = new float[batch * m];
        // samples are independent and the engine is idle meanwhile, so they run on all cores; each has its own
        // random stream, so the result does not depend on the scheduling
        IntStream.range(0, batch).parallel().forEach(k -> transformed(a, transform,
            new SplittableRandom(transformSeed + k * 0x9E3779B97F4A7C15L), x2, y2, sb[k], k, n, m));
        NDArray target = step.create(x2, new Shape(batch, n));
        NDArray equivariance = net.forward(step, step.create(y2, new Shape(batch, m)), n).sub(target).square()
            .mean();
        NDArray sparsity = xHat.mean().mul(options.sparsityWeight());
        loss = consistency.add(equivariance).add(sparsity);
        gc.backward(loss);
      }
      for (int i = 0; i < 8; i++) {
        update(adam, "w" + i, net.weights[i]);
        update(adam, "b" + i, net.biases[i]);
      }
      return loss.getFloat();
    }
  }

  /** Sample k of the transformed copy: x2 = T(x̂ s) / s' in place, y2 = A T(x̂ s) / s'. */
  private static void transformed(SensingOperator a, EquivarianceTransform transform, SplittableRandom random,
      float[] x2, float[] y2, float scale, int k, int n, int m) {
    int off = k * n;
    for (int j = 0; j < n; j++) {
      x2[off + j] *= scale;
    }
    transform.apply(x2, off, n, random);
    float[] one = java.util.Arrays.copyOfRange(x2, off, off + n);
    float[] ax2 = new float[m];
    a.apply(one, ax2);
    float s2 = InstanceNorm.scale(ax2, a.depth(), m / a.depth());
    for (int i = 0; i < m; i++) {
      y2[k * m + i] = ax2[i] / s2;
    }
    for (int j = 0; j < n; j++) {
      x2[off + j] /= s2;
    }
  }

  private static void update(Optimizer adam, String id, NDArray parameter) {
    NDArray grad = parameter.getGradient();
    adam.update(id, parameter, grad);
    grad.close();
    JniUtils.zeroGrad((PtNDArray) parameter);
  }

  /** A as a constant sparse COO tensor (M x N, a 1 at (cell, key) for each of the key's depth cells). */
  static NDArray sensingMatrix(NDManager root, SensingOperator a) {
    int n = a.columns();
    int d = a.depth();
    long[] idx = new long[2 * n * d];
    for (int j = 0, c = 0; j < n; j++) {
      for (int r = 0; r < d; r++, c++) {
        idx[c] = a.cell(j, r);
        idx[n * d + c] = j;
      }
    }
    // the index and value arrays stay in root until training ends: the sparse tensor aliases their memory
    NDArray indices = root.create(idx, new Shape(2, (long) n * d));
    NDArray values = root.ones(new Shape((long) n * d));
    return JniUtils.createSparseCoo((PtNDArray) indices, (PtNDArray) values, new Shape(a.rows(), n));
  }

  private static void shuffleInPlace(int[] a, SplittableRandom r) {
    for (int i = a.length - 1; i > 0; i--) {
      int k = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[k];
      a[k] = t;
    }
  }

  private static UclModel requireShape(UclModel model, int depth, int width) {
    if (model.depth() != depth || model.width() != width) {
      throw new IllegalArgumentException("model is for " + model.depth() + " x " + model.width()
          + " counters but the sketch has " + depth + " x " + width + ": warm-start only from a model of a sketch"
          + " with the same Count-Min size");
    }
    return model;
  }

  /**
   * Recovers the Count-Min-part count of each of the first {@code keys} unknowns from one snapshot:
   * {@code D(snapshot / scale) * scale}, in count units (not rounded;
   * {@link io.sketchbricks.ucl.UclSketch#applyDecoded} rounds up).
   */
  @Override
  public float[] decode(UclModel model, int[] snapshot, int keys) {
    int depth = model.depth();
    int width = model.width();
    if (snapshot.length != depth * width) {
      throw new IllegalArgumentException("snapshot has " + snapshot.length + " counters but the model expects "
          + depth + " x " + width);
    }
    if (keys < 1) {
      throw new IllegalArgumentException("keys must be >= 1, got " + keys);
    }
    float scale = InstanceNorm.scale(snapshot, depth, width);
    float[] y = new float[snapshot.length];
    InstanceNorm.normalise(snapshot, scale, y, 0);
    try (NDManager root = NDManager.newBaseManager("PyTorch");
        UclNetwork net = new UclNetwork(model, root, false)) {
      float[] x = net.forward(root, root.create(y, new Shape(1, y.length)), keys).toFloatArray();
      for (int j = 0; j < x.length; j++) {
        x[j] *= scale;
      }
      return x;
    }
  }

  /** {@link #decode(UclModel, int[], int)} with the model and key count of the last {@link #train}. */
  public float[] decode(int[] snapshot) {
    if (lastModel == null) {
      throw new IllegalStateException("no model yet: train() first, or call decode(model, snapshot, keys)");
    }
    return decode(lastModel, snapshot, lastKeys);
  }
}
