package io.sketchbricks.core;

/**
 * What a stored sketch says about itself, for {@code sketch_info}.
 *
 * @param kind the sketch family, as used in SQL (cms, cs, cu, elastic, ...)
 * @param version the binary format version the sketch was written with
 * @param memoryBytes bytes of counters the sketch holds (its memory budget as accounted by its class)
 * @param totalCount the sum of all counts added (for time-decayed kinds: undecayed)
 * @param params the configuration, as {@code key=value} pairs separated by commas
 */
public record SketchInfo(String kind, int version, long memoryBytes, long totalCount, String params) {}
