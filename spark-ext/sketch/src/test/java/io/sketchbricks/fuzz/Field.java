package io.sketchbricks.fuzz;

/** A numeric field of a format at a fixed offset in one seed input: what a field mutation overwrites. */
record Field(String name, int offset, int width, boolean littleEndian) {
  static Field le(String name, int offset, int width) {
    return new Field(name, offset, width, true);
  }

  @Override
  public String toString() {
    return name + "@" + offset;
  }
}
