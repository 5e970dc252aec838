package io.sketchbricks.lego;

import io.sketchbricks.hash.ItemHash;

/**
 * The Lego sketch's hashes: the reference implementation's evaluation hash ("CUDAHash"), a murmur3-fmix32-style
 * finaliser applied to {@code x * a + b} in signed 64-bit arithmetic with arithmetic shifts, then reduced modulo
 * the range. Java's {@code long} with {@code >>} is bit-identical to the reference C kernel.
 *
 * <p>Each item needs 11 hashes: 5 into the 80-entry vector V (embedding), 5 columns (one per brick row) and one
 * brick choice. The constants are the reference's, so a model trained there addresses memory the same way here.
 *
 * <p>The hash takes a 64-bit item id. Integral items are their own id; strings and byte arrays are first hashed
 * to 64 bits with {@link ItemHash} under the fixed seed {@link #ITEM_SEED}, so ids are the same in every JVM.
 */
public final class LegoHash {
  /** Seed for turning non-integral items into 64-bit ids; fixed because ids must agree across builds. */
  public static final long ITEM_SEED = 0x4C45474FL; // "LEGO"

  static final long[] EMBED_A = {57251, 84857, 100907, 80557, 74959};
  static final long[] EMBED_B = {33757, 24851, 36931, 50767, 70793};
  static final long[] COLUMN_A = {69389, 58031, 39841, 28643, 19777};
  static final long[] COLUMN_B = {48193, 56383, 63473, 69473, 81761};
  static final long BRICK_A = 80489;
  static final long BRICK_B = 61297;

  private LegoHash() {}

  /** The reference hash of one (a, b) pair, reduced into [0, range). */
  public static int hash(long x, long a, long b, int range) {
    long h = x * a + b;
    h ^= h >> 16;
    h *= 0x85ebca6bL;
    h ^= h >> 13;
    h *= 0xc2b2ae35L;
    h ^= h >> 16;
    // the shifted XOR clears the sign bit, so h >= 0 already; floorMod guards the reduction anyway
    return (int) Math.floorMod(h, (long) range);
  }

  /** Index into V of embedding hash {@code r} (0..4). */
  public static int embedIndex(long id, int r) {
    return hash(id, EMBED_A[r], EMBED_B[r], LegoModel.V_SIZE);
  }

  /** Column of the item in brick row {@code r} (0..4). */
  public static int column(long id, int r) {
    return hash(id, COLUMN_A[r], COLUMN_B[r], Brick.COLUMNS);
  }

  /** The item's column in each brick row, into {@code cols} (length {@link LegoModel#ROWS}). */
  static void columns(long id, int[] cols) {
    for (int r = 0; r < LegoModel.ROWS; r++) {
      cols[r] = column(id, r);
    }
  }

  /** Brick of the item among {@code bricks}; always 0 for a single brick, as in the reference. */
  public static int brick(long id, int bricks) {
    return bricks == 1 ? 0 : hash(id, BRICK_A, BRICK_B, bricks);
  }

  /**
   * The 64-bit id of an item: Long, Integer, Short and Byte are their own value; String (as UTF-8) and byte[]
   * are hashed with {@link ItemHash} under {@link #ITEM_SEED}.
   *
   * @throws IllegalArgumentException for null, empty or unsupported items
   */
  public static long idOf(Object item) {
    if (item instanceof Long || item instanceof Integer || item instanceof Short || item instanceof Byte) {
      return ((Number) item).longValue();
    }
    if ((item instanceof String s && s.isEmpty()) || (item instanceof byte[] b && b.length == 0)) {
      throw new IllegalArgumentException("item is empty: an empty string or byte array is not an item; filter it out");
    }
    return ItemHash.hashObject(item, ITEM_SEED);
  }
}
