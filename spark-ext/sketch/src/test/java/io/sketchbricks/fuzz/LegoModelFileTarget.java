package io.sketchbricks.fuzz;

import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoModelFile;
import io.sketchbricks.lego.LegoSketch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link LegoModelFile#fromBytes} on the shipped model ({@code data/models/lego.model}, format version 4 with its
 * low-skew networks) and a random model (version 3).
 * Documented rejection: IllegalArgumentException (the class reads "a damaged or foreign file is an error"). Its
 * own mutation changes one weight to NaN, an infinity, a negative or a huge value and re-stamps the model id and
 * checksum, so the reader's checks of the weights themselves are reached. An accepted model must build a sketch
 * whose estimates are finite and non-negative, and write a file that reads back to the same id.
 */
final class LegoModelFileTarget implements FuzzTarget {
  private static final Envelope ENVELOPE = Envelope.crc32c(24, 0, -1, 0);
  private static final float[] WEIGHTS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1f, -1e30f,
      1e30f, 0f, -0f, Float.MIN_VALUE, 1e-30f};
  private List<byte[]> seeds;
  private final List<LegoModelLayout> layouts = new ArrayList<>();

  @Override
  public String name() {
    return "lego-model";
  }

  @Override
  public List<byte[]> seeds() {
    if (seeds == null) {
      seeds = List.of(shipped(), LegoModelFile.toBytes(LegoModel.random(5)));
      for (byte[] s : seeds) {
        layouts.add(new LegoModelLayout(s));
      }
    }
    return seeds;
  }

  static byte[] shipped() {
    try (InputStream in = LegoModelFileTarget.class.getResourceAsStream("/io/sketchbricks/lego/lego.model")) {
      if (in == null) {
        throw new IllegalStateException("the shipped model data/models/lego.model is not on the test classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<Field> fields(int seedIndex) {
    seeds();
    return layouts.get(seedIndex).fields;
  }

  @Override
  public Envelope envelope() {
    return ENVELOPE;
  }

  @Override
  public int defaultCases() {
    return 1_800;
  }

  @Override
  public String documented() {
    return "IllegalArgumentException";
  }

  @Override
  public boolean isDocumented(Throwable t) {
    return t instanceof IllegalArgumentException;
  }

  @Override
  public Mutation extraMutation(byte[] seed, SplittableRandom r, long k) {
    LegoModelLayout layout = layouts.get(seeds.indexOf(seed));
    java.util.Map<String, int[]> all = layout.allValues();
    List<String> names = new ArrayList<>(all.keySet());
    String name = names.get((int) (k % names.size()));
    int[] v = all.get(name);
    int index = r.nextInt(v[1]);
    float x = WEIGHTS[(int) ((k / names.size()) % WEIGHTS.length)];
    byte[] b = seed.clone();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(v[0] + 4 * index, x);
    boolean stamped = layout.restampId(b);
    ENVELOPE.seal(b, false);
    return new Mutation(b, "SPECIFIC weight " + name + "[" + index + "] = " + x
        + (stamped ? ", model id re-stamped" : ", weights make no model (id kept)") + ", sealed");
  }

  @Override
  public Object read(byte[] input) {
    return LegoModelFile.fromBytes(input, "fuzz input");
  }

  @Override
  public void check(Object accepted) {
    checkModel((LegoModel) accepted);
    LegoModel m = (LegoModel) accepted;
    LegoModel back = LegoModelFile.fromBytes(LegoModelFile.toBytes(m), "round trip");
    Checks.isTrue(back.id() == m.id(), "model id changes through a round trip");
  }

  /** Builds a one-brick sketch with the model and checks its estimates (rule, network and ensemble). */
  static void checkModel(LegoModel m) {
    LegoSketch s = LegoSketch.withBricks(m, 1);
    for (int i = 0; i < 40; i++) {
      s.add((long) i, 1 + i % 9);
    }
    for (long item : SketchChecks.ITEMS) {
      Checks.finiteNonNegative("estimate of " + item, s.estimate(item));
      Checks.finiteNonNegative("rule estimate of " + item, s.ruleEstimateId(item));
      Checks.finiteNonNegative("neural estimate of " + item, s.neuralEstimateId(item));
    }
  }
}
