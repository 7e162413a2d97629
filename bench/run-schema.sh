#!/usr/bin/env bash
# The cost of per-message schema validation: relay throughput and the proxy's CPU per message through one WsGate frames
# API, with and without a JSON Schema, in alternating rounds on the same proxy process (plain, schema, plain, schema,
# ...), so both modes see the same machine load as nearly as a shared machine allows. "plain": no messageSchema.
# "schema": bench/schema/order.schema.json (a realistic order: required fields, enums, patterns, formats, nested
# array of objects, additionalProperties false) on both directions, so each echoed message is held and validated twice
# (client to backend, then backend to client). Workload: ECHO_CONNECTIONS connections, closed-loop, each sending
# bench/schema/order.json (1 KB of JSON, valid against the schema) as a text message, ECHO_SECONDS per round after a
# warm-up. CPU per message is the proxy's utime+stime over the window divided by the messages echoed (the load
# generator's --watch-pids). The issue's budget: the schema mode within 25% of plain for 1 KB JSON messages.
# "capture" (MODES="plain schema capture"): the plain API while a message capture runs on it (both directions, every
# CAPTURE_SAMPLE of the messages recorded (default 0.05), JSON path $.account redacted), started before the round and
# stopped after it: the cost of capturing when on (docs/captures.md). A capture holds at most 100000 messages or 64 MiB:
# the sample rate keeps it running through the round (the line printed after the round shows its state).
# Pinning as in run-gateway.sh: proxy on $PROXY_CPU, load generator and backend on $LOAD_CPU. Only 127.0.0.1 is used;
# every step is bounded. Results go to bench/results/schema-<date>.json.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
source bench/common.sh

PROXY_CPU=${PROXY_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
MODES=${MODES:-"plain schema"}
ROUNDS=${ROUNDS:-3}
ECHO_CONNECTIONS=${ECHO_CONNECTIONS:-50}
ECHO_SECONDS=${ECHO_SECONDS:-10}
WARMUP_SECONDS=${WARMUP_SECONDS:-2}
MESSAGE=bench/schema/order.json
CAPTURE_SAMPLE=${CAPTURE_SAMPLE:-0.05}
SCHEMA=bench/schema/order.schema.json
PASSWORD="bench-$(date +%s)-password"

# The API body of a mode: the same API, with or without the schema on both directions.
api_for() {
    case $1 in
        plain | capture) jq '. + {messageSchema: null} | del(.messageSchema)' <<<"$body" ;;
        schema) jq --slurpfile s "$SCHEMA" '. + {messageSchema: {clientToBackend: $s[0], backendToClient: $s[0], onFailure: "drop"}}' <<<"$body" ;;
        *) echo "unknown mode $1" >&2; return 1 ;;
    esac
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
admin -X PUT -d '{"enabled": false}' "http://127.0.0.1:$BACKEND_ADMIN/api/v1/analytics/settings" >/dev/null \
    || fail "turning the backend's analytics off"

PROXY_ADMIN=$(free_port) && PROXY_PORT=$(free_port) || exit 1
start_wsgate proxy "$PROXY_CPU" "$PROXY_ADMIN" "$PROXY_PORT"
PROXY_PID=$STARTED_PID
wait_for_ws "ws://127.0.0.1:$PROXY_PORT/echo" && wait_for_admin "$PROXY_ADMIN" || exit 1
body=$(jq -n --arg url "ws://127.0.0.1:$BACKEND_PORT/echo" '{
    id: "bench_schema", name: "bench schema", context: "/schema", version: "v1", listeners: ["default"],
    lifecycle: "published", relayMode: "frames", endpoints: { production: { urls: [$url] } } }')
admin -d "$body" "http://127.0.0.1:$PROXY_ADMIN/api/v1/apis" >"$WORK/api.json" || { fail "creating the API: $(cat "$WORK/api.json")"; exit 1; }
URL="ws://127.0.0.1:$PROXY_PORT/schema/v1"
SIZE=$(wc -c <"$MESSAGE")

