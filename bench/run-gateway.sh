#!/usr/bin/env bash
# The gateway comparison: the same WebSocket load through four targets, one table.
#   (a) direct   the backend itself (a second WsGate, its /echo endpoint), no proxy
#   (b) nginx    Debian's nginx as a WebSocket proxy to that backend (generated config, 1 worker, foreground child);
#                nginx-64k is the same with 64 KiB proxy buffers instead of the default 4 KiB
#   (c) frames   WsGate with an API in relayMode "frames" (terminates both WebSockets, relays frame by frame)
#   (d) stream   WsGate with an API in relayMode "stream" (forwards the handshake, then copies bytes)
# Workloads, per target: 100 connections x 128 B echo closed-loop, 1 connection x 64 KiB echo, and 9,000 idle proxied
# connections for memory. Reports messages/s, round-trip p50/p99/p99.9, the proxy's CPU seconds per million messages
# (utime + stime of the proxy's processes over the measured window only) and the proxy's RSS per idle connection.
#
# Pinning, the same for every target: the proxy runs on CPU $PROXY_CPU, the load generator and the backend on CPU
# $LOAD_CPU (taskset). Every step is bounded in time and count; only 127.0.0.1 is used. Results go to
# bench/results/gateway-<date>.json. Exit status is non-zero when any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
source bench/common.sh

NGINX=${NGINX:-/usr/sbin/nginx}
PROXY_CPU=${PROXY_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
TARGETS=${TARGETS:-"direct nginx nginx-64k frames stream"}
# nginx relays an upgraded connection through one proxy_buffer_size buffer per direction (4 KiB by default); the
# nginx-64k target gives it 64 KiB, the size of the large messages, so the 64 KiB row is not won on a default.
NGINX_64K="proxy_buffer_size 64k; proxy_buffers 4 64k; proxy_busy_buffers_size 128k;"
ECHO_CONNECTIONS=100
ECHO_SIZE=128
ECHO_SECONDS=${ECHO_SECONDS:-10}
LARGE_SIZE=65536
LARGE_SECONDS=${LARGE_SECONDS:-5}
# Each proxy starts fresh, so the first workload's warm-up also covers .NET's tiered JIT: hot methods run
# instrumented first and are recompiled with profile data on a background thread, which on a busy pinned core takes
# several seconds (measured: frames moved from 23,600 to 32,300 msg/s between 2 s and 12 s of warm-up). Steady state
# is what a long-running gateway sees; nginx has nothing to warm. The 64 KiB run follows on the warm process.
WARMUP_SECONDS=${WARMUP_SECONDS:-15}
LARGE_WARMUP_SECONDS=2
IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-9000}
RATE_ROUNDS=${RATE_ROUNDS:-0}
SETTLE_SECONDS=5
PASSWORD="bench-$(date +%s)-password"
bench_workspace

build_release || exit 1
command -v "$NGINX" >/dev/null || { echo "nginx not found at $NGINX (apt-get install -y nginx)" >&2; exit 1; }

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD_START" -v n="$(nproc)" 'BEGIN { exit !(l > 1) }'; then
    echo "warning: load average $LOAD_START before the run; other work on this machine will skew the numbers" >&2
fi

# The backend: WsGate's own /echo, on the load generator's CPU, for every target.
BACKEND_ADMIN=$(free_port) && BACKEND_PORT=$(free_port) || exit 1
start_wsgate backend "$LOAD_CPU" "$BACKEND_ADMIN" "$BACKEND_PORT"
BACKEND_PID=$STARTED_PID
BACKEND_URL="ws://127.0.0.1:$BACKEND_PORT/echo"
wait_for_ws "$BACKEND_URL" || exit 1

# The proxy under test is started per target, so each starts fresh and runs alone on its CPU.
# nginx: port, then extra directives for the location.
start_nginx() {
    local port=$1 directives=${2:-}
    mkdir -p "$WORK/nginx/logs"
    cat >"$WORK/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
worker_rlimit_nofile 20000;
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
    upstream backend {
        server 127.0.0.1:$BACKEND_PORT;
    }
    server {
        listen 127.0.0.1:$port;
        location / {
            proxy_pass http://backend/echo;
            proxy_http_version 1.1;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_set_header Host \$host;
            proxy_read_timeout 3600s;
            proxy_send_timeout 3600s;
            $directives ${NGINX_DIRECTIVES:-}
        }
    }
}
EOF
    taskset -c "$PROXY_CPU" "$NGINX" -p "$WORK/nginx" -e "$WORK/nginx/logs/error.log" -c "$WORK/nginx/nginx.conf" >"$WORK/nginx.log" 2>&1 &
    PIDS+=($!)
    PROXY_PID=$!
    PROXY_URL="ws://127.0.0.1:$port/"
}

