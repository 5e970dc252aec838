package io.sketchbricks.hash;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import net.openhft.hashing.LongHashFunction;

/**
 * Seeded 64-bit item hashing shared by every sketch (XXH3 from zero-allocation-hashing).
 *
 * <p>Three item types are supported: {@code long} (ints and other integral values widen to long),
 * {@link String} (hashed as its UTF-8 bytes, so a string and its UTF-8 encoding as {@code byte[]}
 * hash alike) and {@code byte[]}. Sketches hash each item exactly once and derive their row indices
 * from that one 64-bit value with {@link #row(long, int)}.
 */
public final class ItemHash {
  private static final ConcurrentHashMap<Long, LongHashFunction> FUNCTIONS = new ConcurrentHashMap<>();

  private ItemHash() {}

  /** The last hasher handed out: nearly every caller uses one seed, so this skips the boxed map lookup. */
  private static volatile Hasher last = new Hasher(0, LongHashFunction.xx3(0));

  /** The hasher of one seed (cheap to call per item; sketches may also keep theirs in a field). */
  public static Hasher forSeed(long seed) {
    Hasher h = last;
    if (h.seed == seed) {
      return h;
    }
    h = new Hasher(seed, FUNCTIONS.computeIfAbsent(seed, LongHashFunction::xx3));
    last = h;
    return h;
  }

  public static long hash(long item, long seed) {
    return forSeed(seed).hash(item);
  }

  public static long hash(String item, long seed) {
    return forSeed(seed).hash(item);
  }

  public static long hash(byte[] item, long seed) {
    return forSeed(seed).hash(item);
  }

  /**
   * Hashes a boxed item: Long, Integer, Short, Byte, String or byte[].
   *
   * @throws IllegalArgumentException for null, or for any other type
   */
  public static long hashObject(Object item, long seed) {
    return forSeed(seed).hashObject(item);
  }

  /** Item hashing under one seed. */
  public static final class Hasher {
    private final long seed;
    private final LongHashFunction function;

    private Hasher(long seed, LongHashFunction function) {
      this.seed = seed;
      this.function = function;
    }

    public long hash(long item) {
      return function.hashLong(item);
    }

    public long hash(String item) {
      return function.hashBytes(item.getBytes(StandardCharsets.UTF_8));
    }

    public long hash(byte[] item) {
      return function.hashBytes(item);
    }

    /** See {@link ItemHash#hashObject(Object, long)}. */
    public long hashObject(Object item) {
      if (item instanceof String s) {
        return hash(s);
      } else if (item instanceof Long || item instanceof Integer || item instanceof Short || item instanceof Byte) {
        return hash(((Number) item).longValue());
      } else if (item instanceof byte[] b) {
        return hash(b);
      } else if (item == null) {
        throw new IllegalArgumentException("item is null: filter out nulls before adding or querying");
      }
      throw new IllegalArgumentException("unsupported item type " + item.getClass().getName()
          + ": use a String, a byte[] or an integral number (convert other types to String first)");
    }
  }

  /** True for what the aggregates skip and count instead of adding: null, an empty string, an empty byte array. */
  public static boolean isMissing(Object item) {
    return item == null || (item instanceof String s && s.isEmpty()) || (item instanceof byte[] b && b.length == 0);
  }

  /** Returns the item, or throws naming the fix when it is null or empty ({@link #isMissing}). */
  public static <T> T requireItem(T item) {
    if (item == null) {
      throw new IllegalArgumentException("item is null: skip nulls (addNullable and the SQL aggregates do) before"
          + " adding or querying");
    }
    if (isMissing(item)) {
      throw new IllegalArgumentException("item is empty: an empty string or byte array is not an item; filter it"
          + " out (addNullable and the SQL aggregates skip and count such rows)");
    }
    return item;
  }

  /** Hashes an item together with a discrete time unit, for sketches keyed by (item, time). */
  public static long withTime(long itemHash, long time) {
    return mix(itemHash ^ mix(time + 0x632BE59BD9B4E019L));
  }

  /**
   * The {@code row}-th derived hash of an item hash: a splitmix64 finaliser over the item hash and the row,
   * so rows are independent of each other (unlike a*h1+i*h2 double hashing, whose low bits repeat).
   */
  public static long row(long itemHash, int row) {
    return mix(itemHash + (row + 1) * 0x9E3779B97F4A7C15L);
  }

  /** Maps the high 32 bits of a hash uniformly onto [0, range) without a division (Lemire's fast range). */
  public static int index(long rowHash, int range) {
    return (int) (((rowHash >>> 32) * range) >>> 32);
  }

  /** splitmix64's finaliser: a bijective 64-bit mixer. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
