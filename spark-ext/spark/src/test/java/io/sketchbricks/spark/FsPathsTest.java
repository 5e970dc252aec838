package io.sketchbricks.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** The path rules every job applies to --warehouse, table options, checkpoints and driver-side files. */
class FsPathsTest {
  private static Configuration defaultFs(String uri) {
    Configuration c = new Configuration(false);
    c.set("fs.defaultFS", uri);
    return c;
  }

  @Test
  void urisWithASchemeAreKept() {
    Configuration local = defaultFs("file:///");
    assertEquals("hdfs://127.0.0.1:9000/wh", FsPaths.qualify("hdfs://127.0.0.1:9000/wh", local));
    assertEquals("hdfs://127.0.0.1:9000/wh", FsPaths.qualify("hdfs://127.0.0.1:9000/wh/", local));
    assertEquals("s3a://bucket/data/wh", FsPaths.qualify("s3a://bucket/data/wh", local));
    assertEquals("s3a://bucket/", FsPaths.qualify("s3a://bucket", local));
    assertEquals("file:/data/wh", FsPaths.qualify("file:/data/wh", local));
    assertEquals("file:/data/wh", FsPaths.qualify("file:///data/wh", local));
  }

  @Test
  void relativePathsResolveAgainstTheWorkingDirectoryOnTheLocalDisk() {
    String cwd = new File("").getAbsoluteFile().toURI().getPath();
    // even where the default file system is HDFS: the name was typed on this machine
    String q = FsPaths.qualify("warehouse", defaultFs("hdfs://nn:8020"));
    assertEquals("file:" + cwd + "warehouse", q);
    assertEquals("file:" + cwd + "a/b", FsPaths.qualify("a/b/", defaultFs("file:///")));
  }

  @Test
  void absolutePathsAreOnTheDefaultFileSystem() {
    assertEquals("file:/data/wh", FsPaths.qualify("/data/wh", defaultFs("file:///")));
    assertEquals("hdfs://nn:8020/data/wh", FsPaths.qualify("/data/wh", defaultFs("hdfs://nn:8020")));
  }

  @Test
  void badPathsAreRefusedWithTheFix() {
    Configuration local = defaultFs("file:///");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FsPaths.qualify(" ", local)).getMessage()
        .contains("empty"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FsPaths.qualify("file:rel/x", local)).getMessage()
        .contains("must be absolute"));
  }

  @Test
  void childAndReadAll() throws Exception {
    assertEquals("hdfs://h:1/wh/clicks", FsPaths.child("hdfs://h:1/wh", "clicks"));
    assertEquals("file:/wh/clicks", FsPaths.child("file:/wh/", "clicks"));
    Path dir = Files.createDirectories(Path.of(System.getProperty("sketchbricks.test.tmp", "target/test-tmp"))
        .toAbsolutePath().resolve("fs-paths"));
    Path f = Files.write(dir.resolve("x.bin"), new byte[] {1, 2, 3});
    Configuration conf = new Configuration();
    String uri = FsPaths.qualify(f.toString(), conf);
    assertArrayEquals(new byte[] {1, 2, 3}, FsPaths.readAll(uri, conf, 3, "test file"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FsPaths.readAll(uri, conf, 2, "test file"))
        .getMessage().contains("3 bytes, more than the 2"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> FsPaths.readAll(uri + ".missing", conf, 2, "test file")).getMessage().contains("does not exist"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> FsPaths.readAll(FsPaths.qualify(dir.toString(), conf), conf, 2, "test file")).getMessage()
        .contains("is a folder"));
  }
}
