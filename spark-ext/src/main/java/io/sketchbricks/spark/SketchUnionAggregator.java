package io.sketchbricks.spark;

import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchFormat;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * Unions stored sketches of any one kind ({@code sketch_merge_agg}): NULL sketches are skipped, an input with
 * no sketch gives NULL, sketches of other kinds or configurations fail with the merge exception's reason.
 */
public final class SketchUnionAggregator extends Aggregator<byte[], SketchUnionAggregator.Union, byte[]> {
  private static final long serialVersionUID = 1L;

  /** The running union; empty until the first non-null sketch arrives. */
  public static final class Union implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private transient Sketch sketch;

    void add(Sketch other) {
      if (sketch == null) {
        sketch = other;
      } else {
        sketch.mergeSketch(other);
      }
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
      out.writeObject(sketch == null ? null : sketch.toByteArray());
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      byte[] bytes = (byte[]) in.readObject();
      sketch = bytes == null ? null : SketchFormat.read(bytes);
    }
  }

  @Override
  public Union zero() {
    return new Union();
  }

  @Override
  public Union reduce(Union union, byte[] sketchBytes) {
    if (sketchBytes != null) {
      union.add(SketchFormat.read(sketchBytes));
    }
    return union;
  }

  @Override
  public Union merge(Union a, Union b) {
    if (b.sketch != null) {
      a.add(b.sketch);
    }
    return a;
  }

  @Override
  public byte[] finish(Union union) {
    return union.sketch == null ? null : union.sketch.toByteArray();
  }

  @Override
  public Encoder<Union> bufferEncoder() {
    return Encoders.javaSerialization(Union.class);
  }

  @Override
  public Encoder<byte[]> outputEncoder() {
    return Encoders.BINARY();
  }
}
