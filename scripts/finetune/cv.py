"""Fine-tune bge-small on the training folds' judgments and measure it on the held-out fold's demands.

Measurement only (docs/quality.md, "Seventh round"); the fine-tune's settings are in tuning.py. One model
per fold, fitted on its 64 training demands' judgments (both views), never on its 16 test demands. Measured
on the held-out demands' first-stage top 100 (var/rerank-candidates-depth100.json, the plain first stage),
nDCG@10 of the pool ordered
- by the first stage (first), by the base model's cosine and by the tuned model's (baseCos, tunedCos);
- by the first stage's fusion (RRF k = 20) with its dense rank replaced by either model's rank in the pool;
- by the shipped second stage's held-out order (second), and by that order fused (RRF k = 20, equal weights,
  nothing fitted) with either model's cosine order.
Cosines are kept in <out>-cosines.json for nested.py.

  npx tsx scripts/finetune/prep.ts && npx tsx scripts/finetune/second-stage-runs.ts
  /usr/bin/python3 scripts/finetune/cv.py [--folds 0,1,2,3,4] [--out var/ft/cv5.json]
"""
import argparse
import json
import os

from tuning import ROOT, base_model, fine_tune, folds, ndcg10, pool_cosines, pools

RRF_K = 20
LEXICAL_RECIP = 17  # FEATURE_NAMES.indexOf('lexicalRecip') in src/match/rerank/features.ts

cands = json.load(open(os.path.join(ROOT, 'var', 'rerank-candidates-depth100.json')))
# the feature is 1 / (1 + log2 rank) (src/match/rerank/features.ts); the fusion adds 1 / (RRF_K + rank)
lexical_rrf = lambda r: 0.0 if r == 0 else 1 / (RRF_K + 2 ** (1 / r - 1))  # noqa: E731
lexical = {
    (c['demandId'], c['view']): {x['id']: lexical_rrf(x['features'][LEXICAL_RECIP]) for x in c['candidates']}
    for c in cands
}
second = json.load(open(os.path.join(ROOT, 'var', 'ft', 'second-stage-runs.json')))
second = {(d, v): ids for v in ('full', 'title') for d, ids in second[v]}


def rrf(*orders):
    score = {}
    for order in orders:
        for i, x in enumerate(order):
            score[x] = score.get(x, 0.0) + 1 / (RRF_K + i + 1)
    return sorted(score, key=lambda x: -score[x])


def by_cosine(cos):
    return sorted(cos, key=lambda x: -cos[x])


def fused(key, cos):
    rank = {x: i + 1 for i, x in enumerate(by_cosine(cos))}
    return sorted(pools[key], key=lambda x: -(lexical[key].get(x, 0.0) + 1 / (RRF_K + rank[x])))


def rows_of(before, after):
    """nDCG@10 of each ordering, per (demand, view), from the base and the tuned model's pool cosines."""
    rows = {}
    for d, v in before:
        k = (d, v)
        rows[f'{d}|{v}'] = {
            'first': ndcg10(d, pools[k]),
            'baseCos': ndcg10(d, by_cosine(before[k])),
            'tunedCos': ndcg10(d, by_cosine(after[k])),
            'baseFused': ndcg10(d, fused(k, before[k])),
            'tunedFused': ndcg10(d, fused(k, after[k])),
            'second': ndcg10(d, second[k]),
            'secondBase': ndcg10(d, rrf(second[k], by_cosine(before[k]))),
            'secondTuned': ndcg10(d, rrf(second[k], by_cosine(after[k]))),
        }
    return rows


if __name__ == '__main__':
    args = argparse.ArgumentParser()
    args.add_argument('--folds', default='0,1,2,3,4')
    args.add_argument('--out', default=os.path.join(ROOT, 'var', 'ft', 'cv5.json'))
    opts = args.parse_args()
    base = base_model()
    results = json.load(open(opts.out)) if os.path.exists(opts.out) else {}
    cosine_file = opts.out.replace('.json', '-cosines.json')
    cosines = json.load(open(cosine_file)) if os.path.exists(cosine_file) else {}
    for f in [int(x) for x in opts.folds.split(',')]:
        fold = folds[f]
        print(f'fold {f}: {len(fold["train"])} training demands, {len(fold["test"])} test', flush=True)
        tuned = fine_tune(fold['train'], seed=13 + f)
        before, after = pool_cosines(base, fold['test']), pool_cosines(tuned, fold['test'])
        rows = rows_of(before, after)
        results[str(f)] = rows
        cosines[str(f)] = {f'{d}|{v}': {x: [before[(d, v)][x], after[(d, v)][x]] for x in pools[(d, v)]} for d, v in before}
        json.dump(results, open(opts.out, 'w'))
        json.dump(cosines, open(cosine_file, 'w'))
        for v in ('full', 'title'):
            sel = [r for k, r in rows.items() if k.endswith('|' + v)]
            print(f'  {v}: ' + '  '.join(f'{m} {sum(r[m] for r in sel) / len(sel):.4f}' for m in sel[0]), flush=True)
