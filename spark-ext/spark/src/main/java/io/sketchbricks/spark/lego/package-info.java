/**
 * The Lego sketch in Spark, from events to answers:
 *
 * <ul>
 *   <li>Events -&gt; sketch: {@code lego_agg} / {@code d_lego_agg} as a native Catalyst aggregate
 *       ({@link io.sketchbricks.spark.lego.LegoAggregate}, entry points in {@code LegoAggregates}) that hashes STRING
 *       and BINARY cells where they lie ({@code LegoItems}) and allocates nothing per row; its buffer
 *       ({@code LegoAggBuffer}) allocates bricks at the first row and folds serialized partials in a fixed byte
 *       order, because float cells round differently in another order.
 *   <li>Models: sketch bytes carry only a model id. {@code LegoAggSpec} and {@code LegoModelSet} ship the model file
 *       with the query to the executors, and {@link io.sketchbricks.spark.lego.LegoModelTable} is the Delta table of
 *       registered models (session setting {@code spark.sketchbricks.lego.models}), so that a stored sketch can be
 *       queried later.
 *   <li>Query: row-at-a-time {@code lego_estimate} and {@code lego_estimate_bounds} through the plain-Java forward
 *       pass ({@code LegoEstimates}, with the parsed sketch cached per thread), and a whole column at once through
 *       the DJL network ({@link io.sketchbricks.spark.lego.LegoQueries}), on the GPU Spark assigned to the task or
 *       else the CPU ({@code DevicePicker}), the model loaded once per executor JVM and device.
 * </ul>
 *
 * <p>Builds on {@code io.sketchbricks.lego} (sketch module), {@code io.sketchbricks.lego.djl} (djl module) and the
 * base package {@code io.sketchbricks.spark}; the SQL registration is in {@code io.sketchbricks.sql.LegoFunctions}.
 */
package io.sketchbricks.spark.lego;
