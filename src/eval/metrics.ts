/**
 * Retrieval metrics exactly as ../shared/eval/README.md defines them (and
 * score.py computes them): per demand, averaged over demands with at least
 * one grade >= 2 judgment. Unjudged results count as grade 0.
 */

export type Qrels = Map<string, Map<string, number>>;
export type Run = Map<string, string[]>;

export interface Metrics {
  queries: number;
  'nDCG@10': number;
  'Recall@10': number;
  'MRR@10': number;
  'P@1': number;
}

export function parseQrels(tsv: string): Qrels {
  const qrels: Qrels = new Map();
  for (const line of tsv.split(/\r?\n/)) {
    const [query, doc, grade] = line.split('\t');
    if (!query || !doc || grade === undefined) continue;
    if (!qrels.has(query)) qrels.set(query, new Map());
    qrels.get(query)!.set(doc, Number.parseInt(grade, 10));
  }
  return qrels;
}

export function parseRun(tsv: string): Run {
  const rows = new Map<string, { rank: number; doc: string }[]>();
  for (const line of tsv.split(/\r?\n/)) {
    const [query, doc, rank] = line.split('\t');
    if (!query || !doc || rank === undefined) continue;
    if (!rows.has(query)) rows.set(query, []);
    rows.get(query)!.push({ rank: Number.parseInt(rank, 10), doc });
  }
  return new Map([...rows].map(([q, list]) => [q, list.sort((a, b) => a.rank - b.rank).map((r) => r.doc)]));
}

const gain = (grade: number) => 2 ** grade - 1;
const discount = (index: number) => Math.log2(index + 2);

export function queryMetrics(
  ranked: string[],
  judged: Map<string, number>,
): [ndcg: number, recall: number, rr: number, p1: number] {
  const top = ranked.slice(0, 10);
  const dcg = top.reduce((sum, doc, i) => sum + gain(judged.get(doc) ?? 0) / discount(i), 0);
  const ideal = [...judged.values()].sort((a, b) => b - a).slice(0, 10);
  const idcg = ideal.reduce((sum, grade, i) => sum + gain(grade) / discount(i), 0);
  const relevant = new Set([...judged].filter(([, g]) => g >= 2).map(([d]) => d));
  const recall = relevant.size ? top.filter((d) => relevant.has(d)).length / relevant.size : 0;
  const firstHit = top.findIndex((d) => relevant.has(d));
  return [
    idcg ? dcg / idcg : 0,
    recall,
    firstHit >= 0 ? 1 / (firstHit + 1) : 0,
    top[0] !== undefined && relevant.has(top[0]) ? 1 : 0,
  ];
}

export function evaluateRun(run: Run, qrels: Qrels): Metrics {
  const queries = [...qrels].filter(([, judged]) => [...judged.values()].some((g) => g >= 2));
  const totals = [0, 0, 0, 0];
  for (const [query, judged] of queries) {
    queryMetrics(run.get(query) ?? [], judged).forEach((value, i) => (totals[i]! += value));
  }
  const n = queries.length || 1;
  const round = (x: number) => Math.round((x / n) * 10000) / 10000;
  return {
    queries: queries.length,
    'nDCG@10': round(totals[0]!),
    'Recall@10': round(totals[1]!),
    'MRR@10': round(totals[2]!),
    'P@1': round(totals[3]!),
  };
}
