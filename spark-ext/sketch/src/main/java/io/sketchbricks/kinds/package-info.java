/**
 * The registry of sketch implementations: {@link io.sketchbricks.kinds.SketchKinds} maps each
 * {@code io.sketchbricks.core.SketchKind} to the payload reader of its class and, for the classic kinds (cms, cs,
 * cu, elastic), to a factory from a memory budget with the default depth (3) and seed.
 *
 * <p><b>Place.</b> This is the one package that knows every implementation package ({@code frequency},
 * {@code adacms}, {@code lego}, {@code ucl}); it sits above them so that {@code core} needs none of them and the
 * sketch module has no package cycle. Everything that reads "any sketch" (the SQL function {@code sketch_estimate},
 * the sketch table, the jobs) reads through {@code SketchKinds.read}, and everything that builds a classic sketch by
 * name through {@code SketchKinds.create}. Hokusai (code 6) is not registered: it is the baseline of the
 * {@code eval-time} job, never stored in tables.
 *
 * <p>Adding a kind takes its class, a {@code SketchKind} constant with a new code, and one registration line here.
 */
package io.sketchbricks.kinds;
