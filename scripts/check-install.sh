#!/usr/bin/env bash
# Checks the install paths of docs/install.md end to end, with the commands that page gives:
#   1. the .NET tool: dotnet pack into artifacts/, the package's contents, dotnet tool install into a temporary
#      --tool-path, then the installed `wsgate` run for real (below), then dotnet tool uninstall;
#   2. the self-contained single file for linux-x64: dotnet publish into artifacts/linux-x64, the file copied alone
#      into a temporary folder and run for real (below).
# "Run for real" is: --help, --version, bench --help; serve on a new store with the admin API and the default listener
# on free loopback ports; GET /healthz and the console's sign-in page and stylesheet on the admin port; a WebSocket
# echo on /echo spoken by a raw-socket Python client and by `wsgate client test`; `wsgate listeners list` through the
# admin API; `wsgate bench idle` split over two processes; SIGTERM, which must end serve with exit 0.
# Prints each check as it passes and stops at the first failure. Not part of .ci/run: a pack and a self-contained
# publish take minutes. Needs dotnet, python3 and curl; leaves nothing installed (temporary folders are removed).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in dotnet python3 curl; do
    command -v "$tool" > /dev/null || { echo "check-install: $tool is needed" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/wsgate-check-install.XXXXXX")
server_pid=""
tool_path=""
passed=0

cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2> /dev/null; then
        kill -TERM "$server_pid" 2> /dev/null || true
        wait "$server_pid" 2> /dev/null || true
    fi
    if [[ -n "$tool_path" && -d "$tool_path" ]]; then
        dotnet tool uninstall WsGate --tool-path "$tool_path" > /dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

section() { printf '\n== %s\n' "$*"; }
ok() { passed=$((passed + 1)); printf 'ok    %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*" >&2; exit 1; }
elapsed() { awk -v start="$1" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f s", now - start }'; }
human_size() { numfmt --to=iec --suffix=B "$(stat -c %s "$1")"; }

# A WebSocket client on a raw socket, independent of .NET: handshake (Sec-WebSocket-Accept checked), one masked text
# frame echoed byte for byte, closing handshake answered with 1000.
ws_echo() {
    python3 - "$1" "$2" "$3" << 'PY'
import base64, hashlib, os, socket, struct, sys
host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.create_connection((host, port), timeout=10)
key = base64.b64encode(os.urandom(16)).decode()
s.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
buf = b""
while b"\r\n\r\n" not in buf:
    chunk = s.recv(4096)
    if not chunk:
        sys.exit("the connection closed during the handshake")
    buf += chunk
head, buf = buf.split(b"\r\n\r\n", 1)
lines = head.decode().split("\r\n")
headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
if lines[0].split(" ")[1] != "101" or headers.get("sec-websocket-accept") != accept:
    sys.exit(f"handshake failed: {lines[0]}, Sec-WebSocket-Accept {headers.get('sec-websocket-accept')}")

def send(opcode, payload):
    mask = os.urandom(4)
    s.sendall(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

def receive():
    global buf
    while len(buf) < 2 or len(buf) < 2 + (buf[1] & 0x7F):
        chunk = s.recv(4096)
        if not chunk:
            sys.exit("the connection closed before a frame")
        buf += chunk
    n = buf[1] & 0x7F
    opcode, payload, buf = buf[0] & 0x0F, buf[2:2 + n], buf[2 + n:]
    return opcode, payload

message = b"hello from check-install"
send(0x1, message)
opcode, payload = receive()
if opcode != 0x1 or payload != message:
    sys.exit(f"the echo differs: opcode {opcode}, {payload!r}")
send(0x8, struct.pack("!H", 1000))
opcode, payload = receive()
code = struct.unpack("!H", payload[:2])[0] if opcode == 0x8 and len(payload) >= 2 else None
if code != 1000:
    sys.exit(f"the close was answered with opcode {opcode}, code {code}")
print(f"{lines[0]}, {len(message)}-byte text frame echoed, closed with {code}")
PY
}

# smoke LABEL WSGATE: runs one installed wsgate for real (see the top of this file).
smoke() {
    local label=$1 wsgate=$2 dir="$work/$1" out
    mkdir -p "$dir"

    out=$("$wsgate" --help) || fail "$label: wsgate --help exited $?"
    grep -q '^  serve ' <<< "$out" || fail "$label: wsgate --help does not list serve"
    ok "$label: wsgate --help lists the commands"
    ok "$label: wsgate --version: $("$wsgate" --version)"
    out=$("$wsgate" bench --help) || fail "$label: wsgate bench --help exited $?"
    grep -q '^usage: wsgate bench MODE' <<< "$out" || fail "$label: wsgate bench --help is not the load generator's usage"
    ok "$label: wsgate bench --help (the load generator is in)"

    local started
    started=$(date +%s.%N)
    : > "$dir/serve.log"
    WSGATE_ADMIN_PASSWORD=check-install "$wsgate" serve --data "$dir/data/wsgate.db" \
        --admin 127.0.0.1:0 --listen 127.0.0.1:0 > "$dir/serve.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 600); do
        grep -q '^Press Ctrl+C' "$dir/serve.log" && break
        kill -0 "$server_pid" 2> /dev/null || { cat "$dir/serve.log" >&2; fail "$label: serve exited during start-up"; }
        sleep 0.1
    done
    grep -q '^Press Ctrl+C' "$dir/serve.log" || { cat "$dir/serve.log" >&2; fail "$label: serve did not start within 60 s"; }
    local admin listen
    admin=$(sed -n 's|^  admin API *\(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$dir/serve.log")
    listen=$(sed -n 's|^  listener *default: ws://127\.0\.0\.1:\([0-9]*\)/echo.*|\1|p' "$dir/serve.log")
    [[ -n "$admin" && -n "$listen" ]] || { cat "$dir/serve.log" >&2; fail "$label: no admin or listener address in serve's banner"; }
    ok "$label: serve started in $(elapsed "$started") (admin $admin, listener 127.0.0.1:$listen): $(grep -o 'started in [0-9]* ms' "$dir/serve.log")"

    out=$(curl -sS -w ' %{http_code}' "$admin/healthz")
    [[ "$out" == '{"status":"ok"} 200' ]] || fail "$label: GET /healthz answered $out"
    ok "$label: GET $admin/healthz: $out"

    out=$(curl -sS -w '\n%{http_code}' "$admin/console/login")
    [[ "${out##*$'\n'}" == 200 ]] && grep -q '<title>Sign in' <<< "$out" || fail "$label: GET /console/login is not the sign-in page"
    local css
    css=$(grep -o '/console/assets/console\.css[^"]*' <<< "$out" | head -n 1)
    [[ -n "$css" ]] || fail "$label: the sign-in page links no stylesheet"
    out=$(curl -sS -o /dev/null -w '%{http_code} %{content_type} %{size_download}' "$admin$css")
    [[ "$out" == "200 text/css"* ]] || fail "$label: GET $css answered $out"
    ok "$label: GET /console/login is the sign-in page; its stylesheet (embedded) answers $out bytes"

    out=$(ws_echo 127.0.0.1 "$listen" /echo) || fail "$label: raw WebSocket echo: $out"
    ok "$label: raw-socket WebSocket client on ws://127.0.0.1:$listen/echo: $out"

    out=$("$wsgate" client test "ws://127.0.0.1:$listen/echo") || { echo "$out" >&2; fail "$label: wsgate client test exited non-zero"; }
    grep -q 'WebSocket works' <<< "$out" || fail "$label: wsgate client test did not say the WebSocket works"
    ok "$label: wsgate client test ws://127.0.0.1:$listen/echo: WebSocket works"

    out=$(WSGATE_PASSWORD=check-install "$wsgate" listeners list --server "$admin" --json) || fail "$label: wsgate listeners list exited $?"
    grep -q '"default"' <<< "$out" || fail "$label: wsgate listeners list does not show the default listener"
    ok "$label: wsgate listeners list --server $admin (the CLI through the admin API)"

    out=$("$wsgate" bench idle --url "ws://127.0.0.1:$listen/echo" --connections 20 --per-process 10 --hold 1 --json) \
        || { echo "$out" >&2; fail "$label: wsgate bench idle exited non-zero"; }
    python3 -c 'import json, sys; r = json.loads(sys.stdin.read()); sys.exit(0 if r["processes"] == 2 and r["opened"] == 20 and r["closedClean"] == 20 else "report: " + json.dumps(r))' <<< "$out" \
        || fail "$label: wsgate bench idle did not open and cleanly close 20 connections in 2 processes"
    ok "$label: wsgate bench idle: 20 connections over 2 processes (a child wsgate), all closed cleanly"

    kill -TERM "$server_pid"
    local code=0
    wait "$server_pid" || code=$?
    server_pid=""
    [[ $code == 0 ]] || { cat "$dir/serve.log" >&2; fail "$label: serve exited $code after SIGTERM"; }
    grep -q '^WsGate stopped' "$dir/serve.log" || fail "$label: serve did not say it stopped"
    ok "$label: SIGTERM: serve drained and exited 0"
}

section "1. .NET tool: dotnet pack src/WsGate.Server -c Release -o artifacts"
started=$(date +%s.%N)
dotnet pack src/WsGate.Server -c Release -o artifacts -nologo -v quiet > "$work/pack.log" 2>&1 || { cat "$work/pack.log" >&2; fail "dotnet pack failed"; }
package=$(ls -t artifacts/WsGate.*.nupkg | head -n 1)
version=$(basename "$package" .nupkg)
version=${version#WsGate.}
ok "packed $package ($(human_size "$package")) in $(elapsed "$started")"
python3 - "$package" << 'PY' || fail "the package lacks part of the tool"
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
tool = "tools/net10.0/any/"
settings = zipfile.ZipFile(sys.argv[1]).read(tool + "DotnetToolSettings.xml").decode()
needed = ["wsgate.dll", "wsgate-loadgen.dll", "WsGate.Admin.dll", "WsGate.Storage.dll", "runtimes/linux-x64/native/libe_sqlite3.so"]
missing = [n for n in needed if tool + n not in names]
if missing or 'Name="wsgate"' not in settings or 'EntryPoint="wsgate.dll"' not in settings:
    sys.exit(f"missing: {missing}; DotnetToolSettings.xml: {settings}")
print(f"ok    the package holds the tool (command wsgate, entry wsgate.dll), the load generator, the console and native SQLite ({len(names)} files)")
PY
passed=$((passed + 1))

tool_path="$work/tool"
started=$(date +%s.%N)
dotnet tool install WsGate --version "$version" --tool-path "$tool_path" --add-source artifacts > "$work/install.log" 2>&1 \
    || { cat "$work/install.log" >&2; fail "dotnet tool install failed"; }
python3 - "$package" "$tool_path" "$version" << 'PY' || fail "the installed tool is not the package just packed"
import pathlib, sys, zipfile
package, tool_path, version = sys.argv[1:]
installed = pathlib.Path(tool_path, ".store", "wsgate", version, "wsgate", version, "tools", "net10.0", "any", "wsgate.dll")
if installed.read_bytes() != zipfile.ZipFile(package).read("tools/net10.0/any/wsgate.dll"):
    sys.exit(f"{installed} differs from the packed wsgate.dll")
PY
ok "dotnet tool install WsGate --version $version --tool-path <temp> --add-source artifacts in $(elapsed "$started"): the packed wsgate.dll"
started=$(date +%s.%N)
"$tool_path/wsgate" --version > /dev/null
ok "the installed launcher answers --version in $(elapsed "$started")"
smoke tool "$tool_path/wsgate"
dotnet tool uninstall WsGate --tool-path "$tool_path" > /dev/null || fail "dotnet tool uninstall failed"
[[ ! -e "$tool_path/wsgate" ]] || fail "dotnet tool uninstall left $tool_path/wsgate"
tool_path=""
ok "dotnet tool uninstall WsGate --tool-path <temp>"

section "2. single file: dotnet publish src/WsGate.Server -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true -o artifacts/linux-x64"
started=$(date +%s.%N)
dotnet publish src/WsGate.Server -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true -o artifacts/linux-x64 \
    -nologo -v quiet > "$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; fail "dotnet publish failed"; }
ok "published artifacts/linux-x64/wsgate ($(human_size artifacts/linux-x64/wsgate)) in $(elapsed "$started")"
mkdir -p "$work/single-file/bin"
cp artifacts/linux-x64/wsgate "$work/single-file/bin/wsgate"
export DOTNET_BUNDLE_EXTRACT_BASE_DIR="$work/single-file/extract"
started=$(date +%s.%N)
"$work/single-file/bin/wsgate" --version > /dev/null
ok "the file copied alone into an empty folder answers --version in $(elapsed "$started") (first run, extracting)"
extracted=$(find "$DOTNET_BUNDLE_EXTRACT_BASE_DIR" -type f -printf '%f\n' | sort | tr '\n' ' ')
[[ "$extracted" == "libe_sqlite3.so " ]] || fail "expected only libe_sqlite3.so extracted from the file, found: ${extracted:-nothing}"
ok "only the native SQLite library was extracted from the file (into DOTNET_BUNDLE_EXTRACT_BASE_DIR)"
smoke single-file "$work/single-file/bin/wsgate"

printf '\ncheck-install: all %d checks passed\n' "$passed"
