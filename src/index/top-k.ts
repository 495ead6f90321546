/** Top k of a score map, best first; ties broken by label for stable output. */
export function topK(scores: Map<number, number>, k: number): { label: number; score: number }[] {
  const all = [...scores].map(([label, score]) => ({ label, score }));
  all.sort((a, b) => b.score - a.score || a.label - b.label);
  return all.slice(0, k);
}
