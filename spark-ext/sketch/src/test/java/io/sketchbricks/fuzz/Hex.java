package io.sketchbricks.fuzz;

import java.util.HexFormat;

/** Hex for failure reports and replays. */
final class Hex {
  private static final HexFormat HEX = HexFormat.of();

  private Hex() {}

  static String of(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** The whole input up to {@code max} bytes, else its head and a note. */
  static String shortened(byte[] bytes, int max) {
    if (bytes.length <= max) {
      return of(bytes);
    }
    return HEX.formatHex(bytes, 0, max) + "... (" + (bytes.length - max) + " more bytes)";
  }

  static byte[] parse(String hex) {
    return HEX.parseHex(hex.replaceAll("\\s+", ""));
  }
}
