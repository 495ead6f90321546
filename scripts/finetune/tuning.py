"""The dev judgments, the first stage's pools and the fine-tune itself, shared by cv.py and nested.py.

Measurement only (docs/quality.md, "Seventh round"). Settings fixed before any result:
- a step: 8 training queries (both views), each with one relevant record (grade >= 2, drawn in proportion
  to 2^g - 1) and one judged grade-0 record of the same demand; InfoNCE over all 16 records of the step
  (in-batch negatives), temperature 0.05; AdamW lr 2e-5, weight decay 0.01, 10 warm-up steps then linear
  decay, 100 steps; queries cut to 256 tokens and records to 128 while training, 512 (the engine's) when
  measuring.
Needs Debian's python3-torch, python3-onnx and libopenblas0-pthread (with the reference BLAS that
python3-torch pulls in alone, it runs ten times slower).
"""
import json
import math
import os
import random
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from bge import Bge, batch, embed  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
ONNX = os.path.join(ROOT, 'models', 'BAAI', 'bge-small-zh-v1.5', 'onnx', 'model_quantized.onnx')
VIEWS = ('full', 'title')
torch.set_num_threads(2)

prep = json.load(open(os.path.join(ROOT, 'var', 'ft', 'prep.json')))
qrels = prep['qrels']
passages = prep['passages']
queries = {(q['demandId'], q['view']): q['ids'] for q in prep['queries']}
pools = {(p['demandId'], p['view']): p['ids'] for p in prep['pools']}
folds = prep['folds']


def ndcg10(demand, ranked):
    """The eval's graded nDCG@10 (gain 2^g - 1; ideal over all judgments), as ../shared/eval/score.py."""
    g = qrels.get(demand, {})
    dcg = sum((2 ** g.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
    ideal = sorted(g.values(), reverse=True)[:10]
    idcg = sum((2 ** x - 1) / math.log2(i + 2) for i, x in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def base_model():
    return Bge().load_onnx(ONNX).eval()


def fine_tune(train_demands, seed, steps=100):
    rng = random.Random(seed)
    torch.manual_seed(seed)
    model = Bge().load_onnx(ONNX)
    model.train()
    examples = []
    for d in train_demands:
        g = qrels.get(d, {})
        pos = [(x, 2 ** v - 1) for x, v in g.items() if v >= 2 and x in passages]
        neg = [x for x, v in g.items() if v == 0 and x in passages]
        if pos and neg:
            examples += [(d, view, pos, neg) for view in VIEWS]
    optimiser = torch.optim.AdamW(model.parameters(), lr=2e-5, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / 10, max(0.0, (steps - s) / (steps - 10)))
    )
    started = time.time()
    for step in range(steps):
        chosen = rng.sample(examples, 8)
        q_ids, p_ids = [], []
        for d, view, pos, neg in chosen:
            q_ids.append(queries[(d, view)])
            p_ids.append(passages[rng.choices([x for x, _ in pos], weights=[w for _, w in pos])[0]])
        for d, view, pos, neg in chosen:
            p_ids.append(passages[rng.choice(neg)])
        q = model(*batch(q_ids, 256))
        p = model(*batch(p_ids, 128))
        loss = F.cross_entropy(q @ p.T / 0.05, torch.arange(len(chosen)))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        if step % 10 == 0 or step == steps - 1:
            print(f'  step {step} loss {loss.item():.4f} ({time.time() - started:.0f} s)', flush=True)
    return model.eval()


def pool_cosines(model, demands):
    """{(demand, view): {record id: cosine}} over each demand's first-stage top 100, both views."""
    keys = [(d, v) for d in demands for v in VIEWS]
    ids = sorted({x for k in keys for x in pools[k]})
    vectors = dict(zip(ids, embed(model, [passages[x] for x in ids])))
    qv = dict(zip(keys, embed(model, [queries[k] for k in keys])))
    return {k: {x: float(qv[k] @ vectors[x]) for x in pools[k]} for k in keys}
