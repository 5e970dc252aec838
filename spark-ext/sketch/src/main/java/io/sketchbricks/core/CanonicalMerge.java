package io.sketchbricks.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The partial sketches of one group, merged in one fixed order, so that the result does not depend on the order in
 * which they arrive.
 *
 * <p>Why: a distributed aggregation receives its partials in the order their blocks arrive, which changes from
 * run to run and when a lost worker's tasks run again. Kinds whose merge is an exact integer sum
 * ({@link SketchKind#orderFreeMerge()}) give the same bytes in any order and are folded as they come. The others
 * (float cells that round differently in another order, heavy parts and item lists that keep other items) are
 * held as bytes and folded at the end in ascending unsigned byte order: the same partials always give the same
 * sketch, byte for byte.
 *
 * <p>Memory: a fixed order needs every partial at hand, so the partials are held as bytes, up to
 * {@link #MAX_PENDING_BYTES} per group (8 MiB, or the system property {@code sketchbricks.merge.maxPendingBytes};
 * on a cluster set it through {@code spark.executor.extraJavaOptions}). That is the sketch size times the number
 * of partitions that saw the group, e.g. 40 partitions of a 200 KB sketch. Past it the held partials are folded,
 * in byte order, into one, and the rest arrive on top of that: a group built from more partials than fit can
 * then differ between runs in the last bits of float cells or in a tied heavy item. The bound is per group and
 * aggregate, so a task that merges many groups at once can hold that much for each. Not thread-safe.
 */
public final class CanonicalMerge {
  /** Bytes of partials held per group before they are folded early. */
  public static final long MAX_PENDING_BYTES = Long.getLong("sketchbricks.merge.maxPendingBytes", 8L << 20);

  private final Function<byte[], Sketch> reader;
  private final BiConsumer<Sketch, byte[]> merger;
  private final long maxPendingBytes;
  private final List<byte[]> pending = new ArrayList<>();
  private long pendingBytes;
  private Sketch folded;
  /** Whether the first partial's kind merges the same in any order; null until one arrives. */
  private Boolean orderFree;

  /** @param reader reads one partial's bytes (and checks that it belongs to this aggregation) */
  public CanonicalMerge(Function<byte[], Sketch> reader) {
    this(reader, (acc, partial) -> acc.mergeSketch(reader.apply(partial)));
  }

  /**
   * @param reader reads one partial's bytes (and checks that it belongs to this aggregation)
   * @param merger merges one partial's bytes into a sketch the reader returned (e.g. without building a second
   *     sketch)
   */
  public CanonicalMerge(Function<byte[], Sketch> reader, BiConsumer<Sketch, byte[]> merger) {
    this(reader, merger, MAX_PENDING_BYTES);
  }

  CanonicalMerge(Function<byte[], Sketch> reader, BiConsumer<Sketch, byte[]> merger, long maxPendingBytes) {
    this.reader = reader;
    this.merger = merger;
    this.maxPendingBytes = maxPendingBytes;
  }

  public boolean isEmpty() {
    return folded == null && pending.isEmpty();
  }

  /** Adds one partial sketch's bytes. */
  public void add(byte[] partial) {
    if (folded != null && folded.kind().orderFreeMerge()) {
      merger.accept(folded, partial);
      return;
    }
    pending.add(partial);
    pendingBytes += partial.length;
    if (pendingBytes > maxPendingBytes || (pending.size() > 1 && orderFree())) {
      fold();
    }
  }

  /** The partials held, as bytes: what to serialize to carry this merge elsewhere. */
  public List<byte[]> partials() {
    if (folded == null) {
      return Collections.unmodifiableList(pending);
    }
    List<byte[]> out = new ArrayList<>(pending.size() + 1);
    out.add(folded.toByteArray());
    out.addAll(pending);
    return out;
  }

  /** The merged sketch; null when no partial was added. */
  public Sketch result() {
    fold();
    return folded;
  }

  /** The merged sketch's bytes: a lone partial's own bytes, unparsed; null when no partial was added. */
  public byte[] resultBytes() {
    if (folded == null && pending.size() == 1) {
      return pending.get(0);
    }
    Sketch s = result();
    return s == null ? null : s.toByteArray();
  }

  private boolean orderFree() {
    if (orderFree == null) {
      orderFree = SketchFormat.kindOf(pending.get(0)).orderFreeMerge();
    }
    return orderFree;
  }

  private void fold() {
    if (pending.isEmpty()) {
      return;
    }
    List<byte[]> all = new ArrayList<>(pending);
    if (folded != null) {
      all.add(folded.toByteArray());
    }
    all.sort(Arrays::compareUnsigned);
    Sketch acc = reader.apply(all.get(0));
    for (int i = 1; i < all.size(); i++) {
      merger.accept(acc, all.get(i));
    }
    folded = acc;
    pending.clear();
    pendingBytes = 0;
  }
}
