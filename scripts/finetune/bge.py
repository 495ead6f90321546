"""bge-small-zh-v1.5 in PyTorch, its weights read back from the int8 ONNX file in models/.

Measurement only (docs/quality.md, "Seventh round"): the committed model is int8 ONNX, so the fp32 weights
here are the dequantised int8 ones. Tokenisation is done by the engine's own tokenizer (prep.ts),
never here. CLS pooling and L2 normalisation: the bge recipe the engine uses (src/embed/embedder.ts).
"""
import math

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn.functional as F
from torch import nn

HIDDEN, HEADS, LAYERS, FFN = 512, 8, 4, 2048


def dequantised_weights(onnx_file):
    """{torch parameter name: tensor}, from the ONNX initialisers and the MatMulInteger nodes that use them."""
    model = onnx.load(onnx_file)
    inits = {i.name: onnx.numpy_helper.to_array(i) for i in model.graph.initializer}
    out = {}

    def dequant(base):
        q, scale, zero = inits[base + '_quantized'], inits[base + '_scale'], inits[base + '_zero_point']
        return (q.astype(np.float32) - zero.astype(np.float32)) * scale.astype(np.float32)

    for name in ('word', 'position', 'token_type'):
        out[f'embeddings.{name}_embeddings.weight'] = dequant(f'embeddings.{name}_embeddings.weight')
    for node in model.graph.node:
        if node.op_type != 'MatMulInteger':
            continue
        # '/encoder/layer.0/attention/self/query/MatMul_quant' → 'encoder.layer.0.attention.self.query.weight'
        path = node.name.strip('/').rsplit('/', 1)[0].replace('/', '.')
        base = node.input[1][: -len('_quantized')]
        out[path + '.weight'] = dequant(base).T  # ONNX holds [in, out]; nn.Linear holds [out, in]
    for name, value in inits.items():
        if name.endswith(('.bias', 'LayerNorm.weight')) and not name.endswith('_quantized'):
            out[name] = value.astype(np.float32)
    return {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in out.items()}


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.query, self.key, self.value = (nn.Linear(HIDDEN, HIDDEN) for _ in range(3))
        self.attn_out, self.attn_norm = nn.Linear(HIDDEN, HIDDEN), nn.LayerNorm(HIDDEN, eps=1e-12)
        self.ffn_in, self.ffn_out = nn.Linear(HIDDEN, FFN), nn.Linear(FFN, HIDDEN)
        self.out_norm = nn.LayerNorm(HIDDEN, eps=1e-12)

    def forward(self, x, bias):
        b, t, _ = x.shape
        split = lambda y: y.view(b, t, HEADS, HIDDEN // HEADS).transpose(1, 2)
        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(HIDDEN // HEADS) + bias
        context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, HIDDEN)
        x = self.attn_norm(x + self.attn_out(context))
        return self.out_norm(x + self.ffn_out(F.gelu(self.ffn_in(x))))


class Bge(nn.Module):
    def __init__(self):
        super().__init__()
        self.word = nn.Embedding(21128, HIDDEN)
        self.position = nn.Embedding(512, HIDDEN)
        self.token_type = nn.Embedding(2, HIDDEN)
        self.norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))

    def load_onnx(self, onnx_file):
        w = dequantised_weights(onnx_file)
        e = 'embeddings.'
        state = {
            'word.weight': w[e + 'word_embeddings.weight'],
            'position.weight': w[e + 'position_embeddings.weight'],
            'token_type.weight': w[e + 'token_type_embeddings.weight'],
            'norm.weight': w[e + 'LayerNorm.weight'],
            'norm.bias': w[e + 'LayerNorm.bias'],
        }
        names = {
            'query': 'attention.self.query', 'key': 'attention.self.key', 'value': 'attention.self.value',
            'attn_out': 'attention.output.dense', 'attn_norm': 'attention.output.LayerNorm',
            'ffn_in': 'intermediate.dense', 'ffn_out': 'output.dense', 'out_norm': 'output.LayerNorm',
        }
        for i in range(LAYERS):
            for ours, theirs in names.items():
                for p in ('weight', 'bias'):
                    state[f'layers.{i}.{ours}.{p}'] = w[f'encoder.layer.{i}.{theirs}.{p}']
        self.load_state_dict(state)
        return self

    def forward(self, ids, mask):
        t = ids.shape[1]
        x = self.word(ids) + self.position(torch.arange(t)) + self.token_type(torch.zeros_like(ids))
        x = self.norm(x)
        bias = (1.0 - mask[:, None, None, :].float()) * -1e9
        for layer in self.layers:
            x = layer(x, bias)
        return F.normalize(x[:, 0], dim=-1)


def batch(id_lists, max_len=512):
    lists = [ids[:max_len] for ids in id_lists]
    t = max(len(x) for x in lists)
    ids = torch.zeros(len(lists), t, dtype=torch.long)
    mask = torch.zeros(len(lists), t, dtype=torch.long)
    for i, x in enumerate(lists):
        ids[i, : len(x)] = torch.tensor(x)
        mask[i, : len(x)] = 1
    return ids, mask


@torch.no_grad()
def embed(model, id_lists, max_len=512, batch_size=16):
    """Vectors in the input's order; batches sorted by length to cut padding."""
    model.eval()
    order = sorted(range(len(id_lists)), key=lambda i: len(id_lists[i]))
    out = [None] * len(id_lists)
    for s in range(0, len(order), batch_size):
        chunk = order[s : s + batch_size]
        vectors = model(*batch([id_lists[i] for i in chunk], max_len))
        for i, v in zip(chunk, vectors):
            out[i] = v
    return torch.stack(out)
