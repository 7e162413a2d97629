#!/usr/bin/env bash
# The gateway comparison: the same WebSocket load through each target, in rotated rounds, pinned and unpinned.
#   direct     the backend itself (a second WsGate, its /echo endpoint): no proxy, the ceiling of the machine
#   nginx      Debian's nginx as a WebSocket proxy to that backend (default buffers)
#   haproxy    Debian's HAProxy in http mode (the connection is tunnelled after the 101)
#   frames     WsGate with an API in relayMode "frames" (reads frame headers on both legs, policies per frame)
#   stream     WsGate with an API in relayMode "stream" (forwards the handshake, then follows frames as it copies)
#
# Per mode (MODES: "pinned" puts the proxy on CPU $PROXY_CPU and the load generator with the backend on CPU $LOAD_CPU;
# "unpinned" lets every process use both cores, as operators run it), ROUNDS rounds, each round in a rotated order of
# the targets, each target started fresh: 100 connections x 128 B echo, closed loop. Reported per target: the proxy's
# CPU seconds per million messages (utime + stime of its processes over the measured window: microseconds per message),
# messages/s and p99, each also as a ratio to nginx within the round, then the median over rounds; for WsGate also the
# bytes it allocated per message over the window (its wsgate_process_allocated_bytes_total). In round 1 each
# proxy also runs 1 connection x 64 KiB, and (pinned mode) holds IDLE_CONNECTIONS idle proxied connections for the
# memory per idle connection. Then the ratchet: RATCHET_ROUNDS times IDLE_CONNECTIONS idle connections opened and
# closed on one WsGate process per mode, its RSS after each round.
#
# Every step is bounded in time and count; only 127.0.0.1 is used. Results go to bench/results/gateway-<date>.json.
# Exit status is non-zero when any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
source bench/common.sh

NGINX=${NGINX:-/usr/sbin/nginx}
HAPROXY=${HAPROXY:-/usr/sbin/haproxy}
PROXY_CPU=${PROXY_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
MODES=${MODES:-"pinned unpinned"}
TARGETS=${TARGETS:-"direct nginx haproxy frames stream"}
ROUNDS=${ROUNDS:-5}
ECHO_CONNECTIONS=100
ECHO_SIZE=128
ECHO_SECONDS=${ECHO_SECONDS:-10}
LARGE_SIZE=65536
LARGE_SECONDS=${LARGE_SECONDS:-5}
# Each proxy starts fresh, so the warm-up also covers .NET's tiered JIT (hot methods are recompiled with profile data
# on a background thread a few seconds in). Steady state is what a long-running gateway sees; nginx has nothing to warm.
WARMUP_SECONDS=${WARMUP_SECONDS:-15}
LARGE_WARMUP_SECONDS=2
IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-9000}
RATCHET_ROUNDS=${RATCHET_ROUNDS:-5}
SETTLE_SECONDS=5
PASSWORD="bench-$(date +%s)-password"
bench_workspace

build_release || exit 1
command -v "$NGINX" >/dev/null || { echo "nginx not found at $NGINX (apt-get install -y nginx)" >&2; exit 1; }
command -v "$HAPROXY" >/dev/null || { echo "haproxy not found at $HAPROXY (apt-get install -y haproxy)" >&2; exit 1; }

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD_START" 'BEGIN { exit !(l > 1) }'; then
    echo "warning: load average $LOAD_START before the run; other work on this machine will skew the numbers" >&2
fi

# CPU lists per mode: the proxy's, and the load generator's with the backend's ("" = no pinning).
mode_cpus() {
    if [ "$1" = pinned ]; then
        PIN_PROXY=$PROXY_CPU
        PIN_LOAD=$LOAD_CPU
    else
        PIN_PROXY=""
        PIN_LOAD=""
    fi
}

# Sets PIN to the command prefix that pins to a CPU list, or to nothing for "". Used as "${PIN[@]}" cmd, so that a
# command started in the background is itself the process $! names (a function would put a subshell in between).
pin_to() {
    PIN=()
    [ -n "$1" ] && PIN=(taskset -c "$1")
    return 0
}

# Threads or workers a proxy gets: one on its one pinned core, one per core unpinned (WsGate uses every core it may).
proxy_threads() { if [ -n "$PIN_PROXY" ]; then echo 1; else nproc; fi; }

