/**
 * The classes whose Spark API differs between the two supported Spark lines, here in their version for
 * Spark 4 (Scala 2.13). {@code src/main/spark-3.5/java} holds the other line's version of the same package, with the
 * same class names and signatures; the root pom's {@code spark-4} profile picks which folder is compiled, one per
 * build, so each folder carries its own copy of this file.
 *
 * <ul>
 *   <li>{@link io.sketchbricks.spark.compat.Columns}: between a DataFrame {@code Column} and its Catalyst
 *       expression (Spark 4 made {@code Column} a client-side tree that Spark Connect can ship).
 *   <li>{@link io.sketchbricks.spark.compat.CatalystFunctions}: registering SQL function builders and turning a
 *       typed {@code Aggregator} or a UDF into a Catalyst expression.
 *   <li>{@link io.sketchbricks.spark.compat.JavaChildrenAggregate}: a Catalyst aggregate written in Java whose
 *       children are a Java list ({@code lego_agg}), over Scala 2.12's or 2.13's collections.
 * </ul>
 *
 * <p>Everything else in {@code io.sketchbricks.spark} and in the udfs module is written once against these; the
 * plain-Java sketch and djl modules are the same code on both lines.
 */
package io.sketchbricks.spark.compat;
