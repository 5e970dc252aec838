package io.sketchbricks.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on 127.0.0.1: one Master and {@code workers} Workers of one core each, started as
 * separate JVMs from a Spark home the way {@code sbin/start-master.sh} and {@code start-worker.sh} do.
 */
final class LocalCluster {
  private final Path sparkHome;
  private final Path dir;
  private final Processes processes;
  private final ClusterTestConfig config;
  private final List<Process> workers = new ArrayList<>();
  private final List<Path> workerDirs = new ArrayList<>();
  private int masterPort;
  private int masterUiPort;

  LocalCluster(Path sparkHome, Path dir, Processes processes, ClusterTestConfig config) {
    this.sparkHome = sparkHome;
    this.dir = dir;
    this.processes = processes;
    this.config = config;
  }

  /**
   * The environment of every Spark process: the home, nothing bound beyond loopback, and DJL caches that start
   * empty (libtorch must come from the native jar on --jars, never from a download).
   */
  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("SPARK_HOME", sparkHome.toString());
    // without it a home without build folders fails to start executors ("Cannot find any build directories")
    env.put("SPARK_SCALA_VERSION", config.scalaBinary());
    env.put("DJL_CACHE_DIR", dir.resolve("djl-cache").toString());
    env.put("ENGINE_CACHE_DIR", dir.resolve("djl-cache").resolve("engines").toString());
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_LOCAL_HOSTNAME", "127.0.0.1");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    return env;
  }

  /** java with Spark's jars and Java 17 opens: how Spark's scripts start its classes. */
  List<String> java(String heap, String mainClass) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.addAll(Arrays.asList(config.javaOpens().trim().split("\\s+")));
    cmd.add("-cp");
    cmd.add(sparkHome.resolve("jars") + "/*");
    cmd.add(mainClass);
    return cmd;
  }

  void start(int workerCount, String workerMemory) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    masterPort = freePort();
    masterUiPort = freePort();
    List<String> master = java("256m", "org.apache.spark.deploy.master.Master");
    master.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(masterPort), "--webui-port",
        Integer.toString(masterUiPort)));
    processes.start(master, env(), dir, dir.resolve("master.log"));
    await("the master's web UI", () -> state() != null);
    for (int i = 0; i < workerCount; i++) {
      Path workDir = Files.createDirectories(dir.resolve("worker-" + i));
      List<String> worker = java("256m", "org.apache.spark.deploy.worker.Worker");
      worker.addAll(List.of(url(), "--host", "127.0.0.1", "--port", Integer.toString(freePort()), "--webui-port",
          Integer.toString(freePort()), "--cores", "1", "--memory", workerMemory, "--work-dir", workDir.toString()));
      Map<String, String> env = env();
      env.put("SPARK_WORKER_DIR", workDir.toString());
      workers.add(processes.start(worker, env, dir, dir.resolve("worker-" + i + ".log")));
      workerDirs.add(workDir);
    }
    await(workerCount + " alive workers", () -> {
      JsonNode s = state();
      return s != null && s.path("aliveworkers").asInt() == workerCount;
    });
  }

  String url() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The master's view (/json/): workers, applications, drivers and their states; null while it is not up. */
  JsonNode state() {
    try (InputStream in = URI.create("http://127.0.0.1:" + masterUiPort + "/json/").toURL().openStream()) {
      return new ObjectMapper().readTree(in);
    } catch (IOException notYet) {
      return null;
    }
  }

  /** The executor JVMs of an application that are alive now: the workers' children running it. */
  List<ProcessHandle> executors(String appId) {
    List<ProcessHandle> found = new ArrayList<>();
    for (Process w : workers) {
      w.descendants().filter(h -> {
        String cmd = String.join(" ", h.info().arguments().orElse(new String[0]));
        return cmd.contains("CoarseGrainedExecutorBackend") && cmd.contains("--app-id " + appId);
      }).forEach(found::add);
    }
    return found;
  }

  /** The executor id in an executor JVM's arguments ({@code --executor-id N}). */
  static String executorId(ProcessHandle executor) {
    List<String> args = List.of(executor.info().arguments().orElse(new String[0]));
    int i = args.indexOf("--executor-id");
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : "?";
  }

  /** Lines of a log that contain {@code text}. */
  static long count(Path log, String text) {
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(l -> l.contains(text)).count();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  List<Path> workerDirs() {
    return workerDirs;
  }

  /** Files of the workers' folders (executor and driver logs) whose path contains {@code part}, e.g. an app id. */
  List<Path> logs(String part) {
    List<Path> out = new ArrayList<>();
    for (Path w : workerDirs) {
      try (Stream<Path> s = Files.walk(w)) {
        s.filter(Files::isRegularFile).filter(p -> p.toString().contains(part))
            .filter(p -> p.getFileName().toString().matches("stderr|stdout")).forEach(out::add);
      } catch (java.nio.file.NoSuchFileException vanished) {
        // a folder removed while listing it: the worker cleaned up an old application
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** The last lines of the daemons' logs and of every log under the workers' folders, for a failure message. */
  String tails(int lines) {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".log")
          || f.getFileName().toString().matches("stderr|stdout")).sorted().toList()) {
        sb.append("\n==> ").append(p).append(" <==\n").append(tail(p, lines));
      }
    } catch (IOException e) {
      sb.append("(cannot list ").append(dir).append(": ").append(e).append(")");
    }
    return sb.toString();
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read: " + e + ")\n";
    }
  }

  interface Condition {
    boolean holds() throws IOException;
  }

  static void await(String what, Condition c) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (!c.holds()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no " + what + " after 180 s");
      }
      Thread.sleep(250);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
