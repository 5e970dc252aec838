package io.sketchbricks.eval;

import io.sketchbricks.adacms.AdaCountMinSketch;
import io.sketchbricks.adacms.TimeUnitSpec;
import io.sketchbricks.adacms.TimeWeight;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Point-query accuracy by age: streams a {@link TimedStream} through a time-aware sketch, then asks it for a
 * sample of true (item, time) pairs from every age decile (decile 0 = the most recent tenth of the horizon) and
 * reports AAE and ARE per decile.
 *
 * <p>All sketches get the same counter budget and one level (point queries only, so no memory goes to range
 * levels); they differ only in f: {@code ada-exp} (a^t, a from gamma when given), {@code ada-linear}
 * (0.5 (t+1)), {@code cms-time} (f = 1: plain Count-Min over (item, t)), and {@code hokusai}.
 */
public final class TimeEval {
  public static final List<String> NAMES = List.of("ada-exp", "ada-linear", "cms-time", "hokusai");
  public static final int DECILES = 10;

  /** A sketch of (item, time unit) counts. */
  public interface TimedEstimator {
    String name();

    String params();

    void add(String item, long t);

    double estimate(String item, long t);

    long memoryBytes();
  }

  /** One sketch's figures; {@code aae} and {@code are} are the means over the ten deciles. */
  public record Result(String sketch, String params, long memoryBytes, long events, long horizon, long pairs,
      double[] aaeByDecile, double[] areByDecile, double aae, double are, double insertPerSecond,
      double queryPerSecond) {}

  /** True (item, time) pairs per age decile. */
  public record Sample(List<String>[] items, List<long[]>[] timeAndCount, long horizon) {
    public long size() {
      long n = 0;
      for (List<String> l : items) {
        n += l.size();
      }
      return n;
    }
  }

  private TimeEval() {}

  /**
   * Builds a named estimator.
   *
   * @param gamma for ada-exp: how many times plain Count-Min's error the oldest unit may have (paper section 5.2);
   *     0 or negative keeps the paper's a = 1.0015
   */
  public static TimedEstimator create(String name, long memoryBytes, double gamma, long horizon) {
    TimeUnitSpec unit = new TimeUnitSpec(1, 0);
    return switch (name) {
      case "ada-exp" -> ada(name, memoryBytes, gamma > 0 ? TimeWeight.exponentialForGamma(gamma, horizon)
          : TimeWeight.defaultExponential(), unit);
      case "ada-linear" -> ada(name, memoryBytes, TimeWeight.linear(TimeWeight.DEFAULT_LINEAR_SLOPE), unit);
      case "cms-time" -> ada(name, memoryBytes, TimeWeight.NONE, unit);
      case "hokusai" -> hokusai(memoryBytes, horizon, unit);
      default -> throw new IllegalArgumentException("unknown time sketch '" + name + "': use one of "
          + String.join(", ", NAMES));
    };
  }

  private static TimedEstimator ada(String name, long memoryBytes, TimeWeight weight, TimeUnitSpec unit) {
    AdaCountMinSketch s = new AdaCountMinSketch(memoryBytes, AdaCountMinSketch.DEFAULT_DEPTH, 1, weight, unit,
        AdaCountMinSketch.DEFAULT_SEED);
    return new TimedEstimator() {
      public String name() {
        return name;
      }

      public String params() {
        return "f=" + weight + ",depth=" + s.depth() + ",width=" + s.width();
      }

      public void add(String item, long t) {
        s.add(item, t, 1);
      }

      public double estimate(String item, long t) {
        return s.estimate(item, t);
      }

      public long memoryBytes() {
        return s.memoryBytes();
      }
    };
  }

