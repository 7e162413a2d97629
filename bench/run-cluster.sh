#!/usr/bin/env bash
# Cross-node broadcast: a throwaway PostgreSQL (initdb into a temp folder, 127.0.0.1, free port) and two Release WsGate
# nodes on it; then `wsgate-loadgen broadcast` with one publisher on node A and N subscribers spread over both nodes,
# and the same run with every subscriber on node A (the single-node baseline). Prints the two reports and writes
# bench/results/cluster-<date>.json (git-ignored). Every process it starts is stopped at the end; every step is bounded.
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
SUBSCRIBERS=${SUBSCRIBERS:-200}
MESSAGES=${MESSAGES:-2000}
RATE=${RATE:-200}
SIZE=${SIZE:-64}
SERVER=src/WsGate.Server/bin/Release/net10.0/wsgate
LOADGEN=src/WsGate.LoadGen/bin/Release/net10.0/wsgate-loadgen

WORK=$(mktemp -d)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
AS=()
if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$WORK"
    AS=(runuser -u postgres --)
fi
cleanup() {
    # Only the nodes this script started (their ids are in $WORK/*.pid).
    for file in "$WORK"/*.pid; do
        [ -f "$file" ] && kill -TERM "$(cat "$file")" 2>/dev/null
    done
    sleep 2
    "${AS[@]}" "$PGBIN/pg_ctl" stop -D "$WORK/pg" -m immediate >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

dotnet build -c Release src/WsGate.Server -v q -nologo >/dev/null || exit 1
dotnet build -c Release src/WsGate.LoadGen -v q -nologo >/dev/null || exit 1

PGPORT=$(port)
"${AS[@]}" "$PGBIN/initdb" -D "$WORK/pg" -U wsgate --auth=trust -E UTF8 --no-locale >/dev/null || exit 1
"${AS[@]}" "$PGBIN/pg_ctl" start -D "$WORK/pg" -w -l "$WORK/pg.log" \
    -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null || exit 1
"${AS[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U wsgate wsgate || exit 1
STORE="postgres://wsgate@127.0.0.1:$PGPORT/wsgate"

# Starts a node and prints its channel endpoint URL once it listens.
start_node() {
    local name=$1 log="$WORK/$1.log"
    WSGATE_ADMIN_PASSWORD=bench-password "$SERVER" serve --store "$STORE" --node "$name" --admin 127.0.0.1:0 --listen 127.0.0.1:0 \
        --log-level Warning >"$log" 2>&1 &
    echo $! >"$WORK/$name.pid"
    for _ in $(seq 1 300); do
        local url
        url=$(grep -oE 'ws://127\.0\.0\.1:[0-9]+/channel' "$log" | head -1)
        if [ -n "$url" ]; then
            echo "$url"
            return 0
        fi
        sleep 0.1
    done
    echo "node $name did not start: $(cat "$log")" >&2
    return 1
}

A=$(start_node node-a) || exit 1
B=$(start_node node-b) || exit 1

mkdir -p bench/results
OUT="bench/results/cluster-$(date -u +%Y%m%dT%H%M%SZ).json"
echo "two nodes: publisher on $A, $SUBSCRIBERS subscribers over $A and $B"
$LOADGEN broadcast --url "$A" --subscriber-urls "$A,$B" --connections "$SUBSCRIBERS" --messages "$MESSAGES" --rate "$RATE" --size "$SIZE" --timeout 120 | tee "$WORK/cluster.txt"
$LOADGEN broadcast --url "$A" --subscriber-urls "$A,$B" --connections "$SUBSCRIBERS" --messages "$MESSAGES" --rate "$RATE" --size "$SIZE" --timeout 120 --json >"$WORK/cluster.json"
echo "one node: publisher and $SUBSCRIBERS subscribers on $A"
$LOADGEN broadcast --url "$A" --subscriber-urls "$A" --connections "$SUBSCRIBERS" --messages "$MESSAGES" --rate "$RATE" --size "$SIZE" --timeout 120 --json >"$WORK/single.json"
python3 - "$WORK/cluster.json" "$WORK/single.json" "$OUT" <<'PY'
import json, sys, os
cluster, single = (json.load(open(p)) for p in sys.argv[1:3])
for name, r in (("two nodes", cluster), ("one node", single)):
    l = r["latency"]
    print(f"{name:10} delivered {r['delivered']}/{r['expected']}  {r['deliveriesPerSecond']:.0f}/s  p50 {l['p50Us']/1000:.2f} ms  p99 {l['p99Us']/1000:.2f} ms  max {l['maxUs']/1000:.2f} ms")
json.dump({"cluster": cluster, "single": single, "load": os.getloadavg()}, open(sys.argv[3], "w"), indent=2)
PY
echo "written $OUT"
