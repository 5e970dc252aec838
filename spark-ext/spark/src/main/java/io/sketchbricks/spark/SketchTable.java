package io.sketchbricks.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.window;

import io.sketchbricks.core.SketchKind;
import io.sketchbricks.frequency.FrequentItemsSketch;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.spark.lego.LegoAggregates;
import io.sketchbricks.spark.lego.LegoModelTable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta sketch table: one row per (time window, group, sketch kind) with columns {@code window_start},
 * {@code window_end}, {@code grp} (NULL without a group column), {@code kind}, {@code params}, {@code events}
 * and {@code sketch} (BINARY).
 *
 * <p>Writing replaces exactly the windows and kinds being written (Delta {@code replaceWhere}), so re-running a
 * window leaves no duplicates, and every earlier state of the table stays readable by time travel.
 */
public final class SketchTable {
  public static final StructType SCHEMA = new StructType()
      .add("window_start", DataTypes.TimestampType)
      .add("window_end", DataTypes.TimestampType)
      .add("grp", DataTypes.StringType)
      .add("kind", DataTypes.StringType)
      .add("params", DataTypes.StringType)
      .add("events", DataTypes.LongType)
      .add("sketch", DataTypes.BinaryType);

  private SketchTable() {}

  /**
   * What to build.
   *
   * @param kinds sketch kinds by SQL name (cms, cs, cu, elastic, ada-cms, lego, d-lego, frequent-items)
   * @param memoryKb memory of each sketch
   * @param window a Spark interval string, e.g. "1 day" or "1 hour"
   * @param itemColumn the item column of the click log
   * @param timeColumn its timestamp column
   * @param groupColumn an optional extra grouping column, or null
   * @param adaOptions options of ada-cms sketches ({@link AdaOptions}; memory_kb defaults to memoryKb), or null
   * @param legoModel the model of lego and d-lego sketches: its id (16 hex digits), or null for the default model
   * @param maxItems counters of frequent-items sketches (memoryKb does not apply to them)
   */
  public record Spec(List<String> kinds, int memoryKb, String window, String itemColumn, String timeColumn,
      String groupColumn, String adaOptions, String legoModel, int maxItems) {
    public Spec(List<String> kinds, int memoryKb, String window, String itemColumn, String timeColumn,
        String groupColumn, String adaOptions, String legoModel) {
      this(kinds, memoryKb, window, itemColumn, timeColumn, groupColumn, adaOptions, legoModel,
          FrequentItemsSketch.DEFAULT_MAX_ITEMS);
    }

    public Spec(List<String> kinds, int memoryKb, String window, String itemColumn, String timeColumn,
        String groupColumn) {
      this(kinds, memoryKb, window, itemColumn, timeColumn, groupColumn, null, null);
    }

    public Spec(List<String> kinds, int memoryKb, String window, String itemColumn, String timeColumn,
        String groupColumn, String adaOptions) {
      this(kinds, memoryKb, window, itemColumn, timeColumn, groupColumn, adaOptions, null);
    }

    AdaOptions ada() {
      String o = adaOptions == null ? "" : adaOptions;
      return AdaOptions.parse(o.contains("memory_kb") ? o : (o.isBlank() ? "" : o + ",") + "memory_kb=" + memoryKb);
    }
  }

