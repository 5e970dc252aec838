package io.sketchbricks.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.frequency.FrequencySketch;
import io.sketchbricks.kinds.SketchKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SketchFunctionsTest {
  private static SparkSession spark;
  private static List<String> items;

  @BeforeAll
  static void setUp() {
    spark = TestSpark.get();
    SplittableRandom random = new SplittableRandom(7);
    items = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      items.add("item-" + (int) Math.floor(Math.pow(random.nextDouble(), 3) * 2000));
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      rows.add(RowFactory.create(items.get(i), (long) (i % 97), i % 5 == 0 ? null : "g" + (i % 3)));
    }
    rows.add(RowFactory.create(null, 1L, "g0"));
    rows.add(RowFactory.create("", 2L, "g0"));
    StructType schema = new StructType().add("item", DataTypes.StringType).add("num", DataTypes.LongType)
        .add("grp", DataTypes.StringType);
    spark.createDataFrame(rows, schema).createOrReplaceTempView("clicks");
  }

  private static byte[] sketchOf(String sql) {
    return (byte[]) spark.sql(sql).first().get(0);
  }

  @Test
  void cmsAggEqualsTheInJvmSketch() {
    FrequencySketch local = FrequencySketch.countMin(64 * 1024);
    items.forEach(local::add);
    byte[] sqlSketch = sketchOf("SELECT cms_agg(item, 64) FROM clicks");
    FrequencySketch fromSql = SketchKinds.readFrequency(sqlSketch);
    assertEquals(local.totalCount(), fromSql.totalCount());
    assertEquals(2, fromSql.skippedCount(), "the NULL and the empty item are skipped and counted");
    for (String item : List.of("item-0", "item-1", "item-1999", "never-seen")) {
      long viaSql = spark.sql("SELECT sketch_estimate(cms_agg(item, 64), '" + item + "') FROM clicks")
          .first().getLong(0);
      assertEquals(local.estimate(item), viaSql, item);
    }
  }

  @Test
  void eightPartitionMergeIsBitIdenticalToOnePartition() {
    for (String fn : List.of("cms_agg", "cs_agg")) {
      spark.table("clicks").repartition(8).createOrReplaceTempView("clicks8");
      spark.table("clicks").coalesce(1).createOrReplaceTempView("clicks1");
      byte[] eight = sketchOf("SELECT " + fn + "(item, 32) FROM clicks8");
      byte[] one = sketchOf("SELECT " + fn + "(item, 32) FROM clicks1");
      assertArrayEquals(one, eight, fn);
    }
  }

  @Test
  void mergeAggUnionsGroups() {
    Dataset<Row> perGroup = spark.sql("SELECT grp, cu_agg(item, 32) AS s FROM clicks GROUP BY grp");
    perGroup.createOrReplaceTempView("per_group");
    Row r = spark.sql("SELECT sketch_info(sketch_merge_agg(s)).total_count, "
        + "sketch_estimate(sketch_merge_agg(s), 'item-0') FROM per_group").first();
    assertEquals(items.size(), r.getLong(0));
    long truth = items.stream().filter("item-0"::equals).count();
    assertTrue(r.getLong(1) >= truth, "conservative update never underestimates, merged or not");
  }

  @Test
  void integralItemsHashAsLongs() {
    Row r = spark.sql("SELECT sketch_estimate(cms_agg(CAST(num AS INT), 16), 5), "
        + "sketch_estimate(cms_agg(num, 16), CAST(5 AS SMALLINT)) FROM clicks").first();
    long truth = 0;
    for (int i = 0; i < items.size(); i++) {
      truth += (i % 97) == 5 ? 1 : 0;
    }
    truth += 0;
    assertTrue(r.getLong(0) >= truth);
    assertEquals(r.getLong(0), r.getLong(1));
  }

  @Test
  void infoDescribesTheSketch() {
    Row info = spark.sql("SELECT sketch_info(elastic_agg(item, 100)) FROM clicks").first().getStruct(0);
    assertEquals("elastic", info.getString(0));
    assertEquals(1, info.getInt(1));
    assertTrue(info.getLong(2) <= 100 * 1024 && info.getLong(2) > 90 * 1024, "memory within the budget");
    assertEquals(items.size(), info.getLong(3));
    assertTrue(info.getString(4).contains("skipped=2"), info.getString(4));
  }

  @Test
  void nullsGiveNullAndEmptyInputGivesAnEmptySketch() {
    Row r = spark.sql("SELECT sketch_estimate(NULL, 'a'), sketch_estimate(cms_agg(item), NULL), "
        + "sketch_info(NULL) FROM clicks").first();
    assertTrue(r.isNullAt(0) && r.isNullAt(1) && r.isNullAt(2));
    Row empty = spark.sql("SELECT sketch_info(cms_agg(item)).total_count FROM clicks WHERE false").first();
    assertEquals(0L, empty.getLong(0));
    assertNull(spark.sql("SELECT sketch_merge_agg(CAST(NULL AS BINARY))").first().get(0));
  }

  @Test
  void badInputGivesClearErrors() {
    Exception corrupt = assertThrows(Exception.class,
        () -> spark.sql("SELECT sketch_estimate(X'0102030405060708090A0B0C0D0E0F10', 'a')").collect());
    assertTrue(rootMessage(corrupt).contains("magic"), rootMessage(corrupt));

    byte[] good = sketchOf("SELECT cms_agg(item, 8) FROM clicks");
    good[40] ^= 1;
    spark.createDataFrame(List.of(RowFactory.create((Object) good)),
        new StructType().add("s", DataTypes.BinaryType)).createOrReplaceTempView("damaged");
    Exception damaged = assertThrows(Exception.class,
        () -> spark.sql("SELECT sketch_estimate(s, 'a') FROM damaged").collect());
    assertTrue(rootMessage(damaged).contains("checksum"), rootMessage(damaged));

    Exception mismatch = assertThrows(Exception.class, () -> spark.sql(
        "SELECT sketch_merge_agg(s) FROM (SELECT cms_agg(item, 8) s FROM clicks UNION ALL "
            + "SELECT cms_agg(item, 16) FROM clicks)").collect());
    assertTrue(rootMessage(mismatch).contains("width"), rootMessage(mismatch));

    Exception kinds = assertThrows(Exception.class, () -> spark.sql(
        "SELECT sketch_merge_agg(s) FROM (SELECT cms_agg(item, 8) s FROM clicks UNION ALL "
            + "SELECT cs_agg(item, 8) FROM clicks)").collect());
    assertTrue(rootMessage(kinds).contains("same kind"), rootMessage(kinds));

    Exception type = assertThrows(Exception.class,
        () -> spark.sql("SELECT cms_agg(CAST(num AS DOUBLE)) FROM clicks").collect());
    assertTrue(rootMessage(type).contains("CAST"), rootMessage(type));

    Exception notConstant = assertThrows(Exception.class,
        () -> spark.sql("SELECT cms_agg(item, num) FROM clicks").collect());
    assertTrue(rootMessage(notConstant).contains("constant"), rootMessage(notConstant));
  }

  @Test
  void programmaticRegistrationWorksWithoutTheExtension() {
    SparkSession plain = spark.newSession();
    SketchFunctions.register(plain);
    plain.createDataFrame(List.of(RowFactory.create("a"), RowFactory.create("a")),
        new StructType().add("item", DataTypes.StringType)).createOrReplaceTempView("t");
    assertEquals(2L, plain.sql("SELECT sketch_estimate(cms_agg(item), 'a') FROM t").first().getLong(0));
  }

  static String rootMessage(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append(c.getMessage()).append(" | ");
    }
    return all.toString();
  }
}
