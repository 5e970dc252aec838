package io.sketchbricks.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Exact truth for inputs too big for one JVM: per-item counts as a distributed aggregation (the in-JVM
 * counterpart for file streams is {@code io.sketchbricks.metrics.ExactCounts} in the jobs module). NULL items
 * are not counted, as the sketch aggregates skip them.
 */
public final class ExactCounts {
  private ExactCounts() {}

  /** Columns {@code item} (the input column's values) and {@code count} (BIGINT), one row per distinct item. */
  public static Dataset<Row> of(Dataset<Row> clicks, String itemColumn) {
    return clicks.where(col(itemColumn).isNotNull())
        .groupBy(col(itemColumn).as("item"))
        .agg(count("*").as("count"));
  }
}
