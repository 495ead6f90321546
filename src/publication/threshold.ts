/**
 * How similar an achievement must be to a subscribed demand or query to be
 * pushed in a digest. Thresholded on the dense cosine similarity, not on the
 * fused score: RRF scores depend on ranks, and a digest ranks only the few
 * hundred achievements of one batch, where the top one always ranks first.
 *
 * Chosen on the dev set by scripts/tune-digest-threshold.ts (see
 * docs/publication.md): each dev demand matched against the 9,999 demo
 * achievements, judged pairs in its top 50; the lowest similarity at which
 * precision of grade ≥ 2 among judged pairs reaches 0.5 on the even half of
 * the demands is 0.64 (precision 0.51, 85 pairs kept, recall of grade ≥ 2
 * pairs 0.47); on the odd half it gives precision 0.42, recall 0.38.
 * At 0.60 precision falls to 0.24; at 0.68 recall falls to 0.28.
 */
export const DIGEST_MIN_SIMILARITY = 0.64;
/** Results looked at per demand or query before the threshold. */
export const DIGEST_DEPTH = 20;
