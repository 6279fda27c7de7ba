#!/usr/bin/env python3
"""PyTorch side of `robustgate bench`: the same named workloads, shapes, batch sizes, inputs,
optimiser, warm-ups and repeats, printed as JSON in the schema `robustgate bench --json` prints.

Runs under Debian's python3-torch (/usr/bin/python3); no torchvision needed (the ResNets are
defined here with torchvision's layouts). Unset OPENBLAS_CORETYPE (this environment forces
Haswell/AVX2 kernels with it) and set OMP_NUM_THREADS to the thread count:

    env -u OPENBLAS_CORETYPE OMP_NUM_THREADS=1 /usr/bin/python3 bench/pytorch_workloads.py \
        --workloads resnet18-cifar-train --threads 1

Keep WORKLOADS in step with src/RobustGate.Engine/Benchmarks/WorkloadCatalog.cs.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SCHEMA = 1
GEMM_FLOPS_PER_SAMPLE = 1e9  # WorkloadBenchmark.GemmFlopsPerSample
GEMM_WARM_UP_SECONDS = 1.0  # WorkloadBenchmark.GemmWarmUpSeconds
MODEL_WARM_UP_SECONDS = 3.0  # WorkloadBenchmark.ModelWarmUpSeconds
PGD_EPS, PGD_ALPHA = 8 / 255, 2 / 255


def gemm(name, m, n, k, what, op="NN"):
    """op: which of A and B are stored transposed ("T"), as in robustgate's GEMM workloads."""
    return dict(name=name, kind="gemm", description=f"SGEMM {op} M={m} N={n} K={k}: {what}", repeats=5, m=m, n=n, k=k, op=op)


def model(name, kind, arch, batch, repeats):
    what = {"inference": "inference (eval, no graph)",
            "pgd-step": "PGD step (eval forward, backward to the input only, sign step)",
            "training-step": "training step (forward, backward, SGD momentum 0.9)"}[kind]
    warmups = 1 if INPUT[arch][1] >= 128 else 2
    return dict(name=name, kind=kind, description=f"{arch} b{batch} {what}", repeats=repeats, warmups=warmups, arch=arch, batch=batch)


