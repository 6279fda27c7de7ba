#!/usr/bin/env bash
# The checks of issue #9 on a lent GPU machine, logs under $OUT (or /tmp/rg-out). Run through
# tools/device/run.sh after tools/device/bundle.sh here:
#   device run: tools/device/run.sh bash tools/device/gpu-checks.sh   (carry .device)
set -uo pipefail
out=${OUT:-/tmp/rg-out}; mkdir -p "$out"
tests="dotnet tests/RobustGate.TestRunner/bin/Release/net10.0/RobustGate.TestRunner.dll tests/RobustGate.Engine.Tests/bin/Release/net10.0/RobustGate.Engine.Tests.dll"
tool="dotnet src/RobustGate.Tool/bin/Release/net10.0/robustgate.dll"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
$tool devices 2>&1 | tee "$out/devices.txt"
echo "== CUDA tests"; timeout 240 $tests --filter .Cuda. 2>&1 | tee "$out/cuda-tests.txt" | tail -40
echo "== parity suite on --device cuda"
timeout ${PARITY_SECONDS:-240} $tests --device cuda --exclude-trait Category=EndToEnd \
  --filter .Functional. --filter .Models. --filter .Nn. --filter .Attacks.ReferenceParity --filter .Optim. --filter .Autograd. \
  2>&1 | tee "$out/parity-cuda.txt" | grep -E "^\[FAIL\]|^tests:|^device:" | head -60
echo "== check cpu vs cuda"
for d in cpu cuda; do timeout 200 $tool check --config samples/demo/robustgate.json --device $d --report-dir /tmp/rg-$d > "$out/check-$d.txt" 2>&1; echo "$d exit $? $(tail -1 "$out/check-$d.txt")"; done
cp /tmp/rg-cpu/report.json "$out/report-cpu.json" 2>/dev/null; cp /tmp/rg-cuda/report.json "$out/report-cuda.json" 2>/dev/null
echo "== bench"; timeout ${BENCH_SECONDS:-150} $tool bench --device cuda --workloads ${BENCH_WORKLOADS:-resnet18-infer,resnet18-train,resnet50-infer} 2>&1 | tee "$out/bench-cuda.txt" | tail -12
