#!/usr/bin/env python3
"""Side-by-side anchor for `robustgate train --arch smallcnn --data fashion-mnist --epochs 2`.

Trains the same layout in PyTorch (Debian's python3-torch) with the same recipe — Adam, lr 1e-3
with RobustGate's per-epoch cosine schedule, batch 64, 2 epochs — and prints seconds per epoch
and test accuracy. Run it right before or after the RobustGate command, with the same thread count:

    OMP_NUM_THREADS=2 /usr/bin/python3 bench/pytorch_smallcnn_fmnist.py --threads 2
    dotnet run --project src/RobustGate.Tool -c Release -- train --arch smallcnn --data fashion-mnist --epochs 2 --seed 1 --out /tmp/rg
"""
import argparse, gzip, math, os, struct, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = "/usr/share/datasets/fashion-mnist"


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4 : 4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class SmallCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))

    def forward(self, x):
        return self.classifier(self.features((x - 0.2860) / 0.3530))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xtr = torch.from_numpy(idx(f"{ROOT}/train-images-idx3-ubyte.gz").astype(np.float32) / 255).unsqueeze(1)
    ytr = torch.from_numpy(idx(f"{ROOT}/train-labels-idx1-ubyte.gz").astype(np.int64))
    xte = torch.from_numpy(idx(f"{ROOT}/t10k-images-idx3-ubyte.gz").astype(np.float32) / 255).unsqueeze(1)
    yte = torch.from_numpy(idx(f"{ROOT}/t10k-labels-idx1-ubyte.gz").astype(np.int64))
    model = SmallCnn()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=a.epochs)
    for epoch in range(1, a.epochs + 1):
        start = time.perf_counter()
        model.train()
        perm = torch.randperm(len(xtr))
        total = 0.0
        for i in range(0, len(xtr), 64):
            idxs = perm[i : i + 64]
            opt.zero_grad()
            loss = F.cross_entropy(model(xtr[idxs]), ytr[idxs])
            loss.backward()
            opt.step()
            total += loss.item() * len(idxs)
        sched.step()
        model.eval()
        with torch.no_grad():
            correct = sum((model(xte[i : i + 500]).argmax(1) == yte[i : i + 500]).sum().item() for i in range(0, len(xte), 500))
        seconds = time.perf_counter() - start
        print(f"pytorch epoch {epoch}: train_loss {total / len(xtr):.4f}, test_accuracy {correct / len(xte):.4f}, {seconds:.1f} s ({a.threads} threads, torch {torch.__version__})")


if __name__ == "__main__":
    main()
