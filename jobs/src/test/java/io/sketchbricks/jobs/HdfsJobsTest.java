package io.sketchbricks.jobs;

import static io.sketchbricks.jobs.JobsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.spark.ucl.UclStream;
import io.sketchbricks.spark.ucl.UclTables;
import io.sketchbricks.ucl.UclSketch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jobs against a real HDFS (a MiniDFSCluster: NameNode and DataNode in this JVM, blocks on local disk):
 * every table, model, checkpoint and warehouse option given as an hdfs:// URI, nothing on the local disk.
 */
class HdfsJobsTest {
  static MiniDFSCluster cluster;
  static String nn;
  static String wh;
  static FileSystem fs;
  static LegoModel model;

  @BeforeAll
  static void startHdfs() throws Exception {
    Path base = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "hdfs");
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    conf.setInt("dfs.replication", 1);
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    nn = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
    wh = nn + "/wh";
    fs = cluster.getFileSystem();
    // one DataNode: Spark's HDFS clients must not ask for three replicas
    System.setProperty("spark.hadoop.dfs.replication", "1");
    SparkSession.getActiveSession().foreach(s -> {
      s.sparkContext().hadoopConfiguration().setInt("dfs.replication", 1);
      return null;
    });
    model = LegoModel.random(21);
    write(nn + "/models/lego.model", io.sketchbricks.lego.LegoModelFile.toBytes(model));
    write(nn + "/models/model-card.md", "# hdfs test model card\n".getBytes(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stopHdfs() {
    System.clearProperty("spark.hadoop.dfs.replication");
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  static void write(String uri, byte[] bytes) throws Exception {
    try (FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(uri), true)) {
      out.write(bytes);
    }
  }

  static boolean isDelta(String uri) throws Exception {
    return fs.exists(new org.apache.hadoop.fs.Path(uri + "/_delta_log/00000000000000000000.json"));
  }

  static SparkSession spark() {
    return SparkSession.active();
  }

  @Test
  void everyTablePathOptionTakesAnHdfsUri() throws Exception {
    JobsTest.Result r = run("generate", "--warehouse", wh, "--master", "local[2]", "--events", "20000", "--distinct",
        "1500", "--span", "2d", "--seed", "5");
    assertEquals(0, r.code(), r.err());
    assertTrue(isDelta(wh + "/clicks"), "the click log is on HDFS");

    // build-sketches, a couple of kinds, with the Lego model file read from HDFS
    r = run("build-sketches", "--warehouse", wh, "--sketch", "cms,lego", "--memory-kb", "100", "--model",
        nn + "/models/lego.model");
    assertEquals(0, r.code(), r.err());
    assertTrue(isDelta(wh + "/sketches") && isDelta(wh + "/lego_models"), "sketches and the model table on HDFS");

    // sql over the HDFS warehouse, from a script on HDFS; a broken table it names is skipped with a warning
    fs.mkdirs(new org.apache.hadoop.fs.Path(wh + "/failed_job/_delta_log"));
    write(nn + "/q.sql", ("SELECT count(*) AS clicks_n FROM clicks;\n"
        + "SELECT kind, sum(events) AS events FROM sketches GROUP BY kind ORDER BY kind;\n"
        + "SELECT model_id, card FROM lego_models").getBytes(StandardCharsets.UTF_8));
    r = run("sql", "--warehouse", wh, "-f", nn + "/q.sql");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("20000"), r.out());
    assertTrue(r.out().contains("|cms |20000 |") && r.out().contains("|lego|20000 |"), r.out());
    assertTrue(r.out().contains(model.idHex()) && r.out().contains("hdfs test model card"), r.out());
    // the broken table is not named, so it is not opened (sql opens the tables a statement names)
    assertTrue(r.err().lines().noneMatch(l -> l.startsWith("warning:")), r.err());
    r = run("sql", "--warehouse", wh, "-e", "SELECT count(*) FROM failed_job");
    assertTrue(r.err().lines().anyMatch(l -> l.startsWith("warning: skipped table failed_job")), r.err());

    // lego-query: --queries and --out as full URIs
    List<String> items = List.copyOf(new LinkedHashSet<>(spark().read().format("delta").load(wh + "/clicks")
        .select("item").as(Encoders.STRING()).collectAsList()));
    write(nn + "/in/queries.txt", (String.join("\n", items) + "\n").getBytes(StandardCharsets.UTF_8));
    r = run("lego-query", "--warehouse", wh, "--queries", nn + "/in/queries.txt", "--queries-format", "text",
        "--out", nn + "/out/estimates", "--from", "2026-01-01");
    assertEquals(0, r.code(), r.err());
    assertTrue(isDelta(nn + "/out/estimates"));
    assertEquals(items.size(), spark().read().format("delta").load(nn + "/out/estimates").count(),
        "one merged answer per item");

    // stream-ucl: source, warehouse tables and checkpoint on HDFS
    String ckpt = nn + "/ckpt/ucl";
    String[] stream = {"stream-ucl", "--warehouse", wh, "--source", "clicks", "--checkpoint", ckpt, "--interval",
        "1000", "--window", "8", "--retrain-every", "8", "--epochs", "2", "--max-files-per-trigger", "100"};
    r = run(stream);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("20,000 arrivals"), r.out());
    assertTrue(isDelta(wh + "/" + UclTables.SNAPSHOTS) && isDelta(wh + "/" + UclTables.MODELS)
        && isDelta(wh + "/" + UclTables.STATE), "the ucl_* tables are on HDFS");
    assertTrue(fs.listStatus(new org.apache.hadoop.fs.Path(ckpt + "/ucl-state")).length >= 1,
        "the sink's own state is in the HDFS checkpoint");
    long snapshots = spark().read().format("delta").load(wh + "/" + UclTables.SNAPSHOTS).count();
    assertEquals(8, snapshots, "one batch of 20 snapshots, of which the window of 8 is kept");
    // a restart reads both checkpoints from HDFS and finds nothing new: nothing is counted twice
    r = run(stream);
    assertEquals(0, r.code(), r.err());
    UclSketch state = UclStream.checkpointedState(spark(), ckpt);
    assertEquals(20000, state.totalCount());
    assertEquals(snapshots, spark().read().format("delta").load(wh + "/" + UclTables.SNAPSHOTS).count());

    // ucl_estimate finds its tables in the HDFS warehouse: the state (least squares) and the models (learned)
    r = run("sql", "--warehouse", wh, "-e", "SELECT count(ucl_estimate(item)) AS answered,"
        + " count(ucl_estimate(item, 'ml')) AS answered_ml, max(ucl_estimate(item)) AS top"
        + " FROM (SELECT DISTINCT item FROM clicks)");
    assertEquals(0, r.code(), r.err());
    assertTrue(java.util.regex.Pattern.compile("\\|" + items.size() + " *\\|" + items.size() + " *\\|")
        .matcher(r.out()).find(), "every item answered by both decodes: " + r.out());
  }
}
