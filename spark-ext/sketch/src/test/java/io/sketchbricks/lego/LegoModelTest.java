package io.sketchbricks.lego;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegoModelTest {
  @TempDir
  Path dir;

  @Test
  void hasTheReferenceParameterCount() {
    int n = 0;
    for (int[] shape : LegoModel.shapes().values()) {
      n += LegoModel.size(shape);
    }
    assertEquals(5351, n);
  }

  @Test
  void theTrainedSkewnessRangeTravelsWithTheModelAndGatesTheNetwork() {
    LegoModel reference = LegoModel.random(4);
    LegoModel wide = LegoModel.fromParameters(reference.parameters(), 1.5f);
    assertEquals(1.0f, reference.trainedAlphaMax());
    assertNotEquals(reference.id(), wide.id(), "the range is part of what a model is");
    assertTrue(wide.inTrainedRange(20_000, 1.3f) && !reference.inTrainedRange(20_000, 1.3f));
    assertTrue(!wide.inTrainedRange(9_000, 0.7f), "too few items for the network");
    assertTrue(reference.inTrainedRange(20_000, 1.2f) && !wide.inTrainedRange(20_000, 1.8f),
        "estimates up to " + LegoModel.GATE_ALPHA_MARGIN + " above the range still use the network");
    Path f = dir.resolve("wide.model");
    wide.save(f);
    LegoModel back = LegoModel.load(f);
    assertEquals(1.5f, back.trainedAlphaMax());
    assertEquals(wide.id(), back.id());
    assertThrows(IllegalArgumentException.class, () -> LegoModel.fromParameters(reference.parameters(), 0.4f));
    for (long i = 0; i < 200; i++) {
      double a = new MetaTaskGenerator(3, 1000, 1200, 0.5, 1.5).task(i).alpha();
      assertTrue(a > 0.5 && a <= 1.5, "alpha " + a);
      double skewed = new MetaTaskGenerator(3, 1000, 1200, 1.2, 1.5).task(i).alpha();
      assertTrue(skewed > 1.2 && skewed <= 1.5, "alpha " + skewed);
    }
  }

  @Test
  void embeddingIsPositiveAndSumsToFive() {
    LegoModel m = LegoModel.random(1);
    float[] e = new float[5];
    for (long x = 0; x < 1000; x++) {
      m.embed(x, e);
      float sum = 0;
      for (float v : e) {
        assertTrue(v > 0);
        sum += v;
      }
      assertEquals(5f, sum, 1e-5f);
    }
  }

  @Test
  void idDependsOnEveryWeight() {
    LegoModel m = LegoModel.random(1);
    Map<String, float[]> p = m.parameters();
    assertEquals(m.id(), LegoModel.fromParameters(p).id());
    p.get("decode_module.out1.4.bias")[0] += 1e-3f;
    assertNotEquals(m.id(), LegoModel.fromParameters(p).id());
  }

  @Test
  void fileRoundTrip() throws Exception {
    LegoModel m = LegoModel.random(2);
    Path f = dir.resolve("m/lego.model");
    m.save(f);
    LegoModel back = LegoModel.load(f);
    assertEquals(m.id(), back.id());
    Map<String, float[]> a = m.parameters();
    Map<String, float[]> b = back.parameters();
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k), b.get(k), k);
    }
    assertTrue(LegoModels.find(m.id()) != null, "load registers the model");
  }

  @Test
  void missingAndCorruptFilesAreClearErrors() throws Exception {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> LegoModel.load(dir.resolve("nope.model")));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

    Path f = dir.resolve("x.model");
    LegoModel.random(3).save(f);
    byte[] bytes = Files.readAllBytes(f);
    bytes[200] ^= 4;
    Files.write(f, bytes);
    IllegalArgumentException corrupt = assertThrows(IllegalArgumentException.class, () -> LegoModel.load(f));
    assertTrue(corrupt.getMessage().contains("checksum"), corrupt.getMessage());

    Files.write(f, new byte[] {1, 2, 3});
    assertThrows(IllegalArgumentException.class, () -> LegoModel.load(f));
    Files.write(f, new byte[100]);
    IllegalArgumentException magic = assertThrows(IllegalArgumentException.class, () -> LegoModel.load(f));
    assertTrue(magic.getMessage().contains("magic"), magic.getMessage());
  }

  @Test
  void lowSkewNetworksAnswerBelowTheirThresholdAndTravelInVersion4Files() throws Exception {
    LegoModel high = LegoTestModels.alwaysNeural(21);
    LegoModel low = LegoTestModels.sibling(high, -1.5f);
    LegoModel both = high.withLowSkewNetworks(low, 1.1f);
    assertEquals(1.1f, both.lowSkewBelow());
    assertEquals(low, both.lowSkewNetworks());
    assertEquals(low, both.answering(1.0f));
    assertEquals(both, both.answering(1.1f));
    assertEquals(high, high.answering(-3f), "a model without low-skew networks answers itself");
    assertTrue(Float.isNaN(high.lowSkewBelow()));
    // the id covers both networks and the threshold
    assertNotEquals(high.id(), both.id());
    assertNotEquals(low.id(), both.id());
    assertNotEquals(both.id(), high.withLowSkewNetworks(low, 1.2f).id());
    assertEquals(both.id(), high.withLowSkewNetworks(LegoTestModels.sibling(high, -1.5f), 1.1f).id());
    // version 3 for one set of networks (its bytes as before), version 4 with the second set
    java.nio.ByteBuffer v = java.nio.ByteBuffer.wrap(LegoModelFile.toBytes(high)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    assertEquals(3, v.getInt(4));
    byte[] bytes = LegoModelFile.toBytes(both);
    assertEquals(4, java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(4));
    LegoModel read = LegoModelFile.fromBytes(bytes, "test");
    assertEquals(both.id(), read.id());
    assertEquals(low.id(), read.lowSkewNetworks().id());
    // cut inside the second set, checksum made valid again: still refused, as truncated
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 200);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(cut, 0, cut.length - 4);
    java.nio.ByteBuffer.wrap(cut).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(cut.length - 4, (int) crc.getValue());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LegoModelFile.fromBytes(cut, "cut"));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    // every brick of alwaysNeural reads as skewness about -3: all answer through the low-skew networks
    LegoSketch viaBoth = LegoSketch.withBricks(both, 2);
    LegoSketch viaLow = LegoSketch.withBricks(low, 2);
    LegoSketch viaHigh = LegoSketch.withBricks(high, 2);
    for (int i = 0; i < 20_000; i++) {
      long id = (i * 2654435761L) % 9_000;
      viaBoth.addId(id, 1 + i % 3);
      viaLow.addId(id, 1 + i % 3);
      viaHigh.addId(id, 1 + i % 3);
    }
    int differs = 0;
    for (long id = 0; id < 500; id++) {
      assertEquals(viaLow.neuralEstimateId(id), viaBoth.neuralEstimateId(id), 1e-4);
      assertEquals(viaLow.estimateId(id), viaBoth.estimateId(id), 1e-4);
      differs += Math.abs(viaHigh.neuralEstimateId(id) - viaBoth.neuralEstimateId(id)) > 1e-3 ? 1 : 0;
    }
    assertTrue(differs > 100, "the two networks answer differently: " + differs + " of 500");
  }

  @Test
  void lowSkewNetworksNeedTheSameEmbeddingAndOneLevel() {
    LegoModel a = LegoModel.random(1);
    LegoModel low = LegoTestModels.sibling(a, 1f);
    assertThrows(IllegalArgumentException.class, () -> a.withLowSkewNetworks(LegoModel.random(2), 1f));
    assertThrows(IllegalArgumentException.class, () -> a.withLowSkewNetworks(low, 0.5f));
    assertThrows(IllegalArgumentException.class, () -> a.withLowSkewNetworks(low, Float.NaN));
    LegoModel otherRange = LegoModel.fromParameters(low.parameters(), 1.5f);
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> a.withLowSkewNetworks(otherRange, 1f));
    assertTrue(range.getMessage().contains("combine models of one range"), range.getMessage());
    LegoModel both = a.withLowSkewNetworks(low, 1f);
    assertThrows(IllegalArgumentException.class, () -> both.withLowSkewNetworks(low, 1f));
    assertThrows(IllegalArgumentException.class, () -> low.withLowSkewNetworks(both, 1f));
  }

  @Test
  void rejectsParametersOfAnotherShape() {
    Map<String, float[]> p = LegoModel.random(4).parameters();
    p.put("decode_module.dec.0.weight", new float[3]);
    assertThrows(IllegalArgumentException.class, () -> LegoModel.fromParameters(p));
  }
}