echo "running: $ROUNDS rounds of [$MODES], each ${ECHO_CONNECTIONS} x ${SIZE} B JSON echo for ${ECHO_SECONDS} s after ${WARMUP_SECONDS} s warm-up"
echo "pinning: proxy on CPU $PROXY_CPU; load generator and backend on CPU $LOAD_CPU"
for round in $(seq 1 "$ROUNDS"); do
    for mode in $MODES; do
        api=$(api_for "$mode") || exit 2
        admin -X PUT -d "$api" "http://127.0.0.1:$PROXY_ADMIN/api/v1/apis/bench_schema" >"$WORK/put.json" \
            || { fail "round $round: applying mode $mode: $(cat "$WORK/put.json")"; continue; }
        if [ "$mode" = capture ]; then
            admin -d '{"target":{"api":"bench_schema"},"maxMessages":100000,"maxBytes":67108864,"durationMs":600000,"sampleRate":'"$CAPTURE_SAMPLE"',"redact":{"jsonPaths":["$.account"]}}' \
                "http://127.0.0.1:$PROXY_ADMIN/api/v1/captures" >"$WORK/capture.json" || fail "round $round: starting the capture: $(cat "$WORK/capture.json")"
        fi
        taskset -c "$LOAD_CPU" "$LOADGEN" echo --url "$URL" --connections "$ECHO_CONNECTIONS" --text-file "$MESSAGE" \
            --duration "$ECHO_SECONDS" --warmup "$WARMUP_SECONDS" --watch-pids "$PROXY_PID" --json >"$WORK/$mode-$round.json" \
            || fail "round $round mode $mode: $(jq -r .firstError "$WORK/$mode-$round.json" 2>/dev/null)"
        if [ "$mode" = capture ] && capture=$(jq -r '.id // empty' "$WORK/capture.json" 2>/dev/null) && [ -n "$capture" ]; then
            admin -X POST "http://127.0.0.1:$PROXY_ADMIN/api/v1/captures/$capture/stop" >/dev/null || true
            admin "http://127.0.0.1:$PROXY_ADMIN/api/v1/captures/$capture" >"$WORK/capture-view-$round.json" || true
            echo "  capture: $(jq -c '{state, messages, bytes, stopReason}' "$WORK/capture-view-$round.json" 2>/dev/null)"
        fi
        printf '  round %s %-6s %8.0f msg/s %8s CPU s/M msg\n' "$round" "$mode" "$(jq -r '.messagesPerSecond // 0' "$WORK/$mode-$round.json")" \
            "$(jq -r '.watchedCpuSecondsPerMillionMessages // "-"' "$WORK/$mode-$round.json")"
    done
done
# No message may have failed the schema: every echo came back whole, and the counter says so.
admin "http://127.0.0.1:$PROXY_ADMIN/metrics" >"$WORK/metrics.txt" || true
schema_failures=$(awk '/^wsgate_messages_schema_failures_total\{.*api="bench_schema"/ { n += $2 } END { print n + 0 }' "$WORK/metrics.txt")
[ "$schema_failures" = 0 ] || fail "$schema_failures messages failed the schema: bench/schema/order.json must validate"
stop_process "$PROXY_PID"
stop_process "$BACKEND_PID"
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)

mkdir -p bench/results
RESULT="bench/results/schema-$(date -u +%Y-%m-%dT%H%M%SZ).json"
modes_json=$(for mode in $MODES; do
    for round in $(seq 1 "$ROUNDS"); do cat "$WORK/$mode-$round.json" 2>/dev/null || echo null; done \
        | jq -s --arg m "$mode" '
            def median: sort | if length == 0 then null else .[(length / 2 | floor)] end;
            { mode: $m, rounds: map(select(. != null) | { messagesPerSecond, p50Us: .latencyUs.p50Us, p99Us: .latencyUs.p99Us,
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
    --argjson size "$SIZE" \
    --argjson failures "$(printf '%s\n' "${failures[@]}" | jq -R . | jq -s 'map(select(length > 0))')" \
    '{
        date: $date, commit: $commit, uncommittedChanges: $dirty,
        machine: { cores: $cores, cpu: $cpu, dotnetRuntime: $dotnet, loadAverage1mAtStart: $loadStart, loadAverage1mAtEnd: $loadEnd },
        workload: { connections: '"$ECHO_CONNECTIONS"', messageBytes: $size, message: "bench/schema/order.json",
            schema: "bench/schema/order.schema.json on clientToBackend and backendToClient", seconds: '"$ECHO_SECONDS"', rounds: '"$ROUNDS"' },
        modes: $modes,
        failures: $failures
    } + (($modes | map(select(.mode == "plain"))[0]) as $plain | ($modes | map(select(.mode == "schema"))[0]) as $schema
        | { throughputCostPercent: (if $plain.medianMessagesPerSecond and $schema.medianMessagesPerSecond
                then ((1 - $schema.medianMessagesPerSecond / $plain.medianMessagesPerSecond) * 1000 | round / 10) else null end),
            cpuPerMessageIncreasePercent: (if $plain.medianCpuSecondsPerMillionMessages and $schema.medianCpuSecondsPerMillionMessages
                then (($schema.medianCpuSecondsPerMillionMessages / $plain.medianCpuSecondsPerMillionMessages - 1) * 1000 | round / 10) else null end) })' >"$RESULT"

echo
echo "WsGate schema validation cost ($(nproc) cores, load $LOAD_START -> $LOAD_END; proxy on CPU $PROXY_CPU; ${SIZE} B JSON)"
jq -r '
    def i: if . == null then "-" else (. | floor | tostring) end;
    def n: if . == null then "-" else (. * 10 | round / 10 | tostring) end;
    ["mode", "median msg/s", "rounds msg/s", "median CPU s/M msg"],
    (.modes[] | [ .mode, (.medianMessagesPerSecond | i), ([.rounds[].messagesPerSecond | i] | join(" / ")), (.medianCpuSecondsPerMillionMessages | n) ])
    | @tsv' "$RESULT" | column -t -s $'\t'
jq -r '"throughput cost: \(.throughputCostPercent // "-")%; CPU per message: +\(.cpuPerMessageIncreasePercent // "-")%"' "$RESULT"
echo "results: $RESULT"
if [ ${#failures[@]} -gt 0 ]; then
    printf 'FAILED: %s\n' "${failures[@]}" >&2
    exit 1
fi
