package io.sketchbricks.sql;

import io.sketchbricks.core.Sketch;
import io.sketchbricks.frequency.FrequentItemsSketch;
import io.sketchbricks.spark.FrequentItemsAggregator;
import io.sketchbricks.spark.SketchCache;
import io.sketchbricks.spark.compat.CatalystFunctions;
import io.sketchbricks.spark.compat.Columns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import org.apache.spark.sql.expressions.UserDefinedAggregator;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Top items in SQL, on DataSketches' frequent-items sketch ({@link FrequentItemsSketch}):
 *
 * <pre>
 *   frequent_items_agg(item[, max_items])  -- BINARY frequent-items sketch (merge with sketch_merge_agg)
 *   frequent_items(sketch, k)              -- ARRAY(STRUCT(item, estimate, lower, upper)), most frequent first
 * </pre>
 */
final class FrequentItemsFunctions {
  static final StructType ITEM_TYPE = new StructType()
      .add("item", DataTypes.StringType)
      .add("estimate", DataTypes.LongType)
      .add("lower", DataTypes.LongType)
      .add("upper", DataTypes.LongType);
  static final ArrayType TOP_TYPE = DataTypes.createArrayType(ITEM_TYPE, false);
  /** The most rows one frequent_items call returns: a sketch never holds more counters than this. */
  static final int MAX_K = FrequentItemsSketch.MAX_MAX_ITEMS;

  private FrequentItemsFunctions() {}

  private static final SparkUserDefinedFunction TOP = (SparkUserDefinedFunction) functions.udf(
      (UDF2<byte[], Integer, List<Row>>) FrequentItemsFunctions::top, TOP_TYPE).withName("frequent_items");

  static List<SqlFunction> all() {
    return List.of(
        new SqlFunction("frequent_items_agg", "_FUNC_(item[, max_items]) - Builds a frequent-items sketch (DataSketches)"
            + " keeping max_items counters (1 to " + FrequentItemsSketch.MAX_MAX_ITEMS + ", default "
            + FrequentItemsSketch.DEFAULT_MAX_ITEMS + "); returns BINARY. Items are STRING, integral ones as their"
            + " decimal string. Every count lies within 3.5 N / M of the truth (M = map size, the power of two"
            + " >= max_items / 0.75). NULL and empty items are skipped.",
            args -> {
              SketchFunctions.requireArgs("frequent_items_agg", args, 1, 2);
              long maxItems = args.size() == 2
                  ? SketchFunctions.constantLong("frequent_items_agg", "max_items", args.get(1))
                  : FrequentItemsSketch.DEFAULT_MAX_ITEMS;
              if (maxItems < 1 || maxItems > FrequentItemsSketch.MAX_MAX_ITEMS) {
                throw new IllegalArgumentException("frequent_items_agg: max_items " + maxItems + " must be in [1, "
                    + FrequentItemsSketch.MAX_MAX_ITEMS + "]");
              }
              Expression item = FrequentItemsAggregator.itemArgument("frequent_items_agg", args.get(0));
              return CatalystFunctions.aggregate(
                  ((UserDefinedAggregator<?, ?, ?>) functions.udaf(new FrequentItemsAggregator((int) maxItems),
                      Encoders.STRING())).withName("frequent_items_agg"), List.of(item));
            }),
        new SqlFunction("frequent_items", "_FUNC_(sketch, k) - The k most frequent items of a frequent-items sketch"
            + " as ARRAY(STRUCT(item, estimate, lower, upper)), largest estimate first; the true count lies in"
            + " [lower, upper]. Every item whose count exceeds the sketch's maximum error is listed (no false"
            + " negatives). NULL if either argument is NULL.",
            args -> {
              SketchFunctions.requireArgs("frequent_items", args, 2, 2);
              Expression sketch = SketchFunctions.requireType("frequent_items", "sketch", args.get(0),
                  DataTypes.BinaryType);
              Expression k = Columns.cast(args.get(1), DataTypes.IntegerType);
              return CatalystFunctions.scalar(TOP, List.of(sketch, k));
            }));
  }

  static List<Row> top(byte[] sketchBytes, Integer k) {
    if (sketchBytes == null || k == null) {
      return null;
    }
    if (k < 0 || k > MAX_K) {
      throw new IllegalArgumentException("frequent_items: k " + k + " must be in [0, " + MAX_K + "]");
    }
    Sketch s = SketchCache.read(sketchBytes);
    if (!(s instanceof FrequentItemsSketch f)) {
      throw new IllegalArgumentException("frequent_items reads frequent-items sketches (from frequent_items_agg),"
          + " not a " + s.kind().sqlName() + " sketch");
    }
    List<Row> rows = new ArrayList<>();
    for (FrequentItemsSketch.Item it : f.topItems(k)) {
      rows.add(RowFactory.create(it.item(), it.estimate(), it.lower(), it.upper()));
    }
    return rows;
  }
}
