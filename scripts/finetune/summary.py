"""CV mean ± sd (population sd of the fold means, as src/eval/folds.ts meanAndSpread) of cv.py's figures.

  /usr/bin/python3 scripts/finetune/summary.py [var/ft/cv5.json]
"""
import json
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
results = json.load(open(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'var', 'ft', 'cv5.json')))
folds = sorted(results, key=int)
metrics = list(next(iter(results[folds[0]].values())))
for view in ('full', 'title'):
    print(f'{view} ({len(folds)} folds)')
    for m in metrics:
        means = []
        for f in folds:
            rows = [r for k, r in results[f].items() if k.endswith('|' + view)]
            means.append(sum(r[m] for r in rows) / len(rows))
        mean = sum(means) / len(means)
        sd = (sum((x - mean) ** 2 for x in means) / len(means)) ** 0.5
        print(f'  {m:12} {mean:.4f} ± {sd:.4f}   per fold ' + ' '.join(f'{x:.4f}' for x in means))
