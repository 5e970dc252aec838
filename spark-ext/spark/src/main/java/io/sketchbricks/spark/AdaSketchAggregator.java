package io.sketchbricks.spark;

import io.sketchbricks.adacms.AdaCountMinSketch;
import java.sql.Timestamp;
import scala.Tuple2;

/**
 * Builds one Ada-CMS sketch per partition from (item, event time) rows and merges the partial sketches: the
 * engine of {@code ada_cms_agg}. Rows with a NULL or empty item or a NULL time are skipped and counted.
 *
 * @param <IN> the item type: String, Long or byte[]
 */
public final class AdaSketchAggregator<IN> extends SketchAggregator<Tuple2<IN, Timestamp>, AdaCountMinSketch> {
  private static final long serialVersionUID = 1L;
  private final AdaOptions options;

  public AdaSketchAggregator(AdaOptions options) {
    this.options = options;
  }

  @Override
  protected AdaCountMinSketch newSketch() {
    return options.newSketch();
  }

  @Override
  protected void add(AdaCountMinSketch sketch, Tuple2<IN, Timestamp> row) {
    Timestamp time = row._2();
    sketch.addNullable(row._1(), time == null ? null : time.getTime(), 1);
  }
}
