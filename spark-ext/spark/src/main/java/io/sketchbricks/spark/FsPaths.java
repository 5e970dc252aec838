package io.sketchbricks.spark;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where a table, a checkpoint, a warehouse or a driver-side file lives, as a Hadoop file-system URI that means the
 * same on the driver and on every executor:
 * <ul>
 *   <li>a URI with a scheme ({@code hdfs://nn:8020/wh}, {@code s3a://bucket/wh}, {@code file:/data/wh}) is kept;
 *   <li>an absolute path without one ({@code /data/wh}) is on the default file system ({@code fs.defaultFS}: the
 *       local disk unless Hadoop's configuration names another), as Spark itself reads such a path;
 *   <li>a relative path ({@code warehouse}) is resolved once, here on the driver, against the driver's working
 *       directory on the local disk: an executor resolving it against its own working directory would find
 *       another folder, or none.
 * </ul>
 */
public final class FsPaths {
  private FsPaths() {}

  /** The absolute URI a path or URI names, by the rules above. */
  public static String qualify(String pathOrUri, Configuration conf) {
    if (pathOrUri == null || pathOrUri.isBlank()) {
      throw new IllegalArgumentException("a path is empty: give a folder, a file or a URI such as hdfs://host:port/dir");
    }
    Path p;
    try {
      p = new Path(pathOrUri.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + pathOrUri + "' is neither a path nor a URI (" + e.getMessage()
          + "); a URI's path must be absolute, as in file:/data/wh or hdfs://namenode:8020/wh", e);
    }
    URI u = p.toUri();
    if (u.getScheme() != null) {
      if (u.getAuthority() != null && u.getPath().isEmpty()) {
        return new Path(u.getScheme(), u.getAuthority(), "/").toString(); // a bucket or file system's root
      }
      if (!p.isUriPathAbsolute()) {
        throw new IllegalArgumentException("'" + pathOrUri + "' names a relative path after its scheme: write "
            + u.getScheme() + ":/absolute/path (or a path without a scheme, taken from the current directory)");
      }
      return p.toString();
    }
    if (p.isUriPathAbsolute()) {
      URI fs = FileSystem.getDefaultUri(conf);
      return new Path(fs.getScheme(), fs.getAuthority(), u.getPath()).toString();
    }
    return new Path(new File(pathOrUri.trim()).getAbsoluteFile().toURI()).toString();
  }

  /** {@code name} inside the folder {@code dir} (a URI {@link #qualify} gave). */
  public static String child(String dir, String name) {
    return new Path(new Path(dir), name).toString();
  }

  /** The file system a URI lives on. */
  public static FileSystem fileSystem(String uri, Configuration conf) {
    try {
      return new Path(uri).getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the file system of " + uri + ": " + e.getMessage(), e);
    }
  }

  /** Whether a file or folder exists at the URI. */
  public static boolean exists(String uri, Configuration conf) {
    try {
      return fileSystem(uri, conf).exists(new Path(uri));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look up " + uri + ": " + e.getMessage(), e);
    }
  }

  /**
   * The bytes of a file, read on the driver through its file system; its size is checked against {@code maxBytes}
   * before anything is allocated.
   *
   * @param what names the file in errors, e.g. "Lego model file"
   * @throws IllegalArgumentException when it does not exist, is a folder, or is larger than {@code maxBytes}
   */
  public static byte[] readAll(String uri, Configuration conf, long maxBytes, String what) {
    Path p = new Path(uri);
    FileSystem fs = fileSystem(uri, conf);
    try {
      FileStatus st;
      try {
        st = fs.getFileStatus(p);
      } catch (FileNotFoundException e) {
        throw new IllegalArgumentException(what + " " + uri + " does not exist", e);
      }
      if (st.isDirectory()) {
        throw new IllegalArgumentException(what + " " + uri + " is a folder, not a file");
      }
      long len = st.getLen();
      if (len > maxBytes || len > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException(what + " " + uri + " is " + len + " bytes, more than the " + maxBytes
            + " such a file can hold: is it the right file?");
      }
      byte[] bytes = new byte[(int) len];
      try (FSDataInputStream in = fs.open(p)) {
        in.readFully(0, bytes);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + " " + uri + ": " + e.getMessage(), e);
    }
  }
}
