#!/usr/bin/env bash
# The whole WsGate test suite on a fresh machine: installs what the tests need, then runs `dotnet test`
# over the solution and ends with one line: `tests: N passed, M failed`.
set -uo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests drive for real. Installed only when missing; CI runs as root.
packages=()
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
# The console tests drive Debian's Chromium with Playwright (no browser download); they fail, never skip, without it.
[ -x /usr/bin/chromium ] || packages+=(chromium)
# The cluster tests start a real PostgreSQL (initdb + pg_ctl; Debian keeps them off the PATH) and HAProxy.
command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || packages+=(postgresql)
command -v haproxy >/dev/null 2>&1 || packages+=(haproxy)
# The operating-system account tests sign in a user they create (useradd, chpasswd) through PAM: libpam itself and
# pam_unix. They need root and fail, never skip, without these.
ldconfig -p 2>/dev/null | grep -q 'libpam\.so\.0' || packages+=(libpam0g)
compgen -G "/usr/lib/*/security/pam_unix.so" >/dev/null || compgen -G "/lib/*/security/pam_unix.so" >/dev/null || packages+=(libpam-modules)
command -v useradd >/dev/null 2>&1 || packages+=(passwd)
if [ ${#packages[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "installing: ${packages[*]}"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
    else
        echo "missing ${packages[*]}: run as root or install them" >&2
    fi
fi

# The Node `ws` peers of the interop tests (tests/interop), pinned by its package-lock.json.
if [ ! -d tests/interop/node_modules ] && command -v npm >/dev/null 2>&1; then
    echo "installing: tests/interop npm packages"
    npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error || echo "npm ci --prefix tests/interop failed" >&2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The servers the tests start run the way `wsgate serve` runs by default (--io inline): socket completions on the
# runtime's I/O threads. The runtime reads this once per process, so it is set for the test hosts from the start.
export DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1

# Formatting is checked with the tests: `dotnet format --verify-no-changes` (whitespace, code style and analyzers at
# their .editorconfig severity) is the root build hygiene the build itself does not fully enforce, so CI (.ci/run calls
# this script) fails on an unformatted tree. A failure prints what it would change, counts as one failed test, and
# the tests still run.
format_failed=0
echo "dotnet format WsGate.slnx --verify-no-changes"
if ! dotnet format WsGate.slnx --verify-no-changes; then
    echo "dotnet format: the tree is not formatted as .editorconfig says; run \`dotnet format WsGate.slnx\` and review the diff" >&2
    format_failed=1
fi

log=$(mktemp)
dotnet test WsGate.slnx --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One summary line per test assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..."
passed=$(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Passed: *([0-9]+).*/\1/' | awk '{s+=$1} END {print s+0}')
failed=$(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+),.*/\1/' | awk '{s+=$1} END {print s+0}')
runs=$(grep -cE '^(Passed|Failed)!' "$log")
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # A build error or a crashed test host fails the run even though no test reported failure.
    failed=1
fi
if [ "$runs" -eq 0 ]; then
    failed=$((failed > 0 ? failed : 1))
fi
failed=$((failed + format_failed))
echo "tests: ${passed} passed, ${failed} failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
