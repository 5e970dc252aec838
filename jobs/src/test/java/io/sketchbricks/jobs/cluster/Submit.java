package io.sketchbricks.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * spark-submit ({@code org.apache.spark.deploy.SparkSubmit}) of the bundle to the local cluster, with Delta and
 * libtorch added by {@code --jars} from the local Maven repository, as the README tells users to.
 *
 * <p>In cluster mode spark-submit exits 0 whatever the driver does, so a job there counts as passed only when
 * the master reports its driver FINISHED (a driver that exits non-zero is FAILED).
 */
final class Submit {
  enum Mode { CLIENT, CLUSTER }

  /** One finished submission: its output (the driver's, in cluster mode) and whether it succeeded. */
  record Result(String name, Mode mode, boolean ok, String why, String stdout, String stderr) {
    String describe() {
      return name + " (" + mode + "): " + why + "\n--- stdout ---\n" + lastLines(stdout, 60) + "\n--- stderr ---\n"
          + lastLines(stderr, 120);
    }
  }

  /** A submission in flight. */
  record Running(String name, Mode mode, Process process, Path out, Path err) {}

  private static final Pattern DRIVER_ID = Pattern.compile("(driver-\\d{14}-\\d{4})");
  /** Generous: on a shared 2-core machine a small job has been seen to take 5 minutes. */
  private static final long TIMEOUT_S = 600;

  private final LocalCluster cluster;
  private final Processes processes;
  private final ClusterTestConfig config;
  private final Path dir;

  Submit(LocalCluster cluster, Processes processes, ClusterTestConfig config, Path dir) {
    this.cluster = cluster;
    this.processes = processes;
    this.config = config;
    this.dir = dir;
  }

  /** The spark-submit arguments before the bundle: what a user types (see the README). */
  List<String> sparkArgs(String name, Mode mode) {
    List<String> a = new ArrayList<>(List.of("--master", cluster.url(), "--deploy-mode",
        mode == Mode.CLIENT ? "client" : "cluster", "--name", name, "--executor-memory", "640m",
        "--conf", "spark.sql.shuffle.partitions=4",
        // Delta replays a table's log in 50 tasks by default: far too many for tables of a few files on 2 cores
        "--conf", "spark.databricks.delta.snapshotPartitions=2"));
    List<Path> jars = new ArrayList<>(config.deltaJars());
    jars.add(config.libtorchJar());
    a.add("--jars");
    a.add(jars.stream().map(Path::toString).collect(Collectors.joining(",")));
    if (mode == Mode.CLUSTER) {
      // the worker starts the driver JVM: it needs Spark's Java 17 opens (executors get them by themselves)
      a.addAll(List.of("--driver-memory", "768m", "--conf", "spark.driver.extraJavaOptions=" + config.javaOpens(),
          "--conf", "spark.standalone.submit.waitAppCompletion=true"));
    }
    return a;
  }

  Running start(String name, Mode mode, String... appArgs) throws IOException {
    // in client mode this JVM is the driver, so its heap is the driver's
    List<String> cmd = cluster.java(mode == Mode.CLIENT ? "1g" : "256m", "org.apache.spark.deploy.SparkSubmit");
    cmd.addAll(sparkArgs(name, mode));
    cmd.add(config.bundle().toString());
    cmd.addAll(List.of(appArgs));
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    Files.writeString(err, "$ " + String.join(" ", cmd) + "\n");
    Files.writeString(out, "");
    return new Running(name, mode, processes.start(cmd, cluster.env(), dir, out, err), out, err);
  }

  Result await(Running r) throws IOException, InterruptedException {
    boolean done = r.process().waitFor(TIMEOUT_S, TimeUnit.SECONDS);
    if (!done) {
      processes.stop(r.process());
      return new Result(r.name(), r.mode(), false, "spark-submit still running after " + TIMEOUT_S + " s",
          Files.readString(r.out()), Files.readString(r.err()));
    }
    processes.stop(r.process());
    String out = Files.readString(r.out());
    String err = Files.readString(r.err());
    int code = r.process().exitValue();
    if (r.mode() == Mode.CLIENT) {
      return new Result(r.name(), r.mode(), code == 0, "exit code " + code, out, err);
    }
    Matcher m = DRIVER_ID.matcher(out + err);
    if (!m.find()) {
      return new Result(r.name(), r.mode(), false, "no driver id in spark-submit's output (exit code " + code + ")",
          out, err);
    }
    String driver = m.group(1);
    String state = awaitDriver(driver);
    Path driverDir = cluster.workerDirs().stream().map(w -> w.resolve(driver)).filter(Files::isDirectory).findFirst()
        .orElse(null);
    String dOut = driverDir == null ? "" : read(driverDir.resolve("stdout"));
    String dErr = "spark-submit (exit code " + code + "):\n" + lastLines(err, 30) + "\ndriver " + driver + " stderr:\n"
        + (driverDir == null ? "(no driver folder in any worker)" : read(driverDir.resolve("stderr")));
    return new Result(r.name(), r.mode(), "FINISHED".equals(state), "driver " + driver + " " + state, dOut, dErr);
  }

  Result run(String name, Mode mode, String... appArgs) throws IOException, InterruptedException {
    return await(start(name, mode, appArgs));
  }

  private static final Pattern APP_ID = Pattern.compile("app ID (app-\\d{14}-\\d{4})");

  /**
   * The application id of a running client-mode submission, from the driver's log line "Connected to Spark cluster
   * with app ID ...", or null while it has none (the jobs name their applications themselves, so --name is no key).
   */
  String appId(Running r) throws IOException {
    Matcher m = APP_ID.matcher(Files.readString(r.err()));
    return m.find() ? m.group(1) : null;
  }

  /** Waits for the master to list the driver among the completed ones; its final state. */
  private String awaitDriver(String driver) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT_S * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonNode s = cluster.state();
      if (s != null) {
        for (JsonNode d : s.path("completeddrivers")) {
          if (driver.equals(d.path("id").asText())) {
            return d.path("state").asText();
          }
        }
      }
      Thread.sleep(500);
    }
    return "still not completed after " + TIMEOUT_S + " s";
  }

  private static String read(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.readString(p) : "(no " + p + ")";
    } catch (IOException e) {
      return "(cannot read " + p + ": " + e + ")";
    }
  }

  static String lastLines(String text, int n) {
    String[] lines = text.split("\n");
    return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - n), lines.length));
  }
}
