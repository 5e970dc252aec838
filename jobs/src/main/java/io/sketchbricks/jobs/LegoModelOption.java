package io.sketchbricks.jobs;

import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoModelFile;
import io.sketchbricks.lego.LegoModels;
import io.sketchbricks.spark.FsPaths;
import io.sketchbricks.spark.lego.LegoModelTable;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The jobs' {@code --model FILE}: loads a Lego model file (a local path or a Hadoop URI, read on the driver) and
 * registers it in the warehouse's model table.
 */
final class LegoModelOption {
  /** A Lego model is tens of KB; anything past this is not one. */
  static final long MAX_MODEL_BYTES = 64L << 20;
  static final long MAX_CARD_BYTES = 1L << 20;

  private LegoModelOption() {}

  /** The model's id (hex) after registering it, or null (the default model) when no file was given. */
  static String register(SparkSession session, String file) {
    if (file == null) {
      return null;
    }
    Configuration conf = session.sparkContext().hadoopConfiguration();
    String uri = FsPaths.qualify(file, conf);
    LegoModel model = LegoModels.register(LegoModelFile.fromBytes(
        FsPaths.readAll(uri, conf, MAX_MODEL_BYTES, "Lego model file"), uri));
    String table = LegoModelTable.path(session);
    if (table != null) {
      long version = LegoModelTable.register(session, table, model, card(uri, conf));
      System.err.println("Lego model " + model.idHex() + " from " + uri + " is version " + version + " in " + table);
    }
    return model.idHex();
  }

  /** The model card train-lego writes next to its model file, else a line saying where the model came from. */
  private static String card(String modelUri, Configuration conf) {
    String card = new Path(new Path(modelUri).getParent(), "model-card.md").toString();
    return FsPaths.exists(card, conf)
        ? new String(FsPaths.readAll(card, conf, MAX_CARD_BYTES, "model card"), StandardCharsets.UTF_8)
        : "registered from " + modelUri;
  }
}
