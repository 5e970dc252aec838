/**
 * UCL-sketch as a structured stream (the {@code stream-ucl} job): {@link io.sketchbricks.spark.ucl.UclStream} opens
 * the click source (rate, Delta, CSV or JSON) and starts the query, and
 * {@link io.sketchbricks.spark.ucl.UclStreamSink} ({@code foreachBatch}) counts each micro-batch per item in Spark,
 * then feeds the driver's {@code io.sketchbricks.ucl.UclSketch} in item order, so a batch always changes the state
 * the same way.
 *
 * <p>Unlike the other kinds, UCL-sketch does not merge (its heavy filter depends on arrival order), so one data plane
 * lives on the driver and is not kept in the sketch table. Instead the sink writes the Delta tables of
 * {@link io.sketchbricks.spark.ucl.UclTables}: {@code ucl_snapshots} (the Count-Min snapshots the solver trains on),
 * {@code ucl_models} (each trained {@code UclModel} with the state it decodes), {@code ucl_estimates} and
 * {@code ucl_state} (the newest data plane, which {@code ucl_estimate} in SQL decodes). Every {@code retrainEvery}
 * snapshots the DJL solver ({@code io.sketchbricks.ucl.djl.UclSolver}) retrains in a background thread, warm-started
 * from the previous model.
 *
 * <p>Exactly once: after each batch the data plane is checkpointed with its batch id (package-private
 * {@code UclStateStore}, written to a temporary name and renamed), so a batch Spark replays after a crash is skipped,
 * and Delta writes carry {@code txnAppId}/{@code txnVersion} so a replay adds no row twice.
 */
package io.sketchbricks.spark.ucl;
