package io.sketchbricks.spark.ucl;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.ucl.UclSketch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The streaming sink's own checkpoint: the UCL data plane after each micro-batch, with the id of that batch, in
 * {@code <checkpoint>/ucl-state/batch-<id>.state}. Spark's checkpoint says which batches are committed; this one
 * says which batch the data plane already holds, so a batch that Spark replays after a crash is applied once.
 *
 * <p>Files are written to a temporary name and renamed, so a crash never leaves a half-written state; the two
 * newest are kept. A state file that fails its checksum is an error that names the file: it is never silently
 * replaced by an empty sketch, which would lose every event before it.
 */
final class UclStateStore {
  static final String DIR = "ucl-state";
  private final Path dir;

  UclStateStore(Path checkpoint) {
    this.dir = checkpoint.resolve(DIR);
  }

  /** The last saved state, or null when the query has never saved one. */
  Saved load() {
    Path newest = newest();
    if (newest == null) {
      return null;
    }
    try {
      byte[] bytes = Files.readAllBytes(newest);
      if (bytes.length < 8) {
        throw new CorruptSketchException("truncated");
      }
      long batchId = ByteBuffer.wrap(bytes, 0, 8).getLong();
      if (batchId < 0) {
        throw new CorruptSketchException("its batch id " + batchId + " is negative");
      }
      byte[] sketch = java.util.Arrays.copyOfRange(bytes, 8, bytes.length);
      return new Saved(batchId, UclSketch.fromBytes(sketch));
    } catch (CorruptSketchException e) {
      throw new IllegalStateException("the UCL state checkpoint " + newest + " is corrupt (" + e.getMessage()
          + "); it was left as it is. Restore it from a backup, or start over with a new --checkpoint directory", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the UCL state checkpoint " + newest, e);
    }
  }

  void save(long batchId, UclSketch sketch) {
    try {
      Files.createDirectories(dir);
      byte[] state = sketch.toByteArray();
      ByteBuffer out = ByteBuffer.allocate(8 + state.length).putLong(batchId).put(state);
      Path tmp = dir.resolve(".batch-" + batchId + ".tmp");
      Files.write(tmp, out.array());
      Files.move(tmp, dir.resolve(name(batchId)), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      List<Path> all = states();
      for (int i = 0; i < all.size() - 2; i++) {
        Files.deleteIfExists(all.get(i));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the UCL state checkpoint in " + dir, e);
    }
  }

  private static String name(long batchId) {
    return String.format("batch-%019d.state", batchId);
  }

  private Path newest() {
    List<Path> all = states();
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  private List<Path> states() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().matches("batch-\\d{19}\\.state"))
          .sorted(Comparator.comparing(Path::toString)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  record Saved(long batchId, UclSketch sketch) {}
}
