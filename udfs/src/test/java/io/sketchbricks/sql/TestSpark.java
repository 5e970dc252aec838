package io.sketchbricks.sql;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** One local Spark session per test JVM, with Delta and the Sketchbricks extension, as a user would configure. */
final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  static synchronized SparkSession get() {
    if (session == null) {
      Path tmp = Path.of(System.getProperty("sketchbricks.test.tmp", "target/test-tmp")).toAbsolutePath();
      session = SparkSession.builder()
          .master("local[2]")
          .appName("sketchbricks-udfs-test")
          .config("spark.sql.extensions",
              "io.delta.sql.DeltaSparkSessionExtension,io.sketchbricks.sql.SketchbricksExtensions")
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.ui.enabled", "false")
          .config("spark.local.dir", tmp.resolve("spark-local").toString())
          .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toString())
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}
