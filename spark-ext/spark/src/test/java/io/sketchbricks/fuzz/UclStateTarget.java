package io.sketchbricks.fuzz;

import io.sketchbricks.ucl.UclSketch;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The UCL stream's state checkpoint ({@code io.sketchbricks.spark.ucl.UclStateStore#load}): a file of the batch id
 * (int64, big-endian) and a UCL sketch. Each case writes the file into a checkpoint folder and loads it through
 * the store (package-private, so by reflection). Documented rejection: IllegalStateException naming the corrupt
 * file. An accepted state must pass the UCL sketch checks.
 */
final class UclStateTarget implements FuzzTarget {
  /** Batch id, then the sketch envelope: the length field at 8 + 8 and the CRC over the sketch only. */
  private static final Envelope ENVELOPE = Envelope.crc32c(20, 8, 16, 24);
  private final Path checkpoint;
  private final Object store;
  private final Method load;
  private final Method sketchOf;
  private List<byte[]> seeds;

  UclStateTarget(Path dir) throws ReflectiveOperationException {
    this.checkpoint = dir;
    Class<?> c = Class.forName("io.sketchbricks.spark.ucl.UclStateStore");
    Constructor<?> ctor = c.getDeclaredConstructor(String.class, org.apache.hadoop.conf.Configuration.class);
    ctor.setAccessible(true);
    store = ctor.newInstance(dir.toString(), new org.apache.hadoop.conf.Configuration());
    load = Reflect.method(c.getName(), "load");
    sketchOf = Reflect.method(c.getName() + "$Saved", "sketch");
  }

  @Override
  public String name() {
    return "ucl-state";
  }

  @Override
  public List<byte[]> seeds() {
    if (seeds == null) {
      seeds = List.of(state(3, 0), state(17, 40));
    }
    return seeds;
  }

  private static byte[] state(long batch, int n) {
    byte[] sketch = SketchSeeds.uclSketch(n).toByteArray();
    return ByteBuffer.allocate(8 + sketch.length).putLong(batch).put(sketch).array();
  }

  @Override
  public List<Field> fields(int seedIndex) {
    List<Field> f = new ArrayList<>();
    f.add(new Field("batch id", 0, 8, false));
    f.addAll(SketchFields.of(seeds().get(seedIndex), 8));
    return f;
  }

  @Override
  public Envelope envelope() {
    return ENVELOPE;
  }

  @Override
  public int defaultCases() {
    return 1_500;
  }

  @Override
  public String documented() {
    return "IllegalStateException (the checkpoint is corrupt)";
  }

  @Override
  public boolean isDocumented(Throwable t) {
    return t instanceof IllegalStateException;
  }

  @Override
  public Object read(byte[] input) throws Exception {
    Path dir = checkpoint.resolve("ucl-state");
    Files.createDirectories(dir);
    Files.write(dir.resolve("batch-0000000000000000001.state"), input);
    Object sketch = Reflect.invoke(sketchOf, Reflect.invoke(load, store));
    return new Object[] {sketch, java.util.Arrays.copyOfRange(input, 8, input.length)};
  }

  @Override
  public void check(Object accepted) {
    Object[] a = (Object[]) accepted;
    SketchChecks.check((UclSketch) a[0], (byte[]) a[1]);
  }
}
