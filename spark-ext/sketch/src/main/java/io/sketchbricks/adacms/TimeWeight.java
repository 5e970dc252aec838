package io.sketchbricks.adacms;

import java.util.Locale;

/**
 * The pre-emphasis function f(t) of an Ada sketch: an arrival at time unit t is added with weight f(t) and
 * de-emphasised on query by dividing by f(t). f must be non-decreasing, so recent times weigh more and suffer
 * less from collisions with older ones (Count-Min's bound on the f-weighted counts: the error at t scales with
 * {@code beta_t = sqrt(sum_{t'<=T} f(t')^2) / f(t)}).
 *
 * <ul>
 *   <li>{@code exp:a}, f(t) = a^t, a &gt;= 1 (default 1.0015, the paper's choice): the error grows like a^age.
 *       The sketch never forms a^t: it stores counters scaled by g = a^t0 for a moving origin t0 and computes
 *       {@code f(t)/g = exp((t - t0) ln a)} ({@link #relative(long, long)}).
 *   <li>{@code linear:a}, f(t) = a * (t + 1), a &gt; 0 (paper: a = 0.5). The paper's a*t gives f(0) = 0, which
 *       would make unit 0 unqueryable; shifting by one keeps f positive. The constant a cancels between update and
 *       query, so estimates do not depend on it. Note that t counts from the sketch origin: with the default epoch
 *       origin and hour units t is around 500,000 and f hardly varies over a year; set the origin near the start
 *       of the stream to get a real linear emphasis.
 *   <li>{@code none}, f = 1: plain Count-Min over (item, t) pairs, the baseline Ada-CMS generalises.
 * </ul>
 */
