package io.sketchbricks.spark;

import io.sketchbricks.adacms.AdaCountMinSketch;
import java.sql.Timestamp;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import scala.Tuple2;

/**
 * Builds one Ada-CMS sketch per partition from (item, event time) rows and merges the partial sketches: the
 * engine of {@code ada_cms_agg}. Rows with a NULL or empty item or a NULL time are skipped and counted.
 *
 * @param <IN> the item type: String, Long or byte[]
 */
public final class AdaSketchAggregator<IN> extends Aggregator<Tuple2<IN, Timestamp>, AdaCountMinSketch, byte[]> {
  private static final long serialVersionUID = 1L;
  private final AdaOptions options;

  public AdaSketchAggregator(AdaOptions options) {
    this.options = options;
  }

  @Override
  public AdaCountMinSketch zero() {
    return options.newSketch();
  }

  @Override
  public AdaCountMinSketch reduce(AdaCountMinSketch sketch, Tuple2<IN, Timestamp> row) {
    Timestamp time = row._2();
    sketch.addNullable(row._1(), time == null ? null : time.getTime(), 1);
    return sketch;
  }

  @Override
  public AdaCountMinSketch merge(AdaCountMinSketch a, AdaCountMinSketch b) {
    a.mergeSketch(b);
    return a;
  }

  @Override
  public byte[] finish(AdaCountMinSketch sketch) {
    return sketch.toByteArray();
  }

  @Override
  public Encoder<AdaCountMinSketch> bufferEncoder() {
    return Encoders.javaSerialization(AdaCountMinSketch.class);
  }

  @Override
  public Encoder<byte[]> outputEncoder() {
    return Encoders.BINARY();
  }
}
