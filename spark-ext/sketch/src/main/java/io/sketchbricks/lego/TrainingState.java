package io.sketchbricks.lego;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Everything a training run needs to continue exactly: the weights (float32, PyTorch layout), the five learnable
 * loss-weight sigmas (of the alpha and n regressions), Adam's moments (float64) and the
 * counters. A checkpoint directory holds {@code lego.model} (a normal model file), {@code optimizer.bin} (sigmas
 * and moments, checksummed) and {@code state.json} (counters, seed, wall time, model id), written last so a
 * directory with a state.json is complete; reading checks that the three belong together.
 */
// public for io.sketchbricks.lego.djl (Lego training and batched inference) in the DJL module; not an API for users
public final class TrainingState {
  static final String MODEL_FILE = "lego.model";
  static final String OPTIMIZER_FILE = "optimizer.bin";
  static final String STATE_FILE = "state.json";
  /** A state file is a few hundred bytes of JSON; anything far larger is not one, and is not read into memory. */
  private static final long MAX_STATE_FILE_BYTES = 1 << 20;
  public static final String SIGMA = "awl.sigma";
  private static final int OPT_MAGIC = 0x4C45474F; // "LEGO"
  private static final int OPT_VERSION = 2;

  public final Map<String, float[]> weights;
  final float[] sigma;
  public final Map<String, double[]> adamM = new LinkedHashMap<>();
  public final Map<String, double[]> adamV = new LinkedHashMap<>();
  public long step;
  public long tasksSeen;
  public long seed;
  public double wallSeconds;
  /** The trained skewness range's top, carried by the model file; the trainer sets it from its config. */
  public float alphaMax;

  public TrainingState(LegoModel init, long seed) {
    this.weights = init.parameters();
    this.alphaMax = init.trainedAlphaMax();
    this.sigma = new float[] {1, 1};
    this.seed = seed;
    for (String name : names()) {
      adamM.put(name, new double[size(name)]);
      adamV.put(name, new double[size(name)]);
    }
  }

  /**
   * Sets the {@code k} smallest entries of V to the floor {@link LegoModel#V_MIN} and forgets their Adam moments.
   * Entries at the floor all but drop an item's weight in the rows they pick, so the rule estimate's minimum
   * comes from the rows where the item weighs most: the reference's V after 4 M tasks has 37 of 80 entries
   * there, and training here reaches that sparsity far more slowly than the network learns.
   *
   * @return how many entries were not at the floor before
   */
  public int sparsifyV(int k) {
    if (k < 0 || k > LegoModel.V_SIZE) {
      throw new IllegalArgumentException("--sparse-v " + k + " must be in [0, " + LegoModel.V_SIZE + "]");
    }
    float[] v = weights.get(LegoModel.V_NAME);
    Integer[] order = new Integer[v.length];
    for (int i = 0; i < v.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Float.compare(v[a], v[b]));
    int moved = 0;
    for (int r = 0; r < k; r++) {
      int i = order[r];
      moved += v[i] > LegoModel.V_MIN ? 1 : 0;
      v[i] = LegoModel.V_MIN;
      adamM.get(LegoModel.V_NAME)[i] = 0;
      adamV.get(LegoModel.V_NAME)[i] = 0;
    }
    return moved;
  }

  /** Every trained tensor: the model's parameters, then the sigmas. */
  public List<String> names() {
    List<String> n = new ArrayList<>(weights.keySet());
    n.add(SIGMA);
    return n;
  }

  public float[] values(String name) {
    return name.equals(SIGMA) ? sigma : weights.get(name);
  }

  int size(String name) {
    return values(name).length;
  }

  public LegoModel model() {
    return LegoModel.fromParameters(weights, alphaMax);
  }

