package io.sketchbricks.data;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Synthetic Zipf streams for tests and benchmarks, reproducible from a seed.
 */
public final class ZipfStreams {
  private ZipfStreams() {}

  /**
   * Sends {@code events} arrivals to {@code sink}, each an item named {@code "item-" + rank} with the rank drawn
   * from {@link ZipfSampler}{@code (distinct, alpha)}, at time = arrival index (0, 1, 2...). The same arguments
   * always give the same stream (a {@link SplittableRandom} seeded with {@code seed}), on any JVM.
   *
   * @throws IllegalArgumentException for a negative event count, or invalid Zipf parameters
   */
  public static void sample(int distinct, double alpha, long events, long seed, ArrivalSink sink) {
    Objects.requireNonNull(sink, "sink is null: pass an ArrivalSink to receive the stream");
    if (events < 0) {
      throw new IllegalArgumentException("events must be >= 0, got " + events);
    }
    ZipfSampler sampler = new ZipfSampler(distinct, alpha);
    SplittableRandom random = new SplittableRandom(seed);
    // Names are built once per rank actually drawn, not once per arrival: most arrivals hit a few hot ranks.
    String[] names = new String[distinct];
    for (long t = 0; t < events; t++) {
      int rank = sampler.sample(random);
      String name = names[rank];
      if (name == null) {
        name = "item-" + rank;
        names[rank] = name;
      }
      sink.accept(name, t);
    }
  }
}
