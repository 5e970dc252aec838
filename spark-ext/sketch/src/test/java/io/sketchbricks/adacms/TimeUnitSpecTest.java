package io.sketchbricks.adacms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeUnitSpecTest {
  @Test
  void defaultIsHoursFromTheEpoch() {
    long millis = Instant.parse("2024-01-01T05:59:59.999Z").toEpochMilli();
    long t = TimeUnitSpec.DEFAULT.unitOf(millis);
    assertEquals(millis / 3_600_000L, t);
    assertTrue(t > 450_000 && t < 500_000);
    assertEquals(Instant.parse("2024-01-01T05:00:00Z").toEpochMilli(), TimeUnitSpec.DEFAULT.startMillis(t));
  }

  @Test
  void customUnitAndOrigin() {
    TimeUnitSpec spec = new TimeUnitSpec(60_000, 1_000_000);
    assertEquals(0, spec.unitOf(1_000_000));
    assertEquals(0, spec.unitOf(1_059_999));
    assertEquals(1, spec.unitOf(1_060_000));
    assertEquals(24 * 60, TimeUnitSpec.of(Duration.ofMinutes(1)).unitOf(Duration.ofDays(1).toMillis()));
  }

  @Test
  void timeBeforeOriginIsAClearError() {
    TimeUnitSpec spec = new TimeUnitSpec(1000, 5000);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec.unitOf(4999));
    assertTrue(e.getMessage().contains("is before the sketch origin 5000 ms"), e.getMessage());
    assertTrue(e.getMessage().contains("origin at or before the earliest event"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TimeUnitSpec(0, 0));
  }

  @Test
  void extremeTimesDoNotOverflow() {
    TimeUnitSpec ms = new TimeUnitSpec(1, Long.MIN_VALUE);
    assertThrows(IllegalArgumentException.class, () -> ms.unitOf(Long.MAX_VALUE)); // 2^64 - 1 units: refused
    assertEquals(Long.MAX_VALUE / 3_600_000L, TimeUnitSpec.DEFAULT.unitOf(Long.MAX_VALUE));
  }
}
