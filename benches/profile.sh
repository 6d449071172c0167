#!/usr/bin/env bash
# Where secmock's time goes under load: perf samples secmock (DWARF call graphs; the
# release profile keeps line tables) while wrk drives GET or POST /findings of the
# benchmark fixture, then prints the inclusive share of the pipeline's stages and the
# hottest functions. The full report stays in $LOG_DIR/perf-<route>.data.
#
#   benches/profile.sh            # GET /findings (50 findings)
#   benches/profile.sh post       # POST /findings
#   SECONDS_SAMPLED=10 benches/profile.sh
#
# Needs perf (Debian: apt-get install -y linux-perf) and, as root or with
# kernel.perf_event_paranoid <= 1, permission to sample another process.

source "$(dirname "$0")/lib.sh"
cd "$BENCH_ROOT"
unset RUST_LOG

ROUTE="${1:-get}"
SAMPLED="${SECONDS_SAMPLED:-5}"
command -v perf >/dev/null || die "perf is missing (Debian: apt-get install -y linux-perf)"
need_tools
build_release

AUTH="Authorization: Bearer bench-token"
PORT="$(free_port)"
start secmock-profile env ${BENCH_PRELOAD:+LD_PRELOAD=$BENCH_PRELOAD} "$SECMOCK_BIN" \
  --specs benches/fixtures/bench.yaml --scenario none --admin-port 0 --port "bench=$PORT"
PID=$STARTED_PID
wait_http "http://127.0.0.1:$PORT/findings" "$AUTH"

method=GET body=""
if [ "$ROUTE" = post ]; then method=POST body="$BENCH_ROOT/benches/fixtures/new_finding.json"; fi
export BENCH_METHOD="$method" BENCH_BODY_FILE="$body" BENCH_HEADERS="$AUTH"
DATA="$LOG_DIR/perf-$ROUTE.data"
check_quiet
"${NICE[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$((SAMPLED + 3))s" -s benches/wrk/report.lua "http://127.0.0.1:$PORT/findings" \
  >"$LOG_DIR/perf-wrk.out" &
WRK=$!
sleep 1
perf record -q -F 999 --call-graph dwarf,16384 -p "$PID" -o "$DATA" -- sleep "$SAMPLED" 2>/dev/null
wait "$WRK"
grep '^RESULT' "$LOG_DIR/perf-wrk.out" >&2 || true

report() { perf report -i "$DATA" --stdio -g none --sort symbol "$@" 2>/dev/null | grep '%' | sed -E 's/ +/ /g'; }
printf '\n%s /findings: inclusive share of secmock CPU samples by stage\n' "$method"
report --children --percent-limit 0.5 | grep -v 'inlined)' | cut -c1-150 | grep -E \
  'Engine>::serve::|generate::respond|contract::response::validate|contract::request::validate|edge::into_http|engine::edge::enforce|Journal>::record|Engine>::record|security::credentials|read_body|drop_in_place<serde_json::value::Value>|malloc_consolidate' \
  | awk '!seen[$4]++' | head -20
printf '\nhottest functions (self time)\n'
report --no-children --percent-limit 1 | cut -c1-150 | head -20
printf '\nfull report: perf report -i %s\n' "$DATA"
