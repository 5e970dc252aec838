package io.sketchbricks.fuzz;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;

/**
 * Runs a target's cases: generates each from (run seed, case index) alone, runs it under the {@link Watchdog},
 * and judges it. A case passes when the reader throws its documented exception, or returns an object that answers
 * the target's queries; and, either way, when it stays within
 * <ul>
 *   <li>{@value #CASE_LIMIT_MILLIS} ms of the case thread's CPU time (a slower case is run again and fails if it is
 *       slow twice). CPU time, not wall time: on a machine shared by many builds (load 20+ on 2 cores was seen) a
 *       thread waits for a core longer than it works, and that wait is not the reader's; GC runs on its own
 *       threads. The wall time is reported too, and the {@link Watchdog} fails any case that hangs
 *       ({@value #HANG_MILLIS} ms of wall time);
 *   <li>{@code 4 x input + 1 MiB} bytes allocated by the read, and {@code 16 x input + 8 MiB} by the whole case
 *       (read, queries, round trip, merge with a copy), measured with
 *       {@link com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()}: a reader may copy what it was
 *       given a few times, never allocate what a size field merely claims.
 * </ul>
 */
final class FuzzRunner {
  static final long CASE_LIMIT_MILLIS = 100;
  static final long HANG_MILLIS = 2_000;
  static final long READ_ALLOC_FACTOR = 4;
  static final long READ_ALLOC_CONSTANT = 1L << 20;
  static final long CASE_ALLOC_FACTOR = 16;
  static final long CASE_ALLOC_CONSTANT = 8L << 20;
  /**
   * A target stops after this many failures, or this many costly ones (hangs, over-allocations, slow cases,
   * errors such as OutOfMemoryError): a reader that allocates gigabytes per case would otherwise take ages.
   */
  static final int MAX_FAILURES = 5_000;
  static final int MAX_COSTLY = 5;
  /** Failures kept in full per kind of problem (the problem's first line with its numbers blanked). */
  static final int KEPT_PER_KIND = 3;

  private final FuzzTarget target;
  private final List<byte[]> seeds;
  private final List<List<Field>> fields = new ArrayList<>();

  FuzzRunner(FuzzTarget target) {
    this.target = target;
    this.seeds = target.seeds();
    for (int i = 0; i < seeds.size(); i++) {
      fields.add(target.fields(i));
    }
  }

  List<byte[]> seeds() {
    return seeds;
  }

  /** The input of case {@code i} of run {@code seed}: a pure function of both. */
  Mutation generate(long seed, long i) {
    Mutator[] all = Mutator.values();
    Mutator m = all[(int) (i % all.length)];
    long k = i / all.length;
    int s = (int) (k % seeds.size());
    SplittableRandom r = new SplittableRandom(seed ^ (i * 0x9E3779B97F4A7C15L) ^ 0x632BE59BD9B4E019L);
    Mutation mut = m.apply(target, seeds.get(s), fields.get(s), r, k / seeds.size());
    return new Mutation(mut.bytes(), "seed input " + s + ", " + mut.description());
  }

  /** What one run of one input did. */
  record Run(Object accepted, Throwable rejection, Throwable defect, long nanos, long wallNanos, long readBytes,
      long caseBytes) {}

  private Run runOnce(Watchdog w, byte[] input) throws TimeoutException, InterruptedException {
    return w.call(() -> {
      com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long a0 = mx.getCurrentThreadAllocatedBytes();
      long c0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Object value = null;
      Throwable rejection = null;
      try {
        value = target.read(input);
      } catch (Throwable e) {
        rejection = e;
      }
      long a1 = mx.getCurrentThreadAllocatedBytes();
      Throwable defect = null;
      if (rejection == null) {
        try {
          target.check(value);
        } catch (Throwable e) {
          defect = e;
        }
      }
      long t1 = System.nanoTime();
      long c1 = mx.getCurrentThreadCpuTime();
      long a2 = mx.getCurrentThreadAllocatedBytes();
      return new Run(value, rejection, defect, c1 - c0, t1 - t0, a1 - a0, a2 - a0);
    }, HANG_MILLIS);
  }

