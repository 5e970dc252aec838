package io.sketchbricks.lego;

import io.sketchbricks.lego.Mlp.Act;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The shape of a {@link LegoModel}: every parameter's name and shape in the canonical order of the reference
 * PyTorch state dict, the check of a parameter set against it, the building of each network from its parameters,
 * and the reference's initialisation. Kept apart from the model so that the model holds weights and nothing about
 * how many or where they come from.
 */
final class LegoArchitecture {
  static final String SCAN_ENCODER = "decode_module.memorydeepsets.enc";
  static final String FEATURE_HEAD = "decode_module.memorydeepsets.main_dec";
  static final String ALPHA_HEAD = "decode_module.memorydeepsets.dec1";
  static final String N_HEAD = "decode_module.memorydeepsets.dec2";
  static final String SET_ENCODER = "decode_module.enc";
  static final String DECODER = "decode_module.dec";
  static final String OUTPUT = "decode_module.out1";

  private static final Map<String, int[]> SHAPES = buildShapes();

  private LegoArchitecture() {}

  /** Every parameter name with its shape, in canonical order (unmodifiable). */
  static Map<String, int[]> shapes() {
    return SHAPES;
  }

  private static Map<String, int[]> buildShapes() {
    Map<String, int[]> s = new LinkedHashMap<>();
    s.put(LegoModel.V_NAME, new int[] {LegoModel.V_SIZE});
    addShapes(s, SCAN_ENCODER, 1, 8, 16, 32);
    addShapes(s, FEATURE_HEAD, 32, 16, 8, 4);
    addShapes(s, ALPHA_HEAD, 32, 16, 16, 8, 1);
    addShapes(s, N_HEAD, 32, 16, 16, 8, 1);
    addShapes(s, SET_ENCODER, 2, 8, 16, 16);
    addShapes(s, DECODER, 24, 32, 16);
    addShapes(s, OUTPUT, 20, 8, 4, 1);
    return Collections.unmodifiableMap(s);
  }

  private static void addShapes(Map<String, int[]> s, String prefix, int... sizes) {
    for (int l = 0; l + 1 < sizes.length; l++) {
      s.put(prefix + "." + (2 * l) + ".weight", new int[] {sizes[l + 1], sizes[l]});
      s.put(prefix + "." + (2 * l) + ".bias", new int[] {sizes[l + 1]});
    }
  }

  static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /**
   * Refuses a parameter set that is not exactly the architecture's tensors at their sizes.
   *
   * @throws IllegalArgumentException naming every missing or mis-sized tensor
   */
  static void requireMatches(Map<String, float[]> params) {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, int[]> e : SHAPES.entrySet()) {
      float[] p = params.get(e.getKey());
      if (p == null || p.length != size(e.getValue())) {
        missing.add(e.getKey() + (p == null ? " (missing)" : " (has " + p.length + " values, needs " + size(e.getValue()) + ")"));
      }
    }
    if (!missing.isEmpty() || params.size() != SHAPES.size()) {
      throw new IllegalArgumentException("Lego model parameters do not match the architecture: " + missing
          + (params.size() != SHAPES.size() ? ", " + params.size() + " tensors given, " + SHAPES.size() + " expected" : ""));
    }
  }

  static Mlp scanEncoder(Map<String, float[]> p) {
    return mlp(p, SCAN_ENCODER, new int[] {1, 8, 16, 32}, Act.RELU, Act.RELU, Act.RELU);
  }

  static Mlp featureHead(Map<String, float[]> p) {
    return mlp(p, FEATURE_HEAD, new int[] {32, 16, 8, 4}, Act.LEAKY, Act.LEAKY, Act.LEAKY);
  }

  static Mlp alphaHead(Map<String, float[]> p) {
    return mlp(p, ALPHA_HEAD, new int[] {32, 16, 16, 8, 1}, Act.LEAKY, Act.LEAKY, Act.LEAKY, Act.NONE);
  }

  static Mlp nHead(Map<String, float[]> p) {
    return mlp(p, N_HEAD, new int[] {32, 16, 16, 8, 1}, Act.LEAKY, Act.LEAKY, Act.LEAKY, Act.NONE);
  }

  static Mlp setEncoder(Map<String, float[]> p) {
    return mlp(p, SET_ENCODER, new int[] {2, 8, 16, 16}, Act.RELU, Act.RELU, Act.RELU);
  }

  static Mlp decoder(Map<String, float[]> p) {
    return mlp(p, DECODER, new int[] {24, 32, 16}, Act.LEAKY, Act.LEAKY);
  }

  static Mlp output(Map<String, float[]> p) {
    return mlp(p, OUTPUT, new int[] {20, 8, 4, 1}, Act.LEAKY, Act.LEAKY, Act.NONE);
  }

  private static Mlp mlp(Map<String, float[]> params, String prefix, int[] sizes, Act... acts) {
    List<Mlp.Layer> layers = new ArrayList<>();
    for (int l = 0; l + 1 < sizes.length; l++) {
      String name = prefix + "." + (2 * l);
      layers.add(new Mlp.Layer(name, sizes[l], sizes[l + 1], acts[l],
          params.get(name + ".weight").clone(), params.get(name + ".bias").clone()));
    }
    return new Mlp(layers);
  }

  /**
   * Fresh parameters as the reference initialises them: every Linear layer uniform in +-1/sqrt(fan_in)
   * (PyTorch's default), V = 0.5005 + N(0,1)/5 clamped to [0.001, 1].
   */
  static Map<String, float[]> randomParameters(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, float[]> p = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : SHAPES.entrySet()) {
      float[] a = new float[size(e.getValue())];
      if (e.getKey().equals(LegoModel.V_NAME)) {
        for (int i = 0; i < a.length; i++) {
          a[i] = LegoModel.clampV((float) (0.5005 + gaussian(rnd) / 5));
        }
      } else {
        String layer = e.getKey().substring(0, e.getKey().lastIndexOf('.'));
        int fanIn = SHAPES.get(layer + ".weight")[1];
        double bound = 1 / Math.sqrt(fanIn);
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
        }
      }
      p.put(e.getKey(), a);
    }
    return p;
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box-Muller; SplittableRandom has no nextGaussian in Java 17
    return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }
}
