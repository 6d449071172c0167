#!/usr/bin/env bash
# Instructions per request, counted by valgrind's callgrind: secmock against the bare
# axum baseline on GET and POST /findings of the benchmark fixture. Unlike req/s these
# counts do not move when something else runs on the machine, so they are the figure to
# compare between commits on a shared or noisy box. Also writes an annotated profile of
# secmock per route (inclusive instructions by function).
#
#   benches/callgrind.sh              # 500 requests per route and server
#   REQUESTS=2000 benches/callgrind.sh
#
# Needs valgrind (Debian: apt-get install -y valgrind), python3. Servers run under
# valgrind on free ports of 127.0.0.1 and are stopped on exit.

source "$(dirname "$0")/lib.sh"
cd "$BENCH_ROOT"
unset RUST_LOG

REQUESTS="${REQUESTS:-500}"
command -v valgrind >/dev/null || die "valgrind is missing (Debian: apt-get install -y valgrind)"
command -v callgrind_control >/dev/null || die "callgrind_control is missing (it ships with valgrind)"
need_tools
build_release

FIXTURE=benches/fixtures/bench.yaml
BODY="$BENCH_ROOT/benches/fixtures/new_finding.json"

# send PORT METHOD N: N requests on one keep-alive connection; fails on any non-2xx.
send() {
  python3 - "$@" "$BODY" <<'EOF'
import http.client, sys
port, method, n, body_file = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
body = open(body_file, "rb").read().strip() if method == "POST" else None
headers = {"Authorization": "Bearer bench-token"}
if body:
    headers["Content-Type"] = "application/json"
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
for _ in range(n):
    conn.request(method, "/findings", body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    if not 200 <= response.status < 300:
        sys.exit(f"{method} /findings answered {response.status}")
EOF
}

# measure NAME METHOD CMD...: instructions per request of CMD serving METHOD /findings;
# the argument PORT in CMD is replaced by the port it must listen on.
measure() {
  local name="$1" method="$2"; shift 2
  local port out pid total arg
  local -a cmd=()
  port="$(free_port)"
  for arg in "$@"; do cmd+=("${arg//PORT/$port}"); done
  out="$LOG_DIR/callgrind.$name.$method.out"
  rm -f "$out"
  start "callgrind-$name" valgrind --tool=callgrind --callgrind-out-file="$out" --instr-atstart=no "${cmd[@]}"
  pid=$STARTED_PID
  wait_http "http://127.0.0.1:$port/findings" "Authorization: Bearer bench-token" 120
  send "$port" "$method" 50 # warm: lazily built state, connection set-up
  callgrind_control --instr=on "$pid" >/dev/null || die "callgrind_control cannot reach $name (pid $pid)"
  send "$port" "$method" "$REQUESTS"
  callgrind_control --instr=off "$pid" >/dev/null
  stop "$pid"
  total="$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ && !done {gsub(",", "", $1); print $1; done = 1}')"
  [ -n "$total" ] || die "no callgrind totals in $out"
  IR=$((total / REQUESTS))
}

declare -A IRS
for method in GET POST; do
  log "callgrind: $method /findings, $REQUESTS requests per server"
  measure bare "$method" "$RELEASE/examples/bare_axum" PORT "$FIXTURE"
  IRS[bare.$method]=$IR
  measure secmock "$method" "$SECMOCK_BIN" --specs "$FIXTURE" --scenario none --admin-port 0 --port bench=PORT
  IRS[secmock.$method]=$IR
done

printf '\n%s, callgrind, %s requests per route and server, one keep-alive connection\n' "$(date -u +%Y-%m-%d)" "$REQUESTS"
printf '| route | bare instructions/req | secmock instructions/req | secmock / bare |\n|---|---:|---:|---:|\n'
for method in GET POST; do
  printf '| %s /findings | %s | %s | %s |\n' "$method" "${IRS[bare.$method]}" "${IRS[secmock.$method]}" \
    "$(ratio "${IRS[secmock.$method]}" "${IRS[bare.$method]}")"
done
for method in GET POST; do
  printf '\nsecmock %s /findings, inclusive share of instructions (callgrind_annotate --inclusive=yes):\n' "$method"
  callgrind_annotate --inclusive=yes "$LOG_DIR/callgrind.secmock.$method.out" 2>/dev/null |
    grep -E 'Engine>::serve[^_]|generate::respond|contract::response::validate|contract::request::validate|edge::into_http|Engine>::record|Journal>::record|security::credentials|drop_in_place<serde_json::value::Value>|malloc_consolidate|hyper::proto::h1::dispatch' |
    sed -E 's/\([^)]*\)//; s/ +/ /g' | cut -c1-140 | awk '!seen[$NF]++' | head -14 || true
done
printf '\nfull profiles: callgrind_annotate %s/callgrind.secmock.{GET,POST}.out\n' "$LOG_DIR"
