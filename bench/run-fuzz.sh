#!/usr/bin/env bash
# A longer run of the frame reader and relay fuzz tests than the suite's (tests/WsGate.UnitTests/Forwarding/RelayFuzzTests):
# FUZZ_ITERATIONS mutated streams through the reader (times ten) and a tenth of them through a relay between socket
# pairs. Every iteration is bounded; the run stops on its own. Exit status is the test run's.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1
FUZZ_ITERATIONS=${FUZZ_ITERATIONS:-20000} dotnet test tests/WsGate.UnitTests --filter "FullyQualifiedName~RelayFuzzTests" --nologo
