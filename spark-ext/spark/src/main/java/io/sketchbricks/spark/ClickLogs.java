package io.sketchbricks.spark;

import io.sketchbricks.data.ZipfSampler;
import io.sketchbricks.hash.ItemHash;
import java.sql.Timestamp;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Click logs as Spark sees them: columns {@code event_time} (timestamp), {@code user_id}, {@code item}. */
public final class ClickLogs {
  public static final StructType SCHEMA = new StructType()
      .add("event_time", DataTypes.TimestampType, false)
      .add("user_id", DataTypes.StringType, false)
      .add("item", DataTypes.StringType, false);

  /** Formats {@link #read} understands. */
  public static final String FORMATS = "delta, parquet, csv, json";

  private ClickLogs() {}

  /**
   * A synthetic click log, in time order, deterministic for the spec's seed whatever the partitioning. Row i is
   * at {@code start + i * span / events}; its item is a Zipf draw, rotated by the drift.
   */
  public static Dataset<Row> generate(SparkSession spark, ClickLogSpec spec, int partitions) {
    return spark.range(0, spec.events(), 1, Math.max(1, partitions))
        .map(new GenerateRow(spec), Encoders.row(SCHEMA));
  }

  private static final class GenerateRow implements MapFunction<Long, Row> {
    private static final long serialVersionUID = 1L;
    private static final ConcurrentHashMap<String, ZipfSampler> SAMPLERS = new ConcurrentHashMap<>();
    private final ClickLogSpec spec;

    GenerateRow(ClickLogSpec spec) {
      this.spec = spec;
    }

    @Override
    public Row call(Long i) {
      // the CDF over all items is built once per executor JVM, not per task
      ZipfSampler zipf = SAMPLERS.computeIfAbsent(spec.distinct() + "/" + spec.alpha(),
          k -> new ZipfSampler(spec.distinct(), spec.alpha()));
      SplittableRandom random = new SplittableRandom(ItemHash.mix(spec.seed() * 0x9E3779B97F4A7C15L + i));
      double progress = spec.events() == 0 ? 0 : (double) i / spec.events();
      // the ranks rotate in DRIFT_STEPS equal steps, not continuously: a continuous shift would hand the top
      // rank to a new item every few clicks, leaving no heavy hitters at all
      long step = Math.min(ClickLogSpec.DRIFT_STEPS - 1, (long) (progress * ClickLogSpec.DRIFT_STEPS));
      long shift = (long) Math.floor(spec.drift() * spec.distinct() * step / ClickLogSpec.DRIFT_STEPS);
      long item = (zipf.sample(random) + shift) % spec.distinct();
      long millis = spec.start().toEpochMilli() + (long) (progress * spec.span().toMillis());
      return RowFactory.create(new Timestamp(millis), "user-" + random.nextInt(spec.users()), "item-" + item);
    }
  }

  /** Reads a click log (or any table) in one of {@link #FORMATS}; CSV is read with a header and typed columns. */
  public static Dataset<Row> read(SparkSession spark, String path, String format) {
    String f = format.toLowerCase(Locale.ROOT);
    return switch (f) {
      case "delta", "parquet", "json" -> spark.read().format(f).load(path);
      case "csv" -> spark.read().option("header", "true").option("inferSchema", "true").csv(path);
      default -> throw new IllegalArgumentException("unknown click-log format '" + format + "': use one of " + FORMATS);
    };
  }

  /** Writes a click log; Delta by default, overwriting what the path held. */
  public static void write(Dataset<Row> clicks, String path, String format) {
    String f = format.toLowerCase(Locale.ROOT);
    switch (f) {
      case "delta", "parquet", "json" -> clicks.write().mode("overwrite").format(f).save(path);
      case "csv" -> clicks.write().mode("overwrite").option("header", "true").csv(path);
      default -> throw new IllegalArgumentException("unknown click-log format '" + format + "': use one of " + FORMATS);
    }
  }
}
