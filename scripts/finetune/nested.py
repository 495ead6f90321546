"""Tuned cosines for the training demands of an outer fold, from models that never saw them.

Measurement only (docs/quality.md, "Seventh round"). A second stage that reads the tuned model's cosine must
be trained on training demands whose cosines come from a model not fitted on them, or it learns to trust a
fitted figure. So each outer fold's 64 training demands are split in two halves of 32 (seeded); a model
fine-tuned on one half (tuning.py's settings) gives the cosines of the other half's pools. The held-out
demands' cosines come from cv.py's model for that fold (fitted on all 64). The inner models see half the
demands, so the second stage learns a weaker feature than it is then given: if anything, this under-states.

  /usr/bin/python3 scripts/finetune/nested.py [--folds 0,1,2,3,4]   → var/ft/nested-cosines.json (folds already there are kept)
"""
import argparse
import json
import os
import random

from tuning import ROOT, fine_tune, folds, pool_cosines

args = argparse.ArgumentParser()
args.add_argument('--folds', default='0,1,2,3,4')
opts = args.parse_args()
out_file = os.path.join(ROOT, 'var', 'ft', 'nested-cosines.json')
out = json.load(open(out_file)) if os.path.exists(out_file) else {}
for f in [int(x) for x in opts.folds.split(',')]:
    train = sorted(folds[f]['train'])
    random.Random(100 + f).shuffle(train)
    halves = [train[: len(train) // 2], train[len(train) // 2 :]]
    cos = {}
    for h in (0, 1):
        print(f'fold {f}, half {h}: fitted on {len(halves[h])} demands, scores the other {len(halves[1 - h])}', flush=True)
        model = fine_tune(halves[h], seed=1000 + 10 * f + h)
        for (d, v), row in pool_cosines(model, halves[1 - h]).items():
            cos[f'{d}|{v}'] = row
    out[str(f)] = cos
    json.dump(out, open(out_file, 'w'))
