package io.sketchbricks.spark;

import io.sketchbricks.adacms.AdaCountMinSketch;
import io.sketchbricks.adacms.TimeUnitSpec;
import io.sketchbricks.adacms.TimeWeight;
import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The configuration of an Ada-CMS sketch as SQL and the jobs give it: {@code key=value} pairs separated by
 * commas (or a SQL map), all optional:
 *
 * <pre>
 *   memory_kb=300          counter budget, 1 to 16384 (8-byte counters, shared by the range levels)
 *   unit=1 hour            time unit: N ms|s|second(s)|minute(s)|m|hour(s)|h|day(s)|d
 *   origin=1970-01-01      first instant of unit 0 (ISO date or instant, or epoch ms); earlier events are errors
 *   f=exp:1.0015           pre-emphasis: exp:A, linear:A or none (plain Count-Min over (item, time))
 *   gamma=2                instead of f: pick exp's A so the oldest unit of the horizon has at most gamma times
 *   horizon=720              plain Count-Min's error bound (paper section 5.2); horizon in units, 1 to 10^9,
 *                            default 720 (given without gamma it would do nothing, so it is refused)
 *   levels=17              dyadic levels for range queries, 1 to 48 (1 = point queries only)
 *   depth=4                rows, 1 to 32
 * </pre>
 */
public record AdaOptions(long memoryBytes, TimeUnitSpec unit, TimeWeight weight, int levels, int depth)
    implements Serializable {
  @Serial
  private static final long serialVersionUID = 1L;
  public static final long DEFAULT_HORIZON = 720;
  /**
   * The longest horizon gamma may be fitted to: the base found for it is 1 + 1.2e-9 (gamma 2), still 7 significant
   * digits above 1 in a double; far longer horizons round the base to 1, silently turning gamma into f = none.
   */
  public static final long MAX_HORIZON = 1_000_000_000L;

  public static AdaOptions defaults() {
    return parse(Map.of());
  }

  public AdaCountMinSketch newSketch() {
    return new AdaCountMinSketch(memoryBytes, depth, levels, weight, unit, AdaCountMinSketch.DEFAULT_SEED);
  }

  public static AdaOptions parse(String text) {
    Map<String, String> map = new LinkedHashMap<>();
    if (text != null && !text.isBlank()) {
      for (String part : text.split(",")) {
        int eq = part.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException("Ada-CMS option '" + part.trim() + "' is not key=value: write e.g."
              + " 'f=exp:1.0015, unit=1 hour, memory_kb=300'");
        }
        map.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
      }
    }
    return parse(map);
  }

  public static AdaOptions parse(Map<String, String> options) {
    Map<String, String> o = new LinkedHashMap<>();
    options.forEach((k, v) -> o.put(k.trim().toLowerCase(Locale.ROOT), v == null ? null : v.trim()));
    for (String key : o.keySet()) {
      if (!java.util.Set.of("memory_kb", "unit", "origin", "f", "gamma", "horizon", "levels", "depth").contains(key)) {
        throw new IllegalArgumentException("unknown Ada-CMS option '" + key
            + "': use memory_kb, unit, origin, f, gamma, horizon, levels or depth");
      }
    }
    long memoryKb = MemoryBudget.checkKb("Ada-CMS option memory_kb", longOption(o, "memory_kb", 300));
    long unitMillis = o.containsKey("unit") ? parseUnit(o.get("unit")) : TimeUnitSpec.HOUR_MILLIS;
    long origin = o.containsKey("origin") ? parseInstant(o.get("origin")) : 0L;
    TimeWeight weight;
    if (o.containsKey("gamma")) {
      if (o.containsKey("f")) {
        throw new IllegalArgumentException("give either f or gamma, not both: gamma chooses f = exp:A for you");
      }
      double gamma = doubleOption(o, "gamma");
      long horizon = longOption(o, "horizon", DEFAULT_HORIZON);
      if (horizon < 1 || horizon > MAX_HORIZON) {
        throw new IllegalArgumentException("Ada-CMS option horizon=" + horizon + " must be between 1 and "
            + MAX_HORIZON + " time units");
      }
      weight = TimeWeight.exponentialForGamma(gamma, horizon);
    } else {
      if (o.containsKey("horizon")) {
        throw new IllegalArgumentException("Ada-CMS option horizon only sets how gamma picks f: give gamma with it"
            + " (e.g. 'gamma=2, horizon=168'), or drop it");
      }
      weight = o.containsKey("f") ? TimeWeight.parse(o.get("f")) : TimeWeight.defaultExponential();
    }
    // the sketch checks levels in [1, 48] and depth in [1, 32]; a value past an int must not wrap into that range
    int levels = intOption(o, "levels", AdaCountMinSketch.DEFAULT_LEVELS);
    int depth = intOption(o, "depth", AdaCountMinSketch.DEFAULT_DEPTH);
    AdaOptions parsed = new AdaOptions(memoryKb * 1024, new TimeUnitSpec(unitMillis, origin), weight, levels, depth);
    parsed.newSketch(); // validates depth, levels and budget now rather than in the first task
    return parsed;
  }

  /** Parses "1 hour", "30 minutes", "1d", "15m", "500 ms", or a bare number of milliseconds. */
  static long parseUnit(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    int i = 0;
    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
      i++;
    }
    try {
      double n = Double.parseDouble(s.substring(0, i));
      String word = s.substring(i).trim();
      long ms = switch (word) {
        case "", "ms", "millisecond", "milliseconds" -> 1L;
        case "s", "sec", "second", "seconds" -> 1_000L;
        case "m", "min", "minute", "minutes" -> 60_000L;
        case "h", "hour", "hours" -> 3_600_000L;
        case "d", "day", "days" -> 86_400_000L;
        case "w", "week", "weeks" -> 7 * 86_400_000L;
        default -> throw new NumberFormatException();
      };
      long unit = Math.round(n * ms);
      if (unit < 1) {
        throw new NumberFormatException();
      }
      return unit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("time unit '" + text + "' is not a duration: use e.g. '1 hour', '15 minutes'"
          + " or '1 day'");
    }
  }

  static long parseInstant(String text) {
    String s = text.trim();
    try {
      if (s.matches("-?\\d+")) {
        return Long.parseLong(s);
      }
      if (s.length() == 10) {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      return Instant.parse(s.replace(' ', 'T').endsWith("Z") || s.contains("+") ? s.replace(' ', 'T')
          : s.replace(' ', 'T') + "Z").toEpochMilli();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("origin '" + text + "' is not a date or instant: use e.g. 2026-01-01,"
          + " 2026-01-01T00:00:00Z or epoch milliseconds");
    }
  }

  private static long longOption(Map<String, String> o, String key, long dflt) {
    if (!o.containsKey(key)) {
      return dflt;
    }
    try {
      return Long.parseLong(o.get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Ada-CMS option " + key + "='" + o.get(key) + "' is not an integer");
    }
  }

  private static int intOption(Map<String, String> o, String key, int dflt) {
    long v = longOption(o, key, dflt);
    if (v < 1 || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Ada-CMS option " + key + "=" + v + " must be a positive integer");
    }
    return (int) v;
  }

  private static double doubleOption(Map<String, String> o, String key) {
    try {
      return Double.parseDouble(o.get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Ada-CMS option " + key + "='" + o.get(key) + "' is not a number");
    }
  }
}
