/**
 * The SQL face of Sketchbricks: every function a query names, and its registration.
 *
 * <ul>
 *   <li>{@link io.sketchbricks.sql.SketchFunctions}: the classic kinds ({@code cms_agg}, {@code cs_agg},
 *       {@code cu_agg}, {@code elastic_agg}, default {@code memory_kb} 300), the union {@code sketch_merge_agg} and
 *       the any-kind readers {@code sketch_estimate}, {@code sketch_estimate_bounds}, {@code sketch_info}.
 *   <li>{@link io.sketchbricks.sql.AdaFunctions}: {@code ada_cms_agg} and its point, range and decayed queries.
 *   <li>{@link io.sketchbricks.sql.LegoFunctions}: {@code lego_agg}, {@code d_lego_agg} and their estimates with
 *       bounds.
 *   <li>{@link io.sketchbricks.sql.FrequentItemsFunctions}: {@code frequent_items_agg} and {@code frequent_items}.
 *   <li>{@link io.sketchbricks.sql.UclFunctions}: {@code ucl_estimate} over the UCL stream's newest state.
 * </ul>
 *
 * <p>Registration: {@link io.sketchbricks.sql.SketchbricksExtensions} as {@code spark.sql.extensions} registers them in
 * every new session (also on a Spark Connect server), {@code SketchFunctions.register(spark)} in one session;
 * both use the same function objects, whose usage text {@code DESCRIBE FUNCTION} shows.
 *
 * <p><b>Place.</b> The last step of the flow events -&gt; sketch -&gt; stored sketch -&gt; query, and the entry to the
 * first: aggregates hand rows to the aggregators of {@code io.sketchbricks.spark} and its subpackages, and the scalar
 * functions read the BINARY sketches (fresh or from the sketch table) through {@code io.sketchbricks.kinds} or each
 * kind's own class. Items are STRING, BINARY or integral columns (7 and 7L are one item); the aggregates skip NULL
 * and empty items and count them in the sketch. The udfs module depends on the spark module and through it on the
 * sketch and djl modules; nothing in the library depends on it.
 */
package io.sketchbricks.sql;
