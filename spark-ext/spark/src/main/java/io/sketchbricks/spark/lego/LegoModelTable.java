package io.sketchbricks.spark.lego;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoModelFile;
import io.sketchbricks.lego.LegoModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Delta model table: one row per Lego model, {@code model_id} (16 hex digits, the hash of its weights),
 * {@code version} (1, 2, ... in the order models were registered), {@code kind} ("lego"), {@code bytes} (the
 * model file, {@link LegoModelFile}) and {@code card} (its model card, Markdown).
 *
 * <p>Its path is the session setting {@value #CONF} (a {@code spark.} key, so {@code spark-submit --conf} passes
 * it; the jobs set it to {@code <warehouse>/lego_models}).
 * Sketches carry only their model's id; whoever builds a sketch registers the model here (the default model on
 * first use), so any later query can find the weights. Lookups go JVM registry, then this table, then the
 * model shipped in the jar. Without the table (no setting, or no table at the path) they fall back to the
 * JVM and the shipped model, and say so in the log.
 */
public final class LegoModelTable {
  /** Session setting naming the model table's path (a spark.* key, so spark-submit --conf passes it on). */
  public static final String CONF = "spark.sketchbricks.lego.models";
  /** The table's folder name inside a warehouse. */
  public static final String DEFAULT_NAME = "lego_models";
  public static final String KIND = "lego";
  public static final StructType SCHEMA = new StructType()
      .add("model_id", DataTypes.StringType, false)
      .add("version", DataTypes.LongType, false)
      .add("kind", DataTypes.StringType, false)
      .add("bytes", DataTypes.BinaryType, false)
      .add("card", DataTypes.StringType, true);

  private static final Logger LOG = LoggerFactory.getLogger(LegoModelTable.class);
  /** path + model id pairs known to be in their table, so a model is looked up and written once per JVM. */
  private static final Set<String> REGISTERED = ConcurrentHashMap.newKeySet();
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private LegoModelTable() {}

  /** The configured table path, or null. */
  public static String path(SparkSession spark) {
    String p = spark.conf().get(CONF, null);
    return p == null || p.isBlank() ? null : p;
  }

  static boolean exists(SparkSession spark, String path) {
    return path != null && DeltaTable.isDeltaTable(spark, path);
  }

  /**
   * Adds a model to the table unless its id is there already; creates the table if needed.
   *
   * @return the model's version in the table
   */
  public static long register(SparkSession spark, String path, LegoModel model, String card) {
    String hex = model.idHex();
    long next = 1;
    if (exists(spark, path)) {
      Dataset<Row> table = spark.read().format("delta").load(path);
      List<Row> have = table.where(col("model_id").equalTo(hex)).select("version").collectAsList();
      if (!have.isEmpty()) {
        REGISTERED.add(path + "#" + hex);
        return have.get(0).getLong(0);
      }
      Row max = table.selectExpr("max(version)").first();
      next = max.isNullAt(0) ? 1 : max.getLong(0) + 1;
    }
    Row row = RowFactory.create(hex, next, KIND, LegoModelFile.toBytes(model), card);
    spark.createDataFrame(List.of(row), SCHEMA).write().format("delta").mode("append").save(path);
    REGISTERED.add(path + "#" + hex);
    LOG.info("registered Lego model {} as version {} in {}", hex, next, path);
    return next;
  }

  /**
   * Registers a model in the configured table, if there is one, at most once per JVM. A table that cannot be
   * written is logged, not fatal: the sketch still names its model, which can be registered later.
   */
  public static void registerIfConfigured(SparkSession spark, LegoModel model, String card) {
    String path = path(spark);
    if (path == null || REGISTERED.contains(path + "#" + model.idHex())) {
      return;
    }
    try {
      register(spark, path, model, card);
    } catch (RuntimeException e) {
      LOG.warn("could not register Lego model {} in {}: {}", model.idHex(), path, e.getMessage());
    }
  }

