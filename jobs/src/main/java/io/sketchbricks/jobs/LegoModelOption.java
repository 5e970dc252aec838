package io.sketchbricks.jobs;

import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.spark.lego.LegoModelTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The jobs' {@code --model FILE}: loads a Lego model file and registers it in the warehouse's model table. */
final class LegoModelOption {
  private LegoModelOption() {}

  /** The model's id (hex) after registering it, or null (the default model) when no file was given. */
  static String register(SparkSession session, Path file) {
    if (file == null) {
      return null;
    }
    LegoModel model = LegoModel.load(file);
    String table = LegoModelTable.path(session);
    if (table != null) {
      long version = LegoModelTable.register(session, table, model, card(file));
      System.err.println("Lego model " + model.idHex() + " from " + file + " is version " + version + " in " + table);
    }
    return model.idHex();
  }

  /** The model card train-lego writes next to its model file, else a line saying where the model came from. */
  private static String card(Path file) {
    Path card = file.toAbsolutePath().resolveSibling("model-card.md");
    try {
      return Files.isRegularFile(card) ? Files.readString(card) : "registered from " + file.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model card " + card + ": " + e.getMessage(), e);
    }
  }
}
