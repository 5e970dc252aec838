package io.sketchbricks.jobs;

import io.sketchbricks.spark.lego.LegoModelTable;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Options shared by every job that runs Spark, and the session they describe. */
final class SparkOptions {
  @Option(names = "--warehouse", defaultValue = "warehouse", paramLabel = "DIR",
      description = "Folder of the local Delta tables (default: ${DEFAULT-VALUE}).")
  Path warehouse;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master; default: spark-submit's, else local[*].")
  String master;

  /** The session: Delta and the Sketchbricks functions enabled, Spark's own settings honoured. */
  SparkSession session(String appName) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    if (master != null) {
      b.master(master);
    } else if (!conf.contains("spark.master")) {
      b.master("local[*]");
    }
    String extensions = "io.delta.sql.DeltaSparkSessionExtension,io.sketchbricks.sql.SketchbricksExtensions";
    if (conf.contains("spark.sql.extensions")) {
      extensions = conf.get("spark.sql.extensions") + "," + extensions;
    }
    Path abs = warehouse.toAbsolutePath();
    b.config("spark.sql.extensions", extensions)
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.warehouse.dir", abs.resolve("_spark").toString())
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.debug.maxToStringFields", "200")
        .config("spark.sql.shuffle.partitions", conf.get("spark.sql.shuffle.partitions", "8"));
    if (!conf.contains("spark.ui.enabled")) {
      b.config("spark.ui.enabled", "false");
    }
    SparkSession spark = b.getOrCreate();
    // ucl_estimate reads its models from this warehouse's ucl_models table
    spark.conf().set("sketchbricks.ucl.warehouse", abs.toString());
    // Lego functions look models up (and register them) in this warehouse's model table, unless told otherwise
    if (!conf.contains(LegoModelTable.CONF)) {
      spark.conf().set(LegoModelTable.CONF, abs.resolve(LegoModelTable.DEFAULT_NAME).toString());
    }
    // no setLogLevel here: it would override a spark-submit user's log4j configuration; the launcher's own
    // configuration (LauncherLogging) keeps its console to warnings
    return spark;
  }

  /** A table path inside the warehouse unless the user gave a path of their own. */
  String tablePath(String nameOrPath) {
    if (nameOrPath.contains("/") || nameOrPath.contains("\\") || nameOrPath.contains(":")) {
      return nameOrPath;
    }
    return warehouse.toAbsolutePath().resolve(nameOrPath).toString();
  }
}
