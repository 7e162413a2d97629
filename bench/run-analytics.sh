#!/usr/bin/env bash
# The cost of traffic control and analytics: relay throughput through one WsGate frames API in three modes, in
# alternating rounds on the same proxy process (off, on, full, off, on, full, ...), so every mode sees the same machine
# load as nearly as a shared machine allows. "off": analytics off, no limits. "on": the default analytics (metrics
# collected, rollups flushed each minute) with /metrics scraped once a second during the round, as Prometheus would
# (more often than its usual 15 s). "full": "on" plus per-frame rate limits and a connection cap on the API.
# The issue's budget: throughput with throttling and analytics on stays within 10% of both off.
#
# Each mode is an analytics settings document PUT to /api/v1/analytics/settings before its rounds (settings_for) plus,
# optionally, more admin calls (extra_setup_for: for a throttling mode, PUT the bench API with limits generous enough
# not to throttle, so the row measures the checks, not the drops). Add a mode by naming it in MODES and adding a case
# to both functions. Workload: 100 connections x 128 B echo, closed-loop,
# ECHO_SECONDS per round after a warm-up. Pinning as in run-gateway.sh: proxy on $PROXY_CPU, load generator and backend
# on $LOAD_CPU. Only 127.0.0.1 is used; every step is bounded. Results go to bench/results/analytics-<date>.json.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
source bench/common.sh

PROXY_CPU=${PROXY_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
MODES=${MODES:-"off on full"}
ROUNDS=${ROUNDS:-3}
ECHO_CONNECTIONS=${ECHO_CONNECTIONS:-100}
ECHO_SIZE=${ECHO_SIZE:-128}
ECHO_SECONDS=${ECHO_SECONDS:-10}
WARMUP_SECONDS=2
PASSWORD="bench-$(date +%s)-password"

settings_for() {
    case $1 in
        off) echo '{"enabled": false}' ;;
        on | full) echo '{"enabled": true}' ;;
        *) echo "unknown mode $1" >&2; return 1 ;;
    esac
}

# Admin calls a mode needs beyond the analytics settings, run before each of its rounds (none for off and on).
# full: analytics on and the bench API under per-frame limits (the API as a whole and per client IP, both directions
# counted) plus a per-IP connection cap, all generous enough never to throttle, so the row measures the checks.
extra_setup_for() {
    case $1 in
        off | on) api_throttling '{}' ;;
        full) api_throttling '{"rate": {"messagesPerWindow": 1000000000, "windowMs": 1000, "count": "both"},
                               "perClientIp": {"messagesPerWindow": 1000000000, "windowMs": 1000, "count": "both"},
                               "maxConnectionsPerClientIp": 100000}' ;;
        *) echo "unknown mode $1" >&2; return 1 ;;
    esac
}

api_throttling() {
    admin -X PUT -d "$(jq --argjson t "$1" '. + {throttling: $t}' <<<"$body")" \
        "http://127.0.0.1:$PROXY_ADMIN/api/v1/apis/bench_frames" >/dev/null
}

bench_workspace

admin() {
    curl -s --fail-with-body --max-time 30 -u "admin:$PASSWORD" -H 'Content-Type: application/json' "$@"
}

build_release || exit 1

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD_START" 'BEGIN { exit !(l > 1) }'; then
    echo "warning: load average $LOAD_START before the run; other work on this machine will skew the numbers" >&2
fi

BACKEND_ADMIN=$(free_port) && BACKEND_PORT=$(free_port) || exit 1
start_wsgate backend "$LOAD_CPU" "$BACKEND_ADMIN" "$BACKEND_PORT"
BACKEND_PID=$STARTED_PID
wait_for_ws "ws://127.0.0.1:$BACKEND_PORT/echo" && wait_for_admin "$BACKEND_ADMIN" || exit 1
# The backend is not under test: its own analytics stay off so both modes hit the same backend.
admin -X PUT -d '{"enabled": false}' "http://127.0.0.1:$BACKEND_ADMIN/api/v1/analytics/settings" >/dev/null \
    || fail "turning the backend's analytics off"

PROXY_ADMIN=$(free_port) && PROXY_PORT=$(free_port) || exit 1
start_wsgate proxy "$PROXY_CPU" "$PROXY_ADMIN" "$PROXY_PORT"
PROXY_PID=$STARTED_PID
wait_for_ws "ws://127.0.0.1:$PROXY_PORT/echo" && wait_for_admin "$PROXY_ADMIN" || exit 1
body=$(jq -n --arg url "ws://127.0.0.1:$BACKEND_PORT/echo" '{
    id: "bench_frames", name: "bench frames", context: "/frames", version: "v1", listeners: ["default"],
    lifecycle: "published", relayMode: "frames", endpoints: { production: { urls: [$url] } } }')
admin -d "$body" "http://127.0.0.1:$PROXY_ADMIN/api/v1/apis" >"$WORK/api.json" || { fail "creating the API: $(cat "$WORK/api.json")"; exit 1; }
URL="ws://127.0.0.1:$PROXY_PORT/frames/v1"

