#!/usr/bin/env bash
# On the GPU machine, from the repository root: unpacks .device/ (made by bundle.sh) and sets up
# `dotnet` (runtime only) and ROBUSTGATE_SHARED; then runs its arguments, e.g.
#   tools/device/run.sh dotnet tests/RobustGate.TestRunner/bin/Release/net10.0/RobustGate.TestRunner.dll \
#       tests/RobustGate.Engine.Tests/bin/Release/net10.0/RobustGate.Engine.Tests.dll --filter .Cuda.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p /tmp/rg-dotnet /tmp/rg-shared
[ -x /tmp/rg-dotnet/dotnet ] || tar -C /tmp/rg-dotnet -xJf .device/dotnet.tar.xz
[ -d src/RobustGate.Tool/bin/Release/net10.0 ] || tar -xJf .device/builds.tar.xz
[ ! -f .device/shared.tar.xz ] || [ -d /tmp/rg-shared/shared ] || tar -C /tmp/rg-shared -xJf .device/shared.tar.xz
export DOTNET_ROOT=/tmp/rg-dotnet PATH=/tmp/rg-dotnet:$PATH ROBUSTGATE_SHARED=/tmp/rg-shared/shared DOTNET_CLI_TELEMETRY_OPTOUT=1
"$@"
