/**
 * The Lego network on DJL's PyTorch engine: batched inference and training of the model that
 * {@code io.sketchbricks.lego.LegoSketch} queries in plain Java.
 *
 * <ul>
 *   <li>{@link io.sketchbricks.lego.djl.LegoBlock} and {@link io.sketchbricks.lego.djl.LegoBatchTranslator}: many
 *       items against one sketch's bricks at once, on a CPU or GPU, for {@code LegoQueries} in the Spark glue and the
 *       jobs' benchmarks. Same function as {@code LegoModel}'s embed, scan and decode, within float rounding
 *       (checked by a test); each batch's intermediates are freed with its manager, so native memory stays flat.
 *   <li>{@link io.sketchbricks.lego.djl.LegoTrainer} (with a package-private graph and training step): the Lego
 *       paper's Sec. 3.2 training on synthetic Zipf meta-tasks as the reference code runs it (batches of 8 tasks,
 *       Adam, clipping at norm 10, V clamped to [0.001, 1]), with one deliberate change: the self-guided loss
 *       compares the learned estimate's ARE, AAE and MSE with the rule estimate's as log ratios, whose gradients
 *       stay bounded. Checkpoints ({@code io.sketchbricks.lego.TrainingState}) let a run resume exactly.
 * </ul>
 *
 * <p>The weights come from and go back to {@code io.sketchbricks.lego.LegoModel} and its file format, so a model
 * trained here is queried by the sketch module without DJL. Depends on the sketch module's {@code lego} package and
 * on {@code io.sketchbricks.djl}; knows no Spark.
 */
package io.sketchbricks.lego.djl;