start_wsgate_proxy() {
    local mode=$1 admin port
    admin=$(free_port) && port=$(free_port) || return 1
    # A fresh store each start: a store keeps the listener's port from its first start.
    PROXY_STARTS=$((${PROXY_STARTS:-0} + 1))
    # shellcheck disable=SC2086 # WSGATE_PROXY_ENV is a list of NAME=VALUE words
    start_wsgate "proxy-$mode-$PROXY_STARTS" "$PROXY_CPU" "$admin" "$port" ${WSGATE_PROXY_ENV:-}
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
}

# Starts the target's proxy (none for direct) and sets TARGET_URL and TARGET_WATCH (the proxy's pids).
start_target() {
    local target=$1 url port
    PROXY_PID=""
    TARGET_WATCH=""
    case $target in
        direct) url=$BACKEND_URL ;;
        nginx | nginx-64k)
            port=$(free_port) || return 1
            start_nginx "$port" "$([ "$target" = nginx-64k ] && echo "$NGINX_64K")"
            url=$PROXY_URL
            wait_for_ws "$url" || { cat "$WORK/nginx.log" "$WORK/nginx/logs/error.log" >&2 2>/dev/null; stop_process "$PROXY_PID"; return 1; }
            ;;
        frames | stream)
            start_wsgate_proxy "$target" || return 1
            url=$PROXY_URL
            wait_for_ws "$url" || return 1
            ;;
    esac
    [ -n "$PROXY_PID" ] && TARGET_WATCH=$(process_tree "$PROXY_PID")
    TARGET_URL=$url
}

# "busy total" jiffies of one CPU from /proc/stat (idle and iowait are the not-busy part).
cpu_jiffies() {
    awk -v cpu="cpu$1" '$1 == cpu { total = 0; for (i = 2; i <= NF; i++) total += $i; print total - $5 - $6, total }' /proc/stat
}

# Percentage of a CPU that was busy between two cpu_jiffies samples.
busy_percent() {
    local b0 t0 b1 t1
    read -r b0 t0 <<<"$1"
    read -r b1 t1 <<<"$2"
    echo $(((b1 - b0) * 100 / (t1 - t0 > 0 ? t1 - t0 : 1)))
}

# The 128 B closed-loop workload against the started target, its report written to $2. The report also gets how busy the
# load generator's CPU and the proxy's CPU were over the run (warm-up included): a load CPU near 100% means the load
# generator and backend, not the proxy, set the rate.
run_echo128() {
    local target=$1 report=$2 watch_args=() load0 proxy0 load1 proxy1
    [ -n "$TARGET_WATCH" ] && watch_args=(--watch-pids "$TARGET_WATCH")
    load0=$(cpu_jiffies "$LOAD_CPU")
    proxy0=$(cpu_jiffies "$PROXY_CPU")
    taskset -c "$LOAD_CPU" "$LOADGEN" echo --url "$TARGET_URL" --connections "$ECHO_CONNECTIONS" --size "$ECHO_SIZE" --duration "$ECHO_SECONDS" \
        --warmup "$WARMUP_SECONDS" "${watch_args[@]}" --json >"$report.raw" \
        || fail "$target echo $ECHO_CONNECTIONS x $ECHO_SIZE B: $(jq -r .firstError "$report.raw" 2>/dev/null)"
    load1=$(cpu_jiffies "$LOAD_CPU")
    proxy1=$(cpu_jiffies "$PROXY_CPU")
    jq --argjson load "$(busy_percent "$load0" "$load1")" --argjson proxy "$(busy_percent "$proxy0" "$proxy1")" \
        '. + { loadCpuBusyPercent: $load, proxyCpuBusyPercent: $proxy }' "$report.raw" >"$report" 2>/dev/null || cp "$report.raw" "$report"
}

