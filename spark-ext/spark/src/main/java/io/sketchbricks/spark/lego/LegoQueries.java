package io.sketchbricks.spark.lego;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.kinds.SketchKinds;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.djl.LegoBatchTranslator;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoSketch;
import java.io.Serial;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Estimates a whole column of items against one Lego (or D-Lego) sketch through the DJL network, batched on the
 * executor's device: {@code LegoQueries.estimate(queries, "item", sketchBytes)} returns {@code queries} with a
 * DOUBLE column {@code estimate} (NULL for NULL or empty items). The answers equal {@code lego_estimate} in SQL
 * within float rounding (relative 1e-4, on a scale of at least 1).
 *
 * <p>Per partition: the device is the GPU Spark assigned to the task, else the CPU ({@link DevicePicker}); one
 * DJL predictor, closed when the task completes, holds the sketch's bricks on that device; rows go through it
 * in batches of {@code batch} items, each batch in its own NDManager that the predictor closes after the batch,
 * so native memory does not grow with the number of rows. The sketch travels once per executor (a broadcast);
 * the model's weights are loaded once per executor JVM and device.
 */
public final class LegoQueries {
  /** The column the estimates go into. */
  public static final String ESTIMATE = "estimate";
  /** Items per DJL batch unless told otherwise. */
  public static final int DEFAULT_BATCH = 65_536;
  static final String FUNCTION = "LegoQueries.estimate";

  private LegoQueries() {}

  public static Dataset<Row> estimate(Dataset<Row> queries, String itemColumn, byte[] sketchBytes) {
    return estimate(queries, itemColumn, sketchBytes, DEFAULT_BATCH);
  }