start_backend() {
    BACKEND_ADMIN=$(free_port) && BACKEND_PORT=$(free_port) || return 1
    start_wsgate_on "backend-$1" "$PIN_LOAD" "$BACKEND_ADMIN" "$BACKEND_PORT"
    BACKEND_PID=$STARTED_PID
    BACKEND_URL="ws://127.0.0.1:$BACKEND_PORT/echo"
    wait_for_ws "$BACKEND_URL"
}

# start_wsgate with an optional CPU list: name, CPU list ("" = any), admin port, listen port, then NAME=VALUE environment.
start_wsgate_on() {
    local name=$1 cpus=$2 admin=$3 listen=$4
    shift 4
    pin_to "$cpus"
    env "$@" WSGATE_ADMIN_PASSWORD="$PASSWORD" "${PIN[@]}" "$SERVER" serve \
        --data "$WORK/$name/wsgate.db" --admin "127.0.0.1:$admin" --listen "127.0.0.1:$listen" \
        --log-level Warning >"$WORK/$name.log" 2>&1 &
    STARTED_PID=$!
    PIDS+=("$STARTED_PID")
}

start_nginx() {
    local port=$1
    mkdir -p "$WORK/nginx/logs"
    cat >"$WORK/nginx/nginx.conf" <<EOF
daemon off;
worker_processes $(proxy_threads);
worker_rlimit_nofile 40000;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events {
    worker_connections 20000;
}
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    server {
        listen 127.0.0.1:$port;
        location / {
            proxy_pass http://127.0.0.1:$BACKEND_PORT/echo;
            proxy_http_version 1.1;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_set_header Host \$host;
            proxy_read_timeout 3600s;
            proxy_send_timeout 3600s;
        }
    }
}
EOF
    pin_to "$PIN_PROXY"
    "${PIN[@]}" "$NGINX" -p "$WORK/nginx" -e "$WORK/nginx/logs/error.log" -c "$WORK/nginx/nginx.conf" >"$WORK/nginx.log" 2>&1 &
    PROXY_PID=$!
    PIDS+=("$PROXY_PID")
}

start_haproxy() {
    local port=$1
    cat >"$WORK/haproxy.cfg" <<EOF
global
    nbthread $(proxy_threads)
    # The open-file limit here is 20,000; each proxied connection takes two.
    maxconn 9900
defaults
    mode http
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
frontend ws
    bind 127.0.0.1:$port
    default_backend echo
backend echo
    http-request set-path /echo
    server backend 127.0.0.1:$BACKEND_PORT
EOF
    pin_to "$PIN_PROXY"
    "${PIN[@]}" "$HAPROXY" -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
    PROXY_PID=$!
    PIDS+=("$PROXY_PID")
}

start_wsgate_proxy() {
    local mode=$1 admin port
    admin=$(free_port) && port=$(free_port) || return 1
    # A fresh store each start: a store keeps the listener's port from its first start.
    PROXY_STARTS=$((${PROXY_STARTS:-0} + 1))
    # shellcheck disable=SC2086 # WSGATE_PROXY_ENV is a list of NAME=VALUE words
    start_wsgate_on "proxy-$mode-$PROXY_STARTS" "$PIN_PROXY" "$admin" "$port" ${WSGATE_PROXY_ENV:-}
    PROXY_PID=$STARTED_PID
    wait_for_ws "ws://127.0.0.1:$port/echo" && wait_for_admin "$admin" || return 1
    local body
    body=$(jq -n --arg mode "$mode" --arg url "$BACKEND_URL" '{
        id: ("bench_" + $mode), name: ("bench " + $mode), context: ("/" + $mode), version: "v1",
        listeners: ["default"], lifecycle: "published", relayMode: $mode,
        endpoints: { production: { urls: [$url] } } }')
    if ! curl -s --fail-with-body -u "admin:$PASSWORD" -H 'Content-Type: application/json' -d "$body" \
        "http://127.0.0.1:$admin/api/v1/apis" >"$WORK/api-$mode.json" 2>"$WORK/api-$mode.err"; then
        cat "$WORK/api-$mode.json" >>"$WORK/api-$mode.err"
        fail "creating the $mode API: $(cat "$WORK/api-$mode.err")"
        return 1
    fi
    PROXY_URL="ws://127.0.0.1:$port/$mode/v1"
    PROXY_METRICS="http://admin:$PASSWORD@127.0.0.1:$admin/metrics"
}

