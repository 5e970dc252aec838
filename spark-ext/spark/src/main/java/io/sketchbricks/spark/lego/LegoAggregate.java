package io.sketchbricks.spark.lego;

import io.sketchbricks.spark.compat.JavaChildrenAggregate;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.aggregate.ImperativeAggregate;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@code lego_agg} / {@code d_lego_agg} as a native Catalyst aggregate (like Spark's own {@code hll_sketch_agg}),
 * not a typed {@code Aggregator}: a typed aggregator decodes every STRING cell into a Java String, and the sketch
 * would then encode it back to bytes to hash it. Here a row costs a hash of the cell where it lies in the row
 * ({@link LegoItems}), 11 small integer hashes and 5 float additions, and allocates nothing.
 *
 * <p>Each task fills one {@link LegoAggBuffer} per group, Spark serializes it once at the end of the partial
 * aggregation, and the final aggregation adds the partial sketches brick by brick. Rows with a NULL or empty item
 * or a NULL count are skipped. Written in Java, so the case-class parts Catalyst expects (value equality, the
 * product elements, copies with new children or offsets, and being Serializable to travel in tasks) are spelled
 * out below.
 *
 * <p>Children: the item (STRING, BINARY or integral) and the count (DOUBLE for lego, BIGINT for d-lego; the
 * literal 1 when the call gives none).
 */
public final class LegoAggregate extends JavaChildrenAggregate<LegoAggBuffer> implements Serializable {
  @Serial
  private static final long serialVersionUID = 1L;
  private final Expression item;
  private final Expression count;
  private final LegoAggSpec spec;
  private final String name;
  private final int mutableAggBufferOffset;
  private final int inputAggBufferOffset;
  /** The item's ordinal when it is a plain column reference, read in place from UnsafeRows; -1 otherwise. */
  private final int itemOrdinal;
  private final boolean itemIsBytes;
  /** True when the count is the constant 1: no evaluation per row. */
  private final boolean countIsOne;

  public LegoAggregate(Expression item, Expression count, LegoAggSpec spec, String name, int mutableAggBufferOffset,
      int inputAggBufferOffset) {
    this.item = item;
    this.count = count;
    this.spec = spec;
    this.name = name;
    this.mutableAggBufferOffset = mutableAggBufferOffset;
    this.inputAggBufferOffset = inputAggBufferOffset;
    DataType t = item.dataType();
    this.itemIsBytes = t instanceof StringType || t instanceof BinaryType;
    this.itemOrdinal = item instanceof BoundReference b ? b.ordinal() : -1;
    this.countIsOne = count instanceof Literal l && l.value() instanceof Number n && n.doubleValue() == 1.0;
  }

  /** A fresh aggregate over an item and a count, to wrap with {@code toAggregateExpression()}. */
  public LegoAggregate(Expression item, Expression count, LegoAggSpec spec, String name) {
    this(item, count, spec, name, 0, 0);
  }

  public LegoAggSpec spec() {
    return spec;
  }

  // ---- the aggregation ---------------------------------------------------------------------------------

  @Override
  public LegoAggBuffer createAggregationBuffer() {
    return new LegoAggBuffer(spec);
  }

  @Override
  public LegoAggBuffer update(LegoAggBuffer buffer, InternalRow input) {
    long id;
    if (itemOrdinal >= 0) {
      if (input.isNullAt(itemOrdinal)) {
        return buffer;
      }
      if (itemIsBytes) {
        if (input instanceof UnsafeRow u) {
          // the cell's offset and size, as UnsafeRow.getUTF8String reads them, without the wrapper object
          long offsetAndSize = u.getLong(itemOrdinal);
          int size = (int) offsetAndSize;
          if (size == 0) {
            return buffer;
          }
          id = LegoItems.idOfBytes(u.getBaseObject(), u.getBaseOffset() + (offsetAndSize >>> 32), size);
        } else {
          Long i = LegoItems.idOfCatalyst(item.dataType() instanceof StringType ? input.getUTF8String(itemOrdinal)
              : input.getBinary(itemOrdinal));
          if (i == null) {
            return buffer;
          }
          id = i;
        }
      } else {
        id = integral(input, itemOrdinal, item.dataType());
      }
    } else {
      Object v = item.eval(input);
      Long i = v == null ? null : LegoItems.idOfCatalyst(v);
      if (i == null) {
        return buffer;
      }
      id = i;
    }
    if (countIsOne) {
      buffer.add(id, 1);
    } else {
      Object c = count.eval(input);
      if (c != null) {
        buffer.add(id, ((Number) c).doubleValue());
      }
    }
    return buffer;
  }

  private static long integral(InternalRow row, int ordinal, DataType t) {
    if (t instanceof LongType) {
      return row.getLong(ordinal);
    } else if (t instanceof IntegerType) {
      return row.getInt(ordinal);
    } else if (t instanceof ShortType) {
      return row.getShort(ordinal);
    } else if (t instanceof ByteType) {
      return row.getByte(ordinal);
    }
    throw new IllegalStateException("unexpected item type " + t.sql());
  }

  @Override
  public LegoAggBuffer merge(LegoAggBuffer buffer, LegoAggBuffer input) {
    return buffer.merge(input);
  }

  @Override
  public Object eval(LegoAggBuffer buffer) {
    return buffer.result();
  }

  @Override
  public byte[] serialize(LegoAggBuffer buffer) {
    return buffer.serialize();
  }

  @Override
  public LegoAggBuffer deserialize(byte[] bytes) {
    return LegoAggBuffer.deserialize(spec, bytes);
  }

  // ---- the expression ----------------------------------------------------------------------------------

  @Override
  public DataType dataType() {
    return DataTypes.BinaryType;
  }

  @Override
  public boolean nullable() {
    return false;
  }

  @Override
  protected List<Expression> childList() {
    return List.of(item, count);
  }

  @Override
  protected LegoAggregate withChildList(List<Expression> newChildren) {
    return new LegoAggregate(newChildren.get(0), newChildren.get(1), spec, name, mutableAggBufferOffset,
        inputAggBufferOffset);
  }

  @Override
  public String prettyName() {
    return name;
  }

  @Override
  public int mutableAggBufferOffset() {
    return mutableAggBufferOffset;
  }

  @Override
  public ImperativeAggregate withNewMutableAggBufferOffset(int offset) {
    return new LegoAggregate(item, count, spec, name, offset, inputAggBufferOffset);
  }

  @Override
  public int inputAggBufferOffset() {
    return inputAggBufferOffset;
  }

  @Override
  public ImperativeAggregate withNewInputAggBufferOffset(int offset) {
    return new LegoAggregate(item, count, spec, name, mutableAggBufferOffset, offset);
  }

  // ---- what a Scala case class would generate ------------------------------------------------------------

  @Override
  public int productArity() {
    return 6;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> item;
      case 1 -> count;
      case 2 -> spec;
      case 3 -> name;
      case 4 -> mutableAggBufferOffset;
      case 5 -> inputAggBufferOffset;
      default -> throw new IndexOutOfBoundsException(n);
    };
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof LegoAggregate;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LegoAggregate a && a.item.equals(item) && a.count.equals(count) && a.spec.equals(spec)
        && a.name.equals(name) && a.mutableAggBufferOffset == mutableAggBufferOffset
        && a.inputAggBufferOffset == inputAggBufferOffset;
  }

  @Override
  public int hashCode() {
    return Objects.hash(item, count, spec, name, mutableAggBufferOffset, inputAggBufferOffset);
  }
}
