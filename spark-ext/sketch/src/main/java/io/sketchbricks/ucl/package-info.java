/**
 * UCL-sketch's data plane and its solvers' plain-Java parts (UCL paper, Sec. IV; the layer sizes and modes of the
 * authors' reference code): {@link io.sketchbricks.ucl.UclSketch} (kind ucl) with its sizes
 * ({@link io.sketchbricks.ucl.UclConfig}), the least-squares decoders ({@link io.sketchbricks.ucl.Lsqr},
 * {@link io.sketchbricks.ucl.BoxedLeastSquares}) on the sensing operator
 * ({@link io.sketchbricks.ucl.SensingOperator}), the snapshot window the learned solver trains on, and that solver's
 * parameters ({@link io.sketchbricks.ucl.UclModel}) behind the {@link io.sketchbricks.ucl.UclDecoder} interface. The
 * solver itself runs on DJL in {@code io.sketchbricks.ucl.djl}; the streaming job that feeds the data plane lives in
 * {@code io.sketchbricks.spark.ucl}. Depends on {@code core}, {@code hash} and {@code frequency}.
 *
 * <p><b>Data plane per arrival</b> (Sec. IV-A). A heavy filter (one slot per bucket: key hash, val, neg) takes the
 * arrival when the slot is empty or holds the key ({@code val += 1}); otherwise {@code neg += 1}, and at
 * {@code neg / val >= 1} the resident is evicted with its count into the Count-Min part and the newcomer moves in,
 * else the arrival goes to the Count-Min part. A resident's val is exactly its arrivals since it moved in. A key
 * reaching the Count-Min part that the Bloom filter has not seen is added to the key list (hot when evicted with a
 * count above 1). Every {@code interval} arrivals (default 1,000) the counters are copied into a window of the last
 * {@code window} snapshots (default 128).
 *
 * <p><b>Memory.</b> {@code UclConfig.forBudget(B)} (default split): 10 % heavy filter at 16 bytes a slot, 80 %
 * Count-Min of depth 4 and 32-bit counters ({@code w ~ B / 20}), the rest a Bloom filter with 2 hashes, every size
 * rounded down to a prime. Its false-positive rate is {@code (1 - e^(-k n / m))^k} for n keys in m bits (0.16 at
 * 4 bits a key, 0.40 at 2). The key list, the snapshot window and the model are reported apart from the budget, as
 * the reference does. The {@code notebook} split reproduces the reference notebook's sizes.
 *
 * <p><b>Recovery.</b> The flattened counters are {@code y = A x} (Eq. 1) with x the Count-Min-part counts of the N
 * tracked keys and A the 0/1 sensing matrix, {@code A[r w + h_r(k_j)][j] = 1}, applied sparsely. Each tracked key
 * lies in the box {@code 1 <= x_j <= min_r y[cell(j, r)]}. Decode modes ({@link io.sketchbricks.ucl.DecodeMode}):
 * {@code CM}, the Count-Min minimum; {@code LSQR}, Paige and Saunders' LSQR from "every key seen once", clamped into
 * the box and refined inside it; {@code ML}, the learned solver's output (trained without ground truth on the
 * snapshot window, Sec. IV-B and IV-C), capped at the Count-Min minimum and, with the guard on, refined inside the
 * box. The refinement minimises {@code 1/2 ||A x + s - y||^2 + mu sum(s)} over the box by FISTA, the slack s &gt;= 0
 * absorbing arrivals of keys the Bloom filter wrongly took as seen ({@code mu} = 1 arrival).
 *
 * <p><b>Query</b> (Sec. IV-C3): {@code HF(k) + (Bloom contains k ? (k tracked ? x_k : 1) : 0)}, with x_k from the last
 * decode (the Count-Min minimum for keys tracked since). In CM mode an estimate is never below the true count, save
 * for a key whose first Count-Min arrival met a Bloom false positive (answered 1), and it obeys Count-Min's bound
 * with N the arrivals that reached the Count-Min part; with no shared slot or counter, CM and LSQR are exact. The
 * learned decode guarantees no accuracy.
 *
 * <p><b>Bytes and merging.</b> {@code UclFormat} (kind 9, version 1) holds the whole data plane, so a restored sketch
 * continues exactly; decoded values are derived and not stored. UCL sketches do not merge: heavy-filter evictions
 * depend on arrival order.
 */
package io.sketchbricks.ucl;
