#!/usr/bin/env bash
# The headline of issue #7: smallcnn on Fashion-MNIST trained with each robust recipe versus
# standard training, at equal epochs and the same seed, evaluated under the CIFAR-size
# corruption profile with the standard model's report as the mCE baseline. Prints one table:
# recipe, clean error, mCE and relative mCE vs standard, the three noise CEs, training seconds.
#
#   bench/robust_recipes_fmnist.sh [OUT_DIR] [EPOCHS] [SEED]      (defaults: /tmp/rg-recipes 2 1)
#   RECIPES="standard gauss" bench/robust_recipes_fmnist.sh        (a subset; standard is always run first)
#
# Every run is deterministic, so the numbers are the same on a loaded machine; only the seconds
# vary. Existing results in OUT_DIR are reused (delete a recipe's folder to retrain it).
# Needs Fashion-MNIST in /usr/share/datasets/fashion-mnist and /usr/bin/python3 for the table.
#
# Last measured (commit 7db8b24, 2 epochs, seed 1, small-image defaults; gauss-mult and speckle
# from the previous engine with their own standard baseline 0.091/0.187; seconds are wall time on
# a loaded shared 2-core machine, not comparable):
#   recipe      clean err mean corr err    mCE  rel mCE gauss CE  shot CE impulse CE
#   standard        0.088         0.186  1.000    1.000    1.000    1.000      1.000
#   gauss           0.089         0.170  0.904    0.691    0.851    0.890      0.593
#   ant             0.091         0.183  0.963    0.768    0.880    0.882      0.597
#   ant3x3          0.099         0.160  0.871    0.456    0.916    0.966      0.642
#   augmix          0.093         0.155  0.845    0.543    0.949    0.994      0.646
#   fooling         0.120         0.196  1.074    0.620    1.142    1.157      0.729
#   gauss-mult      0.090         0.179  0.942    0.806    0.876    0.890      0.688
#   speckle         0.090         0.180  0.958    0.858    0.896    0.912      0.823
set -euo pipefail
out=${1:-/tmp/rg-recipes}
epochs=${2:-2}
seed=${3:-1}
recipes=${RECIPES:-"standard gauss gauss-mult speckle ant ant3x3 augmix fooling"}
repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
dotnet build "$repo/src/RobustGate.Tool" -c Release -o "$out/bin" 2>&1 | grep -E " error |Build succeeded"
rg() { dotnet "$out/bin/robustgate.dll" "$@"; }

run() { # recipe baseline
    local recipe=$1 baseline=$2 dir="$out/$1"
    if [ ! -f "$dir/weights.safetensors" ]; then
        local start=$(date +%s)
        rg train --recipe "$recipe" --arch smallcnn --data fashion-mnist --epochs "$epochs" --seed "$seed" --out "$dir" > "$out/$recipe.train.log" 2>&1
        echo $(( $(date +%s) - start )) > "$dir/train_seconds"
    fi
    if [ ! -f "$dir/check/report.json" ]; then
        # Exit code 1 means the gate failed, which is a result here, not an error.
        rg check --arch smallcnn --weights "$dir/weights.safetensors" --data fashion-mnist --limit 1000 --seed 3 \
            --corruptions benchmark --profile cifar --baseline "$baseline" --report-dir "$dir/check" > "$out/$recipe.check.log" 2>&1 || [ $? -eq 1 ]
    fi
}

run standard none
for recipe in $recipes; do
    [ "$recipe" = standard ] || run "$recipe" "$out/standard/check/report.json"
done

/usr/bin/python3 - "$out" standard $recipes <<'PY'
import json, os, sys
out, names = sys.argv[1], list(dict.fromkeys(sys.argv[2:]))
def ce(report, name):
    c = next(c for c in report["metrics"]["corruptions"] if c["name"] == name)
    return c["ce"], c["mean_error"]
print(f"{'recipe':<11} {'clean err':>9} {'mean corr err':>13} {'mCE':>6} {'rel mCE':>8} {'gauss CE':>8} {'shot CE':>8} {'impulse CE':>10} {'train s':>8}")
for name in names:
    path = os.path.join(out, name, "check", "report.json")
    if not os.path.exists(path):
        continue
    r = json.load(open(path))
    m = r["metrics"]
    seconds = open(os.path.join(out, name, "train_seconds")).read().strip() if os.path.exists(os.path.join(out, name, "train_seconds")) else "?"
    fmt = lambda v: "-" if v is None else f"{v:.3f}"
    noise = [ce(r, n)[0] if name != "standard" else 1.0 for n in ("gaussian_noise", "shot_noise", "impulse_noise")]
    mce = m["mce"] if name != "standard" else 1.0
    rel = m.get("relative_mce") if name != "standard" else 1.0
    print(f"{name:<11} {m['clean_error']:>9.3f} {m['mean_corruption_error']:>13.3f} {fmt(mce):>6} {fmt(rel):>8} {fmt(noise[0]):>8} {fmt(noise[1]):>8} {fmt(noise[2]):>10} {float(seconds):>8.0f}")
PY
