package io.sketchbricks.spark;

import io.sketchbricks.frequency.FrequentItemsSketch;
import io.sketchbricks.spark.compat.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;

/**
 * Builds a frequent-items sketch per partition (and group) and merges the partials: the engine of
 * {@code frequent_items_agg}. The buffer travels between stages as the sketch's own bytes.
 *
 * <p>Items are STRING. An integral column is taken as its decimal string, so 7, 7L and '7' are one item (the top
 * list answers strings); BINARY items are refused (the list could not show them: use hex() or base64()).
 */
public final class FrequentItemsAggregator extends SketchAggregator<String, FrequentItemsSketch> {
  private static final long serialVersionUID = 1L;

  private final int maxItems;

  public FrequentItemsAggregator(int maxItems) {
    FrequentItemsSketch.lgMapSizeFor(maxItems); // validate now, on the driver, not in the first task
    this.maxItems = maxItems;
  }

  /** The item column as STRING: integral types as their decimal strings, a NULL literal as a NULL string. */
  public static Expression itemArgument(String function, Expression item) {
    DataType t = item.dataType();
    if (t instanceof StringType) {
      return item;
    }
    if (t instanceof NullType || t instanceof LongType || t instanceof IntegerType || t instanceof ShortType
        || t instanceof ByteType) {
      return Columns.cast(item, DataTypes.StringType);
    }
    throw new IllegalArgumentException(function + ": item must be STRING or an integral type (taken as its decimal"
        + " string), but " + item.sql() + " is " + t.sql() + "; cast it, e.g. " + function + "(hex(" + item.sql()
        + ")) for BINARY");
  }

  /** {@code frequent_items_agg(item, maxItems)} as a column of a resolved item column (see {@link #itemArgument}). */
  public static Column sketch(int maxItems, Column item) {
    Expression widened = itemArgument("frequent_items_agg", Columns.expression(item));
    return org.apache.spark.sql.functions.udaf(new FrequentItemsAggregator(maxItems), Encoders.STRING())
        .withName("frequent_items_agg")
        .apply(Columns.column(widened));
  }

  @Override
  protected FrequentItemsSketch newSketch() {
    return new FrequentItemsSketch(maxItems);
  }

  @Override
  protected void add(FrequentItemsSketch sketch, String item) {
    sketch.add(item, 1);
  }
}
