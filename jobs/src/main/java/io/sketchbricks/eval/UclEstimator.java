package io.sketchbricks.eval;

import io.sketchbricks.ucl.DecodeMode;
import io.sketchbricks.ucl.UclConfig;
import io.sketchbricks.ucl.UclModel;
import io.sketchbricks.ucl.UclSketch;
import io.sketchbricks.ucl.djl.UclSolver;

/**
 * UCL-sketch as an offline estimator, run the way the reference {@code main.py} runs it: the data plane sees the
 * whole stream, a snapshot every 1000 arrivals lands in a window of the last 129 (the reference trains on the 129
 * snapshots of the stream's end), and at the first query after the last arrival the sketch is decoded once (ML:
 * the solver is trained once on that window, then decodes the current counters, and unless turned off the data
 * plane's guard refines that answer, as it refines LSQR's). Later arrivals make the next
 * query decode again, warm-starting from the previous model.
 *
 * <p>With fewer arrivals than one snapshot interval there is nothing to train on, and ML answers with the plain
 * Count-Min decode. {@link #memoryBytes()} is the data plane only (see {@link UclConfig}).
 */
public final class UclEstimator implements Estimator {
  /** Snapshots trained on: the reference's 129 (a snapshot at each of the last 129 multiples of 1000). */
  public static final int WINDOW = 129;

  private final String name;
  private final DecodeMode mode;
  private final UclSketch sketch;
  private final UclSolver solver;
  private final boolean guard;
  private UclModel model;
  private UclSolver.TrainResult lastTraining;
  private boolean dirty;
  private long lastDecodeMillis = -1;

  public UclEstimator(String name, long memoryBytes, DecodeMode mode) {
    this(name, memoryBytes, mode, UclSolver.Options.defaults());
  }

  /** With other training hyper-parameters (e.g. fewer epochs for a quick run). */
  public UclEstimator(String name, long memoryBytes, DecodeMode mode, UclSolver.Options options) {
    this(name, memoryBytes, UclConfig.Split.DEFAULT, mode, true, options);
  }

  /**
   * Every choice: how the budget is split ({@link UclConfig.Split}), the decode mode, and for ML whether the
   * data plane's guard refines the solver's answer ({@link UclSketch#decode(UclSolver, UclModel, boolean)}).
   */
  public UclEstimator(String name, long memoryBytes, UclConfig.Split split, DecodeMode mode, boolean guard,
      UclSolver.Options options) {
    this.name = name;
    this.mode = mode;
    this.guard = guard;
    this.sketch = new UclSketch(
        UclConfig.forBudget(memoryBytes, split).withSnapshots(UclConfig.DEFAULT_INTERVAL, WINDOW),
        UclSketch.DEFAULT_SEED);
    this.solver = mode == DecodeMode.ML ? new UclSolver(options, UclConfig.DEFAULT_INTERVAL) : null;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void add(String item) {
    sketch.add(item);
    dirty = true;
  }

  @Override
  public long estimate(String item) {
    if (dirty) {
      decode();
      dirty = false;
    }
    return sketch.estimate(item);
  }

  private void decode() {
    if (mode == DecodeMode.ML && (sketch.window().size() == 0 || sketch.trackedKeys() == 0)) {
      sketch.decode(DecodeMode.CM);
      return;
    }
    if (mode == DecodeMode.ML) {
      lastTraining = solver.train(sketch.window(), sketch.keyLayout(), model);
      model = lastTraining.model();
    }
    long t0 = System.nanoTime();
    if (mode == DecodeMode.ML) {
      sketch.decode(solver, model, guard);
    } else {
      sketch.decode(mode);
    }
    lastDecodeMillis = (System.nanoTime() - t0) / 1_000_000;
  }

  /** Decode time of the last decode, training time and epochs of the last ML one, and the control-plane sizes. */
  @Override
  public java.util.Map<String, Object> extras() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("tracked_keys", sketch.trackedKeys());
    m.put("key_list_bytes", sketch.keyListBytes());
    if (lastDecodeMillis >= 0) {
      m.put("decode_ms", lastDecodeMillis);
    }
    if (lastTraining != null) {
      m.put("train_ms", lastTraining.wallMillis());
      m.put("epochs", lastTraining.epochs());
      m.put("solver_bytes", lastTraining.model().parameterBytes());
    }
    return m;
  }

  @Override
  public long memoryBytes() {
    return sketch.memoryBytes();
  }

  /** The sketch behind the estimator (for inspection: keys, window, control-plane sizes). */
  public UclSketch sketch() {
    return sketch;
  }

  /** The last training run, or null when none ran (not ML, or nothing queried yet). */
  public UclSolver.TrainResult lastTraining() {
    return lastTraining;
  }
}
