package io.sketchbricks.spark.lego;

import ai.djl.Device;
import ai.djl.Model;
import io.sketchbricks.djl.DjlEnvironment;
import io.sketchbricks.lego.djl.LegoBlock;
import io.sketchbricks.lego.LegoModel;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One DJL model per Lego model and device per executor JVM: the weights go to the device once, and every task
 * opens its own predictor on it (predictors are not thread-safe; a model is). The models live as long as the JVM:
 * a few tens of KB of weights each.
 */
final class LegoDjlModels {
  private static final ConcurrentHashMap<String, Model> MODELS = new ConcurrentHashMap<>();

  private LegoDjlModels() {}

  static Model get(LegoModel model, Device device) {
    DjlEnvironment.prepare();
    return MODELS.computeIfAbsent(model.idHex() + "@" + device, k -> {
      Model m = Model.newInstance("lego-" + model.idHex(), device, "PyTorch");
      m.setBlock(new LegoBlock(model, m.getNDManager()));
      return m;
    });
  }
}
