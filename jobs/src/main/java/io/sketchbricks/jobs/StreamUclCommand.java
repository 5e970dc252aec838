package io.sketchbricks.jobs;

import io.sketchbricks.spark.ucl.UclStream;
import io.sketchbricks.spark.ucl.UclStreamSink;
import io.sketchbricks.ucl.UclConfig;
import io.sketchbricks.ucl.djl.UclSolver;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "stream-ucl", mixinStandardHelpOptions = true,
    description = {"Feeds a click stream into a UCL-sketch and keeps training its solver from counter snapshots.",
        "Writes ucl_state, ucl_snapshots, ucl_models and ucl_estimates into the warehouse; restarts resume from",
        "--checkpoint with no event lost or counted twice. ucl_estimate(item) in SQL answers from ucl_state by least",
        "squares (no model needed); ucl_estimate(item, 'ml') uses the latest trained solver."})
final class StreamUclCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Option(names = "--source", required = true, paramLabel = "PATH|rate",
      description = "A Delta table, a directory of CSV/JSON click files (a name inside the warehouse, a path or a"
          + " Hadoop URI), or 'rate' (synthetic events).")
  String source;

  @Option(names = "--format", description = "delta, csv, json or rate (default: rate for 'rate', else delta).")
  String format;

  @Option(names = "--checkpoint", required = true, paramLabel = "DIR|URI",
      description = "Checkpoint directory of the query: a path or a Hadoop URI such as hdfs://namenode:8020/ckpt.")
  String checkpoint;

  @Option(names = "--memory-kb", defaultValue = "88", description = "Data-plane memory in KB (default: ${DEFAULT-VALUE}).")
  int memoryKb;

  @Option(names = "--split", defaultValue = "default", converter = UclSplitConverter.class,
      description = "How --memory-kb is divided: default (10 %% heavy filter, 80 %% Count-Min part, 10 %% Bloom"
          + " filter) or notebook (the reference notebook's 25 / 11 / 64 %%) (default: ${DEFAULT-VALUE}).")
  UclConfig.Split split;

  @Option(names = "--interval", defaultValue = "1000", description = "Arrivals between snapshots (default: ${DEFAULT-VALUE}).")
  int interval;

  @Option(names = "--window", defaultValue = "128", description = "Snapshots in the training window (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--retrain-every", defaultValue = "128",
      description = "Retrain the solver after this many new snapshots; 0 never, enough when only the default"
          + " least-squares decode is queried (default: ${DEFAULT-VALUE}).")
  int retrainEvery;

  @Option(names = "--epochs", defaultValue = "300", description = "Most training epochs per window (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--item-col", defaultValue = "item", description = "Item column (default: ${DEFAULT-VALUE}).")
  String itemCol;

  @Option(names = "--max-files-per-trigger", defaultValue = "1",
      description = "Files per micro-batch for file and Delta sources (default: ${DEFAULT-VALUE}).")
  int maxFiles;

  @Option(names = "--trigger", paramLabel = "INTERVAL",
      description = "Processing-time trigger, e.g. '10 seconds'; default: process what is there and stop (rate: 10 seconds).")
  String trigger;

  @Option(names = "--duration", defaultValue = "60", description = "Seconds to run a rate or processing-time stream (default: ${DEFAULT-VALUE}).")
  int durationSeconds;

  @Option(names = "--rows-per-second", defaultValue = "2000", description = "Rate source speed (default: ${DEFAULT-VALUE}).")
  int rowsPerSecond;

  @Override
  public Integer call() throws Exception {
    String fmt = format != null ? format : source.equals("rate") ? "rate" : "delta";
    UclConfig config = MemoryKb.build("--memory-kb", memoryKb, bytes -> UclConfig.forBudget(bytes, split))
        .withSnapshots(interval, window);
    SparkSession session = spark.session("sketchbricks-stream-ucl");
    String checkpointUri = SparkOptions.path(checkpoint);
    var options = new UclStreamSink.Options(checkpointUri, spark.warehouseUri(), itemCol, config, retrainEvery,
        UclSolver.Options.defaults().withMaxEpochs(epochs));
    System.err.printf("UCL data plane: %d heavy slots, CM %d x %d, Bloom %d bits (%d hashes) = %,d bytes;"
        + " snapshot every %d arrivals, window %d%n", config.hfSlots(), config.depth(), config.width(),
        config.bfBits(), config.bfHashes(), config.dataPlaneBytes(), interval, window);
    try (UclStreamSink sink = new UclStreamSink(options, System.err::println)) {
      String src = fmt.equals("rate") ? source : spark.tablePath(source);
      Trigger t = trigger != null ? Trigger.ProcessingTime(trigger)
          : fmt.equals("rate") ? Trigger.ProcessingTime("10 seconds") : null;
      StreamingQuery query = UclStream.start(UclStream.source(session, src, fmt, maxFiles, rowsPerSecond), sink,
          checkpointUri, t);
      if (t == null) {
        query.awaitTermination();
      } else {
        query.awaitTermination(durationSeconds * 1000L);
        query.stop();
      }
      sink.finish(session);
      var sketch = sink.sketch();
      System.out.printf("UCL stream: %,d arrivals (%,d skipped), %,d tracked keys, %d snapshots in the window%n",
          sketch == null ? 0 : sketch.totalCount(), sketch == null ? 0 : sketch.skippedCount(),
          sketch == null ? 0 : sketch.trackedKeys(), sketch == null ? 0 : sketch.window().size());
    }
    return 0;
  }
}
