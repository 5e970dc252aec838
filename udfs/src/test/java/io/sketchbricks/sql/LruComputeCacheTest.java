package io.sketchbricks.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LruComputeCacheTest {
  @Test
  void keepsTheMostRecentlyUsedAndEvictsTheRest() {
    LruComputeCache<Integer, String> cache = new LruComputeCache<>(2);
    AtomicInteger computed = new AtomicInteger();
    cache.get(1, k -> "v" + k + "#" + computed.incrementAndGet());
    cache.get(2, k -> "v" + k + "#" + computed.incrementAndGet());
    assertEquals("v1#1", cache.get(1, k -> "again")); // 1 is now the most recently used
    cache.get(3, k -> "v" + k + "#" + computed.incrementAndGet()); // evicts 2
    assertEquals(2, cache.size());
    assertEquals("v1#1", cache.get(1, k -> "again"));
    assertEquals("v2#4", cache.get(2, k -> "v" + k + "#" + computed.incrementAndGet()));
    assertThrows(IllegalArgumentException.class, () -> new LruComputeCache<Integer, String>(0));
  }

  @Test
  void computesOnceForThreadsAskingTogether() throws Exception {
    LruComputeCache<String, Object> cache = new LruComputeCache<>(4);
    AtomicInteger computed = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Object>> got = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        got.add(pool.submit(() -> {
          start.await();
          return cache.get("state", k -> {
            computed.incrementAndGet();
            try {
              Thread.sleep(100);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return new Object();
          });
        }));
      }
      start.countDown();
      Object first = got.get(0).get();
      for (Future<Object> f : got) {
        assertSame(first, f.get());
      }
      assertEquals(1, computed.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedComputationIsNotKept() {
    LruComputeCache<String, String> cache = new LruComputeCache<>(2);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.get("k", k -> {
      throw new IllegalStateException("damaged state");
    }));
    assertEquals("damaged state", e.getMessage());
    assertEquals(0, cache.size());
    assertEquals("ok", cache.get("k", k -> "ok"));
  }
}