# Starts the target's proxy (none for direct) and sets TARGET_URL and TARGET_WATCH (the proxy's pids).
start_target() {
    local target=$1 port
    PROXY_PID=""
    PROXY_METRICS=""
    TARGET_WATCH=""
    case $target in
        direct) TARGET_URL=$BACKEND_URL ;;
        nginx | haproxy)
            port=$(free_port) || return 1
            "start_$target" "$port"
            TARGET_URL="ws://127.0.0.1:$port/"
            wait_for_ws "$TARGET_URL" || { cat "$WORK/$target.log" >&2 2>/dev/null; stop_process "$PROXY_PID"; return 1; }
            ;;
        frames | stream)
            start_wsgate_proxy "$target" || return 1
            TARGET_URL=$PROXY_URL
            wait_for_ws "$TARGET_URL" || return 1
            ;;
    esac
    [ -n "$PROXY_PID" ] && TARGET_WATCH=$(process_tree "$PROXY_PID")
    return 0
}

stop_target() {
    [ -n "$PROXY_PID" ] && stop_process "$PROXY_PID"
    PROXY_PID=""
}

# The 128 B closed-loop workload against the started target; the report gets how busy each CPU was (warm-up included).
run_echo128() {
    local target=$1 report=$2 watch_args=() before after
    [ -n "$TARGET_WATCH" ] && watch_args=(--watch-pids "$TARGET_WATCH")
    # WsGate's own count of what it allocated over the window (nginx and HAProxy have no GC heap to report).
    [ -n "$PROXY_METRICS" ] && watch_args+=(--watch-metrics "$PROXY_METRICS")
    before=$(cpu_busy_all)
    pin_to "$PIN_LOAD"
    "${PIN[@]}" "$LOADGEN" echo --url "$TARGET_URL" --connections "$ECHO_CONNECTIONS" --size "$ECHO_SIZE" \
        --duration "$ECHO_SECONDS" --warmup "$WARMUP_SECONDS" "${watch_args[@]}" --json >"$report.raw" \
        || fail "$target echo $ECHO_CONNECTIONS x $ECHO_SIZE B: $(jq -r .firstError "$report.raw" 2>/dev/null)"
    after=$(cpu_busy_all)
    jq --argjson busy "$(busy_percents "$before" "$after")" '. + { cpuBusyPercent: $busy }' "$report.raw" >"$report" 2>/dev/null \
        || cp "$report.raw" "$report"
}

run_echo64k() {
    local target=$1 report=$2 watch_args=()
    [ -n "$TARGET_WATCH" ] && watch_args=(--watch-pids "$TARGET_WATCH")
    pin_to "$PIN_LOAD"
    "${PIN[@]}" "$LOADGEN" echo --url "$TARGET_URL" --connections 1 --size "$LARGE_SIZE" --duration "$LARGE_SECONDS" \
        --warmup "$LARGE_WARMUP_SECONDS" "${watch_args[@]}" --json >"$report" \
        || fail "$target echo 1 x 64 KiB: $(jq -r .firstError "$report" 2>/dev/null)"
}

# Holds IDLE_CONNECTIONS idle connections through the target; writes the proxy's RSS before and with them open.
run_idle() {
    local target=$1 report=$2 measured before after idle_pid
    measured=${TARGET_WATCH:-$BACKEND_PID}
    sleep 1
    before=$(rss_kb "$measured")
    rm -f "$WORK/idle.ready"
    pin_to "$PIN_LOAD"
    "${PIN[@]}" "$LOADGEN" idle --url "$TARGET_URL" --connections "$IDLE_CONNECTIONS" --hold $((SETTLE_SECONDS + 2)) \
        --connect-concurrency 200 --ready-file "$WORK/idle.ready" --json >"$report.idle" &
    idle_pid=$!
    PIDS+=("$idle_pid")
    if wait_for_file "$WORK/idle.ready" 120; then
        sleep "$SETTLE_SECONDS"
        after=$(rss_kb "$measured")
    else
        fail "$target idle: the connections were not open within 120 s"
        after=$before
    fi
    wait "$idle_pid" || fail "$target idle: $(jq -r '"\(.opened) opened, \(.closedClean) closed clean; \(.firstError)"' "$report.idle" 2>/dev/null)"
    jq -n --argjson before "$before" --argjson after "$after" --argjson n "$IDLE_CONNECTIONS" --arg of "$measured" \
        --arg who "$([ -n "$TARGET_WATCH" ] && echo proxy || echo backend)" \
        '{ rssBeforeKb: $before, rssWithIdleKb: $after, connections: $n, perConnectionKb: ((($after - $before) / $n) * 10 | round / 10), pids: $of, process: $who }' \
        >"$report"
}

