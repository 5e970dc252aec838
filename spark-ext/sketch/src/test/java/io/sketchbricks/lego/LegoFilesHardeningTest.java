package io.sketchbricks.lego;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files and training checkpoints are read like sketch bytes (issue #12): every value checked, one clear
 * {@link IllegalArgumentException} for a damaged file. The files here have valid checksums and consistent ids.
 */
class LegoFilesHardeningTest {
  static byte[] fileOf(Map<String, float[]> params) {
    return LegoModelFile.toBytes(LegoModel.fromParameters(params));
  }

  @Test
  void aNonFiniteWeightIsRefused() {
    Map<String, float[]> p = LegoModel.random(3).parameters();
    p.get("decode_module.dec.2.weight")[7] = Float.NaN;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LegoModelFile.fromBytes(fileOf(p), "test"));
    assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
  }

  @Test
  void anEmbeddingOutsideItsRangeIsRefused() {
    for (float bad : new float[] {0f, -0.5f, 2f}) {
      Map<String, float[]> p = LegoModel.random(3).parameters();
      p.get(LegoModel.V_NAME)[11] = bad;
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> LegoModelFile.fromBytes(fileOf(p), "test"));
      assertTrue(e.getMessage().contains("embedding"), bad + ": " + e.getMessage());
    }
  }

  @Test
  void aTensorCountOtherThanTheArchitecturesIsRefused() {
    byte[] bytes = LegoModelFile.toBytes(LegoModel.random(3));
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(20, Integer.MAX_VALUE);
    fixCrc(bytes);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LegoModelFile.fromBytes(bytes, "test"));
    assertTrue(e.getMessage().contains("tensors"), e.getMessage());
  }

  static void fixCrc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 4, (int) crc.getValue());
  }

  @Test
  void aTruncatedOrNonFiniteOptimizerStateIsRefused(@TempDir Path dir) throws IOException {
    TrainingState s = new TrainingState(LegoModel.random(5), 1);
    s.save(dir);
    TrainingState.load(dir); // intact: reads
    Path opt = dir.resolve(TrainingState.OPTIMIZER_FILE);
    byte[] good = Files.readAllBytes(opt);

    byte[] shorter = Arrays.copyOf(good, good.length - 8); // one double fewer, checksum fixed
    fixCrc(shorter);
    Files.write(opt, shorter);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingState.load(dir));
    assertTrue(e.getMessage().contains("bytes"), e.getMessage());

    byte[] nan = good.clone();
    ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putDouble(4 + 4 + 8 + 4 + 8 + 16, Double.NaN);
    fixCrc(nan);
    Files.write(opt, nan);
    e = assertThrows(IllegalArgumentException.class, () -> TrainingState.load(dir));
    assertTrue(e.getMessage().contains("invalid"), e.getMessage());

    Files.write(opt, good);
    Path state = dir.resolve(TrainingState.STATE_FILE);
    Files.writeString(state, Files.readString(state).replaceFirst("\"tasks_seen\": 0", "\"tasks_seen\": 1e9x"));
    e = assertThrows(IllegalArgumentException.class, () -> TrainingState.load(dir));
    assertTrue(e.getMessage().contains("tasks_seen"), e.getMessage());
  }
}
