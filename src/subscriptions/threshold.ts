/**
 * How similar an achievement must be to a subscribed demand or query to be
 * pushed in a digest. Thresholded on the dense cosine similarity, not on the
 * fused score: RRF scores depend on ranks, and a digest ranks only the few
 * hundred achievements of one batch, where the top one always ranks first.
 *
 * Chosen on the dev set by scripts/tune-digest-threshold.ts (see
 * docs/publication.md): the lowest similarity at which precision of grade ≥ 2
 * among judged pairs reaches the target on one half of the 80 dev demands,
 * checked on the other half.
 */
export const DIGEST_MIN_SIMILARITY = 0.6;
/** Results looked at per demand or query before the threshold. */
export const DIGEST_DEPTH = 20;
