#!/usr/bin/env bash
# Worker limits under a flood: does a flooded low-priority listener starve a high-priority one on the same WsGate?
# One WsGate, two echo listeners ("high" and "low"). Four phases, each measuring the high listener's echo
# (HIGH_CONNECTIONS x 128 B, closed loop) for PHASE_SECONDS after WARMUP_SECONDS:
#   limited-alone      both listeners with worker limits (high: priority 10, low: priority 1), nothing on low
#   limited-flooded    the same while FLOOD_CONNECTIONS connections echo as fast as they can on low
#   unlimited-alone    worker limits removed from both at run time (a live change, no restart), nothing on low
#   unlimited-flooded  the same flood: today's behaviour without worker limits, for comparison
# Both caps (WORKERS_MAX) are above the node's machine slots (4 per processor), so the machine slots are what the two
# listeners share and priority decides who gets the next free one. Reported per phase: the high listener's messages/s
# and p99, and the flood's messages/s. About 3 minutes with the defaults; only 127.0.0.1 is used.
# Results go to bench/results/workers-<date>.json. Exit status is non-zero when any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
source bench/common.sh

HIGH_CONNECTIONS=${HIGH_CONNECTIONS:-10}
FLOOD_CONNECTIONS=${FLOOD_CONNECTIONS:-200}
ECHO_SIZE=128
PHASE_SECONDS=${PHASE_SECONDS:-30}
WARMUP_SECONDS=${WARMUP_SECONDS:-5}
# The flood connects and warms up before the high listener's measurement starts, and outlasts it.
FLOOD_LEAD_SECONDS=${FLOOD_LEAD_SECONDS:-3}
WORKERS_MAX=${WORKERS_MAX:-64}
# The low listener's own cap (an operator capping the port that may be flooded); the same as WORKERS_MAX unless set.
LOW_MAX=${LOW_MAX:-$WORKERS_MAX}
WORKERS_QUEUE=${WORKERS_QUEUE:-1000}
PASSWORD="bench-$(date +%s)-password"
bench_workspace

build_release || exit 1
command -v jq >/dev/null || { echo "jq not found (apt-get install -y jq)" >&2; exit 1; }

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD_START" 'BEGIN { exit !(l > 1) }'; then
    echo "warning: load average $LOAD_START before the run; other work on this machine will skew the numbers" >&2
fi

ADMIN=$(free_port) && LISTEN=$(free_port) && HIGH_PORT=$(free_port) && LOW_PORT=$(free_port) || exit 1
start_wsgate workers "0-$(($(nproc) - 1))" "$ADMIN" "$LISTEN"
WSGATE_PID=$STARTED_PID
wait_for_ws "ws://127.0.0.1:$LISTEN/echo" && wait_for_admin "$ADMIN" || exit 1

# PUT (or POST, the first time) listener $1 on port $2 with worker limits $3 (a JSON object, {} for none).
put_listener() {
    local id=$1 port=$2 workers=$3 method=$4 path=/api/v1/listeners body
    [ "$method" = PUT ] && path="$path/$id"
    body=$(jq -n --arg id "$id" --arg b "127.0.0.1:$port" --argjson w "$workers" \
        '{ id: $id, bindings: [$b], endpoints: [{ path: "/echo", kind: "echo" }], workers: $w }')
    curl -s --fail-with-body -X "$method" -u "admin:$PASSWORD" -H 'Content-Type: application/json' -d "$body" \
        "http://127.0.0.1:$ADMIN$path" >"$WORK/listener-$id.json" \
        || { fail "$method listener $id: $(cat "$WORK/listener-$id.json")"; return 1; }
}

limits() { jq -n --argjson m "${2:-$WORKERS_MAX}" --argjson q "$WORKERS_QUEUE" --argjson p "$1" '{ maxConcurrent: $m, queueLimit: $q, priority: $p }'; }

put_listener high "$HIGH_PORT" "$(limits 10)" POST || exit 1
put_listener low "$LOW_PORT" "$(limits 1 "$LOW_MAX")" POST || exit 1
wait_for_ws "ws://127.0.0.1:$HIGH_PORT/echo" && wait_for_ws "ws://127.0.0.1:$LOW_PORT/echo" || exit 1