echo "running: $ROUNDS rounds of [$MODES], each ${ECHO_CONNECTIONS} x ${ECHO_SIZE} B echo for ${ECHO_SECONDS} s after ${WARMUP_SECONDS} s warm-up"
echo "pinning: proxy on CPU $PROXY_CPU; load generator and backend on CPU $LOAD_CPU"
for round in $(seq 1 "$ROUNDS"); do
    for mode in $MODES; do
        settings=$(settings_for "$mode") || exit 2
        admin -X PUT -d "$settings" "http://127.0.0.1:$PROXY_ADMIN/api/v1/analytics/settings" >/dev/null \
            || { fail "round $round: applying mode $mode"; continue; }
        extra_setup_for "$mode" || { fail "round $round: setting up mode $mode"; continue; }
        scraper=""
        if [ "$(jq -r .enabled <<<"$settings")" = true ]; then
            (
                end=$((SECONDS + WARMUP_SECONDS + ECHO_SECONDS + 5))
                while [ "$SECONDS" -lt "$end" ]; do
                    admin "http://127.0.0.1:$PROXY_ADMIN/metrics" >/dev/null
                    sleep 1
                done
            ) &
            scraper=$!
            PIDS+=("$scraper")
        fi
        taskset -c "$LOAD_CPU" "$LOADGEN" echo --url "$URL" --connections "$ECHO_CONNECTIONS" --size "$ECHO_SIZE" \
            --duration "$ECHO_SECONDS" --warmup "$WARMUP_SECONDS" --watch-pids "$PROXY_PID" --json >"$WORK/$mode-$round.json" \
            || fail "round $round mode $mode: $(jq -r .firstError "$WORK/$mode-$round.json" 2>/dev/null)"
        [ -n "$scraper" ] && { kill "$scraper" 2>/dev/null; wait "$scraper" 2>/dev/null; }
        printf '  round %s %-4s %8.0f msg/s\n' "$round" "$mode" "$(jq -r '.messagesPerSecond // 0' "$WORK/$mode-$round.json")"
    done
done
# A sanity check that "on" was on: the rollups of the bench traffic flushed so far (the last partial minute is written
# only at the next minute boundary or on shutdown, so this is less than all the "on" traffic).
admin "http://127.0.0.1:$PROXY_ADMIN/api/v1/analytics/usage?api=bench_frames&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z" >"$WORK/usage.json" || true
stop_process "$PROXY_PID"
stop_process "$BACKEND_PID"
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)

mkdir -p bench/results
RESULT="bench/results/analytics-$(date -u +%Y-%m-%dT%H%M%SZ).json"
modes_json=$(for mode in $MODES; do
    for round in $(seq 1 "$ROUNDS"); do cat "$WORK/$mode-$round.json" 2>/dev/null || echo null; done \
        | jq -s --arg m "$mode" --argjson s "$(settings_for "$mode")" '
            def median: sort | if length == 0 then null else .[(length / 2 | floor)] end;
            { mode: $m, settings: $s, rounds: map(select(. != null) | { messagesPerSecond, p50Us: .latencyUs.p50Us, p99Us: .latencyUs.p99Us,
                cpuSecondsPerMillionMessages: .watchedCpuSecondsPerMillionMessages }) }
            | .medianMessagesPerSecond = ([.rounds[].messagesPerSecond] | median)
            | .medianCpuSecondsPerMillionMessages = ([.rounds[].cpuSecondsPerMillionMessages | select(. != null)] | median)'
done | jq -s .)
jq -n \
    --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --arg commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    --arg dirty "$(git status --porcelain -- src bench | grep -q . && echo yes || echo no)" \
    --arg cpu "$(sed -nE 's/^model name\s*:\s*//p' /proc/cpuinfo | head -1)" \
    --argjson cores "$(nproc)" \
    --arg dotnet "$(dotnet --list-runtimes | awk '/^Microsoft.NETCore.App/ { v = $2 } END { print v }')" \
    --argjson loadStart "$LOAD_START" --argjson loadEnd "$LOAD_END" \
    --argjson modes "$modes_json" \
    --slurpfile usage <(cat "$WORK/usage.json" 2>/dev/null || echo null) \
    --argjson failures "$(printf '%s\n' "${failures[@]}" | jq -R . | jq -s 'map(select(length > 0))')" \
    '{
        date: $date, commit: $commit, uncommittedChanges: $dirty,
        machine: { cores: $cores, cpu: $cpu, dotnetRuntime: $dotnet, loadAverage1mAtStart: $loadStart, loadAverage1mAtEnd: $loadEnd },
        workload: { connections: '"$ECHO_CONNECTIONS"', size: '"$ECHO_SIZE"', seconds: '"$ECHO_SECONDS"', rounds: '"$ROUNDS"' },
        modes: $modes,
        costPercent: (($modes | map(select(.mode == "off"))[0].medianMessagesPerSecond) as $off
            | $modes | map(select(.mode != "off") | { key: .mode, value: (if $off and .medianMessagesPerSecond then ((1 - .medianMessagesPerSecond / $off) * 1000 | round / 10) else null end) }) | from_entries),
        rollupsFlushedDuringRun: $usage[0], failures: $failures
    }' >"$RESULT"

echo
echo "WsGate analytics cost ($(nproc) cores, load $LOAD_START -> $LOAD_END; proxy on CPU $PROXY_CPU)"
jq -r '
    def i: if . == null then "-" else (. | floor | tostring) end;
    def n: if . == null then "-" else (. * 10 | round / 10 | tostring) end;
    ["mode", "median msg/s", "rounds msg/s", "median CPU s/M msg", "throughput cost vs off"],
    (.costPercent as $cost | .modes[] | [ .mode, (.medianMessagesPerSecond | i), ([.rounds[].messagesPerSecond | i] | join(" / ")),
        (.medianCpuSecondsPerMillionMessages | n), (if .mode == "off" then "-" else (($cost[.mode] | n) + "%") end) ])
    | @tsv' "$RESULT" | column -t -s $'\t'
echo "results: $RESULT"
if [ ${#failures[@]} -gt 0 ]; then
    printf 'FAILED: %s\n' "${failures[@]}" >&2
    exit 1
fi
