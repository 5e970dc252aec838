package io.sketchbricks.sql;

import static io.sketchbricks.sql.SketchFunctionsTest.rootMessage;
import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.kinds.SketchKinds;
import io.sketchbricks.lego.DLegoSketch;
import io.sketchbricks.lego.LegoModel;
import io.sketchbricks.lego.LegoModelFile;
import io.sketchbricks.lego.LegoModels;
import io.sketchbricks.lego.LegoSketch;
import io.sketchbricks.spark.lego.LegoModelTable;
import io.sketchbricks.spark.lego.LegoQueries;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** lego_agg, d_lego_agg, lego_estimate and the batched DataFrame API on a real local session and Delta tables. */
class LegoFunctionsTest {
  /** Tolerance between the SQL, batched and in-JVM answers: relative, on a scale of at least 1 (counts). */
  static final double TOLERANCE = 1e-4;
  static SparkSession spark;
  static LegoModel model;
  static LegoModel defaultModel;
  static String id;
  static Path tables;
  static List<String> items;
  static List<Long> counts;

  /** A random model whose scan puts every brick in the trained range, so answers go through the decoder. */
  static LegoModel alwaysNeural(long seed) {
    Map<String, float[]> p = LegoModel.random(seed).parameters();
    p.get("decode_module.memorydeepsets.dec2.6.bias")[0] = 3f;
    p.get("decode_module.memorydeepsets.dec1.6.bias")[0] = -3f;
    return LegoModel.fromParameters(p);
  }

