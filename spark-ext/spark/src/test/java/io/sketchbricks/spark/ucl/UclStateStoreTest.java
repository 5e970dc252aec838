package io.sketchbricks.spark.ucl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sketchbricks.ucl.UclConfig;
import io.sketchbricks.ucl.UclSketch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UCL state checkpoint is read like sketch bytes: a damaged file is an error naming it, never a reset. */
class UclStateStoreTest {
  @Test
  void savedStateReadsBackAndDamageIsAnErrorThatNamesTheFile(@TempDir Path checkpoint) throws IOException {
    UclSketch s = new UclSketch(new UclConfig(13, 2, 17, 256, 2, 100, 3), 9);
    for (int i = 0; i < 450; i++) {
      s.add("k" + (i % 40));
    }
    UclStateStore store = new UclStateStore(checkpoint.toString(), new Configuration());
    store.save(7, s);
    UclStateStore.Saved saved = store.load();
    assertEquals(7, saved.batchId());
    assertTrue(saved.sketch().sameState(s));

    Path file = checkpoint.resolve(UclStateStore.DIR).resolve(String.format("batch-%019d.state", 7));
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer.wrap(bytes).putLong(0, -3); // a negative batch id would make every replayed batch look new
    Files.write(file, bytes);
    IllegalStateException e = assertThrows(IllegalStateException.class, store::load);
    assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains(file.getFileName().toString()),
        e.getMessage());
  }
}
