package io.sketchbricks.sql;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * At most {@code capacity} values by key, the least recently used evicted first. A value is computed once even
 * when several threads (tasks of one executor) ask for it at the same time: the others wait for it. A failed
 * computation is not kept, so the next call tries again. For results that are costly to compute and large to
 * hold, such as a decoded UCL state, where a long-running JVM would otherwise keep one per state it ever saw.
 */
final class LruComputeCache<K, V> {
  private final Map<K, CompletableFuture<V>> map;

  LruComputeCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity + " must be at least 1");
    }
    this.map = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, CompletableFuture<V>> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The value for key, computed by {@code compute} unless held or being computed by another thread. */
  V get(K key, Function<K, V> compute) {
    CompletableFuture<V> f;
    boolean mine = false;
    synchronized (map) {
      f = map.get(key);
      if (f == null) {
        f = new CompletableFuture<>();
        map.put(key, f);
        mine = true;
      }
    }
    if (mine) {
      try {
        f.complete(compute.apply(key));
      } catch (RuntimeException | Error e) {
        synchronized (map) {
          map.remove(key, f);
        }
        f.completeExceptionally(e);
        throw e;
      }
    }
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** Entries held now, finished or being computed. */
  int size() {
    synchronized (map) {
      return map.size();
    }
  }
}