  private static TimedEstimator hokusai(long memoryBytes, long horizon, TimeUnitSpec unit) {
    int logHorizon = (int) Math.max(1, Math.min(30, 64 - Long.numberOfLeadingZeros(Math.max(1, horizon - 1))));
    HokusaiSketch s = new HokusaiSketch(memoryBytes, HokusaiSketch.DEFAULT_DEPTH, logHorizon, unit,
        AdaCountMinSketch.DEFAULT_SEED);
    return new TimedEstimator() {
      public String name() {
        return "hokusai";
      }

      public String params() {
        return "depth=" + s.depth() + ",width=" + s.width() + ",log_horizon=" + logHorizon;
      }

      public void add(String item, long t) {
        s.add(item, t, 1);
      }

      public double estimate(String item, long t) {
        return s.estimate(item, t);
      }

      public long memoryBytes() {
        return s.memoryBytes();
      }
    };
  }

  /** Exact (item, t) counts of the stream, sampled down to at most {@code perDecile} pairs per age decile. */
  @SuppressWarnings("unchecked")
  public static Sample sample(TimedStream stream, int perDecile, long seed) {
    Map<Long, Map<String, long[]>> counts = new HashMap<>();
    for (int i = 0; i < stream.size(); i++) {
      counts.computeIfAbsent(stream.time(i), t -> new HashMap<>())
          .computeIfAbsent(stream.item(i), k -> new long[1])[0]++;
    }
    long horizon = stream.horizon();
    List<String>[] items = new List[DECILES];
    List<long[]>[] tc = new List[DECILES];
    long[] seen = new long[DECILES];
    for (int d = 0; d < DECILES; d++) {
      items[d] = new ArrayList<>();
      tc[d] = new ArrayList<>();
    }
    SplittableRandom random = new SplittableRandom(seed);
    // iterate times in order so the sample does not depend on hash-map order
    List<Long> times = new ArrayList<>(counts.keySet());
    times.sort(null);
    for (long t : times) {
      int d = decileOf(t, horizon);
      List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.get(t).entrySet());
      entries.sort(Map.Entry.comparingByKey());
      for (Map.Entry<String, long[]> e : entries) {
        long k = seen[d]++;
        if (items[d].size() < perDecile) {
          items[d].add(e.getKey());
          tc[d].add(new long[] {t, e.getValue()[0]});
        } else {
          long j = random.nextLong(k + 1); // reservoir sampling
          if (j < perDecile) {
            items[d].set((int) j, e.getKey());
            tc[d].set((int) j, new long[] {t, e.getValue()[0]});
          }
        }
      }
    }
    return new Sample(items, tc, horizon);
  }

  /** Decile 0 holds the most recent tenth of the horizon, decile 9 the oldest. */
  static int decileOf(long t, long horizon) {
    long age = horizon - 1 - t;
    return (int) Math.min(DECILES - 1, age * DECILES / Math.max(1, horizon));
  }

  public static Result run(TimedEstimator e, TimedStream stream, Sample sample) {
    long t0 = System.nanoTime();
    for (int i = 0; i < stream.size(); i++) {
      e.add(stream.item(i), stream.time(i));
    }
    long t1 = System.nanoTime();
    double[] aae = new double[DECILES];
    double[] are = new double[DECILES];
    long queries = 0;
    for (int d = 0; d < DECILES; d++) {
      List<String> items = sample.items()[d];
      double abs = 0;
      double rel = 0;
      for (int i = 0; i < items.size(); i++) {
        long[] tc = sample.timeAndCount()[d].get(i);
        double err = Math.abs(e.estimate(items.get(i), tc[0]) - tc[1]);
        abs += err;
        rel += err / tc[1];
      }
      queries += items.size();
      aae[d] = items.isEmpty() ? Double.NaN : abs / items.size();
      are[d] = items.isEmpty() ? Double.NaN : rel / items.size();
    }
    long t2 = System.nanoTime();
    return new Result(e.name(), e.params(), e.memoryBytes(), stream.size(), sample.horizon(), sample.size(), aae, are,
        mean(aae), mean(are), AccuracyEval.perSecond(stream.size(), t1 - t0), AccuracyEval.perSecond(queries, t2 - t1));
  }

  private static double mean(double[] v) {
    double s = 0;
    int n = 0;
    for (double x : v) {
      if (!Double.isNaN(x)) {
        s += x;
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }
}
