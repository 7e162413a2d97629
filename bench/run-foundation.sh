#!/usr/bin/env bash
# The foundation measurements: starts a Release WsGate on a fresh data folder (admin API and default listener on free
# 127.0.0.1 ports) and measures, with src/WsGate.LoadGen:
#   (a) ms from starting the process to the first accepted WebSocket on /echo (the load generator polls the upgrade)
#   (b) server RSS idle, after start
#   (c) server RSS with 1,000 idle echo connections held open, and (c - b) / 1000 per connection
#   (d) echo throughput and round-trip latency: 100 connections x 128 B closed-loop for 10 s
#   (e) echo of 64 KiB messages on 1 connection for 10 s
# then sends SIGTERM and checks that WsGate exits 0. Prints one table and writes bench/results/foundation-<date>.json.
# Every step is bounded; the script ends by itself. Exit status is non-zero when any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
source bench/common.sh

IDLE_CONNECTIONS=1000
ECHO_CONNECTIONS=100
ECHO_SIZE=128
LARGE_SIZE=65536
ECHO_SECONDS=10
WARMUP_SECONDS=2
SETTLE_SECONDS=5

WORK=$(mktemp -d)
# Only processes this script started, and only while they have not been waited for.
SERVER_PID=""
PROBE_PID=""
IDLE_PID=""
failures=()

cleanup() {
    for pid in "$PROBE_PID" "$IDLE_PID" "$SERVER_PID"; do
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null
        fi
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

build_release || exit 1

ADMIN_PORT=$(free_port) || exit 1
LISTEN_PORT=$(free_port) || exit 1
URL="ws://127.0.0.1:$LISTEN_PORT/echo"
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD_START" -v n="$(nproc)" 'BEGIN { exit !(l > n) }'; then
    echo "warning: load average $LOAD_START is above $(nproc) cores; other work on this machine will skew the numbers" >&2
fi

# (a) Start-up: the probe starts polling first; once it is warm, note the time and start the server.
"$LOADGEN" probe --url "$URL" --timeout 60 --interval-ms 1 --ready-file "$WORK/probe.ready" --json >"$WORK/probe.json" &
PROBE_PID=$!
wait_for_file "$WORK/probe.ready" 30 || { echo "the probe did not start" >&2; exit 1; }
START_NS=$(date +%s%N)
WSGATE_ADMIN_PASSWORD="bench-$(date +%s)-password" "$SERVER" serve \
    --data "$WORK/data/wsgate.db" --admin "127.0.0.1:$ADMIN_PORT" --listen "127.0.0.1:$LISTEN_PORT" \
    --log-level Warning >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait "$PROBE_PID" || fail "probe: no WebSocket accepted within 60 s ($(jq -r .lastError "$WORK/probe.json" 2>/dev/null))"
PROBE_PID=""
STARTUP_MS=$(jq -r --argjson start "$START_NS" '(.firstAcceptUnixNs - $start) / 1e6 | . * 10 | round / 10' "$WORK/probe.json")
SELF_REPORTED_MS=$(sed -nE 's/.*started in ([0-9]+) ms.*/\1/p' "$WORK/server.log" | head -1)
kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; echo "WsGate exited during start-up" >&2; exit 1; }

# (b) RSS idle, once start-up work has settled.
sleep "$SETTLE_SECONDS"
RSS_IDLE_KB=$(rss_kb "$SERVER_PID")

# (c) RSS with idle connections held open.
"$LOADGEN" idle --url "$URL" --connections "$IDLE_CONNECTIONS" --hold $((SETTLE_SECONDS + 10)) \
    --ready-file "$WORK/idle.ready" --json >"$WORK/idle.json" &
IDLE_PID=$!
if wait_for_file "$WORK/idle.ready" 60; then
    sleep "$SETTLE_SECONDS"
    RSS_CONNECTED_KB=$(rss_kb "$SERVER_PID")
else
    fail "idle: the connections were not open within 60 s"
    RSS_CONNECTED_KB=0
fi
wait "$IDLE_PID" || fail "idle: $(jq -r '"\(.opened) opened, \(.closedClean) closed clean; \(.firstError)"' "$WORK/idle.json" 2>/dev/null)"
IDLE_PID=""
PER_CONNECTION_KB=$(awk -v c="$RSS_CONNECTED_KB" -v b="$RSS_IDLE_KB" -v n="$IDLE_CONNECTIONS" 'BEGIN { printf "%.1f", (c - b) / n }')

# (d) Echo throughput with many small messages, (e) one connection with large ones.
"$LOADGEN" echo --url "$URL" --connections "$ECHO_CONNECTIONS" --size "$ECHO_SIZE" --duration "$ECHO_SECONDS" \
    --warmup "$WARMUP_SECONDS" --json >"$WORK/echo.json" || fail "echo 100 x 128 B: $(jq -r .firstError "$WORK/echo.json" 2>/dev/null)"
"$LOADGEN" echo --url "$URL" --connections 1 --size "$LARGE_SIZE" --duration "$ECHO_SECONDS" \
    --warmup "$WARMUP_SECONDS" --json >"$WORK/large.json" || fail "echo 1 x 64 KiB: $(jq -r .firstError "$WORK/large.json" 2>/dev/null)"
RSS_AFTER_KB=$(rss_kb "$SERVER_PID")

