package io.sketchbricks.spark.ucl;

import io.sketchbricks.core.CorruptSketchException;
import io.sketchbricks.spark.FsPaths;
import io.sketchbricks.ucl.UclSketch;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The streaming sink's own checkpoint: the UCL data plane after each micro-batch, with the id of that batch, in
 * {@code <checkpoint>/ucl-state/batch-<id>.state}, on whatever file system holds the checkpoint (local, HDFS,
 * S3A...). Spark's checkpoint says which batches are committed; this one says which batch the data plane already
 * holds, so a batch that Spark replays after a crash is applied once.
 *
 * <p>Files are written to a temporary name and renamed, so a crash never leaves a half-written state (on HDFS
 * and local disks rename is atomic); the two newest are kept. A state file that fails its checksum is an error
 * that names the file: it is never silently replaced by an empty sketch, which would lose every event before it.
 */
final class UclStateStore {
  static final String DIR = "ucl-state";
  private final Path dir;
  private final Configuration conf;

  UclStateStore(String checkpoint, Configuration conf) {
    this.dir = new Path(new Path(checkpoint), DIR);
    this.conf = conf;
  }

  /** The last saved state, or null when the query has never saved one. */
  Saved load() {
    Path newest = newest();
    if (newest == null) {
      return null;
    }
    byte[] bytes = FsPaths.readAll(newest.toString(), conf, Integer.MAX_VALUE - 16, "UCL state checkpoint");
    try {
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
    }
  }

  void save(long batchId, UclSketch sketch) {
    try {
      FileSystem fs = fs();
      fs.mkdirs(dir);
      byte[] state = sketch.toByteArray();
      ByteBuffer out = ByteBuffer.allocate(8 + state.length).putLong(batchId).put(state);
      Path tmp = new Path(dir, ".batch-" + batchId + ".tmp");
      try (FSDataOutputStream o = fs.create(tmp, true)) {
        o.write(out.array());
      }
      Path target = new Path(dir, name(batchId));
      // the same batch saved again (never expected): the older copy of it goes first, as rename does not replace
      fs.delete(target, false);
      if (!fs.rename(tmp, target)) {
        throw new IOException("renaming " + tmp + " to " + target + " failed");
      }
      List<Path> all = states();
      for (int i = 0; i < all.size() - 2; i++) {
        fs.delete(all.get(i), false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the UCL state checkpoint in " + dir + ": " + e.getMessage(), e);
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
    FileStatus[] entries;
    try {
      entries = fs().listStatus(dir);
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    List<Path> out = new ArrayList<>();
    for (FileStatus st : entries) {
      if (st.isFile() && st.getPath().getName().matches("batch-\\d{19}\\.state")) {
        out.add(st.getPath());
      }
    }
    out.sort(Comparator.comparing(Path::getName));
    return out;
  }

  /**
   * The checkpoint's file system; on a local disk without Hadoop's .crc side files, which the state does not need
   * (it carries its own checksum) and which would turn a damaged state into a Hadoop checksum error instead of
   * ours.
   */
  private FileSystem fs() {
    FileSystem fs = FsPaths.fileSystem(dir.toString(), conf);
    return fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
  }

  record Saved(long batchId, UclSketch sketch) {}
}