# (channels, height, width), classes, mean, std: as src/RobustGate.Engine/Models/ModelRegistry.cs.
INPUT = {"resnet18-cifar": (3, 32, 32), "resnet18": (3, 224, 224), "resnet50": (3, 224, 224), "smallcnn": (1, 28, 28)}
CLASSES = {"resnet18-cifar": 10, "resnet18": 1000, "resnet50": 1000, "smallcnn": 10}
NORMALIZE = {"resnet18-cifar": ([0.4914, 0.4822, 0.4465], [0.2470, 0.2435, 0.2616]),
             "resnet18": ([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
             "resnet50": ([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
             "smallcnn": ([0.2860], [0.3530])}

WORKLOADS = [
    gemm("sgemm-256", 256, 256, 256, "square"),
    gemm("sgemm-512", 512, 512, 512, "square"),
    gemm("sgemm-1024", 1024, 1024, 1024, "square"),
    gemm("sgemm-2048", 2048, 2048, 2048, "square"),
    gemm("sgemm-r18c-conv1-wgrad", 27, 64, 1024, "resnet18-cifar conv1 weight gradient 3x3 3->64, 1 image of 32x32 per block (small M and K)", op="NT"),
    gemm("sgemm-r18c-layer1-winograd", 64, 1024, 64, "resnet18-cifar layer1 3x3 64->64 at 32x32: one of Winograd's 16 GEMMs, 4 images per block (small K)"),
    gemm("sgemm-r18c-layer1-wgrad", 576, 64, 1024, "resnet18-cifar layer1 weight gradient, 1 image per block (tall-skinny: N = 64 output channels)", op="NT"),
    gemm("sgemm-r18c-layer2-winograd", 128, 1024, 128, "resnet18-cifar layer2 3x3 128->128 at 16x16: one of Winograd's 16 GEMMs, 16 images per block"),
    gemm("sgemm-r18c-layer3", 256, 1024, 2304, "resnet18-cifar layer3 3x3 256->256 at 8x8, 16 images per block"),
    gemm("sgemm-r18c-layer3-dgrad", 2304, 1024, 256, "resnet18-cifar layer3 input gradient (columns = W^T dY), 16 images per block", op="TN"),
    gemm("sgemm-r18c-layer4", 512, 1024, 4608, "resnet18-cifar layer4 3x3 512->512 at 4x4, 64 images per block"),
    gemm("sgemm-r18c-layer4-wgrad", 4608, 512, 1024, "resnet18-cifar layer4 weight gradient, 64 images per block", op="NT"),
    gemm("sgemm-r18c-layer4-1img", 512, 16, 4608, "resnet18-cifar layer4 for a single image (tall-skinny: N = 16 pixels)"),
    gemm("sgemm-r50-conv1", 64, 12544, 147, "resnet50 conv1 7x7/2 3->64 at 224, 1 image per block (small K)"),
    gemm("sgemm-r50-conv1-wgrad", 147, 64, 12544, "resnet50 conv1 weight gradient (small M and N, long K)", op="NT"),
    gemm("sgemm-r50-layer1-expand", 256, 3136, 64, "resnet50 layer1 1x1 64->256 at 56x56, read in place (small K)"),
    gemm("sgemm-r50-layer1-reduce-wgrad", 64, 256, 3136, "resnet50 layer1 1x1 256->64 weight gradient (small M)", op="NT"),
    gemm("sgemm-r50-layer3", 256, 1176, 2304, "resnet50 layer3 3x3 256->256 at 14x14, 6 images per block"),
    gemm("sgemm-r50-layer3-dgrad", 2304, 1176, 256, "resnet50 layer3 3x3 input gradient, 6 images per block", op="TN"),
    gemm("sgemm-r50-layer4", 512, 1029, 4608, "resnet50 layer4 3x3 512->512 at 7x7, 21 images per block"),
    gemm("sgemm-r50-layer4-1img", 512, 49, 4608, "resnet50 layer4 3x3 for a single image (tall-skinny: N = 49 pixels)"),
    gemm("sgemm-smallcnn-conv2", 64, 1176, 288, "tiny CNN conv2 3x3 32->64 at 14x14, 6 images per block"),
    gemm("sgemm-smallcnn-conv2-wgrad", 288, 64, 1176, "tiny CNN conv2 weight gradient (tall-skinny)", op="NT"),
    gemm("sgemm-smallcnn-conv2-dgrad", 288, 1176, 64, "tiny CNN conv2 input gradient (small K)", op="TN"),
    model("resnet18-cifar-infer", "inference", "resnet18-cifar", 64, 7),
    model("resnet18-cifar-pgd", "pgd-step", "resnet18-cifar", 64, 7),
    model("resnet18-cifar-train", "training-step", "resnet18-cifar", 64, 5),
    model("resnet18-infer", "inference", "resnet18", 32, 5),
    model("resnet18-train", "training-step", "resnet18", 32, 5),
    model("resnet50-infer", "inference", "resnet50", 32, 5),
    model("resnet50-train", "training-step", "resnet50", 32, 5),
    model("smallcnn-train", "training-step", "smallcnn", 128, 11),
]


class Normalize(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean).view(1, -1, 1, 1))
        self.register_buffer("std", torch.tensor(std).view(1, -1, 1, 1))

    def forward(self, x):
        return (x - self.mean) / self.std


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample(inplanes, planes, stride, 1)

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(out)) + identity)


class Bottleneck(nn.Module):
    expansion = 4  # torchvision v1.5: the stride sits on the 3x3 conv

    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.downsample = downsample(inplanes, planes, stride, 4)

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = F.relu(self.bn1(self.conv1(x)))
        out = F.relu(self.bn2(self.conv2(out)))
        return F.relu(self.bn3(self.conv3(out)) + identity)


def downsample(inplanes, planes, stride, expansion):
    if stride == 1 and inplanes == planes * expansion:
        return None
    return nn.Sequential(nn.Conv2d(inplanes, planes * expansion, 1, stride, bias=False), nn.BatchNorm2d(planes * expansion))


class ResNet(nn.Module):
    def __init__(self, block, layers, classes, cifar_stem):
        super().__init__()
        if cifar_stem:  # 3x3/1 stem, no max-pool, for 32x32 inputs
            self.stem = nn.Sequential(nn.Conv2d(3, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU())
        else:
            self.stem = nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(3, 2, 1))
        inplanes, stages = 64, []
        for i, count in enumerate(layers):
            planes = 64 << i
            blocks = []
            for j in range(count):
                blocks.append(block(inplanes, planes, 2 if i > 0 and j == 0 else 1))
                inplanes = planes * block.expansion
            stages.append(nn.Sequential(*blocks))
        self.layers = nn.Sequential(*stages)
        self.fc = nn.Linear(inplanes, classes)

    def forward(self, x):
        x = self.layers(self.stem(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class SmallCnn(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, classes))

    def forward(self, x):
        return self.classifier(self.features(x))


def build(arch):
    classes = CLASSES[arch]
    network = {"resnet18-cifar": lambda: ResNet(BasicBlock, [2, 2, 2, 2], classes, True),
               "resnet18": lambda: ResNet(BasicBlock, [2, 2, 2, 2], classes, False),
               "resnet50": lambda: ResNet(Bottleneck, [3, 4, 6, 3], classes, False),
               "smallcnn": lambda: SmallCnn(classes)}[arch]()
    return nn.Sequential(Normalize(*NORMALIZE[arch]), network)


def images(batch, c, h, w):
    """BenchmarkInputs.Images: pixel i of the flattened batch is frac(i * 0.618...) as float32."""
    i = np.arange(batch * c * h * w, dtype=np.float64)
    return torch.from_numpy((i * 0.6180339887498949 % 1.0).astype(np.float32).reshape(batch, c, h, w))


def labels(batch, classes):
    return torch.tensor([7 * i % classes for i in range(batch)], dtype=torch.int64)


def forward_flops_per_image(net, arch):
    """ModelFlops.ForwardPerImage: 2 x multiply-adds of convolutions and linear layers, one image."""
    total = [0.0]

    def conv_hook(m, inp, out):
        total[0] += 2.0 * out.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    def linear_hook(m, inp, out):
        total[0] += 2.0 * out.numel() * m.in_features

    hooks = [m.register_forward_hook(conv_hook if isinstance(m, nn.Conv2d) else linear_hook)
             for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    was_training = net.training
    net.eval()
    with torch.no_grad():
        net(torch.zeros(1, *INPUT[arch]))
    net.train(was_training)
    for h in hooks:
        h.remove()
    return total[0]


def model_step(w, net, x, y):
    if w["kind"] == "inference":
        net.eval()

        def step():
            with torch.no_grad():
                net(x)
        return step
    if w["kind"] == "pgd-step":
        net.eval()
        clean = x.clone()
        state = {"adv": x.clone()}

        def step():
            adv = state["adv"].detach().requires_grad_()
            loss = F.cross_entropy(net(adv), y)
            (g,) = torch.autograd.grad(loss, adv)  # input gradient only: no weight gradients
            with torch.no_grad():
                nxt = adv + PGD_ALPHA * g.sign()
                state["adv"] = torch.min(torch.max(nxt, clean - PGD_EPS), clean + PGD_EPS).clamp_(0, 1)
        return step
    net.train()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
    return step


def run_model(w, repeats):
    torch.manual_seed(1)
    arch, batch = w["arch"], w["batch"]
    net = build(arch)
    x, y = images(batch, *INPUT[arch]), labels(batch, CLASSES[arch])
    step = model_step(w, net, x, y)
    # The same warm-up as robustgate's: the workload's warm-up steps, then more until MODEL_WARM_UP_SECONDS.
    warm = time.perf_counter()
    r = 0
    while r < w["warmups"] or time.perf_counter() - warm < MODEL_WARM_UP_SECONDS:
        step()
        r += 1
    samples = []
    for r in range(repeats):
        start = time.perf_counter()
        step()
        samples.append(time.perf_counter() - start)
    per_image = forward_flops_per_image(net, arch)
    flops = {"inference": 1, "pgd-step": 2, "training-step": 3}[w["kind"]] * per_image * batch
    return samples, float(batch), flops


def run_gemm(w, repeats):
    m, n, k = w["m"], w["n"], w["k"]
    gen = torch.Generator().manual_seed(1)
    a = torch.rand(m, k, generator=gen) * 2 - 1
    b = torch.rand(k, n, generator=gen) * 2 - 1
    # A transposed operand is stored transposed and passed as a view, so the BLAS sees the same layout.
    if w["op"][0] == "T":
        a = a.t().contiguous().t()
    if w["op"][1] == "T":
        b = b.t().contiguous().t()
    c = torch.empty(m, n)
    flops = 2.0 * m * n * k
    calls = max(1, math.ceil(GEMM_FLOPS_PER_SAMPLE / flops))
    # Warm up for at least GEMM_WARM_UP_SECONDS, as robustgate's bench does.
    warm = time.perf_counter()
    while True:
        for _ in range(calls):
            torch.mm(a, b, out=c)
        if time.perf_counter() - warm >= GEMM_WARM_UP_SECONDS:
            break
    samples = []
    for r in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            torch.mm(a, b, out=c)
        samples.append(time.perf_counter() - start)
    return samples, flops * calls, flops * calls


def profile_training_step(arch, batch):
    """torch.autograd.profiler over one training step after two warm-up steps, ops by self CPU time."""
    torch.manual_seed(1)
    net = build(arch)
    step = model_step({"kind": "training-step"}, net, images(batch, *INPUT[arch]), labels(batch, CLASSES[arch]))
    step()
    step()
    with torch.autograd.profiler.profile() as prof:
        step()
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=20))


def blas_library():
    """The BLAS behind torch.mm (Debian's torch links the libblas.so.3 alternative: OpenBLAS, or the slow netlib reference)."""
    torch.mm(torch.ones(2, 2), torch.ones(2, 2))
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() or "mkl" in line.lower()}
    except OSError:
        return "unknown"
    return ", ".join(sorted(os.path.realpath(lib) for lib in libs if lib.startswith("/"))) or "unknown"


