/**
 * The Spark glue of the sketches: where events become sketches inside Spark and sketches become rows of a table.
 *
 * <ul>
 *   <li>Events -&gt; sketch: typed aggregators that build one sketch per task and group and merge the partials
 *       ({@link io.sketchbricks.spark.SketchAggregator}, with {@code FrequencySketchAggregator} behind
 *       {@code cms_agg}, {@code cs_agg}, {@code cu_agg}, {@code elastic_agg}, {@code AdaSketchAggregator} behind
 *       {@code ada_cms_agg}, {@code FrequentItemsAggregator} behind {@code frequent_items_agg} and
 *       {@code SketchUnionAggregator} behind {@code sketch_merge_agg}), their DataFrame entry points
 *       ({@code FrequencyAggregates}, {@code AdaAggregates}, {@code AdaOptions}) and the budget range they accept
 *       ({@code MemoryBudget}: 1 KB to 16 MiB). The buffer ({@code SketchAggBuffer}) travels as the sketch's own
 *       bytes and folds partials with {@code io.sketchbricks.core.CanonicalMerge}, so a rerun gives the same bytes.
 *   <li>Sketch -&gt; stored sketch: {@link io.sketchbricks.spark.SketchTable}, the Delta table of one row per
 *       (window, group, kind), rewritten window by window with {@code replaceWhere}.
 *   <li>Stored sketch -&gt; query: {@code SketchCache}, which parses a sketch once per thread while a query reads the
 *       same bytes on every row.
 *   <li>Around them: synthetic click logs ({@code ClickLogs}, {@code ClickLogSpec}), exact counts as a distributed
 *       aggregation ({@code ExactCounts}), paths that mean the same on driver and executors ({@code FsPaths}), and
 *       {@code SparkTaskCores}, the {@code io.sketchbricks.djl.TaskCores} service that sizes PyTorch's threads.
 * </ul>
 *
 * <p><b>Place.</b> The spark module ({@code sketchbricks-spark-ext_2.12}, {@code _2.13} on Spark 4) depends on the
 * sketch and djl modules and on Spark, Delta and Scala as provided; the sketch module knows none of them. Kinds are
 * read and built through {@code io.sketchbricks.kinds.SketchKinds}. Subpackages: {@code lego} (the Lego aggregate,
 * model table and query paths), {@code ucl} (the UCL stream), and {@code compat}, the classes whose Spark API differs
 * between Spark 3.5 and Spark 4. The SQL names are registered by {@code io.sketchbricks.sql} in the udfs module.
 */
package io.sketchbricks.spark;
