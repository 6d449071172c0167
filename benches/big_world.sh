#!/usr/bin/env bash
# Goal 2 of issue 14, big worlds: how long a large scenario takes to load, how much memory
# it holds, and how fast its main list answers once loaded.
#
#   benches/big_world.sh                        # dryrun-100k, 3 runs
#   SCENARIO=kolega-1m RUNS=1 benches/big_world.sh
#
# Per run: exec -> ready file written (every port accepting; the ready file's own
# `ready_in_ms` is the load as secmock measures it), the CPU time the process used to get
# there (robust when other work shares the cores), peak RSS (VmHWM) and RSS once idle, and
# RSS per finding above the same binary started with the same specs and no scenario.
# Then wrk on the scenario's main list (LIST_API, LIST_PATH, LIST_AUTH below). Goals:
# < 300 ms per 100k findings, < 1 KB of RSS per finding, list p99 < 10 ms.
# Everything on 127.0.0.1, stopped on exit.

source "$(dirname "$0")/lib.sh"
cd "$BENCH_ROOT"
unset RUST_LOG

SCENARIO="${SCENARIO:-dryrun-100k}"
SCENARIO_ARG="$SCENARIO"          # a name from scenarios/, or a file
RUNS="${RUNS:-3}"
READY_TIMEOUT="${READY_TIMEOUT:-120}"
case "$SCENARIO" in
  dryrun-100k)
    FINDINGS="${FINDINGS:-100000}" LIST_API=dryrun
    LIST_PATH="/v1/accounts/33333333-3333-4333-8333-333333333333/all_findings?days=30&per_page=50"
    LIST_AUTH="Authorization: Bearer drs_load_test" ;;
  kolega-1m)
    SCENARIO_ARG=benches/fixtures/kolega-1m.yaml
    FINDINGS="${FINDINGS:-1000000}" LIST_API=kolega
    LIST_PATH="/api/v1/repositories/${KOLEGA_REPO:-00000000-0000-4000-8000-000000000001}/findings?limit=50"
    LIST_AUTH="Authorization: Bearer kcp_live_LoadTest1MillionFindings" ;;
  *) FINDINGS="${FINDINGS:?FINDINGS: how many findings $SCENARIO holds}" ;;
esac

need_tools
build_release

# ready_run ARGS...: starts secmock, waits for its ready file; sets PID, READY_MS, WALL_MS, CPU_MS.
ready_run() {
  local ready="$LOG_DIR/big.ready.json" t0 t1
  rm -f "$ready"
  t0=$(date +%s%N)
  start big-world "$SECMOCK_BIN" --free-ports --ready-file "$ready" "$@"
  PID=$STARTED_PID
  for _ in $(seq 1 $((READY_TIMEOUT * 100))); do [ -s "$ready" ] && break; sleep 0.01; done
  t1=$(date +%s%N)
  [ -s "$ready" ] || die "no ready file after $READY_TIMEOUT s (log: $LOG_DIR/big-world.log)"
  READY_MS="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ready_in_ms"])' "$ready")"
  WALL_MS=$(( (t1 - t0) / 1000000 ))
  CPU_MS="$(awk -v t="$CLK_TCK" '{printf "%.0f", ($14 + $15) * 1000 / t}' "/proc/$PID/stat")"
  READY="$ready"
}

ready_run --scenario none
sleep 1
BASE_KB="$(rss_kb "$PID")"
stop "$PID"

declare -a LINES
for run in $(seq 1 "$RUNS"); do
  ready_run --scenario "$SCENARIO_ARG"
  HWM_KB="$(hwm_kb "$PID")"
  sleep 1
  IDLE_KB="$(rss_kb "$PID")"
  LINES+=("| $run | $READY_MS | $WALL_MS | $CPU_MS | $(awk -v k="$HWM_KB" 'BEGIN {printf "%.0f", k / 1024}') | $(awk -v k="$IDLE_KB" 'BEGIN {printf "%.0f", k / 1024}') | $(awk -v k="$IDLE_KB" -v b="$BASE_KB" -v n="$FINDINGS" 'BEGIN {printf "%.0f", (k - b) * 1024 / n}') |")
  if [ "$run" -lt "$RUNS" ]; then stop "$PID"; fi
done

if [ -n "${LIST_API:-}" ]; then
  URL="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["apis"][sys.argv[2]]["url"])' "$READY" "$LIST_API")"
  STATUS="$(curl -s -o "$LOG_DIR/big.list.json" -D "$LOG_DIR/big.list.headers" -w '%{http_code}' -H "$LIST_AUTH" "$URL$LIST_PATH")"
  [ "$STATUS" = 200 ] || die "$LIST_API $LIST_PATH answered $STATUS: $(head -c 300 "$LOG_DIR/big.list.json")"
  ! grep -qi '^x-secmock-violations' "$LOG_DIR/big.list.headers" || die "the list violates its contract"
  load "$URL$LIST_PATH" GET "" "$LIST_AUTH" "$PID"
fi

printf '\n%s, commit %s, %s cores, load average %s, scenario %s (%s findings), %s runs\n' "$(date -u +%Y-%m-%dT%H:%MZ)" \
  "$(git rev-parse --short HEAD)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$SCENARIO" "$FINDINGS" "$RUNS"
printf 'RSS with the same specs and no scenario: %.1f MB\n' "$(awk -v k="$BASE_KB" 'BEGIN {print k / 1024}')"
printf '| run | ready_in_ms | exec -> ready file ms | CPU ms to ready | peak RSS MB | idle RSS MB | idle bytes per finding |\n|---|---:|---:|---:|---:|---:|---:|\n'
printf '%s\n' "${LINES[@]}"
if [ -n "${LIST_API:-}" ]; then
  printf '\n%s GET %s: %.0f req/s, p50 %s ms, p99 %s ms, %s µs CPU/req (wrk -t%s -c%s -d%ss; %s bytes)\n' "$LIST_API" "$LIST_PATH" \
    "$R_RPS" "$(ms "$R_P50")" "$(ms "$R_P99")" "$R_CPU_US" "$THREADS" "$CONNECTIONS" "$DURATION" "$(wc -c <"$LOG_DIR/big.list.json")"
fi