def median(values):
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--workloads", default="all", help="'all' or comma-separated names (fma-peak is accepted and skipped: PyTorch has no FMA kernel)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeats", type=int, help="timed samples per workload (default: each workload's own)")
    p.add_argument("--print-blas", action="store_true", help="print the BLAS library torch.mm uses and exit")
    p.add_argument("--profile", metavar="ARCH", help="instead of workloads, print torch's per-op profile of one training step of ARCH (the counterpart of robustgate bench --profile)")
    p.add_argument("--batch", type=int, default=64, help="batch size of --profile")
    a = p.parse_args()
    if a.profile:
        torch.set_num_threads(a.threads)
        profile_training_step(a.profile, a.batch)
        return
    if a.print_blas:
        print(blas_library())
        return
    torch.set_num_threads(a.threads)
    by_name = {w["name"]: w for w in WORKLOADS}
    names = list(by_name) if a.workloads.strip() == "all" else [s.strip() for s in a.workloads.split(",") if s.strip()]
    unknown = [n for n in names if n not in by_name and n != "fma-peak"]
    if unknown:
        sys.exit(f"--workloads: unknown workload(s) {', '.join(unknown)}; expected 'all' or names from: {', '.join(by_name)}")
    results = []
    for name in names:
        if name == "fma-peak":
            continue
        w = by_name[name]
        repeats = a.repeats or w["repeats"]
        print(f"pytorch: {name} ({a.threads} threads)", file=sys.stderr)
        samples, work, flops = (run_gemm if w["kind"] == "gemm" else run_model)(w, repeats)
        med = median(samples)
        entry = {key: w[key] for key in ("name", "kind", "description", "m", "n", "k", "op", "arch", "batch") if key in w}
        entry.update(unit="GFLOP/s" if w["kind"] == "gemm" else "images/s", warmups=w.get("warmups", 1), repeats=len(samples),
                     work_per_sample=work, samples_seconds=samples, median_seconds=med,
                     rate=round(work / med / (1e9 if w["kind"] == "gemm" else 1), 3),
                     gflops=round(flops / med / 1e9, 2), fraction_of_peak=None)
        results.append(entry)
    print(json.dumps({"schema": SCHEMA, "framework": "pytorch", "version": torch.__version__, "blas": blas_library(), "threads": a.threads,
                      "fma_peak_gflops": None, "workloads": results}, indent=2))


if __name__ == "__main__":
    main()
