package io.sketchbricks.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkException;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The error line from what Spark 3.5 really throws on the driver when a task fails. */
class ErrorLineTest {
  /** A task failure the executor cannot serialise (it holds a plain Object), so the driver gets only its text. */
  static final class UnshippableException extends RuntimeException {
    @SuppressWarnings("unused")
    private final Object notSerializable = new Object();

    UnshippableException(String message) {
      super(message);
    }
  }

  /** The session the jobs make (the first one in this JVM fixes its extensions for the other test classes). */
  static SparkSession spark() {
    SparkOptions options = new SparkOptions();
    options.warehouse = "target/error-line-warehouse";
    options.master = "local[2]";
    return options.session("sketchbricks-error-line-test");
  }

  @Test
  void causeLostOnTheWayFindsTheMessageInTheText() {
    SparkException e = assertThrows(SparkException.class, () -> spark().range(1).map((MapFunction<Long, Long>) x -> {
      throw new IllegalStateException("outer", new UnshippableException("the task's own words"));
    }, Encoders.LONG()).collectAsList());
    assertNull(e.getCause(), "Spark kept the cause: this test would not cover the text path");
    assertTrue(e.getMessage().contains("most recent failure: Lost task"), e.getMessage());
    ErrorLine.Line line = ErrorLine.of(e);
    assertEquals("the task's own words", line.message());
    assertTrue(line.explained());
  }

  @Test
  void causeKeptIsFoundByWalkingTheChain() {
    SparkException e = assertThrows(SparkException.class, () -> spark().range(1).map((MapFunction<Long, Long>) x -> {
      throw new IllegalArgumentException("bad argument\nsecond line");
    }, Encoders.LONG()).collectAsList());
    assertTrue(e.getCause() != null);
    assertEquals(new ErrorLine.Line("bad argument", true), ErrorLine.of(e));
  }

  @Test
  void unexpectedFailuresSayTheyAreNotExplained() {
    SparkException e = assertThrows(SparkException.class, () -> spark().range(1).map((MapFunction<Long, Long>) x -> {
      throw new IllegalStateException("internal trouble");
    }, Encoders.LONG()).collectAsList());
    ErrorLine.Line line = ErrorLine.of(e);
    assertEquals("internal trouble", line.message());
    assertFalse(line.explained());
  }
}
