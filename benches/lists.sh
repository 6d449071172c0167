#!/usr/bin/env bash
# Goal 1 of issue 14: each API's main stateful list of 50 findings, served by secmock as
# the README starts it (default scenario, validation, journal and access log on, stderr
# to a file), against a bare axum server sending the identical bytes
# (examples/bare_axum.rs --get). Same wrk settings for both, in the same run; prints
# req/s, p50, p99, server CPU µs per request and secmock's share of bare req/s.
# Goal: >= 0.50 of bare req/s and p99 < 5 ms at 32 connections, on every route.
#
#   benches/lists.sh                  # 2 s warm-up + 10 s per run and server
#   DURATION=8 ROUTES="kolega dryrun" benches/lists.sh
#
# The lists: Kolega repository findings (?limit=50), DryRun all_findings
# (?days=30&per_page=50), SecureScan scan findings, platform repository findings (?limit=50);
# benches/lists_world.py grows the last two to 50 through GET/PUT /state and saves every
# body. Needs wrk, curl, python3. Everything on 127.0.0.1, stopped on exit.

source "$(dirname "$0")/lib.sh"
cd "$BENCH_ROOT"
unset RUST_LOG

need_tools
build_release

READY="$LOG_DIR/lists.ready.json"
rm -f "$READY"
start secmock-lists "$SECMOCK_BIN" --free-ports --ready-file "$READY"
SECMOCK_PID=$STARTED_PID
for _ in $(seq 1 600); do [ -s "$READY" ] && break; sleep 0.1; done
[ -s "$READY" ] || die "secmock wrote no ready file (log: $LOG_DIR/secmock-lists.log)"

ROUTE_TABLE="$(python3 benches/lists_world.py "$READY" "$LOG_DIR/lists")" || die "could not prepare the lists"
declare -A PORT PATHQ HEADER FILE
NAMES=()
bare_args=()
while IFS='|' read -r name port path query header file; do
  PORT[$name]=$port PATHQ[$name]="$path${query:+?$query}" HEADER[$name]=$header FILE[$name]=$file
  NAMES+=("$name")
  bare_args+=(--get "$path=$file")
done <<<"$ROUTE_TABLE"
if [ -n "${ROUTES:-}" ]; then read -r -a NAMES <<<"$ROUTES"; fi

BARE_PORT="$(free_port)"
start bare-lists "$RELEASE/examples/bare_axum" "$BARE_PORT" "${bare_args[@]}"
BARE_PID=$STARTED_PID
wait_http "http://127.0.0.1:$BARE_PORT/"

# The bytes compared again just before loading: secmock's answer must not have changed
# since it was saved, and must carry no violation.
for name in "${NAMES[@]}"; do
  curl -s -D "$LOG_DIR/lists.$name.headers" -o "$LOG_DIR/lists.$name.now" -H "${HEADER[$name]}" \
    "http://127.0.0.1:${PORT[$name]}${PATHQ[$name]}"
  curl -s -o "$LOG_DIR/lists.$name.bare" "http://127.0.0.1:$BARE_PORT${PATHQ[$name]}"
  cmp -s "$LOG_DIR/lists.$name.now" "${FILE[$name]}" || die "$name: secmock's answer changed since it was saved"
  cmp -s "$LOG_DIR/lists.$name.bare" "${FILE[$name]}" || die "$name: bare_axum sends other bytes"
  ! grep -qi '^x-secmock-violations' "$LOG_DIR/lists.$name.headers" || die "$name: the list violates its contract"
  log "$name ${PATHQ[$name]}: $(wc -c <"${FILE[$name]}") identical bytes"
done

declare -A RPS P50 P99 CPU BUSY
for name in "${NAMES[@]}"; do
  for server in bare secmock; do
    if [ "$server" = bare ]; then port=$BARE_PORT pid=$BARE_PID; else port=${PORT[$name]} pid=$SECMOCK_PID; fi
    log "  $name on $server"
    load "http://127.0.0.1:$port${PATHQ[$name]}" GET "" "${HEADER[$name]}" "$pid"
    RPS[$server.$name]=$R_RPS P50[$server.$name]=$R_P50 P99[$server.$name]=$R_P99 CPU[$server.$name]=$R_CPU_US BUSY[$server.$name]=$R_BUSY
  done
done

printf '\n%s, commit %s, %s cores, load average %s, wrk -t%s -c%s -d%ss (after %ss warm-up)\n' "$(date -u +%Y-%m-%dT%H:%MZ)" \
  "$(git rev-parse --short HEAD)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$THREADS" "$CONNECTIONS" "$DURATION" "$WARMUP"
printf '| list | bytes | bare req/s | bare p99 ms | secmock req/s | p50 ms | p99 ms | secmock CPU µs/req (bare) | ratio | CPU busy before |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for name in "${NAMES[@]}"; do
  printf '| %s | %s | %.0f | %s | %.0f | %s | %s | %s (%s) | **%s** | %s%% |\n' "$name" "$(wc -c <"${FILE[$name]}")" \
    "${RPS[bare.$name]}" "$(ms "${P99[bare.$name]}")" "${RPS[secmock.$name]}" "$(ms "${P50[secmock.$name]}")" \
    "$(ms "${P99[secmock.$name]}")" "${CPU[secmock.$name]}" "${CPU[bare.$name]}" \
    "$(ratio "${RPS[secmock.$name]}" "${RPS[bare.$name]}")" "${BUSY[secmock.$name]}"
done
printf '\ngoals (>= 0.50 of bare req/s, p99 < 5 ms):\n'
for name in "${NAMES[@]}"; do
  share="$(ratio "${RPS[secmock.$name]}" "${RPS[bare.$name]}")"
  p99="$(ms "${P99[secmock.$name]}")"
  printf '  %-10s %s of bare, p99 %s ms: %s\n' "$name" "$share" "$p99" \
    "$(awk -v s="$share" -v p="$p99" 'BEGIN {print (s >= 0.5 ? "ok" : "MISSED") " / " (p < 5 ? "ok" : "MISSED")}')"
done