  /** Aggregates a click log into sketch rows (lazily: nothing runs until the result is written or collected). */
  public static Dataset<Row> build(Dataset<Row> clicks, Spec spec) {
    requireColumn(clicks, spec.itemColumn(), "item");
    DataType timeType = requireColumn(clicks, spec.timeColumn(), "time");
    if (!(timeType.equals(DataTypes.TimestampType) || timeType.equals(DataTypes.DateType))) {
      throw new IllegalArgumentException("time column '" + spec.timeColumn() + "' is " + timeType.sql()
          + ", not a TIMESTAMP: cast it first (e.g. to_timestamp(col)) or name another with --time-col");
    }
    if (spec.groupColumn() != null) {
      requireColumn(clicks, spec.groupColumn(), "group");
    }
    List<Column> groups = new ArrayList<>();
    groups.add(window(col(spec.timeColumn()), spec.window()).as("w"));
    groups.add(spec.groupColumn() == null ? lit(null).cast("string").as("grp")
        : col(spec.groupColumn()).cast("string").as("grp"));
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(expr("count(*)").as("events"));
    List<SketchKind> kinds = spec.kinds().stream().map(SketchKind::ofName).distinct().toList();
    LegoModel legoModel = kinds.contains(SketchKind.LEGO) || kinds.contains(SketchKind.D_LEGO)
        ? LegoModelTable.resolve(clicks.sparkSession(), spec.legoModel(), "build-sketches") : null;
    for (int i = 0; i < kinds.size(); i++) {
      Column sketch = aggregate(kinds.get(i), spec, clicks, legoModel);
      aggregates.add(sketch.as("s" + i));
    }
    Dataset<Row> wide = clicks.groupBy(groups.toArray(Column[]::new))
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
    // one row per kind: stack the per-kind sketch columns
    StringBuilder stack = new StringBuilder("stack(" + kinds.size());
    for (int i = 0; i < kinds.size(); i++) {
      stack.append(", '").append(kinds.get(i).sqlName()).append("', s").append(i);
    }
    stack.append(") AS (kind, sketch)");
    String params = "memory_kb=" + spec.memoryKb() + ",window=" + spec.window()
        + (spec.groupColumn() == null ? "" : ",group_by=" + spec.groupColumn())
        + (kinds.contains(SketchKind.ADA_CMS) ? ",ada=" + describe(spec.ada()) : "")
        + (legoModel != null ? ",lego_model=" + legoModel.idHex() : "")
        + (kinds.contains(SketchKind.FREQUENT_ITEMS) ? ",max_items=" + spec.maxItems() : "");
    return wide.selectExpr("w.start AS window_start", "w.end AS window_end", "grp", "events", stack.toString())
        .select(col("window_start"), col("window_end"), col("grp"), col("kind"), lit(params).as("params"),
            col("events"), col("sketch"));
  }

  /** The aggregate that builds one kind's sketch column: the classic kinds share one, the others have their own. */
  private static Column aggregate(SketchKind kind, Spec spec, Dataset<Row> clicks, LegoModel legoModel) {
    Column item = clicks.col(spec.itemColumn());
    if (kind.has(SketchKind.Capability.CLASSIC)) {
      return FrequencyAggregates.sketch(kind, spec.memoryKb() * 1024L, item);
    }
    return switch (kind) {
      case ADA_CMS -> AdaAggregates.sketch(spec.ada(), item, clicks.col(spec.timeColumn()));
      case LEGO, D_LEGO -> LegoAggregates.sketch(kind, spec.memoryKb() * 1024L, legoModel, item, null);
      case FREQUENT_ITEMS -> FrequentItemsAggregator.sketch(spec.maxItems(), item);
      default -> throw new IllegalArgumentException(kind.sqlName() + " sketches are not stored in sketch tables: use"
          + " one of " + SketchKind.namesWith(SketchKind.Capability.STORED));
    };
  }

  /**
   * Writes sketch rows into the Delta table at {@code path}, replacing the rows of the same kinds whose windows
   * fall in the written range. The rows are computed once (cached) to find that range.
   *
   * @return the number of sketch rows written
   */
  public static long write(Dataset<Row> sketches, String path) {
    Dataset<Row> rows = sketches.cache();
    try {
      Row range = rows.selectExpr("min(window_start)", "max(window_start)", "count(*)").first();
      long count = range.getLong(2);
      if (count == 0) {
        return 0;
      }
      List<String> kinds = rows.select("kind").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
      // epoch millis, not a timestamp string: a string would be read in the session time zone
      String condition = "window_start >= timestamp_millis(" + ((Timestamp) range.get(0)).getTime()
          + ") AND window_start <= timestamp_millis(" + ((Timestamp) range.get(1)).getTime() + ") AND kind IN ("
          + kinds.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", ")) + ")";
      rows.write().format("delta").mode("overwrite").option("replaceWhere", condition).save(path);
      return count;
    } finally {
      rows.unpersist();
    }
  }

  private static String describe(AdaOptions o) {
    return "f:" + o.weight() + ";unit_ms:" + o.unit().unitMillis() + ";origin_ms:" + o.unit().originMillis()
        + ";levels:" + o.levels() + ";depth:" + o.depth();
  }

  private static DataType requireColumn(Dataset<Row> df, String name, String role) {
    for (var f : df.schema().fields()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f.dataType();
      }
    }
    throw new IllegalArgumentException("the click log has no " + role + " column '" + name + "'; its columns are "
        + String.join(", ", df.columns()) + " (name the right one with --" + role + "-col)");
  }
}
