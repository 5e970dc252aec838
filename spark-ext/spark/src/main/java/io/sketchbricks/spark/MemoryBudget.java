package io.sketchbricks.spark;

/**
 * The memory range of a sketch built by a Spark aggregate (cms_agg, cs_agg, cu_agg, elastic_agg, ada_cms_agg and
 * the jobs that run them): 1 KB to {@value #MAX_KB} KB (16 MiB), checked when the query is analysed.
 *
 * <p>Why 16 MiB. A sketch is one BINARY value, and the aggregation holds several copies of it at once: the live
 * counters of each group, the serialised partial buffer (Java serialisation into a byte array that doubles as it
 * grows), the row that carries it through the shuffle, the copy read back on the merging side and the final
 * BINARY. Building, merging and estimating sketches of every kind on two tasks at once, 16 MiB sketches fit in a
 * 1 GB heap and 64 MiB ones did not (README, "Measured here", "Design choices, measured"). So a running task
 * needs at most about 15 times its sketch: the launcher's 4 GB heap runs local[*], one task per core, and 16 MiB
 * keeps every kind working up to about 16 cores (a cluster executor wants about 250 MB per core at the maximum).
 * Past 2 GiB nothing can work (Java arrays and Spark's rows end there). 16 MiB is still a Count-Min of 1.4 million
 * counters per row: an error bound (e / width) of 2e-6 of the stream. GROUP BY holds one sketch per group in
 * flight (up to 128 per task before Spark falls back to sorting), so many groups want far smaller sketches.
 */
public final class MemoryBudget {
  public static final long MIN_KB = 1;
  public static final long MAX_KB = 16 * 1024;

  private MemoryBudget() {}

  /**
   * Refuses a memory budget outside the range.
   *
   * @param what how the caller names it, e.g. {@code "cms_agg: memory_kb"} or {@code "--memory-kb"}
   */
  public static long checkKb(String what, long kb) {
    if (kb < MIN_KB || kb > MAX_KB) {
      throw new IllegalArgumentException(what + " must be between " + MIN_KB + " and " + MAX_KB + " (16 MiB: the"
          + " aggregation copies each sketch several times per core, and larger ones exhaust a 4 GB heap), got " + kb);
    }
    return kb;
  }

  /** The same range in bytes, for the DataFrame API that takes a byte budget. */
  public static long checkBytes(String what, long bytes) {
    if (bytes < 1 || bytes > MAX_KB * 1024) {
      throw new IllegalArgumentException(what + " must be between 1 and " + (MAX_KB * 1024) + " bytes (16 MiB:"
          + " the aggregation copies each sketch several times per core, and larger ones exhaust a 4 GB heap), got "
          + bytes);
    }
    return bytes;
  }
}