  /** The problem with one input, or null when it passes. */
  String judge(Watchdog w, byte[] input, Stats stats) throws InterruptedException {
    Run run;
    try {
      run = runOnce(w, input);
      if (run.nanos() > CASE_LIMIT_MILLIS * 1_000_000) {
        run = runOnce(w, input); // once more: a GC pause or a busy machine is not the reader's fault
      }
    } catch (TimeoutException e) {
      stats.hangs++;
      return "hang: no answer within " + HANG_MILLIS + " ms (the worker thread was stopped); it was"
          + w.lastHangFrames();
    }
    stats.record(run);
    if (run.rejection() != null && !target.isDocumented(run.rejection())) {
      return "undocumented " + describe(run.rejection()) + " (documented: " + target.documented() + ")";
    }
    if (run.defect() != null) {
      return "accepted, then its queries failed: " + describe(run.defect());
    }
    long n = input.length;
    if (run.readBytes() > READ_ALLOC_FACTOR * n + READ_ALLOC_CONSTANT) {
      return "the read allocated " + run.readBytes() + " bytes for a " + n + "-byte input (bound "
          + READ_ALLOC_FACTOR + " x input + " + READ_ALLOC_CONSTANT + ")"
          + (run.rejection() != null ? ", then threw " + describe(run.rejection()) : "");
    }
    if (run.caseBytes() > CASE_ALLOC_FACTOR * n + CASE_ALLOC_CONSTANT) {
      return "the case allocated " + run.caseBytes() + " bytes for a " + n + "-byte input (bound "
          + CASE_ALLOC_FACTOR + " x input + " + CASE_ALLOC_CONSTANT + ")";
    }
    if (run.nanos() > CASE_LIMIT_MILLIS * 1_000_000) {
      return "took " + run.nanos() / 1_000_000 + " ms of CPU twice (limit " + CASE_LIMIT_MILLIS + " ms)"
          + (run.rejection() != null ? ", then threw " + describe(run.rejection()) : ", accepted");
    }
    return null;
  }

  static String describe(Throwable t) {
    StringWriter sw = new StringWriter();
    t.printStackTrace(new PrintWriter(sw));
    String[] lines = sw.toString().split("\n");
    StringBuilder b = new StringBuilder(lines[0]);
    for (int i = 1; i < Math.min(lines.length, 7); i++) {
      b.append("\n      ").append(lines[i].trim());
    }
    return b.toString();
  }

  /** Counters of a run. */
  static final class Stats {
    long cases;
    long accepted;
    long rejected;
    long hangs;
    long maxNanos;
    long maxWallNanos;
    long maxReadBytes;
    long maxCaseBytes;
    long failures;
    long costly;
    /** Failures by kind of problem, in order of first appearance: count and the first few in full. */
    final java.util.Map<String, List<FuzzFailure>> kept = new java.util.LinkedHashMap<>();
    final java.util.Map<String, Long> counts = new java.util.HashMap<>();
    String stoppedEarly;

    void record(Run r) {
      if (r.rejection() == null) {
        accepted++;
      } else {
        rejected++;
      }
      maxNanos = Math.max(maxNanos, r.nanos());
      maxWallNanos = Math.max(maxWallNanos, r.wallNanos());
      maxReadBytes = Math.max(maxReadBytes, r.readBytes());
      maxCaseBytes = Math.max(maxCaseBytes, r.caseBytes());
    }
  }

  /** Checks every seed first (a seed that fails is a harness or writer bug), then runs cases [first, first+n). */
  Stats run(long seed, long first, long n) throws InterruptedException {
    Stats stats = new Stats();
    try (Watchdog w = new Watchdog()) {
      for (int s = 0; s < seeds.size(); s++) {
        for (int rep = 0; rep < 3; rep++) { // warm-up: class loading and JIT are not the reader's cost
          runOnceQuietly(w, seeds.get(s));
        }
        String p = judge(w, seeds.get(s), new Stats());
        if (p != null) {
          fail(stats, new FuzzFailure(target.name(), seed, -1 - s, "unmutated seed input " + s, p, seeds.get(s)));
        }
      }
      for (long i = first; i < first + n; i++) {
        Mutation m = generate(seed, i);
        stats.cases++;
        String p = judge(w, m.bytes(), stats);
        if (p != null) {
          fail(stats, new FuzzFailure(target.name(), seed, i, m.description(), p, m.bytes()));
        }
        if (stats.failures >= MAX_FAILURES || stats.costly >= MAX_COSTLY) {
          stats.stoppedEarly = "stopped after " + stats.failures + " failures (" + stats.costly
              + " hangs, slow cases, over-allocations or errors) at case " + i;
          break;
        }
      }
    }
    return stats;
  }

  private void runOnceQuietly(Watchdog w, byte[] input) throws InterruptedException {
    try {
      runOnce(w, input);
    } catch (TimeoutException e) {
      // judged right after
    }
  }

  private static void fail(Stats stats, FuzzFailure f) {
    stats.failures++;
    String p = f.problem();
    if (p.startsWith("hang") || p.startsWith("took") || p.contains("allocated") || p.contains("Error:")
        && !p.contains("AssertionError")) {
      stats.costly++;
    }
    String kind = kindOf(p);
    stats.counts.merge(kind, 1L, Long::sum);
    List<FuzzFailure> list = stats.kept.computeIfAbsent(kind, k -> new ArrayList<>());
    if (list.size() < KEPT_PER_KIND) {
      list.add(f);
    }
  }

  /** A problem's first line with numbers and item names blanked: failures of one defect share it. */
  static String kindOf(String problem) {
    String first = problem.split("\n")[0];
    first = first.replaceAll("-?\\d[\\d.,E+-]*", "#").replaceAll("item-\\w+", "item");
    return first.length() > 160 ? first.substring(0, 160) : first;
  }
}
