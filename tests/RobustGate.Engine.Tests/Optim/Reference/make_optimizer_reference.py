"""Makes optimizer_reference.safetensors: PyTorch 1.13 SGD/Adam/AdamW trajectories.

Run with Debian's python3-torch: /usr/bin/python3 make_optimizer_reference.py
Entries: `initial` [3, 4], `grad.<t>` [3, 4] for steps t = 0..4, and for every configuration
`<config>.step<t>` = the parameter after step t. The configurations are in the metadata.
"""
import json
import struct

import torch

torch.manual_seed(0)
initial = torch.randn(3, 4)
grads = [torch.randn(3, 4) * (1 + 0.5 * t) for t in range(5)]

configs = {
    "sgd_plain": ("sgd", dict(lr=0.1)),
    "sgd_momentum_wd": ("sgd", dict(lr=0.1, momentum=0.9, weight_decay=5e-4)),
    "sgd_dampening": ("sgd", dict(lr=0.05, momentum=0.8, dampening=0.3, weight_decay=1e-2)),
    "sgd_nesterov": ("sgd", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-3)),
    "adam": ("adam", dict(lr=1e-2)),
    "adam_wd": ("adam", dict(lr=1e-2, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    "adamw": ("adamw", dict(lr=1e-2, weight_decay=0.1)),
}

tensors = {"initial": initial}
for t, g in enumerate(grads):
    tensors[f"grad.{t}"] = g
for name, (kind, kwargs) in configs.items():
    p = initial.clone().requires_grad_(True)
    cls = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[kind]
    opt = cls([p], **kwargs)
    for t, g in enumerate(grads):
        p.grad = g.clone()
        opt.step()
        tensors[f"{name}.step{t}"] = p.detach().clone()

header = {"__metadata__": {"configs": json.dumps({k: [v[0], v[1]] for k, v in configs.items()}),
                           "torch": torch.__version__}}
offset = 0
blobs = []
for name in sorted(tensors):
    data = tensors[name].contiguous().numpy().astype("<f4").tobytes()
    header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
    offset += len(data)
    blobs.append(data)
h = json.dumps(header, separators=(",", ":")).encode()
h += b" " * ((8 - len(h) % 8) % 8)
with open("optimizer_reference.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(h)))
    f.write(h)
    for b in blobs:
        f.write(b)