public final class TimeWeight implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** The shapes of f; the code is the byte stored in the binary format. */
  public enum Shape {
    NONE(0, "none"),
    EXPONENTIAL(1, "exp"),
    LINEAR(2, "linear");

    final int code;
    final String label;

    Shape(int code, String label) {
      this.code = code;
      this.label = label;
    }

    static Shape ofCode(int code) {
      for (Shape s : values()) {
        if (s.code == code) {
          return s;
        }
      }
      return null;
    }
  }

  public static final double DEFAULT_EXP_BASE = 1.0015;
  public static final double DEFAULT_LINEAR_SLOPE = 0.5;
  /** Exponential bases above this decay by more than a factor 10^6 per unit: surely a mistaken parameter. */
  static final double MAX_EXP_BASE = 1e6;
  static final double MIN_LINEAR_SLOPE = 1e-12;
  static final double MAX_LINEAR_SLOPE = 1e12;

  public static final TimeWeight NONE = new TimeWeight(Shape.NONE, 1.0);

  private final Shape shape;
  private final double a;
  /** ln a for the exponential shape, computed once so update and query use bit-identical weights. */
  private final double lnA;

  private TimeWeight(Shape shape, double a) {
    this.shape = shape;
    this.a = a;
    this.lnA = shape == Shape.EXPONENTIAL ? Math.log(a) : 0.0;
  }

  /** f(t) = a^t. */
  public static TimeWeight exponential(double a) {
    if (!(a >= 1.0 && a <= MAX_EXP_BASE)) {
      throw new IllegalArgumentException("exponential base " + a + " must be in [1, " + MAX_EXP_BASE + "]:"
          + " f(t) = a^t must not decrease with time (a = 1.0015 doubles the error every 462 units of age)");
    }
    return new TimeWeight(Shape.EXPONENTIAL, a);
  }

  /** f(t) = a * (t + 1). */
  public static TimeWeight linear(double a) {
    if (!(a >= MIN_LINEAR_SLOPE && a <= MAX_LINEAR_SLOPE)) {
      throw new IllegalArgumentException("linear slope " + a + " must be in [" + MIN_LINEAR_SLOPE + ", "
          + MAX_LINEAR_SLOPE + "]: it cancels out of the estimates, so 0.5 (the paper's value) is as good as any");
    }
    return new TimeWeight(Shape.LINEAR, a);
  }

  public static TimeWeight defaultExponential() {
    return exponential(DEFAULT_EXP_BASE);
  }

  /**
   * Parses {@code exp:1.0015}, {@code exp} (default base), {@code linear:0.5}, {@code linear} (default slope) or
   * {@code none} (aliases {@code identity}, {@code cms}); case-insensitive.
   */
  public static TimeWeight parse(String spec) {
    if (spec == null) {
      throw new IllegalArgumentException("time weight is null: use exp:1.0015, linear:0.5 or none");
    }
    String s = spec.trim().toLowerCase(Locale.ROOT);
    int colon = s.indexOf(':');
    String name = colon < 0 ? s : s.substring(0, colon).trim();
    String arg = colon < 0 ? null : s.substring(colon + 1).trim();
    try {
      switch (name) {
        case "exp", "exponential" -> {
          return exponential(arg == null ? DEFAULT_EXP_BASE : Double.parseDouble(arg));
        }
        case "linear" -> {
          return linear(arg == null ? DEFAULT_LINEAR_SLOPE : Double.parseDouble(arg));
        }
        case "none", "identity", "cms" -> {
          if (arg != null) {
            break;
          }
          return NONE;
        }
        default -> {
          // fall through to the error below
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("time weight '" + spec + "' has a parameter that is not a number:"
          + " use e.g. exp:1.0015 or linear:0.5", e);
    }
    throw new IllegalArgumentException("unknown time weight '" + spec + "': expected exp:A (A >= 1, e.g."
        + " exp:1.0015), linear:A (A > 0, e.g. linear:0.5) or none");
  }

  /**
   * The weight stored as a shape code and parameter ({@link #shape()}, {@link #parameter()}), for readers: accepts
   * exactly the pairs some weight writes. So {@code none} must carry its unused parameter as 1.0, bit for bit (what
   * {@link #NONE} writes): any other value would be dropped on reading and the sketch would not write back the
   * bytes it was read from. The exponential base and linear slope get the same range checks as when built.
   *
   * @throws IllegalArgumentException for an unknown code or a parameter no weight of that shape has
   */
  static TimeWeight of(int shapeCode, double a) {
    Shape shape = Shape.ofCode(shapeCode);
    if (shape == null) {
      throw new IllegalArgumentException("unknown time weight code " + shapeCode + " (0 none, 1 exp, 2 linear)");
    }
    return switch (shape) {
      case NONE -> {
        if (Double.doubleToRawLongBits(a) != Double.doubleToRawLongBits(NONE.a)) {
          throw new IllegalArgumentException("time weight none carries parameter " + a + " instead of 1.0: f = 1"
              + " has no parameter, and every writer stores 1.0");
        }
        yield NONE;
      }
      case EXPONENTIAL -> exponential(a);
      case LINEAR -> linear(a);
    };
  }

  public Shape shape() {
    return shape;
  }

  /** The parameter a (1 for {@code none}). */
  public double parameter() {
    return a;
  }

  /** Whether counters must be kept relative to a moving origin t0 (only the exponential shape grows unboundedly). */
  public boolean rescales() {
    return shape == Shape.EXPONENTIAL && lnA > 0;
  }

  /** Whether f is constant ({@code none}, or {@code exp:1}): then every decay factor f(t) / f(now) is exactly 1. */
  boolean isConstant() {
    return shape == Shape.NONE || (shape == Shape.EXPONENTIAL && lnA == 0);
  }

  /** ln a (0 unless exponential). */
  double lnA() {
    return lnA;
  }

  /**
   * f(t) itself. For the exponential shape this overflows to +Infinity once t ln a passes about 709.78
   * (t ~ 473,500 for a = 1.0015): sketches use {@link #relative(long, long)} instead.
   */
  public double f(long t) {
    return switch (shape) {
      case NONE -> 1.0;
      case EXPONENTIAL -> Math.exp(t * lnA);
      case LINEAR -> a * ((double) t + 1.0);
    };
  }

  /**
   * f(t) / g(t0), the weight stored for time t in counters whose scale origin is t0. For the exponential shape
   * g = a^t0 and the result is {@code exp((t - t0) ln a)}, computed without forming a^t; for the other shapes g = 1
   * and t0 is ignored. StrictMath keeps the value bit-identical on every JVM, so a sketch written on one machine
   * and queried on another divides by exactly the weight it was built with.
   */
  public double relative(long t, long t0) {
    return shape == Shape.EXPONENTIAL ? StrictMath.exp((double) (t - t0) * lnA) : f(t);
  }

  /**
   * f(t) / f(now), the forward-decay factor of an arrival at t seen from time {@code now}; computed without forming
   * f for the exponential shape, so it is finite for any t and now.
   */
  public double decay(long t, long now) {
    return switch (shape) {
      case NONE -> 1.0;
      case EXPONENTIAL -> StrictMath.exp((double) (t - now) * lnA);
      case LINEAR -> ((double) t + 1.0) / ((double) now + 1.0);
    };
  }

  /**
   * How much worse than plain Count-Min over the same (item, t) pairs the error bound is at time t, for a stream
   * spanning units 0..horizon: {@code beta_t / beta^CMS = sqrt(sum_{t'=0}^{T} f(t')^2) / (f(t) sqrt(T + 1))}
   * (see the class comment). Values below 1 mean more accurate than Count-Min.
   */
  public double errorFactor(long t, long horizon) {
    if (horizon < 0 || t < 0 || t > horizon) {
      throw new IllegalArgumentException("need 0 <= t <= horizon, got t = " + t + ", horizon = " + horizon);
    }
    double logCms = 0.5 * Math.log(horizon + 1.0);
    return switch (shape) {
      case NONE -> 1.0;
      case EXPONENTIAL -> Math.exp(0.5 * logSumExpSquares(lnA, horizon) - t * lnA - logCms);
      case LINEAR -> {
        // sum_{t'=0}^{T} (t'+1)^2 = n(n+1)(2n+1)/6 with n = T+1; a cancels.
        double n = horizon + 1.0;
        yield Math.sqrt(n * (n + 1) * (2 * n + 1) / 6.0) / ((t + 1.0) * Math.sqrt(n));
      }
    };
  }

  /**
   * Picks the exponential base for a tolerated loss at the oldest time (paper section 5.2): the error bound at
   * t = 0 over a horizon of T units is {@code gamma} times that of plain Count-Min, i.e.
   * {@code sqrt(sum_{t=0}^{T} a^{2t}) / sqrt(T + 1) = gamma}. The left side grows monotonically from 1 at a = 1,
   * so bisection on ln a finds the unique root; the more recent times are then more accurate than Count-Min.
   *
   * @param gamma how many times worse than Count-Min the oldest unit may be, &gt; 1 (e.g. 2 or 10)
   * @param horizon T, the number of time units the sketch should cover (&gt;= 1)
   */
  public static TimeWeight exponentialForGamma(double gamma, long horizon) {
    if (!(gamma > 1.0) || Double.isInfinite(gamma)) {
      throw new IllegalArgumentException("gamma " + gamma + " must be a finite number above 1: it is how many"
          + " times worse than plain Count-Min the oldest time may be (gamma = 1 means f = 1: use none)");
    }
    if (horizon < 1) {
      throw new IllegalArgumentException("horizon " + horizon + " must be at least 1 time unit");
    }
    double target = 2 * Math.log(gamma) + Math.log(horizon + 1.0); // ln sum a^{2t} at the root
    double lo = 0.0;
    double hi = 1e-6;
    while (logSumExpSquares(hi, horizon) < target) {
      hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-17 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (logSumExpSquares(mid, horizon) < target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return exponential(Math.exp(0.5 * (lo + hi)));
  }

  /** ln sum_{t=0}^{T} e^{2 t lnA}, stable for large T lnA and for lnA -&gt; 0 (where it tends to ln(T+1)). */
  static double logSumExpSquares(double lnA, long horizon) {
    double u = 2 * lnA;
    double n = horizon + 1.0;
    if (u == 0) {
      return Math.log(n);
    }
    double z = u * n;
    // sum = expm1(z) / expm1(u); ln expm1(z) = z + log1p(-e^-z) avoids overflow when z is large.
    double logNum = z > 30 ? z + Math.log1p(-Math.exp(-z)) : Math.log(Math.expm1(z));
    return logNum - Math.log(Math.expm1(u));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TimeWeight w && w.shape == shape && Double.compare(w.a, a) == 0;
  }

  @Override
  public int hashCode() {
    return shape.hashCode() * 31 + Double.hashCode(a);
  }

  /** The parseable form: {@code exp:1.0015}, {@code linear:0.5} or {@code none}. */
  @Override
  public String toString() {
    return shape == Shape.NONE ? "none" : shape.label + ":" + a;
  }
}
