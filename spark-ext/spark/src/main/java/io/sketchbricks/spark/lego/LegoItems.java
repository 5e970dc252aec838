package io.sketchbricks.spark.lego;

import io.sketchbricks.lego.LegoHash;
import net.openhft.hashing.Access;
import net.openhft.hashing.LongHashFunction;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Lego item ids ({@link LegoHash#idOf}) of Spark values, without copying: a STRING or BINARY cell is hashed
 * where it lies (inside an UnsafeRow or a UTF8String), which is what keeps the aggregate free of per-row
 * allocation. Integral items are their own id. The ids equal {@code LegoHash.idOf} of the same value as a Java
 * String, byte[] or Long, so a sketch built in Spark answers like one built in the JVM.
 */
public final class LegoItems {
  private static final LongHashFunction XX3 = LongHashFunction.xx3(LegoHash.ITEM_SEED);
  private static final Access<Object> UNSAFE = Access.unsafe();

  private LegoItems() {}

  /**
   * The id of {@code length} bytes at {@code offset} of {@code base} (an on-heap array with Spark's
   * {@code Platform} offsets, or null and an address).
   */
  public static long idOfBytes(Object base, long offset, int length) {
    return XX3.hash(base, UNSAFE, offset, length);
  }

  /** The id of a Catalyst item value (UTF8String, byte[], Long, Integer, Short, Byte); null for NULL or empty. */
  public static Long idOfCatalyst(Object value) {
    if (value instanceof UTF8String s) {
      return s.numBytes() == 0 ? null : idOfBytes(s.getBaseObject(), s.getBaseOffset(), s.numBytes());
    }
    if (value == null || (value instanceof byte[] b && b.length == 0)) {
      return null;
    }
    return LegoHash.idOf(value);
  }

  /** The id of a Row item value (String, byte[], Long, Integer, Short, Byte); null for NULL or empty. */
  public static Long idOfRowValue(Object value) {
    if (value == null || (value instanceof String s && s.isEmpty()) || (value instanceof byte[] b && b.length == 0)) {
      return null;
    }
    return LegoHash.idOf(value);
  }
}
