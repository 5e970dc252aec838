package io.sketchbricks.lego;

import java.util.List;

/**
 * The Java-side index arrays of one batch of meta-tasks, each task written into its own brick: V indices and
 * flat cell keys per (item, row), and the counting sort of the cell keys that the float64 sort + cumSum
 * scatter-add needs (cell c sums sorted values {@code [segStart[c], segEnd[c])}).
 */
// public for io.sketchbricks.lego.djl (Lego training and batched inference) in the DJL module; not an API for users
public final class TaskBatch {
  public final int tasks;
  public final int items;
  public final int[] taskStart;
  public final long[] vIdx;
  public final long[] cellKey;
  public final float[] freq;
  public final long[] taskOf;
  public final float[] streamLength;
  public final float[] alpha;
  public final float[] distinct;
  public final long[] order;
  public final long[] segStart;
  public final long[] segEnd;

  public TaskBatch(List<MetaTask> batch) {
    tasks = batch.size();
    taskStart = new int[tasks + 1];
    for (int t = 0; t < tasks; t++) {
      taskStart[t + 1] = taskStart[t] + batch.get(t).n();
    }
    items = taskStart[tasks];
    int rows = LegoModel.ROWS;
    vIdx = new long[items * rows];
    cellKey = new long[items * rows];
    freq = new float[items];
    taskOf = new long[items];
    streamLength = new float[tasks];
    alpha = new float[tasks];
    distinct = new float[tasks];
    int cells = tasks * Brick.CELLS;
    int[] start = new int[cells + 1];
    for (int t = 0; t < tasks; t++) {
      MetaTask task = batch.get(t);
      streamLength[t] = (float) task.streamLength();
      alpha[t] = (float) task.alpha();
      distinct[t] = task.n();
      for (int j = 0; j < task.n(); j++) {
        int i = taskStart[t] + j;
        long id = task.ids()[j];
        freq[i] = task.freq()[j];
        taskOf[i] = t;
        for (int r = 0; r < rows; r++) {
          vIdx[i * rows + r] = LegoHash.embedIndex(id, r);
          int key = t * Brick.CELLS + r * Brick.COLUMNS + LegoHash.column(id, r);
          cellKey[i * rows + r] = key;
          start[key + 1]++;
        }
      }
    }
    for (int c = 0; c < cells; c++) {
      start[c + 1] += start[c];
    }
    segStart = new long[cells];
    segEnd = new long[cells];
    for (int c = 0; c < cells; c++) {
      segStart[c] = start[c];
      segEnd[c] = start[c + 1];
    }
    order = new long[items * rows];
    int[] next = start; // reuse as the fill pointer of each cell
    for (int j = 0; j < items * rows; j++) {
      order[next[(int) cellKey[j]]++] = j;
    }
  }
}
