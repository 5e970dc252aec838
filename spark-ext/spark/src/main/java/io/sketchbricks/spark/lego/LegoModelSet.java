package io.sketchbricks.spark.lego;

import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoModelFile;
import io.sketchbricks.lego.LegoModels;
import java.io.Serial;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lego models as they travel to executors: model files by id, a few tens of KB each. An executor parses a model
 * once per JVM and keeps it in {@link LegoModels}' registry, keyed by id, so every later task, partition and row
 * reuses it. Sketch bytes name only their model id; this is where the weights for that id come from.
 */
public final class LegoModelSet implements Serializable {
  @Serial
  private static final long serialVersionUID = 1L;
  private final HashMap<Long, byte[]> files = new HashMap<>();
  /** Where the models came from, for error messages (e.g. the model table's path). */
  private final String source;

  public LegoModelSet(String source) {
    this.source = source;
  }

  /** A set holding just these models. */
  public static LegoModelSet of(String source, LegoModel... models) {
    LegoModelSet s = new LegoModelSet(source);
    for (LegoModel m : models) {
      s.add(m);
    }
    return s;
  }

  public LegoModelSet add(LegoModel model) {
    files.putIfAbsent(model.id(), LegoModelFile.toBytes(model));
    return this;
  }

  public boolean contains(long id) {
    return files.containsKey(id);
  }

  public String source() {
    return source;
  }

  /** The ids in the set, as hex. */
  public Set<String> ids() {
    Set<String> ids = new TreeSet<>();
    files.keySet().forEach(id -> ids.add(String.format("%016x", id)));
    return ids;
  }

  /** The model with this id: already loaded in this JVM (or shipped in the jar), else parsed from the set; or null. */
  public LegoModel find(long id) {
    LegoModel m = LegoModels.find(id);
    if (m != null) {
      return m;
    }
    byte[] file = files.get(id);
    return file == null ? null : LegoModels.register(LegoModelFile.fromBytes(file, "model " + String.format("%016x", id)
        + " from " + source));
  }

  /**
   * The model with this id.
   *
   * @throws IllegalArgumentException naming the id, where models were looked for, and the fix
   */
  public LegoModel require(long id, String function) {
    LegoModel m = find(id);
    if (m == null) {
      throw new IllegalArgumentException(function + ": the sketch was built with Lego model " + String.format("%016x", id)
          + ", which is neither in " + source + " (it holds " + (files.isEmpty() ? "no model" : ids()) + ") nor shipped"
          + " with this build: register that model's file (build-sketches --model FILE, or LegoModelTable.register)"
          + " or query the sketch where its model is known");
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LegoModelSet s && s.files.keySet().equals(files.keySet());
  }

  @Override
  public int hashCode() {
    return files.keySet().hashCode();
  }

  Map<Long, byte[]> files() {
    return files;
  }
}
