package io.sketchbricks.fuzz;

import io.sketchbricks.lego.LegoModel;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Lego trainer's checkpoint ({@code io.sketchbricks.lego.TrainingState#load}, package-private, so by
 * reflection): a folder of {@code lego.model}, {@code optimizer.bin} and {@code state.json}. Seeds are the shipped
 * checkpoint {@code data/models/checkpoint}; one target mutates {@code optimizer.bin} (magic, version, step,
 * sigma count, sigmas, Adam moments as float64, CRC-32C), the other {@code state.json}, the remaining files kept
 * valid. Documented rejection: IllegalArgumentException. An accepted state must hold what a resumed run relies
 * on: finite sigmas and first moments, finite non-negative second moments (Adam divides by their square root),
 * non-negative counters and wall time, and a model whose sketch answers with finite non-negative estimates.
 */
final class TrainingStateTarget implements FuzzTarget {
  /** The shipped checkpoint; tests run in the module folder, spark-ext/sketch. */
  static final Path CHECKPOINT = Path.of("..", "..", "data", "models", "checkpoint");
  private static final String[] FILES = {"lego.model", "optimizer.bin", "state.json"};
  private static final String[] JSON_KEYS = {"format", "tasks_seen", "seed", "optimizer_step", "wall_seconds",
      "model_id"};
  private static final String[] JSON_VALUES = {"-1", "0", "9223372036854775807", "9223372036854775808",
      "-9223372036854775808", "1e999", "NaN", "-Infinity", "", "\"\"", "0x10", "1.5", "-0.0", "null", "[]",
      "4a61ee1681dd3a03", "99999999999999999999999999999999999999"};

  private final String file;
  private final Path dir;
  private final Method load;
  private List<byte[]> seeds;

  /** @param file the file the cases mutate: optimizer.bin or state.json */
  TrainingStateTarget(String file, Path dir) throws Exception {
    this.file = file;
    this.dir = dir;
    this.load = Reflect.method("io.sketchbricks.lego.TrainingState", "load", Path.class);
    Files.createDirectories(dir);
    for (String f : FILES) {
      Files.write(dir.resolve(f), Files.readAllBytes(CHECKPOINT.resolve(f)));
    }
  }

  @Override
  public String name() {
    return file.equals("state.json") ? "lego-training-json" : "lego-training-optimizer";
  }

  @Override
  public List<byte[]> seeds() {
    if (seeds == null) {
      try {
        seeds = List.of(Files.readAllBytes(CHECKPOINT.resolve(file)));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return seeds;
  }

  @Override
  public List<io.sketchbricks.fuzz.Field> fields(int seedIndex) {
    List<io.sketchbricks.fuzz.Field> f = new ArrayList<>();
    if (file.equals("optimizer.bin")) {
      f.add(io.sketchbricks.fuzz.Field.le("version", 4, 4));
      f.add(io.sketchbricks.fuzz.Field.le("optimizer step", 8, 8));
      f.add(io.sketchbricks.fuzz.Field.le("sigma count", 16, 4));
      f.add(io.sketchbricks.fuzz.Field.le("sigma 0", 20, 4));
      f.add(io.sketchbricks.fuzz.Field.le("sigma 1", 24, 4));
      f.add(io.sketchbricks.fuzz.Field.le("first moment 0", 28, 8));
    }
    return f;
  }

  @Override
  public Envelope envelope() {
    return file.equals("optimizer.bin") ? Envelope.crc32c(20, 0, -1, 0) : Envelope.NONE;
  }

  @Override
  public int defaultCases() {
    return file.equals("optimizer.bin") ? 300 : 600;
  }

  @Override
  public String documented() {
    return "IllegalArgumentException";
  }

  @Override
  public boolean isDocumented(Throwable t) {
    return t instanceof IllegalArgumentException;
  }

  /** For state.json: one key's value replaced by an interesting text, or the key dropped or doubled. */
  @Override
  public Mutation extraMutation(byte[] seed, SplittableRandom r, long k) {
    if (!file.equals("state.json")) {
      return null;
    }
    String json = new String(seed, StandardCharsets.UTF_8);
    String key = JSON_KEYS[(int) (k % JSON_KEYS.length)];
    int round = (int) (k / JSON_KEYS.length);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\"" + key + "\"\\s*:\\s*)(\"?[^,\"\\n}]*\"?)")
        .matcher(json);
    m.find();
    String out;
    String what;
    if (round < JSON_VALUES.length) {
      out = json.substring(0, m.start(2)) + JSON_VALUES[round] + json.substring(m.end(2));
      what = key + " = " + JSON_VALUES[round];
    } else if (round == JSON_VALUES.length) {
      out = json.substring(0, m.start(1)) + json.substring(m.end(2));
      what = key + " removed";
    } else {
      String v = r.nextBoolean() ? Long.toString(r.nextLong()) : Double.toString(r.nextDouble() * 1e20 - 5e19);
      out = json.substring(0, m.start(1)) + "\"" + key + "\": " + v + ",\n  " + json.substring(m.start(1));
      what = key + " doubled, first = " + v;
    }
    return new Mutation(out.getBytes(StandardCharsets.UTF_8), "SPECIFIC json " + what);
  }

  @Override
  public Object read(byte[] input) throws Exception {
    Files.write(dir.resolve(file), input);
    return Reflect.invoke(load, null, dir);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void check(Object state) throws Exception {
    Class<?> c = state.getClass();
    float[] sigma = (float[]) get(c, state, "sigma");
    for (int i = 0; i < sigma.length; i++) {
      Checks.finite("sigma " + i, sigma[i]);
    }
    for (Map.Entry<String, double[]> e : ((Map<String, double[]>) get(c, state, "adamM")).entrySet()) {
      for (int i = 0; i < e.getValue().length; i++) {
        double m = e.getValue()[i];
        Checks.isTrue(Double.isFinite(m), "an Adam first moment is " + m + ": not finite\n(" + e.getKey() + "[" + i
            + "])");
      }
    }
    for (Map.Entry<String, double[]> e : ((Map<String, double[]>) get(c, state, "adamV")).entrySet()) {
      for (int i = 0; i < e.getValue().length; i++) {
        double v = e.getValue()[i];
        Checks.isTrue(v >= 0 && Double.isFinite(v), "an Adam second moment is " + v + ": Adam divides by its square"
            + " root, it must be finite and non-negative\n(" + e.getKey() + "[" + i + "])");
      }
    }
    for (String counter : new String[] {"step", "tasksSeen"}) {
      Checks.isTrue((long) get(c, state, counter) >= 0, counter + " is negative: " + get(c, state, counter));
    }
    Checks.finiteNonNegative("wall seconds", (double) get(c, state, "wallSeconds"));
    LegoModelFileTarget.checkModel((LegoModel) Reflect.invoke(Reflect.method(c.getName(), "model"), state));
  }

  private static Object get(Class<?> c, Object o, String name) throws ReflectiveOperationException {
    Field f = c.getDeclaredField(name);
    f.setAccessible(true);
    return f.get(o);
  }
}
