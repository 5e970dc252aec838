package io.sketchbricks.ucl;

/**
 * The sizes of a UCL-sketch's data plane and its snapshot schedule, with their memory accounting.
 *
 * <p>Accounting (bytes of the data plane; what the memory budget buys):
 * <ul>
 *   <li>heavy filter: 16 per slot (an 8-byte key hash and two 4-byte counters, val and neg);</li>
 *   <li>Count-Min part: 4 per counter, {@code depth x width};</li>
 *   <li>Bloom filter: {@code ceil(bits / 8)}.</li>
 * </ul>
 * The key list and the solver parameters are control-plane state and are reported separately
 * ({@link UclSketch#keyListBytes()}, {@link UclModel#parameterBytes()}), as in the reference code, which also leaves them out of the budget.
 *
 * <p>Sizes are primes, as in the reference code ({@code calNextPrime}). {@link #ofSizes} rounds each requested
 * size up to the next prime (so 1200, 512, 390000 give the notebook's 1201, 521, 390001); {@link #forBudget}
 * rounds down, so the data plane never exceeds the budget, and by default divides it differently from the
 * notebook (see {@link Split}).
 *
 * @param hfSlots heavy-filter slots (one key each)
 * @param depth Count-Min rows
 * @param width Count-Min columns per row
 * @param bfBits Bloom filter bits
 * @param bfHashes Bloom filter hash functions
 * @param interval arrivals between two snapshots of the Count-Min counters
 * @param window snapshots kept (the oldest is dropped when a new one arrives)
 */
public record UclConfig(int hfSlots, int depth, int width, int bfBits, int bfHashes, int interval, int window) {
  public static final int DEFAULT_DEPTH = 4;
  public static final int DEFAULT_BF_HASHES = 8;
  public static final int DEFAULT_INTERVAL = 1000;
  public static final int DEFAULT_WINDOW = 128;
  /** Upper bounds that keep every array index and the serialized form within an int. */
  static final int MAX_DEPTH = 16;
  static final int MAX_WINDOW = 4096;

  /**
   * How {@link #forBudget} divides a data-plane budget between heavy filter, Count-Min part and Bloom filter.
   *
   * <p>{@link #NOTEBOOK} is the reference notebook's configuration (1201 slots, 4 x 521 counters, 390,001 bits,
   * 8 Bloom hashes) priced with this accounting: 19,216 + 8,336 + 48,751 bytes, i.e. 25.2 %, 10.9 % and 63.9 %.
   * It spends two thirds of the budget on the Bloom filter, which only decides whether a key is new to the key
   * list, and leaves the equations a solver works from to a tenth of it: at 88 KB, 4 x 617 counters for 43 k
   * tracked keys. {@link #DEFAULT} gives the counters 80 % (10 % heavy filter, 10 % Bloom filter with 2 hashes, the
   * better count for the 2 to 4 bits per key it then has). More keys are then missed by the Bloom filter (they are
   * answered 1, the count most such keys have, and their arrivals stay in the counters), but the system is
   * 6 to 7 times better determined, and the decodes' AAE was lower on every stream compared (README, "Measured
   * here": the UCL-sketch table and "Design choices, measured").
   */
  public enum Split {
    DEFAULT(0.10, 0.80, 2),
    NOTEBOOK(19_216.0 / 76_303, 8_336.0 / 76_303, DEFAULT_BF_HASHES);

    final double heavyFilterShare;
    final double countMinShare;
    final int bloomHashes;

    Split(double heavyFilterShare, double countMinShare, int bloomHashes) {
      this.heavyFilterShare = heavyFilterShare;
      this.countMinShare = countMinShare;
      this.bloomHashes = bloomHashes;
    }

    /** Parses default or notebook (case-insensitive). */
    public static Split of(String name) {
      for (Split s : values()) {
        if (s.name().equalsIgnoreCase(name.trim())) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown UCL memory split '" + name + "': use default or notebook");
    }
  }

