#!/usr/bin/env python3
"""PyTorch side of `robustgate bench --device cuda`: torchvision resnet18 and resnet50 at 224,
batch 64, inference (eval, no graph) and training step (fwd + bwd + SGD momentum 0.9), float32,
on one CUDA device. Prints one JSON object per line: {"workload", "images_per_second", ...}.

TF32 is off by default (as in RobustGate: results stay comparable with the CPU); --tf32 turns it
on for cuBLAS and cuDNN. cuDNN runs deterministic algorithms with benchmark mode off, as
RobustGate does by default; --fast lets cuDNN pick any algorithm (benchmark mode).

    python3 bench/pytorch_gpu.py [--workloads resnet18-224-infer,...] [--tf32] [--fast]
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torchvision

WORKLOADS = {
    "resnet18-224-infer": ("resnet18", "infer"),
    "resnet18-224-train": ("resnet18", "train"),
    "resnet50-224-infer": ("resnet50", "infer"),
    "resnet50-224-train": ("resnet50", "train"),
}
BATCH = 64
WARM_UP_SECONDS = 3.0
SAMPLES = 7


def step_fn(arch, kind, x, y):
    model = getattr(torchvision.models, arch)(num_classes=1000).cuda()
    if kind == "infer":
        model.eval()

        def run():
            with torch.no_grad():
                model(x)
        return run
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()

    def run():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()
    return run


def timed(run, seconds):
    torch.cuda.synchronize()
    start = time.perf_counter()
    steps = 0
    while True:
        run()
        steps += 1
        torch.cuda.synchronize()
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and steps >= 3:
            return elapsed / steps


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--workloads", default=",".join(WORKLOADS))
    p.add_argument("--tf32", action="store_true")
    p.add_argument("--fast", action="store_true")
    a = p.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = a.tf32
    torch.backends.cudnn.allow_tf32 = a.tf32
    torch.backends.cudnn.deterministic = not a.fast
    torch.backends.cudnn.benchmark = a.fast
    g = torch.Generator(device="cpu").manual_seed(0)
    x = torch.rand(BATCH, 3, 224, 224, generator=g).cuda()
    y = torch.randint(0, 1000, (BATCH,), generator=g).cuda()
    for name in a.workloads.split(","):
        arch, kind = WORKLOADS[name]
        run = step_fn(arch, kind, x, y)
        timed(run, WARM_UP_SECONDS)
        seconds = sorted(timed(run, 0.5) for _ in range(SAMPLES))
        median = seconds[len(seconds) // 2]
        print(json.dumps({"workload": name, "images_per_second": round(BATCH / median, 1),
                          "batch": BATCH, "tf32": a.tf32, "deterministic": not a.fast,
                          "device": torch.cuda.get_device_name(0), "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()
