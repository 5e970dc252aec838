/**
 * The contract every sketch shares, and nothing else: the {@link io.sketchbricks.core.Sketch} interface, the kinds
 * ({@link io.sketchbricks.core.SketchKind}: code, SQL name, format version, capabilities), the binary envelope
 * ({@link io.sketchbricks.core.SketchFormat}), the Java-serialisation proxy
 * ({@link io.sketchbricks.core.SerializedSketch}), the order-fixed merge of distributed partials
 * ({@link io.sketchbricks.core.CanonicalMerge}) and the two errors a caller can act on
 * ({@link io.sketchbricks.core.CorruptSketchException}, {@link io.sketchbricks.core.IncompatibleMergeException}).
 *
 * <p><b>Place.</b> Data flows one way: events -&gt; sketch -&gt; stored sketch -&gt; query. This package is the
 * "stored sketch" contract that every step writes or reads. It is the bottom of the sketch module with
 * {@code io.sketchbricks.hash} and imports no implementation ({@code frequency}, {@code adacms}, {@code lego},
 * {@code ucl}): which reader belongs to which kind is registered above them, in {@code io.sketchbricks.kinds}.
 * {@code SketchArchitectureTest} holds both rules, and that the module uses no Spark, Scala or DJL.
 *
 * <p><b>Format.</b> A sketch is one byte array, little-endian after the magic:
 * <pre>
 * offset  size  field
 *      0     4  magic "SKBR"
 *      4     1  kind code (SketchKind.code(), never reused)
 *      5     1  format version of that kind (a build reads every version up to SketchKind.currentVersion())
 *      6     2  reserved, zero
 *      8     4  payload length n
 *     12     n  payload: the kind's parameters (seed, shape, totals), then its counters
 *   12+n     4  CRC-32C of bytes [0, 12+n)
 * </pre>
 * The envelope costs 16 bytes. The checksum turns damage into a {@code CorruptSketchException} instead of a wrong
 * estimate: CRC-32C detects every error burst of up to 32 bits, and lets other random damage through with
 * probability about 2^-32. Readers then check every declared size against the bytes present before allocating,
 * and refuse trailing bytes, so crafted bytes that carry a valid checksum are refused as well.
 *
 * <p><b>Merge.</b> {@code Sketch.mergeSketch} adds a sketch built the same way (kind, size, seed, and for the timed
 * and learned kinds the time unit or the model); anything else is an {@code IncompatibleMergeException} that names
 * the parameter that differs. Kinds whose merge is an exact integer sum (capability {@code ORDER_FREE_MERGE}: cms,
 * cs, cu, hokusai) give the same bytes in any order. For the others (float cells, heavy parts, item lists)
 * {@code CanonicalMerge} folds the partials of a group in ascending unsigned byte order, holding up to
 * {@code MAX_PENDING_BYTES} (8 MiB) of them, so a rerun of a distributed aggregation gives the same bytes.
 */
package io.sketchbricks.core;
