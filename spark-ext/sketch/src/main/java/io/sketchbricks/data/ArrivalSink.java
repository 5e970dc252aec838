package io.sketchbricks.data;

/**
 * Receives a stream one arrival at a time, so readers and generators never hold the whole stream in memory.
 *
 * <p>{@code time} orders the arrivals: epoch milliseconds for click logs, a 0-based line or row number for
 * files without timestamps, the arrival index for synthetic streams.
 */
@FunctionalInterface
public interface ArrivalSink {
  /** One arrival of {@code item} at {@code time}. */
  void accept(String item, long time);
}
