/**
 * The Lego sketch (Feng et al., ICML 2025), in plain Java: {@link io.sketchbricks.lego.LegoSketch} (kind lego),
 * {@link io.sketchbricks.lego.DLegoSketch} (kind d-lego, a heavy part in front), the network and its plain-Java
 * forward pass ({@link io.sketchbricks.lego.LegoModel}), its file ({@link io.sketchbricks.lego.LegoModelFile},
 * "LEGM", checksummed) and the registry of loaded models ({@link io.sketchbricks.lego.LegoModels}), the interval
 * of an estimate ({@link io.sketchbricks.lego.LegoBounds}), and what training needs without a deep-learning engine
 * (meta-tasks, task batches, checkpoints). Depends on {@code core}, {@code hash} and {@code frequency}; the DJL
 * twin of the network, the trainer and batched inference live in {@code io.sketchbricks.lego.djl} (DJL module),
 * the Spark aggregates in {@code io.sketchbricks.spark.lego}.
 *
 * <p><b>Bricks.</b> A budget B buys {@code K = floor(B / 102,400)} bricks (at most 20,000), each a 5 x 5120 matrix
 * of float32 cells (100 KB) and its stream length N_k. Item x (its 64-bit id, {@link io.sketchbricks.lego.LegoHash},
 * the reference implementation's hash: 11 hashes per item) goes to brick H(x); in row r it adds
 * {@code count * e_r(x)} to column c_r(x), with the embedding {@code e_r = 5 u_r / sum u}, {@code u_r} five entries
 * of the learned 80-value vector V (clamped to [0.001, 1]): positive, summing to 5. Cells are float32, exact up to
 * 2^24; an arrival buffer sums recent items' counts first so heavy items are not rounded away.
 *
 * <p><b>Scan and decoder</b> (paper Sec. 3.1). A DeepSets scan reads the whole brick once (memory feature,
 * estimated skewness alphaHat, estimated distinct items nHat) and is cached until the brick changes; the decoder
 * takes that and the item's five cells. The rule estimate {@code rule = min_r M[r][c_r(x)] / e_r(x)} never
 * underestimates: each cell holds {@code f e_r(x)} plus non-negative collision mass. The learned estimate is
 * {@code rule * sigmoid(out)}, never above the rule, possibly below the truth. Per brick (paper Algorithm 2) the
 * answer is the learned estimate when nHat &gt; 10,000 and alphaHat is below the model's trained top skewness
 * plus {@code LegoModel.GATE_ALPHA_MARGIN} (0.25), and the rule estimate otherwise (the fallback). Inputs enter the
 * network as {@code ln(1 + x / load)} with load N_k / 5120, a deliberate change from the reference's raw counts.
 * A model may hold a second scan and decoder for low-skew bricks ({@code LegoModel.withLowSkewNetworks}, same V):
 * where the first scan's alphaHat is below the model's threshold, the learned estimate is the second set's (with
 * its own scan of the brick); the gate stays the first set's.
 *
 * <p><b>Bounds</b> ({@code LegoBounds}; the network states none). Upper: the rule estimate widened by 2^-10 for
 * float32 rounding, certain while each of the item's cells took at most 16,000 additions. Lower: Markov on the
 * collision mass. With {@code a_r = R_r / (5120 e_r(x))}, R_r the brick's row total, rows hashing independently,
 * {@code P[f < rule - t] <= prod_{r in S} a_r / t} for any set S of j rows, so
 * {@code t = min_j (prod_{j smallest a_r} / (1 - c))^(1/j)} holds at confidence c; at j = 5 this is Count-Min's
 * bound with the brick's own mass N_k for N (about {@code e N_k / 5120} at c = 1 - e^-5).
 *
 * <p><b>D-Lego</b> (paper Sec. 3.3): {@code max(100 KB, floor(0.8 B / 100 KB) 100 KB)} of bricks, the rest heavy
 * buckets accounted at 9 bytes each (the reference's accounting) holding (id, count, flag, neg); another item's
 * arrival adds to neg until {@code neg / count >= LAMBDA} = 10 evicts the resident into the Lego part. An unflagged
 * resident's count is exact; otherwise heavy count + Lego estimate.
 *
 * <p><b>Merging and bytes.</b> Lego adds cells and stream lengths (same model, same brick count): equal to one build
 * up to float rounding, so partials go through {@code core.CanonicalMerge}. D-Lego keeps the larger resident per
 * bucket. The bytes carry the model's 64-bit id ({@code LegoModel.id()}, a hash of every weight), never the weights:
 * querying read-back bytes needs that model registered in {@code LegoModels} (default: the property
 * {@code sketchbricks.lego.model}, the variable {@code SKETCHBRICKS_LEGO_MODEL}, else the model in the jar; the
 * models shipped before it stay registered).
 */
package io.sketchbricks.lego;
