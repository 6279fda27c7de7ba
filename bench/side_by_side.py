#!/usr/bin/env python3
"""RobustGate against PyTorch on issue #5's workloads, side by side, in one run on this machine.

For each thread count (1 and 2) it runs, alternating which goes first, the Release build of
`robustgate bench --json` and bench/pytorch_workloads.py under /usr/bin/python3 (Debian's
python3-torch, with OPENBLAS_CORETYPE unset), one model workload per process and all SGEMM shapes
in one process per side, then prints a Markdown table: workload, threads, RobustGate, PyTorch,
ratio, and the issue's anchors (PyTorch as installed and tuned with jemalloc) for reference.
Each figure is the median of that workload's samples after warm-up. Build first:

    dotnet build src/RobustGate.Tool -c Release
    /usr/bin/python3 bench/side_by_side.py                 # everything, ~15 minutes when quiet
    /usr/bin/python3 bench/side_by_side.py --workloads resnet18-cifar-train,smallcnn-train --threads 2

Only the standard library is needed here; the PyTorch side needs torch. CI does not run it.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROBUSTGATE = os.path.join(ROOT, "src", "RobustGate.Tool", "bin", "Release", "net10.0", "robustgate.dll")
PYTORCH = os.path.join(ROOT, "bench", "pytorch_workloads.py")

GEMMS = ["sgemm-256", "sgemm-512", "sgemm-1024", "sgemm-2048", "sgemm-r18c-conv1-wgrad",
         "sgemm-r18c-layer1-winograd", "sgemm-r18c-layer1-wgrad", "sgemm-r18c-layer2-winograd", "sgemm-r18c-layer3",
         "sgemm-r18c-layer3-dgrad", "sgemm-r18c-layer4", "sgemm-r18c-layer4-wgrad", "sgemm-r18c-layer4-1img",
         "sgemm-r50-conv1", "sgemm-r50-conv1-wgrad", "sgemm-r50-layer1-expand", "sgemm-r50-layer1-reduce-wgrad",
         "sgemm-r50-layer3", "sgemm-r50-layer3-dgrad", "sgemm-r50-layer4", "sgemm-r50-layer4-1img",
         "sgemm-smallcnn-conv2", "sgemm-smallcnn-conv2-wgrad", "sgemm-smallcnn-conv2-dgrad"]
MODELS = ["resnet18-cifar-infer", "resnet18-cifar-pgd", "resnet18-cifar-train", "resnet18-infer", "resnet18-train",
          "resnet50-infer", "resnet50-train", "smallcnn-train"]

# Issue #5's anchors on this machine type, (1 thread, 2 threads): PyTorch 1.13.1 as installed
# (glibc malloc) and tuned (jemalloc). None where the issue gives none.
SGEMM_ANCHOR = ("175–205", "310–395")
ANCHORS = {
    "fma-peak": (("228", "448"), None),
    "resnet18-cifar-infer": (("72", "119"), ("162", "310–327")),
    "resnet18-cifar-pgd": (None, ("72–76", "143–148")),
    "resnet18-cifar-train": (("26.5", "64.5"), ("48–49", "89–95")),
    "resnet18-infer": (("10.4", "23.5"), ("38–39", "72–77")),
    "resnet18-train": (("7.4", "13.2"), ("13–14", "23–24")),
    "resnet50-infer": (("2.2", "4.8"), ("15–17", "30")),
    "resnet50-train": (("2.2", "2.4"), ("5.3–5.6", "8.4–9.1")),
    "smallcnn-train": (("1,282", "656"), ("3,840", "3,850–4,780")),
}


def run_json(command, env=None):
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"side_by_side: {' '.join(command)} failed with exit {done.returncode}:\n{done.stderr}")
    return json.loads(done.stdout)


def robustgate(names, threads, repeats):
    command = ["dotnet", ROBUSTGATE, "bench", "--workloads", ",".join(names), "--threads", str(threads), "--json"]
    if repeats:
        command += ["--repeats", str(repeats)]
    return run_json(command)


PRELOAD = None  # --pytorch-preload: e.g. jemalloc, the "tuned" configuration
MALLOC_CONF = None  # --pytorch-malloc-conf, jemalloc's options with the preload


def pytorch(names, threads, repeats):
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)  # it forces OpenBLAS's AVX2 kernels on this machine
    if PRELOAD:
        env["LD_PRELOAD"] = PRELOAD
        if MALLOC_CONF:
            env["MALLOC_CONF"] = MALLOC_CONF
    env["OMP_NUM_THREADS"] = str(threads)
    command = ["/usr/bin/python3", PYTORCH, "--workloads", ",".join(names), "--threads", str(threads)]
    if repeats:
        command += ["--repeats", str(repeats)]
    return run_json(command, env)


def anchor(name, threads, tuned):
    pair = SGEMM_ANCHOR if name.startswith("sgemm-") and not tuned else ANCHORS.get(name, (None, None))[1 if tuned else 0]
    if name.startswith("sgemm-") and tuned:
        pair = None
    return "—" if pair is None else pair[min(threads, 2) - 1]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--workloads", default="all", help="'all' or comma-separated names (see robustgate bench --help)")
    p.add_argument("--threads", default="1,2", help="thread counts, comma-separated")
    p.add_argument("--repeats", type=int, help="override every workload's number of samples")
    p.add_argument("--reference-blas-gemm", action="store_true",
                   help="time PyTorch's SGEMMs even when torch uses the netlib reference BLAS (~1.7 GFLOP/s: minutes, and no meaningful ratio)")
    p.add_argument("--json-out", help="also write every raw result to this JSON file")
    p.add_argument("--pytorch-preload", help="LD_PRELOAD for the PyTorch side, e.g. /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 "
                   "(Debian's libjemalloc2) for the issue's tuned configuration")
    p.add_argument("--pytorch-malloc-conf", default="dirty_decay_ms:-1,muzzy_decay_ms:-1",
                   help="MALLOC_CONF with --pytorch-preload (default: %(default)s). jemalloc's default decay hands freed "
                   "pages back to the kernel within seconds; at this machine's ~11 us per first-touched page that made "
                   "PyTorch 4x slower than glibc (resnet18-cifar inference 19 against 78 images/s) instead of 2x faster "
                   "(162, the issue's tuned anchor, with the decay off). Pass '' for jemalloc's defaults.")
    a = p.parse_args()
    global PRELOAD, MALLOC_CONF
    PRELOAD = a.pytorch_preload
    MALLOC_CONF = a.pytorch_malloc_conf
    names = ["fma-peak"] + GEMMS + MODELS if a.workloads.strip() == "all" else [s.strip() for s in a.workloads.split(",") if s.strip()]
    if not os.path.exists(ROBUSTGATE):
        sys.exit(f"side_by_side: {ROBUSTGATE} not found; run `dotnet build src/RobustGate.Tool -c Release` first.")
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    blas_probe = subprocess.run(["/usr/bin/python3", PYTORCH, "--print-blas"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True).stdout.strip()
    reference_blas = "/blas/libblas.so" in blas_probe and not a.reference_blas_gemm
    # One process per model workload; the SGEMM shapes (light, seconds in all) share one process per side.
    groups = []
    gemms = [n for n in names if n.startswith("sgemm-")]
    if gemms:
        groups.append(gemms)
    groups += [[n] for n in names if not n.startswith("sgemm-") and n != "fma-peak"]
    started = time.monotonic()
    rows, raw, blas, torch_version = [], [], set(), "?"
    for threads in [int(t) for t in a.threads.split(",")]:
        peak = None
        for index, group in enumerate(groups):
            sides = [("robustgate", robustgate), ("pytorch", pytorch)]
            if index % 2 == 1:
                sides.reverse()  # alternate who runs first, so drift in the machine's load hits both alike
            results = {}
            if reference_blas and group[0].startswith("sgemm-"):
                sides = [s for s in sides if s[0] == "robustgate"]
                results["pytorch"] = {"version": "?", "blas": blas_probe, "workloads": [
                    {"name": n, "rate": float("nan"), "gflops": float("nan")} for n in group]}
            for side, runner in sides:
                print(f"[{time.monotonic() - started:6.0f} s] {side}: {','.join(group)} at {threads} thread(s)", file=sys.stderr)
                results[side] = runner(group, threads, a.repeats)
                raw.append(results[side])
            blas.add(results["pytorch"].get("blas", "unknown"))
            torch_version = results["pytorch"]["version"] if results["pytorch"]["version"] != "?" else torch_version
            peak = results["robustgate"]["fma_peak_gflops"]
            if index == 0 or peak is None:
                rows.append(("fma-peak", threads, f"{peak:.1f}", "—", "—", "GFLOP/s", "100 %"))
            mine = {w["name"]: w for w in results["robustgate"]["workloads"]}
            theirs = {w["name"]: w for w in results["pytorch"]["workloads"]}
            for name in group:
                rg, pt = mine[name], theirs[name]
                if pt["rate"] != pt["rate"]:  # NaN: not timed on the reference BLAS
                    rows.append((name, threads, f"{rg['rate']:.1f}", "ref. BLAS", "—", rg["unit"], f"{100 * rg['fraction_of_peak']:.0f} % / —"))
                    continue
                ratio = rg["rate"] / pt["rate"] if pt["rate"] else float("nan")
                rows.append((name, threads, f"{rg['rate']:.1f}", f"{pt['rate']:.1f}", f"{ratio:.2f}x", rg["unit"],
                             f"{100 * rg['fraction_of_peak']:.0f} % / {100 * pt['gflops'] / peak:.0f} %"))
        if not groups:
            rows.append(("fma-peak", threads, f"{robustgate(['fma-peak'], threads, a.repeats)['fma_peak_gflops']:.1f}", "—", "—", "GFLOP/s", "100 %"))
    print(f"RobustGate vs PyTorch, medians per workload, measured side by side in one run ({time.monotonic() - started:.0f} s); "
          "ratio = RobustGate / PyTorch (> 1: RobustGate faster). % of peak: GFLOP/s of convolutions and linear layers "
          "(models) or of the GEMM, against the FMA peak RobustGate measured in the same run.")
    print(f"PyTorch {torch_version}" + (f" with LD_PRELOAD={PRELOAD}" + (f" MALLOC_CONF={MALLOC_CONF}" if MALLOC_CONF else "") if PRELOAD else " (glibc malloc)") + f"; its BLAS (torch.mm, linear layers): {'; '.join(sorted(blas)) or 'not used'}"
          " (the anchors used OpenBLAS 0.3.21; the netlib reference BLAS is ~100x slower"
          + (", so PyTorch's SGEMMs were not timed: --reference-blas-gemm times them)." if reference_blas else ")."))
    print()
    print("| workload | threads | RobustGate | PyTorch | ratio | unit | % of FMA peak (RG / PT) | issue anchor: PyTorch as installed | tuned (jemalloc) |")
    print("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |")
    for name, threads, rg, pt, ratio, unit, frac in rows:
        print(f"| {name} | {threads} | {rg} | {pt} | {ratio} | {unit} | {frac} | {anchor(name, threads, False)} | {anchor(name, threads, True)} |")
    if a.json_out:
        with open(a.json_out, "w") as f:
            json.dump(raw, f, indent=2)


if __name__ == "__main__":
    main()
