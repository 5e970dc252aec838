package io.sketchbricks.data;

import java.util.ArrayList;
import java.util.List;

/** Test sink that remembers every arrival. */
final class Recorder implements ArrivalSink {
  final List<String> items = new ArrayList<>();
  final List<Long> times = new ArrayList<>();

  @Override
  public void accept(String item, long time) {
    items.add(item);
    times.add(time);
  }
}
