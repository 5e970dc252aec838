package io.sketchbricks.lego;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models this JVM knows, by id, so that sketch bytes (which carry only the model id, never the weights) can
 * be read back into a queryable sketch; plus the default model used where no model is passed explicitly.
 *
 * <p>The default model file is taken from the system property {@code sketchbricks.lego.model}, else the
 * environment variable {@code SKETCHBRICKS_LEGO_MODEL}, else {@code data/models/lego.model} under the working
 * directory.
 */
public final class LegoModels {
  public static final String MODEL_PROPERTY = "sketchbricks.lego.model";
  public static final String MODEL_ENV = "SKETCHBRICKS_LEGO_MODEL";
  public static final Path DEFAULT_PATH = Path.of("data", "models", "lego.model");

  private static final Map<Long, LegoModel> MODELS = new ConcurrentHashMap<>();
  private static volatile LegoModel defaultModel;

  private LegoModels() {}

  /** Makes a model known by its id (idempotent). */
  public static LegoModel register(LegoModel model) {
    LegoModel prev = MODELS.putIfAbsent(model.id(), model);
    return prev == null ? model : prev;
  }

  /** The registered model with this id, or null. */
  public static LegoModel find(long id) {
    return MODELS.get(id);
  }

  /** Where the default model file is looked for. */
  public static Path defaultPath() {
    String p = System.getProperty(MODEL_PROPERTY);
    if (p == null || p.isBlank()) {
      p = System.getenv(MODEL_ENV);
    }
    return p == null || p.isBlank() ? DEFAULT_PATH : Path.of(p);
  }

  /**
   * The default model, loaded once from {@link #defaultPath()}.
   *
   * @throws IllegalStateException when no model file is there
   */
  public static LegoModel defaultModel() {
    LegoModel m = defaultModel;
    if (m == null) {
      synchronized (LegoModels.class) {
        if (defaultModel == null) {
          Path path = defaultPath();
          if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no Lego model at " + path.toAbsolutePath() + ": the lego and d-lego sketches"
                + " need a trained model file; train one with LegoTrainer and pass it with -D" + MODEL_PROPERTY
                + "=PATH or " + MODEL_ENV + "=PATH");
          }
          defaultModel = LegoModel.load(path);
        }
        m = defaultModel;
      }
    }
    return m;
  }
}
