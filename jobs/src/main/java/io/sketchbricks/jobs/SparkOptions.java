package io.sketchbricks.jobs;

import io.sketchbricks.spark.FsPaths;
import io.sketchbricks.spark.lego.LegoModelTable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;
import scala.Tuple2;

/** Options shared by every job that runs Spark, and the session they describe. */
final class SparkOptions {
  static final String EXTENSIONS = "io.delta.sql.DeltaSparkSessionExtension,io.sketchbricks.sql.SketchbricksExtensions";

  @Option(names = "--warehouse", defaultValue = "warehouse", paramLabel = "DIR|URI",
      description = {"Folder of the Delta tables: a path (a relative one is taken from the current directory) or a"
          + " Hadoop URI such as hdfs://namenode:8020/wh, s3a://bucket/wh, file:/data/wh (default: ${DEFAULT-VALUE})."})
  String warehouse;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master; default: spark-submit's, else local[*].")
  String master;

  /** The warehouse as an absolute URI, resolved once (on the driver). */
  private String warehouseUri;

  /** The session: Delta and the Sketchbricks functions enabled; spark-submit's settings win over the defaults. */
  SparkSession session(String appName) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    if (master != null) {
      b.master(master);
    } else if (!conf.contains("spark.master")) {
      b.master("local[*]");
    }
    String wh = warehouseUri();
    defaults(conf, wh, System.console() != null).forEach(b::config);
    SparkSession spark = b.getOrCreate();
    // ucl_estimate reads its models from this warehouse's ucl_models table
    spark.conf().set("sketchbricks.ucl.warehouse", wh);
    // Lego functions look models up (and register them) in this warehouse's model table, unless told otherwise
    if (!conf.contains(LegoModelTable.CONF)) {
      spark.conf().set(LegoModelTable.CONF, FsPaths.child(wh, LegoModelTable.DEFAULT_NAME));
    }
    // no setLogLevel here: it would override a spark-submit user's log4j configuration; the launcher's own
    // configuration (LauncherLogging) keeps its console to warnings
    return spark;
  }

  /**
   * The settings the jobs add to {@code conf}: each only where {@code conf} (spark-submit's --conf,
   * spark-defaults.conf, -Dspark.* properties) does not have it, but the Delta and Sketchbricks extensions, which
   * are added to any the user lists.
   *
   * @param console whether a person watches (Spark's progress bar is then on)
   */
  static Map<String, String> defaults(SparkConf conf, String warehouseUri, boolean console) {
    Map<String, String> out = new LinkedHashMap<>();
    String extensions = EXTENSIONS;
    if (conf.contains("spark.sql.extensions")) {
      String theirs = conf.get("spark.sql.extensions");
      extensions = theirs.contains("io.sketchbricks.sql.SketchbricksExtensions") ? theirs : theirs + "," + EXTENSIONS;
    }
    out.put("spark.sql.extensions", extensions);
    Map<String, String> fallback = new LinkedHashMap<>();
    fallback.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    fallback.put("spark.sql.warehouse.dir", FsPaths.child(warehouseUri, "_spark"));
    fallback.put("spark.ui.showConsoleProgress", Boolean.toString(console));
    fallback.put("spark.sql.debug.maxToStringFields", "200");
    fallback.put("spark.sql.shuffle.partitions", "8");
    fallback.put("spark.ui.enabled", "false");
    fallback.forEach((k, v) -> {
      if (!conf.contains(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** The warehouse folder as an absolute URI ({@link FsPaths#qualify}), resolved at the first call. */
  String warehouseUri() {
    if (warehouseUri == null) {
      warehouseUri = FsPaths.qualify(warehouse, hadoopConf(new SparkConf()));
    }
    return warehouseUri;
  }

  /** A table inside the warehouse for a bare name, else the path or URI given, as an absolute URI. */
  String tablePath(String nameOrPath) {
    if (nameOrPath.contains("/") || nameOrPath.contains("\\") || nameOrPath.contains(":")) {
      return path(nameOrPath);
    }
    return FsPaths.child(warehouseUri(), nameOrPath);
  }

  /** A path or URI given on the command line as an absolute URI ({@link FsPaths#qualify}). */
  static String path(String pathOrUri) {
    return FsPaths.qualify(pathOrUri, hadoopConf(new SparkConf()));
  }

  /**
   * Hadoop's configuration as the session will see it, before there is one: the site files on the classpath plus
   * spark-submit's {@code spark.hadoop.*} settings (enough to know the default file system).
   */
  static Configuration hadoopConf(SparkConf conf) {
    Configuration h = new Configuration();
    for (Tuple2<String, String> kv : conf.getAllWithPrefix("spark.hadoop.")) {
      h.set(kv._1(), kv._2());
    }
    return h;
  }
}
