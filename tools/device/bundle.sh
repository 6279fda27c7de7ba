#!/usr/bin/env bash
# Packs what a GPU machine without the .NET SDK needs to run RobustGate's tests and tool:
# the .NET runtime from this machine (host + Microsoft.NETCore.App), the Release builds, and a copy
# of ../shared/ref/engine. Everything lands in .device/ (git-ignored via .git/info/exclude) and is
# carried with the device tool's `carry: [".device", ...]`. On the GPU machine, run
# tools/device/run.sh (see tools/device/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build RobustGate.sln -c Release -v q -nologo >/dev/null
out=.device
rm -rf "$out" && mkdir -p "$out"
root=$(dirname "$(readlink -f "$(command -v dotnet)")")
runtime=$(ls -d "$root"/shared/Microsoft.NETCore.App/* | sort -V | tail -1)
tar -C "$root" -cJf "$out/dotnet.tar.xz" dotnet host "shared/Microsoft.NETCore.App/$(basename "$runtime")"
tar -cJf "$out/builds.tar.xz" src/RobustGate.Tool/bin/Release/net10.0 tests/RobustGate.Engine.Tests/bin/Release/net10.0 tests/RobustGate.TestRunner/bin/Release/net10.0
if [ -d ../shared/ref/engine ]; then tar -C .. -cJf "$out/shared.tar.xz" shared/ref/engine; fi
grep -qx '/.device/' .git/info/exclude 2>/dev/null || { mkdir -p .git/info; echo '/.device/' >> .git/info/exclude; }
du -sh "$out"/*
