import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark Connect client application, run by SparkConnectIT with Java's source launcher
 * ({@code java -cp 'jars/*' ConnectClient.java sc://HOST:PORT}) on a classpath of Spark's Connect client and
 * nothing else: the Sketchbricks functions it calls exist only on the server (spark.sql.extensions there). Prints
 * one {@code name=value} line per answer for the test to check.
 */
public class ConnectClient {
  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().remote(args[0]).getOrCreate();
    try {
      Row r = spark.sql("SELECT version(), sketch_estimate(cms_agg(item), 'a') FROM VALUES ('a'), ('a'), ('b')"
          + " AS t(item)").first();
      System.out.println("version=" + r.getString(0));
      System.out.println("cms_estimate_a=" + r.getLong(1));
      // the DataFrame API: the plan travels to the server, which resolves our functions there
      Row b = spark.range(0, 10_000).selectExpr("CAST(id % 100 AS STRING) AS item")
          .agg(org.apache.spark.sql.functions.expr("cu_agg(item, 64)").as("s"))
          .selectExpr("sketch_estimate_bounds(s, '7') AS b").selectExpr("b.estimate", "b.lower", "b.upper").first();
      System.out.println("cu_bounds_7=" + b.getLong(0) + "," + b.getLong(1) + "," + b.getLong(2));
      List<Row> top = spark.sql("SELECT inline(frequent_items(frequent_items_agg(item), 2)) FROM"
          + " (SELECT CAST(CASE WHEN id % 10 < 5 THEN 1 WHEN id % 10 < 8 THEN 2 ELSE id END AS STRING) AS item"
          + " FROM range(1000))").collectAsList();
      System.out.println("top_items=" + top.get(0).getString(0) + "," + top.get(1).getString(0));
      Row l = spark.sql("SELECT lego_estimate(lego_agg(item), 'x') FROM VALUES ('x'), ('x'), ('x'), ('y') AS t(item)")
          .first();
      System.out.println("lego_estimate_x=" + l.get(0));
    } finally {
      spark.close();
    }
  }
}