  static double rel(double a, double b) {
    return Math.abs(a - b) / Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.get();
    tables = Files.createTempDirectory(Path.of(System.getProperty("sketchbricks.test.tmp", "target/test-tmp"))
        .toAbsolutePath(), "lego");
    // the default model: a file named by the property, as a deployment without a shipped model would do
    defaultModel = LegoModel.random(404);
    Path file = tables.resolve("default.model");
    defaultModel.save(file);
    System.setProperty(LegoModels.MODEL_PROPERTY, file.toString());
    spark.conf().set(LegoModelTable.CONF, tables.resolve("lego_models").toString());
    model = LegoModels.register(alwaysNeural(77));
    id = model.idHex();
    SplittableRandom random = new SplittableRandom(9);
    items = new ArrayList<>();
    counts = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) {
      String item = "item-" + (int) Math.floor(Math.pow(random.nextDouble(), 3) * 5000);
      long count = 1 + random.nextInt(4);
      items.add(item);
      counts.add(count);
      rows.add(RowFactory.create(item, (long) (i % 97), count, count + 0.5));
    }
    rows.add(RowFactory.create(null, 1L, 1L, 1.0));
    rows.add(RowFactory.create("", 2L, 1L, 1.0));
    rows.add(RowFactory.create("item-null-count", 3L, null, null));
    StructType schema = new StructType().add("item", DataTypes.StringType).add("num", DataTypes.LongType)
        .add("cnt", DataTypes.LongType).add("w", DataTypes.DoubleType);
    Dataset<Row> clicks = spark.createDataFrame(rows, schema);
    clicks.createOrReplaceTempView("lego_clicks");
    clicks.coalesce(1).createOrReplaceTempView("lego_clicks1");
    clicks.repartition(8).createOrReplaceTempView("lego_clicks8");
  }

  private static byte[] sketchOf(String sql) {
    return (byte[]) spark.sql(sql).first().get(0);
  }

  /** The in-JVM sketch of the test rows, in their order: without counts the NULL-count row counts once too. */
  private static LegoSketch inJvm(boolean withCounts) {
    LegoSketch s = new LegoSketch(model, 300 * 1024L);
    for (int i = 0; i < items.size(); i++) {
      s.add(items.get(i), withCounts ? counts.get(i) : 1);
    }
    if (!withCounts) {
      s.add("item-null-count", 1);
    }
    return s;
  }

  @Test
  void onePartitionBuildIsTheInJvmSketchByteForByte() {
    assertArrayEquals(inJvm(false).toByteArray(),
        sketchOf("SELECT lego_agg(item, 1, 300, '" + id + "') FROM lego_clicks1"));
    assertArrayEquals(inJvm(true).toByteArray(),
        sketchOf("SELECT lego_agg(item, cnt, 300, '" + id + "') FROM lego_clicks1"), "a count column weighs rows");
  }

  /** Brick counters of a serialized sketch (format: header 12 B, model id, brick count, per brick N and floats). */
  private static float[] counters(byte[] sketch) {
    ByteBuffer b = ByteBuffer.wrap(sketch).order(ByteOrder.LITTLE_ENDIAN);
    b.position(12 + 8);
    int k = b.getInt();
    float[] out = new float[k * 25_600];
    for (int i = 0; i < k; i++) {
      b.getDouble();
      b.asFloatBuffer().get(out, i * 25_600, 25_600);
      b.position(b.position() + 4 * 25_600);
    }
    return out;
  }

  @Test
  void eightPartitionMergeEqualsOnePartitionWithinFloatRounding() {
    byte[] one = sketchOf("SELECT lego_agg(item, cnt, 300, '" + id + "') FROM lego_clicks1");
    byte[] eight = sketchOf("SELECT lego_agg(item, cnt, 300, '" + id + "') FROM lego_clicks8");
    LegoSketch a = (LegoSketch) SketchKinds.read(one);
    LegoSketch b = (LegoSketch) SketchKinds.read(eight);
    assertEquals(a.totalCount(), b.totalCount(), 0.0, "stream lengths are sums of whole numbers: exact");
    float[] ca = counters(one);
    float[] cb = counters(eight);
    double worst = 0;
    for (int i = 0; i < ca.length; i++) {
      worst = Math.max(worst, Math.abs(ca[i] - cb[i]) / Math.max(1f, Math.abs(ca[i])));
    }
    System.out.println("LegoFunctionsTest: 8 vs 1 partition, worst counter difference " + worst);
    // float32 sums of a few thousand terms in another order: a few ulps per term at worst
    assertTrue(worst <= 1e-4, "counters differ by " + worst + " relative: more than float32 summation order explains");
  }

  @Test
  void sqlAndBatchedEstimatesAgreeWithTheInJvmSketchOnEveryItem() {
    byte[] sketch = sketchOf("SELECT lego_agg(item, cnt, 300, '" + id + "') FROM lego_clicks");
    LegoSketch jvm = (LegoSketch) SketchKinds.read(sketch);
    List<Row> queryRows = new ArrayList<>();
    for (String item : new LinkedHashSet<>(items)) {
      queryRows.add(RowFactory.create(item));
    }
    queryRows.add(RowFactory.create("never-seen"));
    queryRows.add(RowFactory.create((Object) null));
    Dataset<Row> queries = spark.createDataFrame(queryRows, new StructType().add("item", DataTypes.StringType))
        .repartition(3);
    Dataset<Row> both = LegoQueries.estimate(queries, "item", sketch, 1000)
        .withColumn("sql", callUDF("lego_estimate", lit(sketch), col("item")));
    double worst = 0;
    int neural = 0;
    int n = 0;
    for (Row r : both.collectAsList()) {
      String item = r.getString(0);
      if (item == null) {
        assertTrue(r.isNullAt(1) && r.isNullAt(2), "a NULL item has a NULL estimate");
        continue;
      }
      double expected = jvm.estimateObject(item);
      worst = Math.max(worst, Math.max(rel(expected, r.getDouble(1)), rel(expected, r.getDouble(2))));
      neural += jvm.answersNeurally(io.sketchbricks.lego.LegoHash.idOf(item)) ? 1 : 0;
      n++;
    }
    System.out.println("LegoFunctionsTest: " + n + " items, " + neural + " through the network, worst difference "
        + worst);
    assertEquals(queryRows.size() - 1, n);
    assertEquals(n, neural, "the test model sends every item through the decoder");
    assertTrue(worst <= TOLERANCE, "SQL / batched / in-JVM answers differ by " + worst);
  }

  @Test
  void dLegoAggAddsHeavyPartsAcrossPartitions() {
    // 400 integral items that each own a heavy bucket: every partial keeps them resident, merges add their counts
    List<Row> rows = new ArrayList<>();
    Map<Long, Long> truth = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      long item = i % 400;
      long c = 1 + i % 3;
      truth.merge(item, c, Long::sum);
      rows.add(RowFactory.create(item, c));
    }
    Dataset<Row> df = spark.createDataFrame(rows, new StructType().add("item", DataTypes.LongType)
        .add("c", DataTypes.LongType));
    df.repartition(8).createOrReplaceTempView("dlego8");
    df.coalesce(1).createOrReplaceTempView("dlego1");
    DLegoSketch eight = (DLegoSketch) SketchKinds.read(sketchOf("SELECT d_lego_agg(item, c, 300, '" + id
        + "') FROM dlego8"));
    truth.forEach((item, n) -> assertEquals(n, eight.estimateId(item), 0.0, "item " + item));
    DLegoSketch jvm = new DLegoSketch(model, 300 * 1024L);
    rows.forEach(r -> jvm.add(r.getLong(0), r.getLong(1)));
    assertArrayEquals(jvm.toByteArray(), sketchOf("SELECT d_lego_agg(item, c, 300, '" + id + "') FROM dlego1"));
    Row r = spark.sql("SELECT d_lego_estimate(d_lego_agg(item, c, 300, '" + id + "'), 7),"
        + " lego_estimate(d_lego_agg(item, c, 300, '" + id + "'), CAST(7 AS INT)) FROM dlego8").first();
    assertEquals(truth.get(7L), r.getDouble(0), 0.0);
    assertEquals(truth.get(7L), r.getDouble(1), 0.0);
  }

  @Test
  void integralItemsAreTheirValueWhateverTheirWidth() {
    byte[] asInt = sketchOf("SELECT lego_agg(CAST(num AS INT), 1, 200, '" + id + "') FROM lego_clicks1");
    byte[] asLong = sketchOf("SELECT lego_agg(num, 1, 200, '" + id + "') FROM lego_clicks1");
    assertArrayEquals(asLong, asInt);
    Row r = spark.sql("SELECT lego_estimate(s, 5), lego_estimate(s, CAST(5 AS SMALLINT)) FROM (SELECT lego_agg(num,"
        + " 1, 200, '" + id + "') s FROM lego_clicks)").first();
    assertEquals(r.getDouble(0), r.getDouble(1));
  }

  @Test
  void groupedAggregationGivesOneSketchPerGroup() {
    List<Row> rows = spark.sql("SELECT num % 3 AS g, lego_agg(item, 1, 100, '" + id + "') AS s, count(item) AS n"
        + " FROM lego_clicks GROUP BY 1 ORDER BY 1").collectAsList();
    assertEquals(3, rows.size());
    for (Row r : rows) {
      LegoSketch s = (LegoSketch) SketchKinds.read((byte[]) r.get(1));
      assertEquals(r.getLong(2) - (r.getLong(0) == 2 ? 1 : 0), s.totalCount(), 0.0,
          "count(item) counts the empty item (num 2, group 2), lego_agg skips it");
    }
  }

  @Test
  void nullsAndEmptyInput() {
    Row r = spark.sql("SELECT lego_estimate(NULL, 'a'), lego_estimate(lego_agg(item, 1, 100, '" + id + "'), NULL)"
        + " FROM lego_clicks").first();
    assertTrue(r.isNullAt(0) && r.isNullAt(1));
    byte[] empty = sketchOf("SELECT lego_agg(item, 1, 100, '" + id + "') FROM lego_clicks WHERE false");
    assertEquals(0.0, ((LegoSketch) SketchKinds.read(empty)).totalCount());
    double total = ((LegoSketch) SketchKinds.read(sketchOf("SELECT lego_agg(item, cnt, 100, '" + id
        + "') FROM lego_clicks"))).totalCount();
    assertEquals(counts.stream().mapToLong(Long::longValue).sum(), total, 0.0,
        "NULL items, empty items and NULL counts are skipped");
    assertEquals(counts.stream().mapToDouble(c -> c + 0.5).sum(), ((LegoSketch) SketchKinds.read(sketchOf(
        "SELECT lego_agg(item, w, 100, '" + id + "') FROM lego_clicks"))).totalCount(), 1e-6, "fractional counts");
  }

  @Test
  void theDefaultModelIsRegisteredInTheModelTableOnFirstUse() {
    byte[] s = sketchOf("SELECT lego_agg(item) FROM lego_clicks");
    LegoSketch sketch = (LegoSketch) SketchKinds.read(s);
    assertEquals(defaultModel.id(), sketch.modelId());
    assertEquals(3, sketch.brickCount(), "300 KB by default");
    List<Row> rows = spark.read().format("delta").load(tables.resolve("lego_models").toString())
        .where(col("model_id").equalTo(defaultModel.idHex())).collectAsList();
    assertEquals(1, rows.size());
    assertEquals("lego", rows.get(0).getAs("kind"));
    assertTrue(rows.get(0).<Long>getAs("version") >= 1);
    assertEquals(defaultModel.id(), LegoModelFile.fromBytes(rows.get(0).getAs("bytes"), "test").id());
    sketchOf("SELECT lego_agg(item, 1, 300, 'default') FROM lego_clicks");
    assertEquals(1, spark.read().format("delta").load(tables.resolve("lego_models").toString())
        .where(col("model_id").equalTo(defaultModel.idHex())).count(), "registered once");
  }

  @Test
  void queriesFindAModelThatOnlyTheModelTableHolds() {
    LegoModel onlyInTable = LegoModel.random(505);
    assertNull(LegoModels.find(onlyInTable.id()));
    LegoModelTable.register(spark, tables.resolve("lego_models").toString(), onlyInTable, "a test model");
    LegoSketch s = new LegoSketch(onlyInTable, 100 * 1024L);
    items.forEach(i -> s.add(i, 1));
    Row r = spark.createDataFrame(List.of(RowFactory.create(s.toByteArray())),
        new StructType().add("s", DataTypes.BinaryType)).selectExpr("lego_estimate(s, 'item-0')").first();
    assertEquals(s.estimateObject("item-0"), r.getDouble(0), TOLERANCE * Math.max(1, r.getDouble(0)));
  }

  @Test
  void aMissingModelTableFallsBackToTheJvmAndDefaultModels() {
    SparkSession other = spark.newSession();
    other.conf().set(LegoModelTable.CONF, tables.resolve("no_such_table").toString());
    other.createDataFrame(List.of(RowFactory.create("a"), RowFactory.create("a")),
        new StructType().add("item", DataTypes.StringType)).createOrReplaceTempView("t");
    Row r = other.sql("SELECT lego_estimate(lego_agg(item, 1, 100, 'default'), 'a') FROM t").first();
    assertEquals(2.0, r.getDouble(0), 1e-4, "a 2-item sketch answers by rule, exactly");
  }

  @Test
  void badInputGivesClearErrors() {
    String table = "lego_clicks";
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("SELECT lego_estimate(X'0102030405060708090A0B0C0D0E0F10', 'a')", "magic");
    cases.put("SELECT lego_estimate(cms_agg(item), 'a') FROM " + table, "reads lego and d-lego sketches");
    cases.put("SELECT lego_agg(item, 300) FROM " + table, "lego_agg(item, 1, 300)");
    cases.put("SELECT lego_agg(item, 1, 50) FROM " + table, "between 100");
    cases.put("SELECT lego_agg(item, 1, 300, 'nope') FROM " + table, "16 hex digits");
    cases.put("SELECT lego_agg(item, 1, 300, '0123456789abcdef') FROM " + table, "unknown Lego model");
    cases.put("SELECT lego_agg(CAST(num AS DOUBLE)) FROM " + table, "CAST");
    cases.put("SELECT lego_agg(item, item) FROM " + table, "count must be numeric");
    cases.put("SELECT d_lego_agg(item, w) FROM " + table, "whole number");
    cases.put("SELECT lego_agg(item, 1, num) FROM " + table, "constant");
    cases.put("SELECT sketch_merge_agg(s) FROM (SELECT lego_agg(item, 1, 100, '" + id + "') s FROM " + table
        + " UNION ALL SELECT lego_agg(item, 1, 100) FROM " + table + ")", "different models");
    cases.forEach((sql, expected) -> {
      Exception e = assertThrows(Exception.class, () -> spark.sql(sql).collect(), sql);
      assertTrue(rootMessage(e).contains(expected), sql + " -> " + rootMessage(e));
    });

    byte[] damaged = sketchOf("SELECT lego_agg(item, 1, 100, '" + id + "') FROM " + table);
    damaged[2000] ^= 1;
    Dataset<Row> bad = spark.createDataFrame(List.of(RowFactory.create((Object) damaged)),
        new StructType().add("s", DataTypes.BinaryType));
    Exception corrupt = assertThrows(Exception.class, () -> bad.selectExpr("lego_estimate(s, 'a')").collect());
    assertTrue(rootMessage(corrupt).contains("checksum"), rootMessage(corrupt));

    LegoModel unknown = LegoModel.random(606);
    LegoSketch foreign = LegoSketch.withBricks(unknown, 1);
    foreign.add("a", 1);
    Dataset<Row> f = spark.createDataFrame(List.of(RowFactory.create((Object) foreign.toByteArray())),
        new StructType().add("s", DataTypes.BinaryType));
    Exception model = assertThrows(Exception.class, () -> f.selectExpr("lego_estimate(s, 'a')").collect());
    assertTrue(rootMessage(model).contains(unknown.idHex()) && rootMessage(model).contains("register"),
        rootMessage(model));

    Dataset<Row> q = spark.table(table).select("item");
    assertFalse(rootMessage(assertThrows(Exception.class, () -> LegoQueries.estimate(q, "item",
        foreign.toByteArray()))).isEmpty());
    assertTrue(rootMessage(assertThrows(Exception.class, () -> LegoQueries.estimate(q, "item",
        FrequencySketch.countMin(1024).toByteArray()))).contains("sketch_estimate"));
    assertTrue(rootMessage(assertThrows(Exception.class, () -> LegoQueries.estimate(q, "nope",
        inJvm(false).toByteArray()))).contains("no column 'nope'"));
  }
}
