#!/usr/bin/env bash
# Goal 3 of issue 14: many worlds in one process. secmock as the README starts it
# (default scenario, journal and access log on, stderr to a file); then
#   1. the default world's Kolega findings list (50) under wrk, before any other world;
#   2. COUNT default-scenario worlds created through POST /worlds, one after another:
#      time per create as the client sees it, and VmRSS per world;
#   3. the default world's list again, alone;
#   4. the default world's list while a second wrk sends the same list to random other
#      worlds (`/w/bench-N/…`, BACKGROUND_CONNECTIONS connections).
# Goals: create < 20 ms, < 5 MB per world, the default world's latency unchanged.
#
#   benches/worlds.sh                 # COUNT=1000, 2 s warm-up + 10 s per run
#   COUNT=200 DURATION=5 benches/worlds.sh
#
# On 2 cores the background wrk and the worlds it loads share the CPUs with the measured
# run: step 4 measures the machine's sharing as much as secmock's; the CPU per request
# of the default world (`secmock CPU µs/req` is the whole process's, both loads) is
# printed beside it. Needs wrk, curl, python3. Everything on 127.0.0.1, stopped on exit.

source "$(dirname "$0")/lib.sh"
cd "$BENCH_ROOT"
unset RUST_LOG

COUNT="${COUNT:-1000}"
BACKGROUND_CONNECTIONS="${BACKGROUND_CONNECTIONS:-8}"
LIST="/api/v1/repositories/1ef5c259-c4d1-4a88-9962-8ee4d8723e8f/findings?limit=50"
KEY="Authorization: Bearer kcp_live_4f9TcQ2mVx8Lr1Nb7Hs3Kd6Pw0Yz"

need_tools
build_release

READY="$LOG_DIR/worlds.ready.json"
rm -f "$READY"
start secmock-worlds "$SECMOCK_BIN" --free-ports --ready-file "$READY" --max-worlds "$COUNT"
PID=$STARTED_PID
for _ in $(seq 1 600); do [ -s "$READY" ] && break; sleep 0.1; done
[ -s "$READY" ] || die "secmock wrote no ready file (log: $LOG_DIR/secmock-worlds.log)"
KOLEGA="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["apis"]["kolega"]["url"])' "$READY")"
IDLE_KB="$(rss_kb "$PID")"

row() { # label
  printf '| %s | %.0f | %s | %s | %s | %s%% |\n' "$1" "$R_RPS" "$(ms "$R_P50")" "$(ms "$R_P99")" "$R_CPU_US" "$R_BUSY"
}
ROWS=()

log "1. the default world's list, no other world"
load "$KOLEGA$LIST" GET "" "$KEY" "$PID"
ROWS+=("$(row "default world alone, before any other world")")

log "2. creating $COUNT worlds"
CREATED="$(python3 benches/worlds_create.py "$READY" "$COUNT" "$PID")"
log "$CREATED"
curl -sf -o /dev/null -H "$KEY" "$KOLEGA/w/bench-$COUNT$LIST" || die "world bench-$COUNT does not answer its list"

log "3. the default world's list, $COUNT idle worlds beside it"
load "$KOLEGA$LIST" GET "" "$KEY" "$PID"
ROWS+=("$(row "default world, $COUNT idle worlds")")

log "4. the same while other worlds take traffic"
BG_OUT="$LOG_DIR/worlds.background.txt"
BENCH_WORLDS="$COUNT" BENCH_HEADERS="$KEY" "${NICE[@]}" wrk -t1 -c"$BACKGROUND_CONNECTIONS" \
  -d"$((WARMUP + DURATION + 4))s" --timeout 5s -s benches/wrk/report.lua "$KOLEGA$LIST" >"$BG_OUT" 2>&1 &
BG_PID=$!
sleep 1
load "$KOLEGA$LIST" GET "" "$KEY" "$PID"
ROWS+=("$(row "default world while $BACKGROUND_CONNECTIONS connections load random worlds")")
wait "$BG_PID" || true
BG="$(grep '^RESULT ' "$BG_OUT" | tail -1)" || die "the background wrk printed no RESULT: $(cat "$BG_OUT")"
grep -q ' non2xx=0 ' <<<"$BG" || die "the background load got non-2xx answers: $BG"
FINAL_KB="$(rss_kb "$PID")"

printf '\n%s, commit %s, %s cores, load average %s, wrk -t%s -c%s -d%ss (after %ss warm-up)\n' "$(date -u +%Y-%m-%dT%H:%MZ)" \
  "$(git rev-parse --short HEAD)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$THREADS" "$CONNECTIONS" "$DURATION" "$WARMUP"
printf 'idle RSS %s MB before any world, %s MB at the end\n' "$((IDLE_KB / 1024))" "$((FINAL_KB / 1024))"
printf '%s\n' "$CREATED"
printf 'background: %s\n\n' "$BG"
printf '| Kolega findings list (50), default world | req/s | p50 ms | p99 ms | secmock CPU µs/req | CPU busy before |\n'
printf '|---|---:|---:|---:|---:|---:|\n'
printf '%s\n' "${ROWS[@]}"