  public UclConfig {
    check(hfSlots >= 1, "hfSlots " + hfSlots + " must be >= 1");
    check(depth >= 1 && depth <= MAX_DEPTH, "depth " + depth + " must be in [1, " + MAX_DEPTH + "]");
    check(width >= 1 && (long) width * depth <= Integer.MAX_VALUE / 8,
        "width " + width + " must be >= 1 and depth x width below 2^28");
    check(bfBits >= 1, "bfBits " + bfBits + " must be >= 1");
    check(bfHashes >= 1 && bfHashes <= 32, "bfHashes " + bfHashes + " must be in [1, 32]");
    check(interval >= 1, "interval " + interval + " must be >= 1 arrival");
    check(window >= 1 && window <= MAX_WINDOW, "window " + window + " must be in [1, " + MAX_WINDOW + "] snapshots");
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * Explicit sizes, each rounded up to the next prime, with depth 4, 8 Bloom hashes, a snapshot every 1000
   * arrivals and a window of 128 snapshots.
   */
  public static UclConfig ofSizes(int hfSlots, int width, int bfBits) {
    return new UclConfig(nextPrime(hfSlots), DEFAULT_DEPTH, nextPrime(width), nextPrime(bfBits), DEFAULT_BF_HASHES,
        DEFAULT_INTERVAL, DEFAULT_WINDOW);
  }

  /** {@link #forBudget(long, Split)} with the {@link Split#DEFAULT} split. */
  public static UclConfig forBudget(long memoryBytes) {
    return forBudget(memoryBytes, Split.DEFAULT);
  }

  /**
   * Splits a data-plane budget between heavy filter, Count-Min part and Bloom filter (see {@link Split}), each
   * size rounded down to a prime, so {@link #dataPlaneBytes()} &lt;= {@code memoryBytes}; depth 4, a snapshot
   * every 1000 arrivals, a window of 128. With {@link Split#NOTEBOOK} the notebook's own total, 76,303 bytes,
   * gives back its sizes (1201 slots, 4 x 521 counters, 390,001 bits); 88.5 KiB (90,624 bytes) gives 1423,
   * 4 x 617 and 463,867. With {@link Split#DEFAULT}, 88.5 KiB gives 563 slots, 4 x 4523 and 73,973 bits.
   *
   * @throws IllegalArgumentException if the budget is below 1 KiB (too small for a meaningful split)
   */
  public static UclConfig forBudget(long memoryBytes, Split split) {
    if (memoryBytes < 1024 || memoryBytes > (1L << 31)) {
      throw new IllegalArgumentException("UCL memory budget of " + memoryBytes
          + " bytes is outside [1 KiB, 2 GiB]: give a budget in that range");
    }
    int slots = prevPrime((int) (memoryBytes * split.heavyFilterShare / 16));
    int width = prevPrime((int) (memoryBytes * split.countMinShare / (4.0 * DEFAULT_DEPTH)));
    long rest = memoryBytes - 16L * slots - 4L * DEFAULT_DEPTH * width;
    int bits = prevPrime((int) Math.min(Integer.MAX_VALUE - 64, rest * 8));
    return new UclConfig(slots, DEFAULT_DEPTH, width, bits, split.bloomHashes, DEFAULT_INTERVAL, DEFAULT_WINDOW);
  }

  /** The same sizes with another snapshot schedule. */
  public UclConfig withSnapshots(int interval, int window) {
    return new UclConfig(hfSlots, depth, width, bfBits, bfHashes, interval, window);
  }

  public long heavyFilterBytes() {
    return 16L * hfSlots;
  }

  public long countMinBytes() {
    return 4L * depth * width;
  }

  public long bloomBytes() {
    return (bfBits + 7L) / 8;
  }

  /** Heavy filter + Count-Min + Bloom filter, as the budget is accounted. */
  public long dataPlaneBytes() {
    return heavyFilterBytes() + countMinBytes() + bloomBytes();
  }

  /** Counters per snapshot: {@code depth x width}, the measurement vector length M. */
  public int cells() {
    return depth * width;
  }

  /** The smallest prime &gt;= n (2 for n &lt;= 2). */
  public static int nextPrime(int n) {
    int p = Math.max(2, n);
    while (!isPrime(p)) {
      p = Math.addExact(p, 1);
    }
    return p;
  }

  /** The largest prime &lt;= n, or 2 when n &lt; 3. */
  public static int prevPrime(int n) {
    int p = n;
    while (p > 2 && !isPrime(p)) {
      p--;
    }
    return Math.max(2, p);
  }

  static boolean isPrime(int n) {
    if (n < 2) {
      return false;
    }
    if (n % 2 == 0) {
      return n == 2;
    }
    // unlike the reference isPrime, the square root itself is tried, so 9, 25, 49 ... are not primes here
    for (int d = 3; (long) d * d <= n; d += 2) {
      if (n % d == 0) {
        return false;
      }
    }
    return true;
  }
}