# One phase: name, then "flood" or "alone". Writes $WORK/<name>-high.json and, flooded, $WORK/<name>-low.json.
run_phase() {
    local name=$1 flood=$2 flood_pid=""
    echo "phase $name..."
    if [ "$flood" = flood ]; then
        "$LOADGEN" echo --url "ws://127.0.0.1:$LOW_PORT/echo" --connections "$FLOOD_CONNECTIONS" --size "$ECHO_SIZE" \
            --duration "$((PHASE_SECONDS + WARMUP_SECONDS + 2))" --warmup "$FLOOD_LEAD_SECONDS" --json >"$WORK/$name-low.json" &
        flood_pid=$!
        PIDS+=("$flood_pid")
        sleep "$FLOOD_LEAD_SECONDS"
    fi
    "$LOADGEN" echo --url "ws://127.0.0.1:$HIGH_PORT/echo" --connections "$HIGH_CONNECTIONS" --size "$ECHO_SIZE" \
        --duration "$PHASE_SECONDS" --warmup "$WARMUP_SECONDS" --json >"$WORK/$name-high.json" \
        || fail "$name: high listener echo: $(jq -r .firstError "$WORK/$name-high.json" 2>/dev/null)"
    if [ -n "$flood_pid" ]; then
        wait "$flood_pid" || fail "$name: flood on the low listener: $(jq -r .firstError "$WORK/$name-low.json" 2>/dev/null)"
    fi
}

run_phase limited-alone alone
run_phase limited-flooded flood
# Worker limits off on both, live: the same listeners, sockets and process.
put_listener high "$HIGH_PORT" '{}' PUT && put_listener low "$LOW_PORT" '{}' PUT || exit 1
run_phase unlimited-alone alone
run_phase unlimited-flooded flood
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)
stop_process "$WSGATE_PID"

mkdir -p bench/results
RESULT="bench/results/workers-$(date -u +%Y-%m-%dT%H%M%SZ).json"
slurp() { cat "$1" 2>/dev/null || echo null; }
phases_json=$(for name in limited-alone limited-flooded unlimited-alone unlimited-flooded; do
    jq -n --arg n "$name" --argjson h "$(slurp "$WORK/$name-high.json")" --argjson l "$(slurp "$WORK/$name-low.json")" \
        '{ phase: $n,
           high: { messagesPerSecond: $h.messagesPerSecond, p50Us: $h.latencyUs.p50Us, p99Us: $h.latencyUs.p99Us },
           flood: (if $l == null then null else { messagesPerSecond: $l.messagesPerSecond, p99Us: $l.latencyUs.p99Us } end) }'
done | jq -s .)
jq -n \
    --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --arg commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    --arg dirty "$(git status --porcelain -- src bench | grep -q . && echo yes || echo no)" \
    --arg cpu "$(sed -nE 's/^model name\s*:\s*//p' /proc/cpuinfo | head -1)" \
    --argjson cores "$(nproc)" \
    --arg dotnet "$(dotnet --list-runtimes | awk '/^Microsoft.NETCore.App/ { v = $2 } END { print v }')" \
    --argjson loadStart "$LOAD_START" --argjson loadEnd "$LOAD_END" \
    --argjson highConnections "$HIGH_CONNECTIONS" --argjson floodConnections "$FLOOD_CONNECTIONS" \
    --argjson seconds "$PHASE_SECONDS" --argjson workersMax "$WORKERS_MAX" --argjson lowMax "$LOW_MAX" --argjson workersQueue "$WORKERS_QUEUE" \
    --argjson phases "$phases_json" \
    --argjson failures "$(printf '%s\n' "${failures[@]}" | jq -R . | jq -s 'map(select(length > 0))')" \
    '{
        date: $date, commit: $commit, uncommittedChanges: $dirty,
        machine: { cores: $cores, cpu: $cpu, dotnetRuntime: $dotnet, loadAverage1mAtStart: $loadStart, loadAverage1mAtEnd: $loadEnd },
        workload: { highConnections: $highConnections, floodConnections: $floodConnections, messageBytes: 128, phaseSeconds: $seconds,
                    limits: { high: { maxConcurrent: $workersMax, queueLimit: $workersQueue, priority: 10 },
                              low: { maxConcurrent: $lowMax, queueLimit: $workersQueue, priority: 1 },
                              machineSlots: ($cores * 4) } },
        phases: $phases, failures: $failures
    }' >"$RESULT"

jq -r '.phases[] | [.phase, (.high.messagesPerSecond // "-" | tostring) + " msg/s", "p99 " + (.high.p99Us // "-" | tostring) + " us",
    "flood " + ((.flood.messagesPerSecond // "-") | tostring) + " msg/s"] | @tsv' "$RESULT" | column -t -s $'\t'
echo "results: $RESULT"
if [ ${#failures[@]} -gt 0 ]; then
    printf 'FAILED: %s\n' "${failures[@]}" >&2
    exit 1
fi
