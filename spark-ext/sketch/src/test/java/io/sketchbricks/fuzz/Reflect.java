package io.sketchbricks.fuzz;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Calls into package-private readers: the exception they throw reaches the harness unwrapped. */
final class Reflect {
  private Reflect() {}

  static Method method(String className, String name, Class<?>... params) throws ReflectiveOperationException {
    Method m = Class.forName(className).getDeclaredMethod(name, params);
    m.setAccessible(true);
    return m;
  }

  static Object invoke(Method m, Object target, Object... args) throws Exception {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw Reflect.<Exception>sneaky(e.getCause());
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
