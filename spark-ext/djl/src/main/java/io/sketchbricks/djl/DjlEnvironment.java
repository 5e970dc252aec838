package io.sketchbricks.djl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DJL's settings, made by the code itself in every JVM that runs DJL, the driver and each executor, before the
 * PyTorch engine starts (it reads them once, at its start): launcher flags reach the driver but not executors
 * that spark-submit starts. Every path that may be the first to touch DJL in a JVM calls {@link #prepare()}: Lego
 * batched inference, the Lego trainer and bench, the UCL solver.
 *
 * <ul>
 *   <li>Offline: {@code ai.djl.offline} and {@code offline} (DJL downloads nothing and fails instead) and
 *       {@code OPT_OUT_TRACKING} (no call home at engine start). libtorch and its JNI bridge then come from the
 *       classpath (the pytorch-native and pytorch-jni jars), unpacked into DJL's cache folder.
 *   <li>Threads: {@code ai.djl.pytorch.num_threads} is the cores Spark gave the running task
 *       ({@code spark.task.cpus}, at most the executor's cores), so that PyTorch's spin-waiting OpenMP threads do
 *       not compete with the executor's other tasks (PyTorch's default is one per core of the machine). Outside a
 *       task (the driver, a plain JVM) the caller says: the UCL solver asks for half the cores, since it trains
 *       beside Spark's local tasks and spin-waiting threads on cores those tasks use slow an epoch down rather
 *       than speed it up (README, "Measured here", "Design choices, measured"); the Lego trainer keeps PyTorch's
 *       default, with which the shipped model was trained.
 *       {@code ai.djl.pytorch.num_interop_threads} is 1: DJL runs operators eagerly, one after another, so
 *       PyTorch's inter-op pool (default: one thread per core) would only sit there.
 * </ul>
 * The engine reads these once per JVM: the first caller's settings hold for the JVM's life.
 * A setting already present (e.g. {@code -Dai.djl.pytorch.num_threads=4} in
 * {@code spark.executor.extraJavaOptions}) is kept.
 */
public final class DjlEnvironment {
  public static final String NUM_THREADS = "ai.djl.pytorch.num_threads";
  public static final String NUM_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";
  /** Present in every pytorch-native-* jar: without it (and without PYTORCH_LIBRARY_PATH) DJL would download. */
  static final String NATIVE_RESOURCE = "native/lib/pytorch.properties";

  private static final Logger LOG = LoggerFactory.getLogger(DjlEnvironment.class);
  private static volatile boolean prepared;

  private DjlEnvironment() {}

  /**
   * Makes the settings (once per JVM); call before anything that may start the DJL engine. Outside a Spark task
   * PyTorch keeps its default intra-op thread count.
   */
  public static void prepare() {
    prepare(0);
  }

  /**
   * As {@link #prepare()}, with {@code threadsOutsideTasks} intra-op threads when no Spark task runs in this
   * thread (0: PyTorch's default).
   */
  public static void prepare(int threadsOutsideTasks) {
    if (prepared) {
      return;
    }
    synchronized (DjlEnvironment.class) {
      if (prepared) {
        return;
      }
      settings(System::getProperty, cores(threadsOutsideTasks)).forEach(System::setProperty);
      if (System.getenv("PYTORCH_LIBRARY_PATH") == null && System.getProperty("PYTORCH_LIBRARY_PATH") == null
          && classLoader().getResource(NATIVE_RESOURCE) == null) {
        LOG.warn("no libtorch on the classpath ({} missing) and PYTORCH_LIBRARY_PATH unset: DJL, kept offline,"
            + " can only use a libtorch already unpacked in its cache; add the pytorch-native jar"
            + " (ai.djl.pytorch:pytorch-native-cpu or -cu124, classifier linux-x86_64) with spark-submit --jars",
            NATIVE_RESOURCE);
      }
      prepared = true;
    }
  }

  /**
   * The properties to set, given the current ones: only those not set already.
   *
   * @param cores PyTorch's intra-op threads; 0 leaves PyTorch's default
   */
  static Map<String, String> settings(UnaryOperator<String> current, int cores) {
    Map<String, String> want = new LinkedHashMap<>();
    want.put("ai.djl.offline", "true");
    want.put("offline", "true");
    want.put("OPT_OUT_TRACKING", "true");
    if (cores > 0) {
      want.put(NUM_THREADS, Integer.toString(cores));
    }
    want.put(NUM_INTEROP_THREADS, "1");
    Map<String, String> out = new LinkedHashMap<>();
    want.forEach((k, v) -> {
      if (current.apply(k) == null) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Half this machine's cores, at least 1: for work that shares the machine with Spark's local tasks. */
  public static int halfTheCores() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  /**
   * The running task's cores, from the first {@link TaskCores} provider that knows (the Spark glue registers one);
   * outside a task, or with no provider or no Spark on the classpath, {@code outside}.
   */
  static int cores(int outside) {
    try {
      for (TaskCores provider : ServiceLoader.load(TaskCores.class, classLoader())) {
        Integer task = provider.ofCurrentTask();
        if (task != null) {
          return task;
        }
      }
    } catch (ServiceConfigurationError | LinkageError e) {
      // the glue's provider is on the classpath but Spark is not: a plain JVM
    }
    return outside;
  }

  private static ClassLoader classLoader() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return cl != null ? cl : DjlEnvironment.class.getClassLoader();
  }
}
