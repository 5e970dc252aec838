package io.sketchbricks.frequency;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Writes and reads an {@code ItemsSketch<String>} with DataSketches' string SerDe on whichever DataSketches the
 * classpath has. The sketch module is compiled once, but each Spark line ships its own DataSketches (Spark 3.5:
 * 3.3.0; Spark 4: 6.2.0), and between them the SerDe classes moved from {@code org.apache.datasketches} to
 * {@code org.apache.datasketches.common}, which changes the signatures of {@code ItemsSketch.toByteArray} and
 * {@code ItemsSketch.getInstance}. The bytes are the same in both (family 10, serial version 1; a string is its
 * int32 length and UTF-8 bytes), so the two calls are looked up once by shape instead of compiled against one
 * version. The rest of {@code ItemsSketch}'s API is the same in both.
 *
 * <p>One byte differs: the flags of an empty sketch (preamble byte 5). 3.x writes 4 (bit 2); 6.x writes 5 (bits 0
 * and 2, so that its C++ port's readers see it too), and both read either. Sketchbricks writes 4 on both lines, so
 * equal sketches have equal bytes whichever Spark wrote them.
 */
final class DataSketchesStrings {
  /** Where the preamble keeps its flags, and the flags of an empty sketch as DataSketches 3.x writes them. */
  static final int FLAGS_BYTE = 5;
  static final byte EMPTY_FLAGS = 4;
  private static final Object SERDE = newSerDe();
  private static final Method TO_BYTES = method("toByteArray", false);
  private static final Method READ = method("getInstance", true);

  private DataSketchesStrings() {}

  static byte[] toByteArray(ItemsSketch<String> sketch) {
    byte[] bytes = (byte[]) invoke(TO_BYTES, sketch, SERDE);
    if (sketch.isEmpty()) {
      bytes[FLAGS_BYTE] = EMPTY_FLAGS;
    }
    return bytes;
  }

  @SuppressWarnings("unchecked")
  static ItemsSketch<String> read(byte[] bytes) {
    return (ItemsSketch<String>) invoke(READ, null, Memory.wrap(bytes), SERDE);
  }

  private static Object invoke(Method m, Object target, Object... args) {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("DataSketches' ItemsSketch." + m.getName() + " is not accessible", e);
    }
  }

  private static Object newSerDe() {
    for (String name : new String[] {"org.apache.datasketches.common.ArrayOfStringsSerDe",
        "org.apache.datasketches.ArrayOfStringsSerDe"}) {
      try {
        return Class.forName(name, true, ItemsSketch.class.getClassLoader()).getConstructor().newInstance();
      } catch (ClassNotFoundException e) {
        // the other DataSketches line
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot create DataSketches' " + name, e);
      }
    }
    throw new IllegalStateException("no ArrayOfStringsSerDe in the DataSketches on the classpath (version "
        + ItemsSketch.class.getPackage().getImplementationVersion() + "); Sketchbricks works with DataSketches"
        + " 3.x to 6.x, the versions Spark 3.5 and 4.x ship");
  }

  /** The public method of ItemsSketch with this name whose last parameter takes the SerDe. */
  private static Method method(String name, boolean isStatic) {
    for (Method m : ItemsSketch.class.getMethods()) {
      Class<?>[] p = m.getParameterTypes();
      if (m.getName().equals(name) && Modifier.isStatic(m.getModifiers()) == isStatic
          && p.length == (isStatic ? 2 : 1) && p[p.length - 1].isInstance(SERDE)
          && (!isStatic || p[0].isAssignableFrom(Memory.class))) {
        return m;
      }
    }
    throw new IllegalStateException("DataSketches' ItemsSketch has no " + name + " taking "
        + SERDE.getClass().getName() + "; Sketchbricks works with DataSketches 3.x to 6.x");
  }
}
