package io.sketchbricks.jobs;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;

/**
 * Peak heap use of this JVM over a stretch of work, from the heap memory pools' peak counters. In local mode the
 * executors run in the driver JVM, so this covers the tasks too.
 *
 * <p>{@link #start()} collects garbage first and then resets every heap pool's peak, so a stretch does not
 * inherit an earlier one's peak. The sum of the pools' peaks is an upper bound of the true peak (each pool may
 * peak at another moment); the old generation's peak alone is what survived young collections: the live data.
 */
final class HeapPeak {
  private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();

  /** Starts a stretch: garbage collected, every heap pool's peak reset to its current use. */
  void start() {
    System.gc();
    pools.forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** Bytes: the sum of the heap pools' peaks since {@link #start()}. */
  long heapPeak() {
    return pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  /** Bytes: the peak of the old-generation pool(s) since {@link #start()} (0 if the collector names none). */
  long oldGenPeak() {
    return pools.stream().filter(p -> isOld(p.getName())).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  private static boolean isOld(String pool) {
    String n = pool.toLowerCase(Locale.ROOT);
    return n.contains("old") || n.contains("tenured");
  }
}
