#!/usr/bin/env bash
# Regenerates the pictures in the docs from the real thing, so they stay true:
#  - the connection-path diagram in README.md and docs/gateway.md, drawn from the running server's admission chain
#    (the docs test checks it in every test run; this writes it);
#  - the console screenshots in docs/images, taken by the console tests (Chromium driving a real server).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1

dotnet build -c Release --nologo -v q
WSGATE_UPDATE_DOCS=1 dotnet test tests/WsGate.FunctionalTests -c Release --no-build --nologo --filter "FullyQualifiedName~DocsPicturesTests"
dotnet test tests/WsGate.ConsoleTests -c Release --no-build --nologo

shots=tests/WsGate.ConsoleTests/bin/Release/net10.0/screenshots
# screenshot the console tests take -> the docs image it becomes
while read -r shot image; do
    cp "$shots/$shot.png" "docs/images/$image.png"
    echo "docs/images/$image.png <- $shot"
done <<'MAP'
09-dashboard-live console-dashboard
25-analytics console-analytics
03-listener-field-error console-listener-error
05-api-published-and-tested console-api
21-client-test-connection console-client-test
09-connections console-connections
24-rules-and-bridges console-rules
12-session-expired-fields-kept console-session-restored
06-portal-apis portal-apis
07-portal-keys portal-keys
10-portal-tryit portal-tryit
MAP
git status --short README.md docs
