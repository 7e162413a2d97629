# Shared by the bench scripts (sourced, not run, from the repository root). Helpers that start WsGate expect PASSWORD
# to be set by the script; `fail` records into the script's `failures` array.

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# What build_release builds and the scripts run.
SERVER=src/WsGate.Server/bin/Release/net10.0/wsgate
LOADGEN=src/WsGate.LoadGen/bin/Release/net10.0/wsgate-loadgen

# A work folder removed on exit, the processes to kill on exit (only those still running) and the failure list.
# Scripts that track their processes differently (run-foundation.sh) keep their own.
bench_workspace() {
    WORK=$(mktemp -d)
    PIDS=()
    failures=()
    trap bench_cleanup EXIT
}

bench_cleanup() {
    for pid in "${PIDS[@]}"; do
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null
        fi
    done
    rm -rf "$WORK"
}

# Builds the server and the load generator in Release (the scripts run their binaries); prints the log on failure.
build_release() {
    echo "building WsGate and the load generator (Release)..."
    local project
    for project in src/WsGate.Server/WsGate.Server.csproj src/WsGate.LoadGen/WsGate.LoadGen.csproj; do
        if ! dotnet build -c Release "$project" -nologo -v q >"$WORK/build.log" 2>&1; then
            cat "$WORK/build.log" >&2
            echo "build failed: $project" >&2
            return 1
        fi
    done
}

fail() {
    echo "FAILED: $*" >&2
    failures+=("$*")
}

# A port below the ephemeral range (so no outgoing connection holds it) that nothing listens on and we did not hand out.
TAKEN=" "
free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 12000))
        if ! ss -Htln "sport = :$port" | grep -q . && [[ "$TAKEN" != *" $port "* ]]; then
            TAKEN="$TAKEN$port "
            echo "$port"
            return 0
        fi
    done
    echo "no free port found" >&2
    return 1
}

# Waits (bounded) until a file exists and is not empty.
wait_for_file() {
    local file=$1 seconds=$2 waited=0
    while [ ! -s "$file" ]; do
        sleep 0.02
        waited=$((waited + 1))
        [ "$waited" -ge $((seconds * 50)) ] && return 1
    done
    return 0
}

# A process and its children (nginx: master and worker), as one comma-separated list.
process_tree() {
    local pids=$1 children
    children=$(cat /proc/"$1"/task/*/children 2>/dev/null | tr -s ' \n' ' ')
    for child in $children; do
        pids="$pids,$child"
    done
    echo "$pids"
}

# The summed RSS in kB of one process or a comma-separated list of them.
rss_kb() {
    local total=0 pid
    for pid in ${1//,/ }; do
        total=$((total + $(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)))
    done
    echo "$total"
}

# Starts WsGate: name, CPU, admin port, listen port, then optional NAME=VALUE environment; sets STARTED_PID.
start_wsgate() {
    local name=$1 cpu=$2 admin=$3 listen=$4
    shift 4
    env "$@" WSGATE_ADMIN_PASSWORD="$PASSWORD" taskset -c "$cpu" "$SERVER" serve \
        --data "$WORK/$name/wsgate.db" --admin "127.0.0.1:$admin" --listen "127.0.0.1:$listen" \
        --log-level Warning >"$WORK/$name.log" 2>&1 &
    STARTED_PID=$!
    PIDS+=("$STARTED_PID")
}

wait_for_ws() {
    "$LOADGEN" probe --url "$1" --timeout 60 --interval-ms 10 --json >"$WORK/probe.json" \
        || { fail "no WebSocket accepted at $1 within 60 s"; return 1; }
}

# The listeners may take connections a moment before the admin API answers: wait for it as well.
wait_for_admin() {
    for _ in $(seq 1 600); do
        curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/healthz" && return 0
        sleep 0.1
    done
    fail "no admin API at 127.0.0.1:$1 within 60 s"
    return 1
}

# SIGTERM, then (after at most 30 s) SIGKILL, to one process this script started.
stop_process() {
    kill -TERM "$1" 2>/dev/null
    for _ in $(seq 1 300); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}
