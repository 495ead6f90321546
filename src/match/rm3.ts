/**
 * RM3 pseudo-relevance feedback on the lexical side (Lavrenko and Croft's
 * relevance model, interpolated with the original query as Anserini does):
 * the terms of the first pass's top documents, each document weighted by how
 * well it matched, are added to the query, and BM25 runs again.
 */

export interface Rm3Params {
  /** Top documents of the first pass taken as relevant. */
  feedbackDocs: number;
  /** Expansion terms kept (by relevance-model weight). */
  feedbackTerms: number;
  /** Weight of the original query; the relevance model gets the rest. */
  originalWeight: number;
  /** Feedback documents from the lexical list (classic RM3) or the fused one (both retrievers). */
  source: 'lexical' | 'fused';
}

export interface FeedbackDocument {
  /** Its first-pass score (> 0): the document's weight in the relevance model. */
  score: number;
  /** Term frequencies and length, as the index counts them (field-weighted). */
  terms: ReadonlyMap<string, number>;
  length: number;
}

/** P(w | R) = Σ_d P(d) · tf(w, d) / |d|, with P(d) the document's share of the feedback scores; top terms only. */
export function relevanceModel(feedback: readonly FeedbackDocument[], terms: number): Map<string, number> {
  const total = feedback.reduce((sum, d) => sum + Math.max(d.score, 0), 0);
  const model = new Map<string, number>();
  if (total <= 0) return model;
  for (const doc of feedback) {
    if (doc.length <= 0 || doc.score <= 0) continue;
    const weight = doc.score / total;
    for (const [term, freq] of doc.terms) model.set(term, (model.get(term) ?? 0) + (weight * freq) / doc.length);
  }
  // Ties by term, so the expansion does not depend on the order of a document's terms.
  const top = [...model].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, terms);
  return normalized(new Map(top));
}

/** The expanded query: originalWeight × the query's term distribution + the rest × the relevance model. */
export function rm3Query(
  query: ReadonlyMap<string, number>,
  feedback: readonly FeedbackDocument[],
  params: Rm3Params,
): Map<string, number> {
  const original = normalized(query);
  const model = relevanceModel(feedback.slice(0, params.feedbackDocs), params.feedbackTerms);
  if (model.size === 0) return original;
  const expanded = new Map<string, number>();
  for (const [term, p] of original) expanded.set(term, params.originalWeight * p);
  for (const [term, p] of model) expanded.set(term, (expanded.get(term) ?? 0) + (1 - params.originalWeight) * p);
  return expanded;
}

/** Token list → term weights (a repeated token counts twice). */
export function termCounts(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

function normalized(weights: ReadonlyMap<string, number>): Map<string, number> {
  const total = [...weights.values()].reduce((s, w) => s + w, 0);
  return new Map([...weights].map(([t, w]) => [t, total > 0 ? w / total : 0]));
}