run_target() {
    local target=$1
    start_target "$target" || return 1
    local url=$TARGET_URL watch=$TARGET_WATCH
    echo "  $target: $url${watch:+ (proxy pids $watch on CPU $PROXY_CPU)}"
    local pin="taskset -c $LOAD_CPU"
    local watch_args=()
    [ -n "$watch" ] && watch_args=(--watch-pids "$watch")

    run_echo128 "$target" "$WORK/$target-echo.json"
    $pin "$LOADGEN" echo --url "$url" --connections 1 --size "$LARGE_SIZE" --duration "$LARGE_SECONDS" \
        --warmup "$LARGE_WARMUP_SECONDS" "${watch_args[@]}" --json >"$WORK/$target-large.json" \
        || fail "$target echo 1 x 64 KiB: $(jq -r .firstError "$WORK/$target-large.json" 2>/dev/null)"

    # Idle memory: the proxy's RSS (all its processes) just before, and with the connections held open and settled.
    local measured=${watch:-$BACKEND_PID} before after
    sleep 1
    before=$(rss_kb "$measured")
    rm -f "$WORK/idle.ready"
    $pin "$LOADGEN" idle --url "$url" --connections "$IDLE_CONNECTIONS" --hold $((SETTLE_SECONDS + 2)) --connect-concurrency 200 \
        --ready-file "$WORK/idle.ready" --json >"$WORK/$target-idle.json" &
    local idle_pid=$!
    PIDS+=($idle_pid)
    if wait_for_file "$WORK/idle.ready" 120; then
        sleep "$SETTLE_SECONDS"
        after=$(rss_kb "$measured")
    else
        fail "$target idle: the connections were not open within 120 s"
        after=$before
    fi
    wait "$idle_pid" || fail "$target idle: $(jq -r '"\(.opened) opened, \(.closedClean) closed clean; \(.firstError)"' "$WORK/$target-idle.json" 2>/dev/null)"
    jq -n --argjson before "$before" --argjson after "$after" --argjson n "$IDLE_CONNECTIONS" --arg of "$measured" \
        --arg who "$([ -n "$watch" ] && echo proxy || echo backend)" \
        '{ rssBeforeKb: $before, rssWithIdleKb: $after, connections: $n, perConnectionKb: ((($after - $before) / $n) * 10 | round / 10), pids: $of, process: $who }' \
        >"$WORK/$target-memory.json"
    [ -n "$PROXY_PID" ] && stop_process "$PROXY_PID"
    PROXY_PID=""
}

echo "running: ${ECHO_CONNECTIONS} x ${ECHO_SIZE} B for ${ECHO_SECONDS} s after ${WARMUP_SECONDS} s warm-up, 1 x 64 KiB for ${LARGE_SECONDS} s after ${LARGE_WARMUP_SECONDS} s, ${IDLE_CONNECTIONS} idle"
echo "pinning: proxy on CPU $PROXY_CPU; load generator and backend on CPU $LOAD_CPU"
for target in $TARGETS; do
    run_target "$target" || fail "$target did not start"
done