# "busy total" jiffies of every CPU from /proc/stat, one "cpuN busy total" line each.
cpu_busy_all() {
    awk '$1 ~ /^cpu[0-9]+$/ { total = 0; for (i = 2; i <= NF; i++) total += $i; print $1, total - $5 - $6, total }' /proc/stat
}

# {"cpu0": percent, ...} between two cpu_busy_all samples.
busy_percents() {
    join <(echo "$1") <(echo "$2") | awk '{ d = $5 - $3; printf "%s\"%s\": %d", (NR > 1 ? ", " : "{"), $1, (d > 0 ? ($4 - $2) * 100 / d : 0) } END { print "}" }'
}

# The ratchet: one WsGate proxy, RATCHET_ROUNDS times IDLE_CONNECTIONS idle connections opened, held and closed; its
# RSS with them open and after they closed, each round.
run_ratchet() {
    local target=$1 report=$2 round rows=() with after idle_pid
    start_target "$target" || { fail "$target did not start (ratchet)"; return 1; }
    sleep 1
    local start
    start=$(rss_kb "$TARGET_WATCH")
    for ((round = 1; round <= RATCHET_ROUNDS; round++)); do
        rm -f "$WORK/idle.ready"
        pin_to "$PIN_LOAD"
        "${PIN[@]}" "$LOADGEN" idle --url "$TARGET_URL" --connections "$IDLE_CONNECTIONS" --hold 3 \
            --connect-concurrency 200 --ready-file "$WORK/idle.ready" --json >"$WORK/ratchet-$target-$round.json" &
        idle_pid=$!
        PIDS+=("$idle_pid")
        if wait_for_file "$WORK/idle.ready" 120; then
            sleep 2
            with=$(rss_kb "$TARGET_WATCH")
        else
            fail "$target ratchet round $round: the connections were not open within 120 s"
            with=0
        fi
        wait "$idle_pid" || fail "$target ratchet round $round: $(jq -r '"\(.opened) opened, \(.closedClean) closed clean"' "$WORK/ratchet-$target-$round.json" 2>/dev/null)"
        sleep "$SETTLE_SECONDS"
        after=$(rss_kb "$TARGET_WATCH")
        rows+=("{\"round\": $round, \"rssWithIdleKb\": $with, \"rssAfterCloseKb\": $after}")
        echo "    $target ratchet round $round: RSS ${with} kB with $IDLE_CONNECTIONS open, ${after} kB after they closed"
    done
    stop_target
    printf '%s\n' "${rows[@]}" | jq -s --argjson start "$start" --arg target "$target" \
        '{ target: $target, rssAtStartKb: $start, rounds: ., lastVsFirstAfterClose: ((.[-1].rssAfterCloseKb / .[0].rssAfterCloseKb) * 100 | round / 100) }' >"$report"
}

echo "rounds: $ROUNDS per mode ($MODES); ${ECHO_CONNECTIONS} x ${ECHO_SIZE} B for ${ECHO_SECONDS} s after ${WARMUP_SECONDS} s warm-up;" \
    "round 1 also 1 x 64 KiB and $IDLE_CONNECTIONS idle; ratchet $RATCHET_ROUNDS x $IDLE_CONNECTIONS"
