package io.sketchbricks.ucl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UclConfigTest {
  @Test
  void explicitSizesRoundUpToPrimesLikeTheReference() {
    UclConfig c = UclConfig.ofSizes(1200, 512, 390_000);
    assertEquals(1201, c.hfSlots());
    assertEquals(521, c.width());
    assertEquals(390_001, c.bfBits());
    assertEquals(4, c.depth());
    assertEquals(8, c.bfHashes());
    assertEquals(1000, c.interval());
    assertEquals(128, c.window());
    UclConfig yaml = UclConfig.ofSizes(1500, 1024, 500_000);
    assertEquals(1511, yaml.hfSlots());
    assertEquals(1031, yaml.width());
    assertEquals(500_009, yaml.bfBits());
  }

  @Test
  void memoryAccountingPricesSlotsCountersAndBits() {
    UclConfig c = UclConfig.ofSizes(1200, 512, 390_000);
    assertEquals(1201 * 16, c.heavyFilterBytes()); // 8-byte key + two 4-byte counters
    assertEquals(4 * 521 * 4, c.countMinBytes());
    assertEquals(48_751, c.bloomBytes()); // ceil(390001 / 8)
    assertEquals(19_216 + 8_336 + 48_751, c.dataPlaneBytes());
  }

  @Test
  void budgetSplitsFollowTheirSharesAndStayWithinBudget() {
    for (UclConfig.Split split : UclConfig.Split.values()) {
      for (long budget : new long[] {4096, 76_303, 90_624, 1 << 20}) {
        UclConfig c = UclConfig.forBudget(budget, split);
        assertTrue(c.dataPlaneBytes() <= budget, budget + " -> " + c);
        assertTrue(c.dataPlaneBytes() > budget * 0.99, budget + " -> " + c);
        double tolerance = budget < 10_000 ? 0.03 : 0.005; // rounding sizes down to primes weighs more when small
        assertEquals(split.heavyFilterShare, (double) c.heavyFilterBytes() / budget, tolerance);
        assertEquals(split.countMinShare, (double) c.countMinBytes() / budget, tolerance);
        assertEquals(split.bloomHashes, c.bfHashes());
        assertTrue(UclConfig.isPrime(c.hfSlots()) && UclConfig.isPrime(c.width()) && UclConfig.isPrime(c.bfBits()));
      }
    }
    assertEquals(UclConfig.forBudget(90_624, UclConfig.Split.DEFAULT), UclConfig.forBudget(90_624));
  }

  @Test
  void notebookSplitGivesBackTheNotebookSizes() {
    // the notebook's own total (with this accounting) gives back the notebook's sizes
    assertEquals(UclConfig.ofSizes(1200, 512, 390_000), UclConfig.forBudget(76_303, UclConfig.Split.NOTEBOOK));
    // 88.5 KiB, the notebook's sizes as the reference code prices them on Linux, as documented on forBudget
    UclConfig kb88 = UclConfig.forBudget(90_624, UclConfig.Split.NOTEBOOK);
    assertEquals(List.of(1423, 617, 463_867),
        List.of(kb88.hfSlots(), kb88.width(), kb88.bfBits()), kb88.toString());
    UclConfig dflt = UclConfig.forBudget(90_624);
    assertEquals(List.of(563, 4523, 73_973), List.of(dflt.hfSlots(), dflt.width(), dflt.bfBits()), dflt.toString());
  }

  @Test
  void splitNamesParseAndABadOneNamesTheChoices() {
    assertEquals(UclConfig.Split.NOTEBOOK, UclConfig.Split.of(" Notebook"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UclConfig.Split.of("even"));
    assertTrue(e.getMessage().contains("default or notebook"), e.getMessage());
  }

  @Test
  void primesAreTruePrimes() {
    assertFalse(UclConfig.isPrime(9));
    assertFalse(UclConfig.isPrime(49));
    assertEquals(11, UclConfig.nextPrime(9));
    assertEquals(7, UclConfig.prevPrime(10));
    assertEquals(2, UclConfig.nextPrime(0));
  }

  @Test
  void badSizesNameTheProblem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new UclConfig(10, 4, 100, 100, 8, 0, 128));
    assertTrue(e.getMessage().contains("interval"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> UclConfig.forBudget(100));
  }
}
