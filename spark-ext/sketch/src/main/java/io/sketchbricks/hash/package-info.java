/**
 * Item hashing shared by the sketches: {@link io.sketchbricks.hash.ItemHash} hashes an item once to 64 bits with
 * seeded XXH3 (zero-allocation-hashing), and every row index, bucket and Bloom position is derived from that one
 * value. A bottom package beside {@code io.sketchbricks.core}: it imports no other Sketchbricks package.
 *
 * <p><b>Items.</b> {@code long} (integral values widen to long, so 7 and 7L are one item), {@code String} (hashed
 * as its UTF-8 bytes, so a string and its UTF-8 {@code byte[]} are one item) and {@code byte[]}. Null and empty
 * items are not items: the SQL aggregates skip them and count them as skipped ({@code ItemHash.isMissing}).
 * Sketches merge only when built with the same seed ({@code FrequencySketch.DEFAULT_SEED} = 0x736B6272 unless
 * given).
 *
 * <p><b>Derivation.</b> Row r of an item hash h is {@code row(h, r) = mix(h + (r + 1) * 0x9E3779B97F4A7C15)}, with
 * {@code mix} the bijective splitmix64 finaliser, so rows do not repeat each other's low bits as a*h1 + i*h2 double
 * hashing does. A column is {@code index(g, w) = ((g >>> 32) * w) >>> 32} (Lemire's fast range): every column
 * receives floor or ceil of 2^32 / w of the 2^32 high halves, a relative non-uniformity of at most w / 2^32.
 * {@code withTime(h, t)} keys the (item, time unit) pairs of the time-adaptive sketches.
 *
 * <p><b>Assumptions behind the error bounds.</b> The Count-Min style bounds of {@code io.sketchbricks.frequency},
 * {@code adacms} and {@code ucl} assume that an item's columns are uniform and independent across rows and items.
 * XXH3 with a splitmix finaliser is a strong mixer, not a proven k-independent family, so that is the working
 * assumption the tests check empirically, not a theorem. Sketches that keep items as their 64-bit hash (Elastic's
 * heavy part, UCL's heavy filter and key list) confuse two items only when their hashes collide: about
 * n^2 / 2^65 expected pairs among n distinct items (3e-8 for a million). The Lego sketch hashes the item id with
 * its own reference hash ({@code io.sketchbricks.lego.LegoHash}); strings and byte arrays reach it as an
 * {@code ItemHash} under a fixed seed.
 */
package io.sketchbricks.hash;