read -r -a targets <<<"$TARGETS"
for mode in $MODES; do
    mode_cpus "$mode"
    echo "mode $mode: proxy on ${PIN_PROXY:-all CPUs}, load generator and backend on ${PIN_LOAD:-all CPUs}"
    start_backend "$mode" || { fail "backend did not start ($mode)"; continue; }
    for ((round = 1; round <= ROUNDS; round++)); do
        order=()
        for ((k = 0; k < ${#targets[@]}; k++)); do
            order+=("${targets[$(((k + round - 1) % ${#targets[@]}))]}")
        done
        echo "  $mode round $round: ${order[*]}"
        for target in "${order[@]}"; do
            if ! start_target "$target"; then
                fail "$target did not start ($mode round $round)"
                continue
            fi
            run_echo128 "$target" "$WORK/$mode-$round-$target-echo128.json"
            if [ "$round" = 1 ] && [ "$target" != direct ]; then
                run_echo64k "$target" "$WORK/$mode-$target-echo64k.json"
                [ "$mode" = pinned ] && run_idle "$target" "$WORK/$mode-$target-idle.json"
            fi
            stop_target
        done
    done
    if [ "$RATCHET_ROUNDS" -gt 0 ] && [ "$mode" = pinned ]; then
        for target in frames stream; do
            [[ " $TARGETS " == *" $target "* ]] && run_ratchet "$target" "$WORK/$mode-$target-ratchet.json"
        done
    fi
    stop_process "$BACKEND_PID"
done
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)

mkdir -p bench/results
RESULT="bench/results/gateway-$(date -u +%Y-%m-%dT%H%M%SZ).json"
slurp() { cat "$1" 2>/dev/null || echo null; }
runs_json=$(for mode in $MODES; do
    for ((round = 1; round <= ROUNDS; round++)); do
        for target in "${targets[@]}"; do
            jq -n --arg m "$mode" --argjson r "$round" --arg t "$target" --argjson e "$(slurp "$WORK/$mode-$round-$target-echo128.json")" \
                '{ mode: $m, round: $r, target: $t, messagesPerSecond: $e.messagesPerSecond, p99Us: $e.latencyUs.p99Us,
                   cpuSecondsPerMillionMessages: $e.watchedCpuSecondsPerMillionMessages,
                   allocatedBytesPerMessage: $e.watchedAllocatedBytesPerMessage, cpuBusyPercent: $e.cpuBusyPercent }'
        done
    done
done | jq -s .)
extras_json=$(for mode in $MODES; do
    for target in "${targets[@]}"; do
        jq -n --arg m "$mode" --arg t "$target" --argjson l "$(slurp "$WORK/$mode-$target-echo64k.json")" \
            --argjson i "$(slurp "$WORK/$mode-$target-idle.json")" --argjson k "$(slurp "$WORK/$mode-$target-ratchet.json")" \
            '{ mode: $m, target: $t, echo64k: $l, idleMemory: $i, ratchet: $k }'
    done
done | jq -s .)
jq -n \
    --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --arg commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    --arg dirty "$(git status --porcelain -- src bench | grep -q . && echo yes || echo no)" \
    --arg cpu "$(sed -nE 's/^model name\s*:\s*//p' /proc/cpuinfo | head -1)" \
    --argjson cores "$(nproc)" \
    --argjson memKb "$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)" \
    --arg os "$(. /etc/os-release && echo "$PRETTY_NAME")" \
    --arg kernel "$(uname -r)" \
    --arg dotnet "$(dotnet --list-runtimes | awk '/^Microsoft.NETCore.App/ { v = $2 } END { print v }')" \
    --arg nginx "$("$NGINX" -v 2>&1 | sed 's/^nginx version: //')" \
    --arg haproxy "$("$HAPROXY" -v 2>&1 | head -1)" \
    --argjson loadStart "$LOAD_START" --argjson loadEnd "$LOAD_END" \
    --argjson proxyCpu "$PROXY_CPU" --argjson loadCpu "$LOAD_CPU" \
    --argjson runs "$runs_json" --argjson extras "$extras_json" \
    --argjson failures "$(printf '%s\n' "${failures[@]}" | jq -R . | jq -s 'map(select(length > 0))')" \
    '{
        date: $date, commit: $commit, uncommittedChanges: $dirty,
        machine: { cores: $cores, cpu: $cpu, memoryKb: $memKb, os: $os, kernel: $kernel, dotnetRuntime: $dotnet, nginx: $nginx,
                   haproxy: $haproxy, loadAverage1mAtStart: $loadStart, loadAverage1mAtEnd: $loadEnd },
        pinning: { pinned: { proxyCpu: $proxyCpu, loadGeneratorAndBackendCpu: $loadCpu }, unpinned: "every process on every CPU" },
        runs: $runs, extras: $extras, failures: $failures
    }' >"$RESULT"

bash bench/report-gateway.sh "$RESULT"
echo "results: $RESULT"
if [ ${#failures[@]} -gt 0 ]; then
    printf 'FAILED: %s\n' "${failures[@]}" >&2
    exit 1
fi