  /**
   * {@code queries} plus the column {@value #ESTIMATE}; lazy, like any transformation.
   *
   * @throws IllegalArgumentException for a missing or non-item column, a sketch of another kind, a corrupt sketch
   *     or one whose model is unknown
   */
  public static Dataset<Row> estimate(Dataset<Row> queries, String itemColumn, byte[] sketchBytes, int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException(FUNCTION + ": batch must be at least 1, got " + batch);
    }
    if (sketchBytes == null) {
      throw new IllegalArgumentException(FUNCTION + ": the sketch is null: pick a non-NULL sketch row");
    }
    StructType schema = queries.schema();
    int itemIndex = itemIndex(schema, itemColumn);
    if (List.of(schema.fieldNames()).contains(ESTIMATE)) {
      throw new IllegalArgumentException(FUNCTION + ": the queries already have a column '" + ESTIMATE
          + "': rename or drop it first");
    }
    Sketch sketch = SketchKinds.read(sketchBytes);
    LegoSketch light = lightPart(sketch);
    LegoModel model = LegoModelTable.modelOf(queries.sparkSession(), light.modelId(), FUNCTION);
    Broadcast<byte[]> shipped = JavaSparkContext.fromSparkContext(queries.sparkSession().sparkContext())
        .broadcast(sketchBytes);
    StructType out = schema.add(ESTIMATE, DataTypes.DoubleType, true);
    return queries.mapPartitions(new Partitions(shipped, LegoModelSet.of("the query plan", model), itemIndex, batch),
        Encoders.row(out));
  }

  static LegoSketch lightPart(Sketch sketch) {
    if (sketch instanceof LegoSketch l) {
      return l;
    }
    if (sketch instanceof DLegoSketch d) {
      return d.light();
    }
    throw new IllegalArgumentException(FUNCTION + " reads lego and d-lego sketches, not a " + sketch.kind().sqlName()
        + " sketch: use sketch_estimate for it");
  }

  private static int itemIndex(StructType schema, String column) {
    int i;
    try {
      i = schema.fieldIndex(column);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(FUNCTION + ": the queries have no column '" + column + "'; their columns are "
          + String.join(", ", schema.fieldNames()), e);
    }
    DataType t = schema.fields()[i].dataType();
    if (!(t instanceof StringType || t instanceof BinaryType || t instanceof LongType || t instanceof IntegerType
        || t instanceof ShortType || t instanceof ByteType)) {
      throw new IllegalArgumentException(FUNCTION + ": item column '" + column + "' is " + t.sql()
          + "; items are STRING, BINARY or integral: cast it first");
    }
    return i;
  }

  /** The partition function: opens the predictor at the first row, estimates batch by batch. */
  private static final class Partitions implements MapPartitionsFunction<Row, Row> {
    @Serial
    private static final long serialVersionUID = 1L;
    private final Broadcast<byte[]> sketch;
    private final LegoModelSet models;
    private final int itemIndex;
    private final int batch;

    Partitions(Broadcast<byte[]> sketch, LegoModelSet models, int itemIndex, int batch) {
      this.sketch = sketch;
      this.models = models;
      this.itemIndex = itemIndex;
      this.batch = batch;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      if (!rows.hasNext()) {
        return Collections.emptyIterator();
      }
      BatchEstimator estimator = new BatchEstimator(sketch.value(), models, DevicePicker.forCurrentTask());
      TaskContext tc = TaskContext.get();
      if (tc != null) {
        tc.addTaskCompletionListener((TaskCompletionListener) context -> estimator.close());
      }
      return new Batches(rows, estimator, itemIndex, batch, tc == null);
    }
  }

  /**
   * One partition's predictor over one sketch. For D-Lego, the network answers the light part and the heavy part
   * is added in Java ({@link DLegoSketch#combine}).
   */
  static final class BatchEstimator implements AutoCloseable {
    private final Sketch sketch;
    private final Predictor<long[], double[]> predictor;
    private final Device device;

    BatchEstimator(byte[] bytes, LegoModelSet models, Device device) {
      this.sketch = SketchKinds.read(bytes);
      LegoSketch light = lightPart(sketch);
      LegoModel model = models.require(light.modelId(), FUNCTION);
      light.attachModel(model);
      this.device = device;
      this.predictor = LegoDjlModels.get(model, device).newPredictor(new LegoBatchTranslator(light), device);
    }

    Device device() {
      return device;
    }

    double[] estimate(long[] ids) {
      double[] est;
      try {
        est = predictor.predict(ids);
      } catch (TranslateException e) {
        if (e.getCause() instanceof IllegalArgumentException cause) {
          throw cause; // our own refusal, wrapped by DJL: keep its message
        }
        throw new IllegalStateException(FUNCTION + ": the DJL batch failed on " + device + ": " + e.getMessage(), e);
      }
      if (sketch instanceof DLegoSketch d) {
        for (int i = 0; i < ids.length; i++) {
          est[i] = d.combine(ids[i], est[i]);
        }
      }
      return est;
    }

    @Override
    public void close() {
      predictor.close();
    }
  }

  /** Reads up to {@code batch} rows, estimates their items in one call, hands the rows out with the estimates. */
  private static final class Batches implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final BatchEstimator estimator;
    private final int itemIndex;
    private final int batch;
    private final boolean closeAtEnd;
    private final List<Row> out = new ArrayList<>();
    private int next;

    Batches(Iterator<Row> rows, BatchEstimator estimator, int itemIndex, int batch, boolean closeAtEnd) {
      this.rows = rows;
      this.estimator = estimator;
      this.itemIndex = itemIndex;
      this.batch = batch;
      this.closeAtEnd = closeAtEnd;
    }

    @Override
    public boolean hasNext() {
      if (next < out.size()) {
        return true;
      }
      if (!rows.hasNext()) {
        if (closeAtEnd) {
          estimator.close();
        }
        return false;
      }
      fill();
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return out.get(next++);
    }

    private void fill() {
      List<Row> in = new ArrayList<>(Math.min(batch, 4096));
      long[] ids = new long[batch];
      int[] slot = new int[batch];
      int n = 0;
      while (in.size() < batch && rows.hasNext()) {
        Row r = rows.next();
        Long id = LegoItems.idOfRowValue(r.get(itemIndex));
        slot[in.size()] = id == null ? -1 : n;
        if (id != null) {
          ids[n++] = id;
        }
        in.add(r);
      }
      double[] est = n == 0 ? new double[0] : estimator.estimate(n == ids.length ? ids : java.util.Arrays.copyOf(ids, n));
      out.clear();
      next = 0;
      for (int i = 0; i < in.size(); i++) {
        Row r = in.get(i);
        Object[] values = new Object[r.size() + 1];
        for (int c = 0; c < r.size(); c++) {
          values[c] = r.get(c);
        }
        values[r.size()] = slot[i] < 0 ? null : est[slot[i]];
        out.add(RowFactory.create(values));
      }
    }
  }
}
