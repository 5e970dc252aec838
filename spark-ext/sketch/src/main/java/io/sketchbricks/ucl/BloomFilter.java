package io.sketchbricks.ucl;

import io.sketchbricks.hash.ItemHash;

/**
 * A plain Bloom filter over key hashes: {@code bits} bits and {@code hashes} positions per key, each from its
 * own {@link ItemHash#row} mix of the key. No false negatives; false positives at the usual rate
 * {@code (1 - e^(-kn/m))^k}.
 */
final class BloomFilter {
  /** Salts 200, 201, ... keep the positions independent of the Count-Min rows and the heavy-filter slot. */
  private static final int SALT = 200;

  final long[] words;
  final int bits;
  final int hashes;

  BloomFilter(int bits, int hashes) {
    this(new long[(bits + 63) >>> 6], bits, hashes);
  }

  BloomFilter(long[] words, int bits, int hashes) {
    this.words = words;
    this.bits = bits;
    this.hashes = hashes;
  }

  void add(long key) {
    for (int i = 0; i < hashes; i++) {
      int b = ItemHash.index(ItemHash.row(key, SALT + i), bits);
      words[b >>> 6] |= 1L << b;
    }
  }

  boolean contains(long key) {
    for (int i = 0; i < hashes; i++) {
      int b = ItemHash.index(ItemHash.row(key, SALT + i), bits);
      if ((words[b >>> 6] & (1L << b)) == 0) {
        return false;
      }
    }
    return true;
  }
}