# Rate rounds: the 128 B workload again for direct, nginx, frames and stream, RATE_ROUNDS times, each round in a rotated
# order and each proxy fresh. One run per target in sequence measures the machine's drift as much as the proxies (on a
# shared VM the same binary can lose a fifth of its rate within twenty minutes); ratios taken within a round and their
# median across rounds do not. direct is the ceiling: no proxy at all, so no proxy's ratio can reasonably exceed its.
ROUND_TARGETS=(direct nginx frames stream)
for ((round = 1; round <= RATE_ROUNDS; round++)); do
    echo "  rate round $round of $RATE_ROUNDS"
    for ((k = 0; k < ${#ROUND_TARGETS[@]}; k++)); do
        target=${ROUND_TARGETS[$(((k + round - 1) % ${#ROUND_TARGETS[@]}))]}
        if start_target "$target"; then
            run_echo128 "$target" "$WORK/round-$round-$target.json"
        else
            fail "$target did not start (round $round)"
        fi
        [ -n "$PROXY_PID" ] && stop_process "$PROXY_PID"
        PROXY_PID=""
    done
done
stop_process "$BACKEND_PID"
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)

mkdir -p bench/results
RESULT="bench/results/gateway-$(date -u +%Y-%m-%dT%H%M%SZ).json"
targets_json=$(for target in $TARGETS; do
    jq -n --arg t "$target" \
        --slurpfile echo <(cat "$WORK/$target-echo.json" 2>/dev/null || echo null) \
        --slurpfile large <(cat "$WORK/$target-large.json" 2>/dev/null || echo null) \
        --slurpfile memory <(cat "$WORK/$target-memory.json" 2>/dev/null || echo null) \
        '{ target: $t, echo128: $echo[0], echo64k: $large[0], idleMemory: $memory[0] }'
done | jq -s .)
rounds_json=$(for ((round = 1; round <= RATE_ROUNDS; round++)); do
    for target in "${ROUND_TARGETS[@]}"; do
        jq -n --arg t "$target" --argjson r "$round" --slurpfile echo <(cat "$WORK/round-$round-$target.json" 2>/dev/null || echo null) \
            '{ round: $r, target: $t, messagesPerSecond: $echo[0].messagesPerSecond, p99Us: $echo[0].latencyUs.p99Us,
               cpuSecondsPerMillionMessages: $echo[0].watchedCpuSecondsPerMillionMessages,
               loadCpuBusyPercent: $echo[0].loadCpuBusyPercent, proxyCpuBusyPercent: $echo[0].proxyCpuBusyPercent }'
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
    --argjson loadStart "$LOAD_START" --argjson loadEnd "$LOAD_END" \
    --argjson proxyCpu "$PROXY_CPU" --argjson loadCpu "$LOAD_CPU" \
    --argjson targets "$targets_json" \
    --argjson rounds "$rounds_json" \
    --argjson failures "$(printf '%s\n' "${failures[@]}" | jq -R . | jq -s 'map(select(length > 0))')" \
    '{
        date: $date, commit: $commit, uncommittedChanges: $dirty,
        machine: { cores: $cores, cpu: $cpu, memoryKb: $memKb, os: $os, kernel: $kernel, dotnetRuntime: $dotnet, nginx: $nginx,
                   loadAverage1mAtStart: $loadStart, loadAverage1mAtEnd: $loadEnd },
        pinning: { proxyCpu: $proxyCpu, loadGeneratorAndBackendCpu: $loadCpu },
        targets: $targets, rateRounds: $rounds, failures: $failures
    }' >"$RESULT"

echo
echo "WsGate gateway comparison ($(nproc) cores, $(sed -nE 's/^model name\s*:\s*//p' /proc/cpuinfo | head -1), load $LOAD_START -> $LOAD_END; proxy on CPU $PROXY_CPU, load generator + backend on CPU $LOAD_CPU)"
jq -r '
    def n: if . == null then "-" else (. * 10 | round / 10 | tostring) end;
    def i: if . == null then "-" else (. | floor | tostring) end;
    def ms: if . == null then "-" else ((. / 1000) * 100 | round / 100 | tostring) end;
    def ratio($base): if $base and . then (. / $base * 100 | round / 100 | tostring) + "x" else "-" end;
    (first(.targets[] | select(.target == "nginx") | .echo128.messagesPerSecond) // null) as $n128 |
    (first(.targets[] | select(.target == "nginx") | .echo64k.messagesPerSecond) // null) as $n64 |
    ["target", "128B msg/s", "vs nginx", "p50 ms", "p99 ms", "p99.9 ms", "CPU s/M msg", "load CPU %",
     "64K msg/s", "vs nginx", "p50 ms", "p99 ms", "p99.9 ms", "CPU s/M msg", "idle KB/conn"],
    (.targets[] | [ .target,
        (.echo128.messagesPerSecond | i), (.echo128.messagesPerSecond | ratio($n128)),
        (.echo128.latencyUs.p50Us | ms), (.echo128.latencyUs.p99Us | ms), (.echo128.latencyUs.p999Us | ms), (.echo128.watchedCpuSecondsPerMillionMessages | n),
        (.echo128.loadCpuBusyPercent | i),
        (.echo64k.messagesPerSecond | i), (.echo64k.messagesPerSecond | ratio($n64)),
        (.echo64k.latencyUs.p50Us | ms), (.echo64k.latencyUs.p99Us | ms), (.echo64k.latencyUs.p999Us | ms), (.echo64k.watchedCpuSecondsPerMillionMessages | n),
        (if .idleMemory == null then "-" elif .idleMemory.process == "backend" then "(" + (.idleMemory.perConnectionKb | tostring) + " backend)" else (.idleMemory.perConnectionKb | tostring) end) ])
    | @tsv' "$RESULT" | column -t -s $'\t'
if [ "$RATE_ROUNDS" -gt 0 ]; then
    echo
    echo "128 B rate over $RATE_ROUNDS rounds (each round: fresh proxies in rotated order; ratio to nginx within the round, then the median)"
    jq -r '
        def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
        def r2: if . == null then "-" else (. * 100 | round / 100 | tostring) end;
        .rateRounds as $all |
        ($all | map(.round) | unique) as $rounds |
        ["target", "median msg/s", "median x nginx", "per-round x nginx", "median p99 ms", "median CPU s/M msg", "load CPU busy %", "proxy CPU busy %"],
        (["direct", "nginx", "frames", "stream"][] as $t |
            [$rounds[] as $r | ($all[] | select(.round == $r and .target == $t) | .messagesPerSecond) as $m
                | ($all[] | select(.round == $r and .target == "nginx") | .messagesPerSecond) as $n
                | if $m and $n then $m / $n else empty end] as $ratios |
            [$t,
             ([$all[] | select(.target == $t) | .messagesPerSecond // empty] | median | if . == null then "-" else (floor | tostring) end),
             (($ratios | median | r2) + "x"),
             ($ratios | map(r2) | join(" ")),
             ([$all[] | select(.target == $t) | .p99Us // empty] | median | if . == null then null else . / 1000 end | r2),
             ([$all[] | select(.target == $t) | .cpuSecondsPerMillionMessages // empty] | median | r2),
             ([$all[] | select(.target == $t) | .loadCpuBusyPercent // empty] | median | r2),
             ([$all[] | select(.target == $t) | .proxyCpuBusyPercent // empty] | median | r2)])
        | @tsv' "$RESULT" | column -t -s $'\t'
fi
echo "results: $RESULT"
if [ ${#failures[@]} -gt 0 ]; then
    printf 'FAILED: %s\n' "${failures[@]}" >&2
    exit 1
fi
