package io.sketchbricks.lego;

/**
 * One Lego brick: a 5 x 5120 float32 counter matrix (100 KB) plus its stream length N_k, the sum of all counts
 * routed to it (Lego paper, Sec. 3.1). Row r of the matrix holds component r of the written embeddings.
 *
 * <p>The counters are float32 as in the reference, so a cell is exact only up to 2^24 (about 16.7 M): beyond
 * that, additions round to the nearest representable float. The DeepSets scan of the brick is cached until the
 * next write, because every query of the brick needs it and it does not depend on the query.
 */
// public for io.sketchbricks.lego.djl (Lego training and batched inference) in the DJL module; not an API for users
public final class Brick {
  public static final int COLUMNS = 5120;
  public static final int CELLS = LegoModel.ROWS * COLUMNS;
  /** Bytes of one brick as budgets account it: 25,600 float32 counters. */
  static final long BYTES = 4L * CELLS;

  public final float[] cells;
  public double streamLength;
  private LegoForward.BrickTerms terms;
  private LegoModel scannedWith;
  /** A second cached scan, for a model's low-skew networks ({@link LegoModel#lowSkewNetworks()}). */
  private LegoForward.BrickTerms otherTerms;
  private LegoModel otherScannedWith;
  /** Each row's sum of counters (the brick's mass as row r sees it), cached like the scan until the next write. */
  private double[] rowMass;

  Brick() {
    this.cells = new float[CELLS];
  }

  Brick(float[] cells, double streamLength) {
    this.cells = cells;
    this.streamLength = streamLength;
  }

  /** Adds {@code count * e[r]} to row r at column {@code cols[r]}, for every row. */
  void add(int[] cols, float[] e, double count) {
    float c = (float) count;
    for (int r = 0; r < LegoModel.ROWS; r++) {
      cells[r * COLUMNS + cols[r]] += c * e[r];
    }
    streamLength += count;
    changed();
  }

  private void changed() {
    terms = null;
    otherTerms = null;
    rowMass = null;
  }

  /**
   * Row r's counters summed in double: {@code sum_y f_y e_r(y)} over the items y stored here, what the collision
   * bound of {@link LegoBounds} spreads over the row's columns. Computed once per change of the brick.
   */
  double[] rowMass() {
    if (rowMass == null) {
      double[] mass = new double[LegoModel.ROWS];
      for (int r = 0; r < LegoModel.ROWS; r++) {
        double sum = 0;
        for (int c = r * COLUMNS, end = c + COLUMNS; c < end; c++) {
          sum += cells[c];
        }
        mass[r] = sum;
      }
      rowMass = mass;
    }
    return rowMass;
  }

  /** Reads the 5 counters at the given columns into {@code m}. */
  void read(int[] cols, float[] m) {
    for (int r = 0; r < LegoModel.ROWS; r++) {
      m[r] = cells[r * COLUMNS + cols[r]];
    }
  }

  /** Adds another brick's counters and stream length. */
  void merge(Brick other) {
    for (int i = 0; i < CELLS; i++) {
      cells[i] += other.cells[i];
    }
    streamLength += other.streamLength;
    changed();
  }

  /** Adds counters read from a serialized brick ({@link LegoSketch#mergeSerialized}) and its stream length. */
  void merge(java.nio.FloatBuffer otherCells, double otherStreamLength) {
    for (int i = 0; i < CELLS; i++) {
      cells[i] += otherCells.get(i);
    }
    streamLength += otherStreamLength;
    changed();
  }

  /** The scan features under {@code model}, computed once per change of the brick. */
  ScanFeatures features(LegoModel model) {
    return terms(model).features();
  }

  /**
   * The scan features and the decoder's other per-brick terms under {@code model}, once per change. Two models'
   * scans are kept, so that a model and its low-skew networks do not evict each other's.
   */
  LegoForward.BrickTerms terms(LegoModel model) {
    if (terms != null && scannedWith == model) {
      return terms;
    }
    if (otherTerms != null && otherScannedWith == model) {
      return otherTerms;
    }
    otherTerms = terms;
    otherScannedWith = scannedWith;
    terms = model.forward().brickTerms(model.scan(cells, streamLength), (float) streamLength);
    scannedWith = model;
    return terms;
  }
}
