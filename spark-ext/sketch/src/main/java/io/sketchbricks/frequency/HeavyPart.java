package io.sketchbricks.frequency;

/**
 * The heavy part of an Elastic-style sketch (Elastic sketch, Yang et al., SIGCOMM 2018; D-Lego, Lego paper Sec.
 * 3.3): one-entry buckets that keep large items exactly, in front of a light part that counts everything else.
 * Written once here for {@link ElasticSketch} and {@code io.sketchbricks.lego.DLegoSketch}, which differ only in the
 * parameters: the bucket index, the eviction threshold lambda and its {@link Eviction} rule, and the counter range.
 *
 * <p>A bucket holds (key, count, votes, flag). An arrival of (key, n) at its bucket:
 * <ul>
 *   <li>empty bucket (count 0): the key takes it with count n, no votes, flag clear;</li>
 *   <li>the resident's key: count += n;</li>
 *   <li>another key: a vote against the resident. Unless the {@link Eviction} rule evicts, the arrival goes to the
 *       light part; when it evicts, the resident (key, count) goes to the light part and the newcomer takes the
 *       bucket with count n and its flag set (some of its earlier arrivals may be in the light part).</li>
 * </ul>
 * A bucket never empties again once taken. The sketch's estimate of a key is the count of an unflagged resident
 * (exact), count + light estimate for a flagged one, the light estimate otherwise: never an underestimate through
 * the heavy part.
 *
 * <p>Merging ({@link #merge}) keeps, per bucket, the resident with the larger count and moves the other to the
 * light part, setting the winner's flag: estimates stay valid, but the result is not identical to one sketch built
 * over both streams. Serialization is the owner's: each sketch keeps its own byte layout ({@link #key},
 * {@link #count}, {@link #votes}, {@link #flagged} and {@link #set}). Not thread-safe.
 */
public final class HeavyPart {
  /** Where counts that leave the heavy part go. All or nothing: it throws before changing anything, or adds. */
  @FunctionalInterface
  public interface Light {
    void add(long key, long count);
  }

  /** Which bucket a key goes to, among {@code buckets}. */
  @FunctionalInterface
  public interface BucketIndex {
    int of(long key, int buckets);
  }

  /** When a vote against the resident evicts it. */
  public enum Eviction {
    /**
     * The Elastic paper's rule: the arrival votes first ({@code votes += n}), then the resident is evicted when
     * {@code votes >= lambda * count}; the newcomer starts with no votes.
     */
    VOTE_THEN_TEST,
    /**
     * The Lego reference code's rule: the resident is evicted when the votes before this arrival reach
     * {@code votes / count >= lambda} (in double, as the reference divides); else the arrival votes. The newcomer
     * starts with one vote.
     */
    TEST_THEN_VOTE
  }

  private final long[] keys;
  private final long[] counts;
  private final long[] votes;
  private final boolean[] flags;
  private final BucketIndex index;
  private final int lambda;
  private final Eviction eviction;
  private final long maxCounter;
  /** Sum of the buckets' counts. */
  private long total;

  /**
   * An empty heavy part.
   *
   * @param buckets how many buckets, at least 1
   * @param index the bucket of a key
   * @param lambda the eviction threshold
   * @param eviction the rule that applies it
   * @param maxCounter the largest count or vote a bucket holds: past it an add or merge throws
   *     {@link ArithmeticException} and changes nothing
   */
  public HeavyPart(int buckets, BucketIndex index, int lambda, Eviction eviction, long maxCounter) {
    this.keys = new long[buckets];
    this.counts = new long[buckets];
    this.votes = new long[buckets];
    this.flags = new boolean[buckets];
    this.index = index;
    this.lambda = lambda;
    this.eviction = eviction;
    this.maxCounter = maxCounter;
  }

  public int buckets() {
    return keys.length;
  }

  public int bucketOf(long key) {
    return index.of(key, keys.length);
  }

  /** The bucket whose resident is {@code key}, or -1 when the key is not a resident. */
  public int residentBucket(long key) {
    int b = bucketOf(key);
    return counts[b] != 0 && keys[b] == key ? b : -1;
  }

  public long key(int b) {
    return keys[b];
  }

  public long count(int b) {
    return counts[b];
  }

  public long votes(int b) {
    return votes[b];
  }

  public boolean flagged(int b) {
    return flags[b];
  }

  /** Sum of the buckets' counts. */
  public long total() {
    return total;
  }