  public void save(Path dir) {
    try {
      Files.createDirectories(dir);
      LegoModel model = model();
      model.save(dir.resolve(MODEL_FILE));
      writeAtomically(dir.resolve(OPTIMIZER_FILE), optimizerBytes());
      String json = String.format(Locale.ROOT, "{\n  \"format\": 1,\n  \"tasks_seen\": %d,\n  \"seed\": %d,\n"
          + "  \"optimizer_step\": %d,\n  \"wall_seconds\": %.3f,\n  \"model_id\": \"%s\"\n}\n",
          tasksSeen, seed, step, wallSeconds, model.idHex());
      writeAtomically(dir.resolve(STATE_FILE), json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Lego training checkpoint to " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private byte[] optimizerBytes() {
    int doubles = 0;
    for (String n : names()) {
      doubles += 2 * size(n);
    }
    ByteBuffer b = ByteBuffer.allocate(4 + 4 + 8 + 4 + 4 * sigma.length + 8 * doubles + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(OPT_MAGIC).putInt(OPT_VERSION).putLong(step).putInt(sigma.length);
    for (float s : sigma) {
      b.putFloat(s);
    }
    for (String n : names()) {
      for (double x : adamM.get(n)) {
        b.putDouble(x);
      }
      for (double x : adamV.get(n)) {
        b.putDouble(x);
      }
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** Reads a checkpoint directory written by {@link #save}. */
  public static TrainingState load(Path dir) {
    Path stateFile = dir.resolve(STATE_FILE);
    if (!Files.isRegularFile(stateFile)) {
      throw new IllegalArgumentException("no Lego training checkpoint in " + dir + " (" + STATE_FILE
          + " is missing): resume from a directory a training run wrote, or start without resuming");
    }
    try {
      if (Files.size(stateFile) > MAX_STATE_FILE_BYTES) {
        throw new IllegalArgumentException(STATE_FILE + " in " + dir + " is " + Files.size(stateFile)
            + " bytes, more than a checkpoint's few hundred: not a Lego training checkpoint");
      }
      String json = Files.readString(stateFile);
      LegoModel model = LegoModelFile.read(dir.resolve(MODEL_FILE));
      if (!model.idHex().equals(jsonString(json, "model_id"))) {
        throw new IllegalArgumentException("checkpoint " + dir + " is inconsistent: " + MODEL_FILE + " has id "
            + model.idHex() + " but " + STATE_FILE + " names " + jsonString(json, "model_id")
            + " (a run stopped while writing it?): resume from an older copy or restart");
      }
      TrainingState s = new TrainingState(model, jsonLong(json, "seed"));
      s.tasksSeen = jsonCount(json, "tasks_seen");
      s.step = jsonCount(json, "optimizer_step");
      try {
        s.wallSeconds = Double.parseDouble(jsonValue(json, "wall_seconds"));
      } catch (NumberFormatException e) {
        s.wallSeconds = Double.NaN;
      }
      if (!(s.wallSeconds >= 0) || Double.isInfinite(s.wallSeconds)) {
        throw new IllegalArgumentException(STATE_FILE + " in " + dir + " has an invalid wall_seconds: the checkpoint"
            + " is damaged; resume from an older copy or restart");
      }
      s.readOptimizer(Files.readAllBytes(dir.resolve(OPTIMIZER_FILE)), dir);
      return s;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(STATE_FILE + " in " + dir + " is not UTF-8 text: the checkpoint is damaged;"
          + " resume from an older copy or restart", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Lego training checkpoint " + dir + ": " + e.getMessage(), e);
    }
  }

  private void readOptimizer(byte[] bytes, Path dir) {
    long doubles = 0;
    for (String n : names()) {
      doubles += 2L * size(n);
    }
    long expected = 4 + 4 + 8 + 4 + 4L * sigma.length + 8 * doubles + 4;
    if (bytes.length != expected) {
      throw new IllegalArgumentException(OPTIMIZER_FILE + " in " + dir + " is " + bytes.length + " bytes, "
          + expected + " expected for the model's " + doubles / 2 + " parameters: the checkpoint is damaged or"
          + " inconsistent; resume from an older copy or restart");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, Math.max(0, bytes.length - 4));
    if (bytes.length < 24 || b.getInt(0) != OPT_MAGIC || b.getInt(bytes.length - 4) != (int) crc.getValue()) {
      throw new IllegalArgumentException(OPTIMIZER_FILE + " in " + dir + " is damaged or not an optimizer state");
    }
    b.position(4);
    int version = b.getInt();
    long optStep = b.getLong();
    if (version != OPT_VERSION || optStep != step || b.getInt() != sigma.length) {
      throw new IllegalArgumentException(OPTIMIZER_FILE + " in " + dir + " does not match " + STATE_FILE
          + " (optimizer step " + optStep + " vs " + step + "): the checkpoint is inconsistent");
    }
    for (int i = 0; i < sigma.length; i++) {
      sigma[i] = b.getFloat();
      if (!Float.isFinite(sigma[i])) {
        throw damaged(dir, "loss weight " + sigma[i]);
      }
    }
    for (String n : names()) {
      double[] m = adamM.get(n);
      double[] v = adamV.get(n);
      for (int i = 0; i < m.length; i++) {
        m[i] = b.getDouble();
        if (!Double.isFinite(m[i])) {
          throw damaged(dir, "first moment " + m[i] + " of " + n);
        }
      }
      for (int i = 0; i < v.length; i++) {
        v[i] = b.getDouble();
        if (!(v[i] >= 0) || Double.isInfinite(v[i])) { // a mean of squares: never negative
          throw damaged(dir, "second moment " + v[i] + " of " + n);
        }
      }
    }
  }

  private static IllegalArgumentException damaged(Path dir, String what) {
    return new IllegalArgumentException(OPTIMIZER_FILE + " in " + dir + " holds an invalid " + what
        + ": the checkpoint is damaged; resume from an older copy or restart");
  }

  /** A counter of state.json: a whole number, not negative. */
  private static long jsonCount(String json, String key) {
    long v = jsonLong(json, key);
    if (v < 0) {
      throw new IllegalArgumentException(STATE_FILE + " has a negative \"" + key + "\": the checkpoint is damaged");
    }
    return v;
  }

  private static String jsonValue(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"?([^,\"\\n}]+)\"?").matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException(STATE_FILE + " lacks \"" + key + "\": not a Lego training state");
    }
    return m.group(1).trim();
  }

  private static String jsonString(String json, String key) {
    return jsonValue(json, key);
  }

  private static long jsonLong(String json, String key) {
    String v = jsonValue(json, key);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(STATE_FILE + " has \"" + key + "\": " + v + ", not a whole number: the"
          + " checkpoint is damaged; resume from an older copy or restart", e);
    }
  }
}
