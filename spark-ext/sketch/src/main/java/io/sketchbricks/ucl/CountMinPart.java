package io.sketchbricks.ucl;

import io.sketchbricks.hash.ItemHash;

/**
 * UCL's Count-Min part: {@code depth x width} 32-bit counters, row-major, so the flattened table is exactly the
 * measurement vector y of the UCL paper's Sec. III-A ({@code y[r*width + c] = C[r][c]}). Row r of a key uses column
 * {@code index(row(key, r), width)}, the same derivation as {@link io.sketchbricks.frequency.CountMinSketch}.
 */
final class CountMinPart {
  final int depth;
  final int width;
  final int[] table;

  CountMinPart(int depth, int width) {
    this(depth, width, new int[depth * width]);
  }

  CountMinPart(int depth, int width, int[] table) {
    this.depth = depth;
    this.width = width;
    this.table = table;
  }

  /** The flat cell of {@code key} in row r: {@code r*width + column}. */
  static int cell(long key, int r, int width) {
    return r * width + ItemHash.index(ItemHash.row(key, r), width);
  }

  void add(long key, int count) {
    for (int r = 0; r < depth; r++) {
      int i = cell(key, r, width);
      table[i] = Math.addExact(table[i], count);
    }
  }

  /** The plain Count-Min estimate: the smallest of the key's counters. */
  int min(long key) {
    return minOf(table, key, depth, width);
  }

  static int minOf(int[] table, long key, int depth, int width) {
    int m = Integer.MAX_VALUE;
    for (int r = 0; r < depth; r++) {
      m = Math.min(m, table[cell(key, r, width)]);
    }
    return m;
  }
}
