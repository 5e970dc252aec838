package io.sketchbricks.ucl;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.core.Sketch;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchKind;
import io.sketchbricks.frequency.FrequencySketch;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * UCL-sketch (UCL paper, Sec. IV): a heavy filter in front of a Count-Min part, a Bloom filter and key tracking that
 * record which keys the Count-Min counters hold, and a sliding window of Count-Min snapshots to train a solver
 * on. Queries add the heavy-filter count to the key's recovered Count-Min-part count (UCL paper, Sec. IV-C3).
 *
 * <p>Data plane per arrival (UCL paper, Sec. IV-A3): the heavy filter takes it or pushes a key (the arrival itself, or
 * the evicted resident with its count) into the Count-Min part; a key the Bloom filter has not seen is tracked,
 * "hot" when it was evicted with a count above 1. Every {@code interval} arrivals the counters are copied into
 * the window ({@link SnapshotWindow}).
 *
 * <p>Query of key k: {@code HF(k) + (BF contains k ? (k tracked ? part(k) : 1) : 0)}. part(k) is the key's value
 * from the last {@code decode} (keys tracked since then, and every key before any decode, use the Count-Min
 * minimum). Guarantees: in {@link DecodeMode#CM} an estimate is never below the true count; when no two keys
 * share a heavy-filter slot or a Count-Min counter the estimates are exact in CM and LSQR modes.
 *
 * <p>Memory: {@link #memoryBytes()} is the data plane as {@link UclConfig} accounts it (heavy filter, Count-Min,
 * Bloom filter); the key list ({@link #keyListBytes()}) and the snapshot window ({@link #snapshotBytes()}) are
 * reported separately, as are the solver parameters ({@code UclModel}).
 *
 * <p>The binary form holds the whole data-plane state (filter, counters, Bloom bits, key list with hot flags,
 * snapshot window, totals), so a restored sketch behaves exactly like the original from then on. Decoded
 * estimates are derived state and are not stored: decode again after a restore. UCL sketches do not merge
 * (heavy-filter evictions depend on arrival order).
 */
public final class UclSketch extends FrequencySketch {
  private final UclConfig config;
  private final HeavyFilter hf;
  private final CountMinPart cm;
  private final BloomFilter bf;
  private final KeyTracker tracker;
  private final SnapshotWindow window;
  /** Decoded Count-Min-part counts by tracker position; positions past its end use the CM minimum. */
  private long[] decoded = new long[0];
  private DecodeMode decodedWith = DecodeMode.CM;

  public UclSketch(UclConfig config, long seed) {
    super(seed);
    this.config = config;
    this.hf = new HeavyFilter(config.hfSlots());
    this.cm = new CountMinPart(config.depth(), config.width());
    this.bf = new BloomFilter(config.bfBits(), config.bfHashes());
    this.tracker = new KeyTracker();
    this.window = new SnapshotWindow(config.window(), config.cells());
  }

  /** A sketch whose data plane fits {@code memoryBytes}, split as {@link UclConfig#forBudget}. */
  public UclSketch(long memoryBytes) {
    this(UclConfig.forBudget(memoryBytes), DEFAULT_SEED);
  }

  private UclSketch(UclConfig config, long seed, HeavyFilter hf, CountMinPart cm, BloomFilter bf,
      KeyTracker tracker, SnapshotWindow window) {
    super(seed);
    this.config = config;
    this.hf = hf;
    this.cm = cm;
    this.bf = bf;
    this.tracker = tracker;
    this.window = window;
  }

  @Override
  public SketchKind kind() {
    return SketchKind.UCL;
  }

  public UclConfig config() {
    return config;
  }

  // ---- data plane ------------------------------------------------------------------------------------

  /**
   * {@code count} arrivals of one key, processed one by one (the filter and the snapshots work per arrival).
   *
   * @throws IllegalArgumentException when a 32-bit counter could pass 2^31 - 1 on the way; checked before the
   *     first arrival, so a refused add leaves the sketch as it was
   */
  @Override
  protected void addHash(long key, int count) {
    requireRoom(key, count);
    for (int i = 0; i < count; i++) {
      arrive(key, totalCount + i + 1);
    }
  }

  /**
   * A bound on what {@code count} arrivals of {@code key} can add to any counter they touch: the key's own
   * arrivals (to its heavy-filter slot or its Count-Min counters) plus at most one eviction of its slot's
   * resident, which moves the resident's count to the resident's counters. After the eviction the key is the
   * resident and further arrivals only raise its own slot.
   */
  private void requireRoom(long key, int count) {
    int s = hf.slotOf(key);
    long extra = (long) count + hf.val[s];
    long worst = extra;
    for (int r = 0; r < cm.depth; r++) {
      worst = Math.max(worst, extra + cm.table[CountMinPart.cell(key, r, cm.width)]);
      if (hf.val[s] != 0) {
        worst = Math.max(worst, extra + cm.table[CountMinPart.cell(hf.keys[s], r, cm.width)]);
      }
    }
    if (worst > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("adding " + count + " arrivals could take a 32-bit UCL counter past "
          + Integer.MAX_VALUE + " (it holds up to " + (worst - extra) + " now): the sketch is full; start a new"
          + " UCL sketch or give it more counters");
    }
  }

  private void arrive(long key, long arrivalNumber) {
    int status = hf.insert(key);
    if (status != HeavyFilter.HIT) {
      long k = key;
      int v = 1;
      if (status == HeavyFilter.MISS_EVICT) {
        k = hf.evictedKey;
        v = hf.evictedVal;
      }
      boolean hot = status == HeavyFilter.MISS_EVICT && v > 1;
      boolean seen = bf.contains(k);
      cm.add(k, v);
      if (!seen) {
        bf.add(k);
        tracker.add(k, hot);
      } else if (hot) {
        tracker.markHot(k);
      }
    }
    if (arrivalNumber % config.interval() == 0) {
      window.add(cm.table, arrivalNumber);
    }
  }

  // ---- queries -------------------------------------------------------------------------------------------

  @Override
  public long estimateHash(long key) {
    long e = hf.query(key);
    if (bf.contains(key)) {
      int p = tracker.position(key);
      e += p < 0 ? 1 : p < decoded.length ? decoded[p] : cm.min(key);
    }
    return e;
  }

  /** The heavy filter's count of a key (0 unless it is the resident of its slot). */
  public long heavyCount(long key) {
    return hf.query(key);
  }

  /** The key list frozen now, in solver order, to train or decode against. */
  public KeyLayout keyLayout() {
    int[] order = tracker.solverOrder();
    long[] keys = new long[order.length];
    int[] hot = new int[tracker.hotCount()];
    for (int j = 0, h = 0; j < order.length; j++) {
      keys[j] = tracker.key(order[j]);
      if (tracker.isHot(order[j])) {
        hot[h++] = j;
      }
    }
    return new KeyLayout(keys, order, hot, config.depth(), config.width());
  }

  /** The live Count-Min counters, copied (the measurement vector of a decode "now"). */
  public int[] counters() {
    return cm.table.clone();
  }

  /** The window of snapshots taken so far (live: it grows as arrivals come; do not modify its arrays). */
  public SnapshotWindow window() {
    return window;
  }

  /**
   * Recovers the Count-Min-part count of every tracked key from the current counters with CM or LSQR; later
   * queries use it. For ML use {@link #decode(UclDecoder, UclModel)}.
   */
  public void decode(DecodeMode mode) {
    KeyLayout layout = keyLayout();
    applyDecoded(layout, UclDecodes.solve(layout, cm.table, mode), mode);
  }

  /** {@link #decode(UclDecoder, UclModel, boolean)} with the guard on, the decode every query path uses. */
  public void decode(UclDecoder solver, UclModel model) {
    decode(solver, model, true);
  }

  /**
   * ML decode (UCL paper, Sec. IV-C3) of every tracked key from the current counters, capped at each key's
   * Count-Min minimum and, with the guard, refined to fit the counters ({@link UclDecodes#learned}).
   *
   * <p>The model maps positions of the key list to keys, so train it on this sketch's {@link #keyLayout()} right
   * before decoding (as the reference does): a key list that grew since training moves the hot keys to later
   * positions (flow keys come first) and they then get the outputs learned for other keys.
   */
  public void decode(UclDecoder solver, UclModel model, boolean guard) {
    KeyLayout layout = keyLayout();
    if (layout.size() == 0) {
      decoded = new long[0];
      decodedWith = DecodeMode.ML;
      return;
    }
    install(layout, UclDecodes.learned(layout, cm.table, solver, model, guard), guard, DecodeMode.ML);
  }

  /**
   * Installs decoded counts: x[j] is unknown j of {@code layout} (taken from this sketch). LSQR values are
   * rounded to the nearest count, ML values rounded up (as the reference code's {@code ceil}); CM values are
   * already integers.
   */
  public void applyDecoded(KeyLayout layout, double[] x, DecodeMode mode) {
    install(layout, x, mode != DecodeMode.ML, mode);
  }

  private void install(KeyLayout layout, double[] x, boolean nearest, DecodeMode mode) {
    if (x.length != layout.size() || layout.size() > tracker.size()) {
      throw new IllegalArgumentException("decoded vector of " + x.length + " values does not match the layout of "
          + layout.size() + " keys (this sketch tracks " + tracker.size() + "): decode against this sketch's"
          + " keyLayout()");
    }
    long[] out = new long[layout.size()];
    for (int j = 0; j < x.length; j++) {
      double v = nearest ? Math.rint(x[j]) : Math.ceil(x[j]);
      out[layout.trackerPosition(j)] = (long) Math.max(0, v);
    }
    decoded = out;
    decodedWith = mode;
  }

  /** The mode of the last decode (CM before any). */
  public DecodeMode decodedWith() {
    return decodedWith;
  }

  // ---- state and accounting ---------------------------------------------------------------------------

  /** Keys tracked in the Count-Min part (N, the unknowns). */
  public int trackedKeys() {
    return tracker.size();
  }

  /** Tracked keys flagged hot. */
  public int hotKeys() {
    return tracker.hotCount();
  }

  /** Heavy filter + Count-Min + Bloom filter bytes ({@link UclConfig#dataPlaneBytes()}). */
  @Override
  public long memoryBytes() {
    return config.dataPlaneBytes();
  }

  /**
   * Control-plane bytes of the key list: per tracked key an 8-byte key hash, a 4-byte position and a hot bit
   * (a compact encoding; the JVM's HashMap takes several times more heap).
   */
  public long keyListBytes() {
    return 12L * tracker.size() + (tracker.size() + 7L) / 8;
  }

  /** Bytes of the snapshot window as held: snapshots x depth x width x 4. */
  public long snapshotBytes() {
    return 4L * window.size() * config.cells();
  }

  @Override
  protected String params() {
    return "hf_slots=" + config.hfSlots() + ",depth=" + config.depth() + ",width=" + config.width() + ",bf_bits="
        + config.bfBits() + ",bf_hashes=" + config.bfHashes() + ",interval=" + config.interval() + ",window="
        + config.window() + ",keys=" + tracker.size() + ",hot=" + tracker.hotCount() + ",snapshots="
        + window.size();
  }

  @Override
  public void mergeSketch(Sketch other) {
    throw new IncompatibleMergeException("UCL sketches cannot be merged: the heavy filter's evictions depend on"
        + " arrival order, so the sum of two sketches is not the sketch of both streams; build one UCL sketch per"
        + " stream, or merge Count-Min sketches instead");
  }

  /** True when every piece of data-plane state (and the totals) equals the other's. */
  public boolean sameState(UclSketch o) {
    return config.equals(o.config) && seed == o.seed && totalCount() == o.totalCount()
        && skippedCount() == o.skippedCount() && hf.sameState(o.hf) && Arrays.equals(cm.table, o.cm.table)
        && Arrays.equals(bf.words, o.bf.words) && Arrays.equals(tracker.keysCopy(), o.tracker.keysCopy())
        && Arrays.equals(tracker.hotCopy(), o.tracker.hotCopy()) && window.sameContents(o.window);
  }

  // ---- binary format ---------------------------------------------------------------------------------

  @Override
  public byte[] toByteArray() {
    return UclFormat.write(this);
  }

  /** Reads a UCL sketch from {@link #toByteArray()} bytes. */
  public static UclSketch fromBytes(byte[] bytes) {
    return SketchFormat.read(bytes, SketchKind.UCL, UclSketch::readPayload);
  }

  @Override
  protected SketchFormat.PayloadReader<? extends FrequencySketch> payloadReader() {
    return UclSketch::readPayload;
  }

  public static UclSketch readPayload(ByteBuffer in, int version) {
    return UclFormat.read(in, version);
  }

  // package-private access for UclFormat
  HeavyFilter hf() {
    return hf;
  }

  CountMinPart cm() {
    return cm;
  }

  BloomFilter bf() {
    return bf;
  }

  KeyTracker tracker() {
    return tracker;
  }

  static UclSketch restore(UclConfig config, long seed, long total, long skipped, HeavyFilter hf, CountMinPart cm,
      BloomFilter bf, KeyTracker tracker, SnapshotWindow window) {
    UclSketch s = new UclSketch(config, seed, hf, cm, bf, tracker, window);
    if (total < 0 || skipped < 0) {
      throw new CorruptSketchException("ucl sketch has a negative total count");
    }
    s.totalCount = total;
    s.skipped = skipped;
    return s;
  }
}