  /**
   * The model an SQL call or a job names: null, empty or {@code default} for the default model, else its id
   * (16 hex digits). The model is registered in the table, since a sketch is about to name it.
   *
   * @throws IllegalArgumentException for an id that is neither loaded, in the table, nor shipped
   */
  public static LegoModel resolve(SparkSession spark, String arg, String function) {
    if (arg == null || arg.isBlank() || arg.trim().equalsIgnoreCase("default")) {
      return defaultModel(spark);
    }
    long id = parseId(arg, function);
    LegoModel m = LegoModels.find(id);
    if (m == null) {
      m = models(spark).find(id);
    }
    if (m == null) {
      String path = path(spark);
      throw new IllegalArgumentException(function + ": unknown Lego model '" + arg.trim() + "': it is not loaded, not in"
          + " the model table" + (path == null ? " (none configured: set " + CONF + ")" : " " + path)
          + " and not shipped with this build. Register its file first (build-sketches --model FILE, or"
          + " LegoModelTable.register), or use 'default'");
    }
    registerIfConfigured(spark, m, "registered by " + function);
    return m;
  }

  /** The default model ({@link LegoModels#defaultModel}: the configured file, else the shipped one), registered. */
  public static LegoModel defaultModel(SparkSession spark) {
    LegoModel m = LegoModels.defaultModel();
    if (path(spark) == null) {
      warnOnce("no-table", "no Lego model table configured (" + CONF + "): sketches use the default model "
          + m.idHex() + " from " + defaultSource() + ", which queries elsewhere must have too");
    }
    registerIfConfigured(spark, m, defaultCard());
    return m;
  }

  /**
   * Every model in the table, plus the default model when one is available: what executors need to answer
   * sketches whose model they only know by id. A missing table gives the default model alone, with a log line.
   */
  public static LegoModelSet models(SparkSession spark) {
    String path = path(spark);
    LegoModelSet set = new LegoModelSet(path == null ? "the JVM (no model table configured)" : "model table " + path);
    if (exists(spark, path)) {
      for (Row r : spark.read().format("delta").load(path).select("model_id", "bytes").collectAsList()) {
        LegoModel m = LegoModelFile.fromBytes((byte[]) r.get(1), "model " + r.getString(0) + " of table " + path);
        set.add(m);
      }
    } else {
      warnOnce("missing:" + path, "no Lego model table at " + (path == null ? "(" + CONF + " is not set)" : path)
          + ": resolving Lego models from this JVM and the shipped model");
    }
    try {
      set.add(LegoModels.defaultModel());
    } catch (IllegalStateException e) {
      // no default model in this build: only the table's models (and the JVM's) can answer
    }
    return set;
  }

  /**
   * The model of a sketch, by its id: loaded in this JVM, shipped, or in the model table.
   *
   * @throws IllegalArgumentException naming the id, where it was looked for, and the fix
   */
  public static LegoModel modelOf(SparkSession spark, long id, String function) {
    LegoModel m = LegoModels.find(id);
    return m != null ? m : models(spark).require(id, function);
  }

  static long parseId(String arg, String function) {
    String hex = arg.trim().toLowerCase(Locale.ROOT);
    if (!hex.matches("[0-9a-f]{16}")) {
      throw new IllegalArgumentException(function + ": model must be 'default' or a Lego model id of 16 hex digits"
          + " (see the model_id column of the model table, or sketch_info(sketch).params), got '" + arg + "'");
    }
    return Long.parseUnsignedLong(hex, 16);
  }

  private static String defaultSource() {
    return LegoModels.configuredPath() != null ? LegoModels.configuredPath().toString() : "the jar (" + LegoModels.RESOURCE + ")";
  }

  private static String defaultCard() {
    if (LegoModels.configuredPath() == null) {
      try (InputStream in = LegoModels.class.getResourceAsStream("/io/sketchbricks/lego/lego-model-card.md")) {
        if (in != null) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        LOG.warn("cannot read the shipped Lego model card: {}", e.getMessage());
      }
    }
    return "default Lego model from " + defaultSource();
  }

  private static void warnOnce(String key, String message) {
    if (WARNED.add(key)) {
      LOG.warn(message);
    }
  }
}