# SIGTERM drains and must exit 0; bounded at 30 s.
STOP_START=$(date +%s%N)
kill -TERM "$SERVER_PID"
for _ in $(seq 1 300); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$SERVER_PID" 2>/dev/null; then
    fail "WsGate did not exit within 30 s of SIGTERM"
    kill -KILL "$SERVER_PID"
fi
wait "$SERVER_PID"
EXIT_CODE=$?
STOP_MS=$(( ($(date +%s%N) - STOP_START) / 1000000 ))
SERVER_PID=""
[ "$EXIT_CODE" -eq 0 ] || fail "WsGate exited $EXIT_CODE after SIGTERM"
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)

mkdir -p bench/results
RESULT="bench/results/foundation-$(date -u +%Y-%m-%dT%H%M%SZ).json"
jq -n \
    --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --arg commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    --arg cpu "$(sed -nE 's/^model name\s*:\s*//p' /proc/cpuinfo | head -1)" \
    --argjson cores "$(nproc)" \
    --argjson memKb "$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)" \
    --arg os "$(. /etc/os-release && echo "$PRETTY_NAME")" \
    --arg kernel "$(uname -r)" \
    --arg dotnet "$(dotnet --list-runtimes | awk '/^Microsoft.NETCore.App/ { v = $2 } END { print v }')" \
    --arg sdk "$(dotnet --version)" \
    --argjson loadStart "$LOAD_START" --argjson loadEnd "$LOAD_END" \
    --argjson startupMs "$STARTUP_MS" --argjson selfReportedMs "${SELF_REPORTED_MS:-null}" \
    --argjson rssIdleKb "$RSS_IDLE_KB" --argjson rssConnectedKb "$RSS_CONNECTED_KB" \
    --argjson perConnectionKb "$PER_CONNECTION_KB" --argjson rssAfterKb "$RSS_AFTER_KB" \
    --argjson idleConnections "$IDLE_CONNECTIONS" \
    --argjson exitCode "$EXIT_CODE" --argjson stopMs "$STOP_MS" \
    --slurpfile probe "$WORK/probe.json" --slurpfile idle "$WORK/idle.json" \
    --slurpfile echo "$WORK/echo.json" --slurpfile large "$WORK/large.json" \
    --argjson failures "$(printf '%s\n' "${failures[@]}" | jq -R . | jq -s 'map(select(length > 0))')" \
    '{
        date: $date, commit: $commit,
        machine: { cores: $cores, cpu: $cpu, memoryKb: $memKb, os: $os, kernel: $kernel, dotnetRuntime: $dotnet, dotnetSdk: $sdk,
                   loadAverage1mAtStart: $loadStart, loadAverage1mAtEnd: $loadEnd },
        startup: { msToFirstWebSocket: $startupMs, selfReportedMs: $selfReportedMs, probe: $probe[0] },
        memory: { rssIdleKb: $rssIdleKb, rssWithIdleConnectionsKb: $rssConnectedKb, idleConnections: $idleConnections,
                  perConnectionKb: $perConnectionKb, rssAfterEchoKb: $rssAfterKb, idleRun: $idle[0] },
        echo128: $echo[0], echo64k: $large[0],
        shutdown: { exitCode: $exitCode, ms: $stopMs },
        failures: $failures
    }' >"$RESULT"

row() { printf '  %-44s %s\n' "$1" "$2"; }
echo
echo "WsGate foundation measurements ($(nproc) cores, $(sed -nE 's/^model name\s*:\s*//p' /proc/cpuinfo | head -1), load $LOAD_START -> $LOAD_END)"
echo "--------------------------------------------------------------------------------"
row "(a) start to first accepted WebSocket" "$STARTUP_MS ms (WsGate reports ${SELF_REPORTED_MS:-?} ms for its own start)"
row "(b) RSS idle" "$((RSS_IDLE_KB / 1024)) MiB ($RSS_IDLE_KB kB)"
row "(c) RSS with $IDLE_CONNECTIONS idle connections" "$((RSS_CONNECTED_KB / 1024)) MiB ($RSS_CONNECTED_KB kB)"
row "    per connection (c - b) / $IDLE_CONNECTIONS" "$PER_CONNECTION_KB kB"
for name in echo large; do
    file="$WORK/$name.json"
    label=$([ "$name" = echo ] && echo "(d) echo $ECHO_CONNECTIONS x $ECHO_SIZE B" || echo "(e) echo 1 x 64 KiB")
    row "$label" "$(jq -r '"\(.messagesPerSecond | floor) msg/s, \(.mebibytesPerSecond) MiB/s each way"' "$file" 2>/dev/null)"
    row "    latency p50 / p99 / p99.9" "$(jq -r '.latencyUs | "\(.p50Us) / \(.p99Us) / \(.p999Us) us (max \(.maxUs))"' "$file" 2>/dev/null)"
done
row "RSS after the echo runs" "$((RSS_AFTER_KB / 1024)) MiB"
row "SIGTERM" "exit code $EXIT_CODE after $STOP_MS ms"
echo "--------------------------------------------------------------------------------"
echo "results: $RESULT"
if [ ${#failures[@]} -gt 0 ]; then
    printf 'FAILED: %s\n' "${failures[@]}" >&2
    exit 1
fi
