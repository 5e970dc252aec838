package io.sketchbricks.lego;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Produces meta-tasks {@code from, from+1, ...} on a background daemon thread into a bounded queue (20, as in the
 * reference), so task generation overlaps the trainer's native work. Close it to stop the thread.
 */
// public for io.sketchbricks.lego.djl (Lego training and batched inference) in the DJL module; not an API for users
public final class TaskQueue implements AutoCloseable {
  private final BlockingQueue<MetaTask> queue = new ArrayBlockingQueue<>(20);
  private final Thread thread;
  private volatile Throwable failure;

  public TaskQueue(MetaTaskGenerator generator, long from) {
    thread = new Thread(() -> {
      try {
        for (long i = from; ; i++) {
          queue.put(generator.task(i));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Throwable t) {
        failure = t;
      }
    }, "lego-task-generator");
    thread.setDaemon(true);
    thread.start();
  }

  /** The next task, in index order. */
  public MetaTask next() throws InterruptedException {
    while (true) {
      MetaTask t = queue.poll(1, java.util.concurrent.TimeUnit.SECONDS);
      if (t != null) {
        return t;
      }
      if (failure != null) {
        throw new IllegalStateException("the meta-task generator failed: " + failure, failure);
      }
    }
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
