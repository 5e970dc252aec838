package io.sketchbricks.jobs.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Every process the cluster test starts, stopped by its PID when the test ends, fails or the JVM is shut down:
 * first SIGTERM (Spark's daemons then stop their executors and drivers), then SIGKILL for the process and every
 * descendant it had (an executor a worker could not stop in time must not outlive the test).
 */
final class Processes implements AutoCloseable {
  private final List<Process> started = new CopyOnWriteArrayList<>();
  private final Thread hook = new Thread(this::stopAll, "stop-cluster-test-processes");
  /** Set once stopping began: the test thread may still run on during a shutdown, and must start nothing new. */
  private boolean closing;

  Processes() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Starts {@code command} with its stdout and stderr appended to {@code log}. */
  Process start(List<String> command, Map<String, String> env, Path workDir, Path log) throws IOException {
    return start(command, env, workDir, log, null);
  }

  /** Starts {@code command} with its stdout appended to {@code out} and its stderr to {@code err} (or to out). */
  Process start(List<String> command, Map<String, String> env, Path workDir, Path out, Path err) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
    if (err == null) {
      pb.redirectErrorStream(true);
    } else {
      pb.redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
    }
    pb.environment().putAll(env);
    synchronized (this) {
      if (closing) {
        throw new IllegalStateException("the test's processes are being stopped: not starting " + command.get(0));
      }
      Process p = pb.start();
      started.add(p);
      return p;
    }
  }

  /** Stops one process and what it started (SIGTERM, up to 20 s, then SIGKILL by PID). */
  void stop(Process p) {
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    p.destroy();
    try {
      p.waitFor(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tree.add(p.toHandle());
    for (ProcessHandle h : tree) {
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
    started.remove(p);
  }

  /** Stops everything still running, newest first (drivers and workers before the master). */
  void stopAll() {
    synchronized (this) {
      closing = true;
    }
    List<Process> all = new ArrayList<>(started);
    for (int i = all.size() - 1; i >= 0; i--) {
      stop(all.get(i));
    }
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run: nothing left to remove
    }
  }
}
