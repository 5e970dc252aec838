package io.sketchbricks.eval;

/** What the evaluation and benchmark jobs drive: a sketch (or exact counting) over String items. */
public interface Estimator {
  /** The name used on the command line and in the JSON output. */
  String name();

  void add(String item);

  long estimate(String item);

  /** Bytes of state as the estimator accounts its memory budget. */
  long memoryBytes();

  /** Figures beyond accuracy and speed that the eval job prints too (e.g. a learned decoder's training time). */
  default java.util.Map<String, Object> extras() {
    return java.util.Map.of();
  }
}
