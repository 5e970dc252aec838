package io.sketchbricks.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sketchbricks.jobs.cluster.Submit.Mode;
import io.sketchbricks.jobs.cluster.Submit.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The bundle on a real Spark standalone cluster (loopback only): a Master and two one-core Workers started from a
 * Spark home that holds Spark's jars and nothing else, every job submitted with spark-submit as the README shows.
 * generate, build-sketches (every kind), sql (every estimate function), lego-query (batched and --sql),
 * stream-ucl and ucl_estimate; an executor SIGKILLed during an aggregation; cluster deploy mode, including a
 * failing driver that must be seen as failed; a warehouse on HDFS. Steps run in order on one warehouse; a step
 * whose input an earlier step failed to make is skipped, not failed twice. Outputs are checked together by one
 * sql job at the end, because every spark-submit costs a JVM and a Spark start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterIT {
  static final String KINDS = "cms,cu,cs,elastic,ada-cms,lego,d-lego";
  static final int WINDOWS = 3;

  private ClusterTestConfig config;
  private Processes processes;
  private LocalCluster cluster;
  private Submit submit;
  private Path dir;
  private Path warehouse;
  private final Map<String, Boolean> passed = new HashMap<>();
  private long startNanos;

  @BeforeAll
  void startCluster() throws Exception {
    startNanos = System.nanoTime();
    config = ClusterTestConfig.fromSystemProperties();
    dir = Files.createDirectories(config.target().resolve("cluster-it"));
    try (var old = Files.walk(dir)) {
      old.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
    }
    warehouse = dir.resolve("warehouse");
    Path home = SparkHome.assemble(config.sparkHomePom(), config.target().resolve("spark-home"), config);
    log("Spark home ready");
    processes = new Processes();
    cluster = new LocalCluster(home, dir.resolve("cluster"), processes, config);
    try {
      cluster.start(2, "1g");
    } catch (Exception e) {
      String tails = cluster.tails(40);
      processes.close();
      throw new IllegalStateException("the standalone cluster did not start: " + e.getMessage() + tails, e);
    }
    submit = new Submit(cluster, processes, config, dir);
    log("master and 2 workers up at " + cluster.url());
  }

  @AfterAll
  void stopCluster() {
    if (processes != null) {
      processes.close();
    }
    log("cluster stopped; steps passed: " + passed);
  }

  private void log(String what) {
    System.out.printf("[cluster-it %5.1f s] %s%n", (System.nanoTime() - startNanos) / 1e9, what);
  }

  /** Runs one job and fails with its output and the cluster's logs unless it succeeded. */
  private Result job(String name, Mode mode, String... args) throws Exception {
    long t0 = System.nanoTime();
    Result r = submit.run(name, mode, args);
    log(name + " (" + mode + "): " + r.why() + " in " + Math.round((System.nanoTime() - t0) / 1e9) + " s");
    if (!r.ok()) {
      throw new AssertionError(r.describe() + "\n--- cluster logs ---" + cluster.tails(25));
    }
    return r;
  }

  private void requires(String... steps) {
    for (String s : steps) {
      assumeTrue(passed.getOrDefault(s, false), "needs the step '" + s + "', which did not pass");
    }
  }

  private void pass(TestInfo info) {
    passed.put(info.getTestMethod().orElseThrow().getName(), true);
  }

  private String w() {
    return warehouse.toString();
  }

  /**
   * The rows of a {@code sql} job's printed tables whose first cell is {@code marker}, as trimmed cells. Each
   * checking query selects its marker {@code AS chk}, so header lines never match.
   */
  static List<List<String>> rows(String stdout, String marker) {
    List<List<String>> out = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      if (!line.startsWith("|")) {
        continue;
      }
      List<String> cells = new ArrayList<>();
      for (String c : line.substring(1).split("\\|", -1)) {
        cells.add(c.trim());
      }
      if (!cells.isEmpty() && cells.get(0).equals(marker)) {
        out.add(cells.subList(1, cells.size() - 1));
      }
    }
    return out;
  }

  static List<String> row(String stdout, String marker) {
    List<List<String>> r = rows(stdout, marker);
    assertEquals(1, r.size(), "one '" + marker + "' row in:\n" + stdout);
    return r.get(0);
  }

  @Test
  @Order(1)
  void helpWithoutClass(TestInfo info) throws Exception {
    Result r = job("help", Mode.CLIENT, "--help");
    assertTrue(r.stdout().contains("build-sketches") && r.stdout().contains("stream-ucl"), r.stdout());
    pass(info);
  }

  @Test
  @Order(2)
  void generate(TestInfo info) throws Exception {
    Result r = job("generate", Mode.CLIENT, "generate", "--warehouse", w(), "--events", "120000", "--distinct",
        "8000", "--span", WINDOWS + "d", "--drift", "0.3", "--seed", "11", "--partitions", "4");
    assertTrue(r.stdout().contains("wrote 120000 clicks"), r.stdout());
    pass(info);
  }

  private String[] buildArgs(String out) {
    return new String[] {"build-sketches", "--warehouse", w(), "--out", out, "--sketch", KINDS, "--memory-kb", "200",
        "--ada-options", "unit=1 hour, gamma=2, horizon=72"};
  }

  @Test
  @Order(3)
  void buildSketchesEveryKind(TestInfo info) throws Exception {
    requires("generate");
    Result r = job("build-sketches", Mode.CLIENT, buildArgs("sketches"));
    assertTrue(r.stdout().contains("wrote " + 7 * WINDOWS + " sketch rows"), r.stdout());
    pass(info);
  }

  @Test
  @Order(4)
  void sqlEveryEstimateFunction(TestInfo info) throws Exception {
    requires("buildSketchesEveryKind");
    Path sql = Files.writeString(dir.resolve("estimates.sql"), """
        CREATE OR REPLACE TEMP VIEW exact AS
          SELECT window(event_time, '1 day').start AS window_start, item, count(*) AS n FROM clicks
          WHERE pmod(hash(item), 4) = 0 GROUP BY 1, 2;
        CREATE OR REPLACE TEMP VIEW est AS
          SELECT s.kind, e.item, e.n,
            CASE WHEN s.kind IN ('lego', 'd-lego') THEN lego_estimate(s.sketch, e.item)
                 WHEN s.kind = 'ada-cms'
                   THEN ada_cms_estimate_range(s.sketch, e.item, s.window_start, s.window_end - INTERVAL 1 HOUR)
                 ELSE sketch_estimate(s.sketch, e.item) END AS est
          FROM exact e JOIN sketches s ON s.window_start = e.window_start;
        -- (a quarter of the items, chosen by hash: every estimate function runs on about 3,500 per kind)
        -- per kind: items, missing estimates, estimates below the true count, relative total error
        SELECT 'chk_kind' AS chk, kind, count(*), count(*) - count(est), sum(CASE WHEN est < n - 1e-6 THEN 1 ELSE 0 END),
          round(sum(abs(est - n)) / sum(n), 4)
          FROM est GROUP BY kind ORDER BY kind;
        -- Count-Min over all windows merged never undercounts the whole log
        SELECT 'chk_merged' AS chk, count(*), sum(CASE WHEN sketch_estimate(m, item) < n THEN 1 ELSE 0 END)
          FROM (SELECT item, count(*) AS n FROM clicks GROUP BY item)
          CROSS JOIN (SELECT sketch_merge_agg(sketch) AS m FROM sketches WHERE kind = 'cms');
        -- Ada-CMS point and forward-decayed queries answer for every item
        SELECT 'chk_ada' AS chk, count(*), count(ada_cms_estimate(s.sketch, e.item, e.window_start)),
          count(ada_cms_recent(s.sketch, e.item))
          FROM exact e JOIN sketches s ON s.window_start = e.window_start AND s.kind = 'ada-cms';
        SELECT 'chk_info' AS chk, count(DISTINCT sketch_info(sketch).kind), count(*), sum(sketch_info(sketch).total_count)
          FROM sketches;
        -- the query items of the lego-query step
        CREATE TABLE delta.`%s` USING delta AS SELECT DISTINCT item FROM clicks ORDER BY item LIMIT 3000;
        """.formatted(warehouse.resolve("queries")));
    Result r = job("sql-estimates", Mode.CLIENT, "sql", "--warehouse", w(), "-f", sql.toString());
    List<List<String>> kinds = rows(r.stdout(), "chk_kind");
    assertEquals(7, kinds.size(), r.stdout());
    long items = Long.parseLong(kinds.get(0).get(1));
    assertTrue(items > 2_000, r.stdout());
    for (List<String> k : kinds) {
      String kind = k.get(0);
      assertEquals(items, Long.parseLong(k.get(1)), kind + ": one estimate per (window, item)");
      assertEquals("0", k.get(2), kind + ": no NULL estimates");
      if (List.of("cms", "cu", "ada-cms").contains(kind)) {
        assertEquals("0", k.get(3), kind + " never undercounts");
      }
      // 200 KB for about 8,000 items a day: each of these is far below 0.25 (a garbage catcher, not an accuracy
      // test). Ada-CMS is left out: its 17 dyadic levels share the 200 KB, and a whole day's range is summed from
      // blocks of up to 16 hours, so it overcounts rare items many times over (measured 8.2); eval-time measures it.
      if (!kind.equals("ada-cms")) {
        assertTrue(Double.parseDouble(k.get(4)) < 0.25, kind + " relative error " + k.get(4) + "\n" + r.stdout());
      }
    }
    List<String> merged = row(r.stdout(), "chk_merged");
    assertEquals("0", merged.get(1), r.stdout());
    List<String> ada = row(r.stdout(), "chk_ada");
    assertEquals(ada.get(0), ada.get(1), r.stdout());
    assertEquals(ada.get(0), ada.get(2), r.stdout());
    List<String> info7 = row(r.stdout(), "chk_info");
    assertEquals(List.of("7", Integer.toString(7 * WINDOWS)), info7.subList(0, 2), r.stdout());
    pass(info);
  }

  @Test
  @Order(5)
  void legoQueryBatchedAndSql(TestInfo info) throws Exception {
    requires("sqlEveryEstimateFunction");
    String[] common = {"lego-query", "--warehouse", w(), "--queries", "queries", "--from", "2026-01-01", "--to",
        "2026-01-04"};
    Result batched = job("lego-query-batched", Mode.CLIENT, concat(common, "--out", "est_batched", "--batch", "1000"));
    assertTrue(batched.stdout().contains("wrote 3000 estimates"), batched.stdout());
    Result viaSql = job("lego-query-sql", Mode.CLIENT, concat(common, "--out", "est_sql", "--sql"));
    assertTrue(viaSql.stdout().contains("wrote 3000 estimates"), viaSql.stdout());
    pass(info); // the two answers are compared in checkEveryOutput
  }

  @Test
  @Order(6)
  void streamUcl(TestInfo info) throws Exception {
    requires("helpWithoutClass");
    writeClickFiles(dir.resolve("stream-in"), 3, 4000, 3000);
    Result r = job("stream-ucl", Mode.CLIENT, "stream-ucl", "--warehouse", w(), "--source",
        dir.resolve("stream-in").toString(), "--format", "csv", "--checkpoint", dir.resolve("ucl-checkpoint").toString(),
        "--interval", "500", "--window", "16", "--retrain-every", "8", "--epochs", "10", "--max-files-per-trigger", "3");
    assertTrue(r.stdout().contains("UCL stream: 12,000 arrivals"), r.stdout());
    pass(info); // ucl_estimate is checked in checkEveryOutput
  }

  @Test
  @Order(7)
  void executorKilledDuringAggregation(TestInfo info) throws Exception {
    requires("buildSketchesEveryKind");
    Submit.Running run = submit.start("build-sketches-killed", Mode.CLIENT, buildArgs("sketches_killed"));
    Long killed = null;
    Map<String, Long> tasksBefore = null;
    long deadline = System.nanoTime() + 600_000_000_000L;
    while (killed == null && run.process().isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      // the job prints "building ..." just before its aggregation: kill an executor once it starts a task after that
      String appId = submit.appId(run);
      if (appId == null || !Files.readString(run.err()).contains("building " + KINDS)) {
        continue;
      }
      Map<String, Long> tasks = new HashMap<>();
      for (ProcessHandle exec : cluster.executors(appId)) {
        String id = LocalCluster.executorId(exec);
        tasks.put(id, cluster.logs(appId + "/" + id + "/stderr").stream()
            .mapToLong(p -> LocalCluster.count(p, "Running task")).sum());
      }
      if (tasksBefore == null) {
        tasksBefore = tasks;
        continue;
      }
      for (ProcessHandle exec : cluster.executors(appId)) {
        String id = LocalCluster.executorId(exec);
        if (tasks.getOrDefault(id, 0L) > tasksBefore.getOrDefault(id, Long.MAX_VALUE) && exec.isAlive()) {
          exec.destroyForcibly();
          killed = exec.pid();
          log("SIGKILLed executor " + id + " (PID " + killed + ") of " + appId + " while it ran the aggregation");
          break;
        }
      }
    }
    Result r = submit.await(run);
    log("build-sketches-killed: " + r.why());
    assertTrue(killed != null, "no executor was running tasks to kill\n" + r.describe());
    if (!r.ok()) {
      throw new AssertionError(r.describe() + cluster.tails(25));
    }
    assertTrue(r.stderr().contains("Lost task") || r.stderr().toLowerCase().contains("lost executor"),
        "the driver saw the executor go\n" + Submit.lastLines(r.stderr(), 80));
    pass(info); // byte-compared with the undisturbed run in checkEveryOutput
  }

  /** Every sketch row of {@code table} against the undisturbed run's: rows compared, rows that differ. */
  private static String compareSql(String marker, String table) {
    return """
        SELECT '%s' AS chk, count(*), sum(CASE WHEN a.sketch IS NULL OR b.sketch IS NULL OR a.sketch != b.sketch
          OR a.events != b.events THEN 1 ELSE 0 END)
          FROM sketches a FULL OUTER JOIN %s b
          ON a.window_start = b.window_start AND a.kind = b.kind AND a.grp <=> b.grp;
        SELECT '%s_diff' AS chk, a.kind, a.window_start, length(a.sketch), length(b.sketch)
          FROM sketches a JOIN %s b ON a.window_start = b.window_start AND a.kind = b.kind AND a.grp <=> b.grp
          WHERE a.sketch != b.sketch;
        """.formatted(marker, table, marker, table);
  }

  @Test
  @Order(8)
  void clusterDeployMode(TestInfo info) throws Exception {
    requires("buildSketchesEveryKind");
    job("build-sketches-cluster", Mode.CLUSTER, buildArgs("sketches_cluster"));
    pass(info); // byte-compared with the client-mode run in checkEveryOutput
  }

  @Test
  @Order(9)
  void failingDriverInClusterModeIsSeen(TestInfo info) throws Exception {
    Result r = submit.run("sql-failing-cluster", Mode.CLUSTER, "sql", "--warehouse", w(), "-e",
        "SELECT no_such_function(1)");
    log("sql-failing-cluster: " + r.why());
    assertFalse(r.ok(), "a failing job in cluster mode must not pass: " + r.describe());
    assertTrue(r.why().contains("FAILED"), r.describe());
    assertTrue(r.stderr().contains("no_such_function"), r.describe());
    pass(info);
  }

  /**
   * One sql job checks what the earlier steps wrote (each spark-submit costs a JVM and a Spark start, so they share
   * one): batched and SQL Lego answers agree, ucl_estimate answers every streamed item, and the sketches of the
   * killed and the cluster-mode runs are byte-identical to the undisturbed one. A check whose step failed is left
   * out (that step already failed).
   */
  @Test
  @Order(10)
  void checkEveryOutput(TestInfo info) throws Exception {
    StringBuilder sql = new StringBuilder();
    boolean lego = passed.getOrDefault("legoQueryBatchedAndSql", false);
    boolean ucl = passed.getOrDefault("streamUcl", false);
    boolean killed = passed.getOrDefault("executorKilledDuringAggregation", false);
    boolean clusterMode = passed.getOrDefault("clusterDeployMode", false);
    assumeTrue(lego || ucl || killed || clusterMode, "no step left anything to check");
    if (lego) {
      sql.append("""
          SELECT 'chk_lego' AS chk, count(*), sum(CASE WHEN abs(b.estimate - s.estimate) > 1e-4 * greatest(1, abs(b.estimate))
            THEN 1 ELSE 0 END), sum(b.estimate)
            FROM est_batched b JOIN est_sql s ON b.item = s.item;
          """);
    }
    if (ucl) {
      sql.append("""
          CREATE OR REPLACE TEMP VIEW src USING csv OPTIONS (path '%s', header 'true');
          SELECT 'chk_ucl' AS chk, count(*), count(ucl_estimate(item)), round(sum(abs(ucl_estimate(item) - n)) / sum(n), 4)
            FROM (SELECT item, count(*) AS n FROM src GROUP BY item);
          """.formatted(dir.resolve("stream-in")));
    }
    if (killed) {
      sql.append(compareSql("chk_killed", "sketches_killed"));
    }
    if (clusterMode) {
      sql.append(compareSql("chk_cluster", "sketches_cluster"));
    }
    Path file = Files.writeString(dir.resolve("checks.sql"), sql);
    Result r = job("sql-checks", Mode.CLIENT, "sql", "--warehouse", w(), "-f", file.toString());
    String out = r.stdout();
    if (lego) {
      List<String> c = row(out, "chk_lego");
      assertEquals("3000", c.get(0), out);
      assertEquals("0", c.get(1), "batched and SQL Lego answers agree\n" + out);
      assertTrue(Double.parseDouble(c.get(2)) > 3000, "the query items were clicked: " + out);
    }
    if (ucl) {
      List<String> c = row(out, "chk_ucl");
      assertEquals(c.get(0), c.get(1), "an estimate for every streamed item: " + out);
      assertTrue(Double.parseDouble(c.get(2)) < 0.5, "UCL relative error " + c.get(2));
    }
    List<String> rows = List.of(Integer.toString(7 * WINDOWS), "0");
    if (killed) {
      assertEquals(rows, row(out, "chk_killed"), "after an executor was killed: byte-identical to the undisturbed"
          + " run\n" + out);
    }
    if (clusterMode) {
      assertEquals(rows, row(out, "chk_cluster"), "cluster deploy mode: byte-identical to client mode\n" + out);
    }
    assertTrue(lego && ucl && killed && clusterMode, "a step before this one failed: " + passed);
    pass(info);
  }

  /**
   * The whole warehouse on the test's HDFS (a minicluster in its own JVM): generate, build-sketches (cms and lego:
   * the Lego model table lives in the warehouse) and sql, every table named by an hdfs:// URI the jobs derive from
   * --warehouse. Each table option's own hdfs:// URI is tested in HdfsJobsTest.
   */
  @Test
  @Order(11)
  void warehouseOnHdfs(TestInfo info) throws Exception {
    requires("helpWithoutClass");
    Path jars = SparkHome.assemble(config.hdfsPom(), config.target().resolve("hdfs-minicluster"), config, 5)
        .resolve("jars");
    String hdfs = MiniHdfs.start(jars, dir.resolve("hdfs"), processes);
    log("HDFS up at " + hdfs);
    String wh = hdfs + "/warehouse";
    job("generate-hdfs", Mode.CLIENT, "generate", "--warehouse", wh, "--events", "20000", "--distinct", "2000",
        "--span", "2d", "--seed", "3", "--partitions", "2");
    Result b = job("build-sketches-hdfs", Mode.CLIENT, "build-sketches", "--warehouse", wh, "--sketch", "cms,lego",
        "--memory-kb", "200");
    assertTrue(b.stdout().contains("wrote 4 sketch rows"), b.stdout());
    Result q = job("sql-hdfs", Mode.CLIENT, "sql", "--warehouse", wh, "-e", """
        SELECT 'chk_hdfs' AS chk, count(*), sum(CASE WHEN kind = 'lego' THEN lego_estimate(sketch, 'x') ELSE
          sketch_estimate(sketch, 'x') END) IS NOT NULL FROM sketches""");
    assertEquals(List.of("4", "true"), row(q.stdout(), "chk_hdfs"), q.stdout());
    pass(info);
  }

  /** CSV click files as a collector drops them: Zipf(1.1) items, one header line each. */
  static void writeClickFiles(Path folder, int files, int rowsPerFile, int items) throws java.io.IOException {
    Files.createDirectories(folder);
    double[] cumulative = new double[items];
    double sum = 0;
    for (int i = 0; i < items; i++) {
      sum += 1 / Math.pow(i + 1, 1.1);
      cumulative[i] = sum;
    }
    java.util.Random random = new java.util.Random(5);
    for (int f = 0; f < files; f++) {
      StringBuilder csv = new StringBuilder("event_time,user_id,item\n");
      for (int r = 0; r < rowsPerFile; r++) {
        int i = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * sum);
        csv.append(String.format("2026-01-01T00:%02d:%02d.000Z,u%d,item-%d%n", f, r % 60, r % 97, i < 0 ? -i - 1 : i));
      }
      Files.writeString(folder.resolve("clicks-" + f + ".csv"), csv);
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