  /** Sets bucket b as read from bytes; the owner checks the values. */
  public void set(int b, long key, long count, long votesAgainst, boolean flag) {
    total += count - counts[b];
    keys[b] = key;
    counts[b] = count;
    votes[b] = votesAgainst;
    flags[b] = flag;
  }

  /**
   * Adds {@code n > 0} arrivals of {@code key}. What leaves the heavy part goes to {@code light} before any bucket
   * changes, so a light part that refuses the add leaves the heavy part unchanged too.
   *
   * @throws ArithmeticException when a count or vote would pass the counter range; nothing changes
   */
  public void add(long key, long n, Light light) {
    int b = bucketOf(key);
    if (counts[b] == 0) {
      keys[b] = key;
      counts[b] = n;
      votes[b] = 0;
      flags[b] = false;
      total += n;
    } else if (keys[b] == key) {
      counts[b] = checkedAdd(counts[b], n);
      total += n;
    } else if (eviction == Eviction.VOTE_THEN_TEST) {
      long v = checkedAdd(votes[b], n);
      if (v >= (long) lambda * counts[b]) {
        evict(b, key, n, 0, light);
      } else {
        light.add(key, n);
        votes[b] = v;
      }
    } else if ((double) votes[b] / counts[b] < lambda) {
      long v = checkedAdd(votes[b], n);
      light.add(key, n);
      votes[b] = v;
    } else {
      evict(b, key, n, 1, light);
    }
  }

  private void evict(int b, long key, long n, long startVotes, Light light) {
    light.add(keys[b], counts[b]);
    total += n - counts[b];
    keys[b] = key;
    counts[b] = n;
    votes[b] = startVotes;
    flags[b] = true;
  }

  /**
   * Merges {@code o} (same bucket count, index and rule) into this heavy part, bucket by bucket: an empty side takes
   * the other's bucket; the same resident adds counts and votes and keeps either flag; two residents keep the larger
   * count (this side's on a tie), and the other's count goes to {@code light} and adds to the votes, with the
   * winner's flag set since some of its arrivals may have been voted into the other side's light part.
   *
   * <p>Not atomic: a caller that must leave the sketch unchanged on failure checks first, or merges into a
   * {@link #copy()}.
   *
   * @throws ArithmeticException when a count or vote would pass the counter range
   */
  public void merge(HeavyPart o, Light light) {
    for (int b = 0; b < keys.length; b++) {
      if (o.counts[b] == 0) {
        continue;
      }
      if (counts[b] == 0) {
        keys[b] = o.keys[b];
        counts[b] = o.counts[b];
        votes[b] = o.votes[b];
        flags[b] = o.flags[b];
      } else if (keys[b] == o.keys[b]) {
        counts[b] = checkedAdd(counts[b], o.counts[b]);
        votes[b] = checkedAdd(votes[b], o.votes[b]);
        flags[b] |= o.flags[b];
      } else {
        boolean keepOther = o.counts[b] > counts[b];
        long loserKey = keepOther ? keys[b] : o.keys[b];
        long loserCount = keepOther ? counts[b] : o.counts[b];
        if (keepOther) {
          keys[b] = o.keys[b];
          counts[b] = o.counts[b];
        }
        light.add(loserKey, loserCount);
        votes[b] = checkedAdd(checkedAdd(votes[b], o.votes[b]), loserCount);
        flags[b] = true;
      }
    }
    long sum = 0;
    for (long c : counts) {
      sum += c;
    }
    total = sum;
  }

  /** A copy with the same parameters and buckets. */
  public HeavyPart copy() {
    HeavyPart c = new HeavyPart(keys.length, index, lambda, eviction, maxCounter);
    c.copyFrom(this);
    return c;
  }

  /** Takes the buckets of {@code o} (same bucket count): plain copies, which cannot fail. */
  public void copyFrom(HeavyPart o) {
    System.arraycopy(o.keys, 0, keys, 0, keys.length);
    System.arraycopy(o.counts, 0, counts, 0, counts.length);
    System.arraycopy(o.votes, 0, votes, 0, votes.length);
    System.arraycopy(o.flags, 0, flags, 0, flags.length);
    total = o.total;
  }

  private long checkedAdd(long a, long n) {
    long sum = Math.addExact(a, n);
    if (sum > maxCounter) {
      throw FrequencySketch.overflow();
    }
    return sum;
  }
}
