#!/usr/bin/env bash
# Instructions per request on each API's main list of 50 findings (the routes of
# benches/lists.sh), counted by valgrind's callgrind: secmock as the README starts it
# (default scenario, journal and access log on) against the bare axum server sending the
# same bytes. Unlike req/s these counts do not move when other work shares the machine,
# so they are the figure to compare between builds on a busy box.
#
#   benches/callgrind_lists.sh                      # 300 requests per route and server
#   SECMOCK_BIN=/tmp/secmock-old benches/callgrind_lists.sh
#
# Needs valgrind, python3. Everything on 127.0.0.1, stopped on exit.

source "$(dirname "$0")/lib.sh"
cd "$BENCH_ROOT"
unset RUST_LOG

REQUESTS="${REQUESTS:-300}"
command -v valgrind >/dev/null || die "valgrind is missing (Debian: apt-get install -y valgrind)"
need_tools
build_release

# send PORT PATHQ HEADER N: N GETs on one keep-alive connection; fails on any non-2xx.
send() {
  python3 - "$@" <<'PY'
import http.client, sys
port, path, header, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
headers = dict([header.split(": ", 1)]) if header else {}
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
for _ in range(n):
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    if not 200 <= response.status < 300:
        sys.exit(f"GET {path} answered {response.status}")
PY
}

# total FILE: the instructions a callgrind dump counted.
total() { callgrind_annotate "$1" 2>/dev/null | awk '/PROGRAM TOTALS/ && !done {gsub(",", "", $1); print $1; done = 1}'; }

READY="$LOG_DIR/cg-lists.ready.json"
rm -f "$READY" "$LOG_DIR"/cg-lists.secmock.out* "$LOG_DIR"/cg-lists.bare.out*
start cg-secmock valgrind --tool=callgrind --callgrind-out-file="$LOG_DIR/cg-lists.secmock.out" --instr-atstart=no \
  "$SECMOCK_BIN" --free-ports --ready-file "$READY"
SECMOCK_PID=$STARTED_PID
for _ in $(seq 1 1800); do [ -s "$READY" ] && break; sleep 0.1; done
[ -s "$READY" ] || die "secmock under valgrind wrote no ready file (log: $LOG_DIR/cg-secmock.log)"
TABLE="$(python3 benches/lists_world.py "$READY" "$LOG_DIR/cg-lists")" || die "could not prepare the lists"
# Preparing the lists loads a scenario: what that leaves behind (the replaced world
# freed, freed memory given back a turn later, on threads of their own) is over before
# the first route is counted.
sleep "${SETTLE:-5}"

bare_args=()
while IFS='|' read -r name port path query header file; do bare_args+=(--get "$path=$file"); done <<<"$TABLE"
BARE_PORT="$(free_port)"
start cg-bare valgrind --tool=callgrind --callgrind-out-file="$LOG_DIR/cg-lists.bare.out" --instr-atstart=no \
  "$RELEASE/examples/bare_axum" "$BARE_PORT" "${bare_args[@]}"
BARE_PID=$STARTED_PID
wait_http "http://127.0.0.1:$BARE_PORT/" "X-Bench: 1" 120

declare -A IR_S IR_B
while IFS='|' read -r name port path query header file; do
  pathq="$path${query:+?$query}"
  log "callgrind: $name, $REQUESTS requests per server"
  for who in secmock bare; do
    if [ "$who" = secmock ]; then p=$port pid=$SECMOCK_PID h=$header; else p=$BARE_PORT pid=$BARE_PID h=""; fi
    send "$p" "$pathq" "$h" 20 || die "$name: warm-up failed"
    callgrind_control --instr=on "$pid" >/dev/null
    send "$p" "$pathq" "$h" "$REQUESTS" || die "$name: load failed"
    callgrind_control --instr=off "$pid" >/dev/null
    callgrind_control --dump="$name" "$pid" >/dev/null
    callgrind_control --zero "$pid" >/dev/null
  done
done <<<"$TABLE"
stop "$SECMOCK_PID"
stop "$BARE_PID"

printf '\n%s, commit %s, callgrind, %s requests per route and server, one keep-alive connection\n' \
  "$(date -u +%Y-%m-%dT%H:%MZ)" "$(git rev-parse --short HEAD)" "$REQUESTS"
printf '| list | bare instructions/req | secmock instructions/req | secmock / bare |\n|---|---:|---:|---:|\n'
i=0
while IFS='|' read -r name _; do
  i=$((i + 1))
  s="$(ls "$LOG_DIR"/cg-lists.secmock.out.* 2>/dev/null | sort -t. -k4 -n | sed -n "${i}p")"
  b="$(ls "$LOG_DIR"/cg-lists.bare.out.* 2>/dev/null | sort -t. -k4 -n | sed -n "${i}p")"
  [ -n "$s" ] && [ -n "$b" ] || die "missing callgrind dumps for $name"
  ts="$(total "$s")" tb="$(total "$b")"
  printf '| %s | %s | %s | %s |\n' "$name" "$((tb / REQUESTS))" "$((ts / REQUESTS))" "$(ratio "$ts" "$tb")"
done <<<"$TABLE"
printf '\nprofiles: callgrind_annotate --inclusive=yes %s/cg-lists.secmock.out.N\n' "$LOG_DIR"
