package io.sketchbricks.ucl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.core.IncompatibleMergeException;
import io.sketchbricks.core.SketchFormat;
import io.sketchbricks.core.SketchKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** UCL model and sketch bytes are hostile until checked (issue #12); damaged bytes carry valid checksums. */
class UclHardeningTest {
  /** A model file with these sizes, zero weights and a valid checksum. */
  static byte[] modelBytes(int depth, int width, int hidden, int layer, int share, int length) {
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(UclModel.MAGIC).putInt(UclModel.VERSION).putInt(depth).putInt(width).putInt(hidden).putInt(layer)
        .putInt(share);
    return withCrc(b.array());
  }

  static byte[] withCrc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 4, (int) crc.getValue());
    return bytes;
  }

  @Test
  void shapeProductsThatWrapAroundAnIntAreRefusedBeforeAllocating() {
    // depth x hidden = 65530 x 65536 wraps to -393216 in int arithmetic, and the other layers' sizes make the
    // wrapped total equal to this 1,048,708-byte file: the old reader passed its length check and then threw
    // NegativeArraySizeException allocating layer 2
    byte[] bytes = modelBytes(65_530, 1, 65_536, 65_542, 1, 1_048_708);
    CorruptSketchException e = assertThrows(CorruptSketchException.class, () -> UclModel.fromBytes(bytes));
    assertTrue(e.getMessage().contains("depth"), e.getMessage());
  }

  @Test
  void sizesPastTheDocumentedMaximaAreRefused() {
    byte[] bytes = modelBytes(4, 521, UclModel.MAX_HIDDEN + 1, 64, 1024, 64);
    CorruptSketchException e = assertThrows(CorruptSketchException.class, () -> UclModel.fromBytes(bytes));
    assertTrue(e.getMessage().contains("hidden"), e.getMessage());
  }

  @Test
  void aNonFiniteWeightIsRefused() {
    byte[] good = UclModel.initial(4, 31, 8, 8, 16, 1).toByteArray();
    byte[] bad = good.clone();
    ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putFloat(28 + 4 * 5, Float.NaN);
    withCrc(bad);
    UclModel.fromBytes(good);
    CorruptSketchException e = assertThrows(CorruptSketchException.class, () -> UclModel.fromBytes(bad));
    assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
  }

  // ---- sketch payload ---------------------------------------------------------------------------------

  static final UclConfig CONFIG = new UclConfig(13, 2, 17, 256, 2, 100, 3);

  static UclSketch sketch() {
    UclSketch s = new UclSketch(CONFIG, 9);
    for (int i = 0; i < 450; i++) {
      s.add("k" + (i * 7 % 61));
    }
    return s;
  }

  static byte[] edited(byte[] sketch, Consumer<ByteBuffer> edit) {
    byte[] payload = Arrays.copyOfRange(sketch, 12, sketch.length - 4);
    edit.accept(ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN));
    return SketchFormat.write(SketchKind.UCL, payload.length, out -> out.put(payload));
  }

  /** Offset of the key count n in the payload. */
  static int keyCountAt() {
    return 24 + 28 + 16 * CONFIG.hfSlots() + 4 * CONFIG.cells() + 8 * ((CONFIG.bfBits() + 63) / 64);
  }

  static int snapshotsAt(ByteBuffer b) {
    int n = b.getInt(keyCountAt());
    return keyCountAt() + 4 + 8 * n + (n + 7) / 8;
  }

  @Test
  void snapshotsOutOfScheduleOrWithNegativeCountersAreRefused() {
    byte[] good = sketch().toByteArray();
    UclSketch.fromBytes(good);
    // snapshot 0 taken after 150 arrivals: not a multiple of the interval (100)
    CorruptSketchException e = assertThrows(CorruptSketchException.class,
        () -> UclSketch.fromBytes(edited(good, b -> b.putLong(snapshotsAt(b) + 4, 150))));
    assertTrue(e.getMessage().contains("interval"), e.getMessage());
    // after more arrivals than the sketch has seen
    assertThrows(CorruptSketchException.class,
        () -> UclSketch.fromBytes(edited(good, b -> b.putLong(snapshotsAt(b) + 4 + (8 + 4 * CONFIG.cells()) * 2, 900))));
    assertThrows(CorruptSketchException.class,
        () -> UclSketch.fromBytes(edited(good, b -> b.putInt(snapshotsAt(b) + 4 + 8, -5))));
  }

  @Test
  void hotFlagsPastTheKeyListAreRefused() {
    byte[] good = sketch().toByteArray();
    CorruptSketchException e = assertThrows(CorruptSketchException.class, () -> UclSketch.fromBytes(edited(good, b -> {
      int n = b.getInt(keyCountAt());
      int last = keyCountAt() + 4 + 8 * n + (n + 7) / 8 - 1;
      b.put(last, (byte) (b.get(last) | 0x80));
    })));
    assertTrue(e.getMessage().contains("hot"), e.getMessage());
  }

  @Test
  void anAddThatCouldOverflowACounterIsRefusedBeforeItChangesAnything() {
    // every Count-Min counter at 2^31 - 1: the old add voted against the slot's resident (or evicted it) and then
    // overflowed in the Count-Min part, keeping the changed heavy filter
    byte[] full = edited(sketch().toByteArray(), b -> {
      for (int i = 0; i < CONFIG.cells(); i++) {
        b.putInt(24 + 28 + 16 * CONFIG.hfSlots() + 4 * i, Integer.MAX_VALUE);
      }
    });
    UclSketch s = UclSketch.fromBytes(full);
    long key = -1;
    for (long k = 1_000; key < 0; k++) { // a key whose slot another key holds
      int slot = s.hf().slotOf(k);
      if (s.hf().val[slot] != 0 && s.hf().keys[slot] != k) {
        key = k;
      }
    }
    long chosen = key;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.addHashed(chosen, 1));
    assertTrue(e.getMessage().contains("32-bit"), e.getMessage());
    assertArrayEquals(full, s.toByteArray());
  }

  @Test
  void aRefusedMergeLeavesTheSketchAsItWas() {
    UclSketch s = sketch();
    byte[] before = s.toByteArray();
    assertThrows(IncompatibleMergeException.class, () -> s.mergeSketch(sketch()));
    assertArrayEquals(before, s.toByteArray());
  }
}
