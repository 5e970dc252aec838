package io.sketchbricks.lego;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models this JVM knows, by id, so that sketch bytes (which carry only the model id, never the weights) can
 * be read back into a queryable sketch; plus the default model used where no model is passed explicitly.
 *
 * <p>The default model is the file named by the system property {@code sketchbricks.lego.model}, else by the
 * environment variable {@code SKETCHBRICKS_LEGO_MODEL}, else the model shipped inside the jar (the project's
 * {@code data/models/lego.model}, packaged as the resource {@value #RESOURCE}).
 *
 * <p>Models shipped by earlier releases travel in the jar too ({@link #EARLIER_RESOURCES}) and count as
 * registered: a sketch names its model only by id, so sketches stored with an earlier default, or sent by a team
 * on an older release, keep answering after the default changes. They are never the default.
 */
public final class LegoModels {
  public static final String MODEL_PROPERTY = "sketchbricks.lego.model";
  public static final String MODEL_ENV = "SKETCHBRICKS_LEGO_MODEL";
  /** Where the shipped model sits on the classpath. */
  public static final String RESOURCE = "/io/sketchbricks/lego/lego.model";
  /** Earlier shipped models on the classpath (the project's {@code data/models/earlier}), oldest first. */
  public static final List<String> EARLIER_RESOURCES =
      List.of("/io/sketchbricks/lego/earlier/lego-4a61ee1681dd3a03.model");

  private static final Map<Long, LegoModel> MODELS = new ConcurrentHashMap<>();
  private static volatile LegoModel defaultModel;
  private static volatile boolean shippedLooked;

  private LegoModels() {}

  /** Makes a model known by its id (idempotent). */
  public static LegoModel register(LegoModel model) {
    LegoModel prev = MODELS.putIfAbsent(model.id(), model);
    return prev == null ? model : prev;
  }

  /** The registered model with this id (the shipped and earlier shipped models count as registered), or null. */
  public static LegoModel find(long id) {
    LegoModel m = MODELS.get(id);
    if (m == null && !shippedLooked) {
      shippedLooked = true;
      shipped();
      earlier();
      m = MODELS.get(id);
    }
    return m;
  }

  /** The model file configured by property or environment, or null to use the shipped model. */
  public static Path configuredPath() {
    String p = System.getProperty(MODEL_PROPERTY);
    if (p == null || p.isBlank()) {
      p = System.getenv(MODEL_ENV);
    }
    return p == null || p.isBlank() ? null : Path.of(p);
  }

  /** The model shipped inside the jar, or null when this build has none. */
  public static LegoModel shipped() {
    return resource(RESOURCE, "the shipped Lego model");
  }

  /** The earlier shipped models inside the jar ({@link #EARLIER_RESOURCES}), registered; those present only. */
  public static List<LegoModel> earlier() {
    List<LegoModel> models = new ArrayList<>();
    for (String r : EARLIER_RESOURCES) {
      LegoModel m = resource(r, "an earlier shipped Lego model");
      if (m != null) {
        models.add(m);
      }
    }
    return models;
  }

  private static LegoModel resource(String name, String what) {
    try (InputStream in = LegoModels.class.getResourceAsStream(name)) {
      if (in == null) {
        return null;
      }
      return register(LegoModelFile.fromBytes(in.readAllBytes(), what + " (" + name + ")"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + " " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The default model, loaded once: the configured file, else the shipped model.
   *
   * @throws IllegalStateException when a configured file is missing, or nothing is configured and no model ships
   */
  public static LegoModel defaultModel() {
    LegoModel m = defaultModel;
    if (m == null) {
      synchronized (LegoModels.class) {
        if (defaultModel == null) {
          defaultModel = loadDefault();
        }
        m = defaultModel;
      }
    }
    return m;
  }

  private static LegoModel loadDefault() {
    Path path = configuredPath();
    if (path != null) {
      if (!Files.isRegularFile(path)) {
        throw new IllegalStateException("no Lego model at " + path.toAbsolutePath() + " (set by -D" + MODEL_PROPERTY
            + " or " + MODEL_ENV + "): point it at a model file train-lego wrote, or unset it to use the shipped model");
      }
      return LegoModel.load(path);
    }
    LegoModel shipped = shipped();
    if (shipped == null) {
      throw new IllegalStateException("this build ships no Lego model (" + RESOURCE + " is not on the classpath):"
          + " train one with train-lego and pass it with -D" + MODEL_PROPERTY + "=FILE or " + MODEL_ENV + "=FILE");
    }
    return shipped;
  }
}
