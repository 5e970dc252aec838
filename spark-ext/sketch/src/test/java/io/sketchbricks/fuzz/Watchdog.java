package io.sketchbricks.fuzz;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs each case on a worker thread and gives up on it after a deadline, so a reader that loops forever fails
 * its case instead of blocking the build. A hung worker is stopped with {@link Thread#stop()}: a loop that never
 * checks for interruption cannot be ended otherwise, and a spinning thread would steal a core from every later
 * case (Java 17 still supports it; where it is gone the thread is left as a daemon and the target's run ends).
 */
final class Watchdog implements AutoCloseable {
  private ExecutorService executor;
  private volatile Thread worker;
  /** Where the last stopped worker was when its deadline passed. */
  private StackTraceElement[] lastHang = new StackTraceElement[0];

  Watchdog() {
    executor = newExecutor();
  }

  private ExecutorService newExecutor() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-case");
      t.setDaemon(true);
      worker = t;
      return t;
    });
  }

  /** The callable's result; TimeoutException after {@code millis}, with the worker stopped and replaced. */
  <T> T call(Callable<T> task, long millis) throws TimeoutException, InterruptedException {
    Future<T> f = executor.submit(task);
    try {
      return f.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      Thread t = worker;
      lastHang = t != null ? t.getStackTrace() : new StackTraceElement[0];
      f.cancel(true);
      stopWorker();
      throw e;
    } catch (ExecutionException e) {
      throw new IllegalStateException("the fuzz harness itself failed", e.getCause());
    }
  }

  /** The top frames of the last hung worker, for the failure report. */
  String lastHangFrames() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(6, lastHang.length); i++) {
      b.append("\n      at ").append(lastHang[i]);
    }
    return b.toString();
  }

  @SuppressWarnings({"deprecation", "removal"})
  private void stopWorker() {
    Thread t = worker;
    executor.shutdownNow();
    if (t != null) {
      try {
        t.stop();
      } catch (UnsupportedOperationException ignored) {
        // newer JDKs: the daemon thread keeps spinning until the JVM exits
      }
    }
    executor = newExecutor();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
