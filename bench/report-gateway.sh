#!/usr/bin/env bash
# Prints the tables of a bench/results/gateway-*.json file written by run-gateway.sh (also run at its end).
set -uo pipefail
RESULT=${1:?usage: report-gateway.sh bench/results/gateway-DATE.json}

jq -r '"WsGate gateway comparison: \(.machine.cores) cores, \(.machine.cpu), load average \(.machine.loadAverage1mAtStart) -> \(.machine.loadAverage1mAtEnd); commit \(.commit)\(if .uncommittedChanges == "yes" then " (+ uncommitted changes)" else "" end)"' "$RESULT"
for mode in $(jq -r '[.runs[].mode] | unique | .[]' "$RESULT"); do
    echo
    echo "$mode, 100 x 128 B echo: medians over $(jq --arg m "$mode" '[.runs[] | select(.mode == $m) | .round] | unique | length' "$RESULT") rounds (ratios to nginx taken within each round)"
    jq -r --arg m "$mode" '
        def median: map(select(. != null)) | sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
        def r2: if . == null then "-" else (. * 100 | round / 100 | tostring) end;
        def x: if . == null then "-" else (. * 100 | round / 100 | tostring) + "x" end;
        [.runs[] | select(.mode == $m)] as $all |
        ($all | map(.round) | unique) as $rounds |
        ($all | map(.target) | unique) as $targets |
        def ratio($t; $field): [$rounds[] as $r | ($all[] | select(.round == $r and .target == $t) | .[$field]) as $v
            | ($all[] | select(.round == $r and .target == "nginx") | .[$field]) as $n
            | if $v and $n and $n != 0 then $v / $n else empty end];
        ["target", "CPU us/msg", "x nginx", "per round", "msg/s", "x nginx", "p99 ms", "x nginx", "alloc B/msg", "CPU busy %"],
        ( ["direct", "nginx", "haproxy", "frames", "stream"][] as $t | select($targets | index($t)) |
          [$t,
           ([$all[] | select(.target == $t) | .cpuSecondsPerMillionMessages] | median | r2),
           (ratio($t; "cpuSecondsPerMillionMessages") | median | x),
           (ratio($t; "cpuSecondsPerMillionMessages") | map(r2) | join(" ")),
           ([$all[] | select(.target == $t) | .messagesPerSecond] | median | if . == null then "-" else (floor | tostring) end),
           (ratio($t; "messagesPerSecond") | median | x),
           ([$all[] | select(.target == $t) | .p99Us] | median | if . == null then null else . / 1000 end | r2),
           (ratio($t; "p99Us") | median | x),
           ([$all[] | select(.target == $t) | .allocatedBytesPerMessage] | median | r2),
           ([$all[] | select(.target == $t) | .cpuBusyPercent | select(. != null) | to_entries | map("\(.key | ltrimstr("cpu")):\(.value)") | join("/")] | first // "-")])
        | @tsv' "$RESULT" | column -t -s $'\t'
done

echo
echo "1 x 64 KiB echo (round 1) and memory per idle proxied connection (pinned, round 1)"
jq -r '
    def r1: if . == null then "-" else (. * 10 | round / 10 | tostring) end;
    ["mode", "target", "64K msg/s", "CPU us/msg", "p99 ms", "idle KB/conn"],
    (.extras[] | select(.echo64k != null or .idleMemory != null) |
     [.mode, .target, (.echo64k.messagesPerSecond | if . == null then "-" else (floor | tostring) end),
      (.echo64k.watchedCpuSecondsPerMillionMessages | r1), (.echo64k.latencyUs.p99Us | if . == null then null else . / 1000 end | r1),
      (.idleMemory.perConnectionKb | r1)])
    | @tsv' "$RESULT" | column -t -s $'\t'

if jq -e '[.extras[] | select(.ratchet != null)] | length > 0' "$RESULT" >/dev/null; then
    echo
    echo "ratchet: RSS (MB) after each round of idle connections closed, and with them open"
    jq -r '
        .extras[] | select(.ratchet != null) | .ratchet |
        "\(.target): start \(.rssAtStartKb / 1024 | floor); after close \([.rounds[].rssAfterCloseKb / 1024 | floor] | join(" ")); open \([.rounds[].rssWithIdleKb / 1024 | floor] | join(" ")); last/first after close \(.lastVsFirstAfterClose)x"' "$RESULT"
fi
