#!/usr/bin/env bash
# Throughput and latency of secmock with full validation against a bare axum handler that
# sends the same bytes (examples/bare_axum.rs), on the benchmark fixture's GET (50
# findings) and POST (one finding). Same wrk settings for both; prints req/s, p50, p99
# and secmock's share of the bare figures. Goal: >= 0.50 of bare req/s, p99 < 5 ms.
#
#   benches/load.sh                       # 2 s warm-up + 10 s per run, 32 connections
#   DURATION=30 CONNECTIONS=64 benches/load.sh
#   BENCH_PRELOAD=/usr/lib/x86_64-linux-gnu/libmimalloc.so.2 benches/load.sh   # both servers
#                                                   # on another allocator (apt: libmimalloc2.0)
#
# Needs wrk, curl and python3 (installed with apt-get when run as root). Servers listen
# on free ports of 127.0.0.1 and are stopped on exit, whatever happens.

source "$(dirname "$0")/lib.sh"
cd "$BENCH_ROOT"
unset RUST_LOG

need_tools
build_release

FIXTURE=benches/fixtures/bench.yaml
BODY="$BENCH_ROOT/benches/fixtures/new_finding.json"
AUTH="Authorization: Bearer bench-token"

SECMOCK_PORT="$(free_port)"
start secmock env ${BENCH_PRELOAD:+LD_PRELOAD=$BENCH_PRELOAD} "$SECMOCK_BIN" --specs "$FIXTURE" --scenario none --admin-port 0 --port "bench=$SECMOCK_PORT"
SECMOCK_PID=$STARTED_PID
BARE_PORT="$(free_port)"
start bare env ${BENCH_PRELOAD:+LD_PRELOAD=$BENCH_PRELOAD} "$RELEASE/examples/bare_axum" "$BARE_PORT" "$FIXTURE"
BARE_PID=$STARTED_PID
wait_http "http://127.0.0.1:$SECMOCK_PORT/findings" "$AUTH"
wait_http "http://127.0.0.1:$BARE_PORT/findings" "$AUTH"

# Both servers must give the same bytes, and secmock's must pass its own validation:
# a benchmark of error responses would measure nothing.
check_same() {
  local method="$1" want="$2" a b
  local -a data=()
  [ "$method" = POST ] && data=(-H 'Content-Type: application/json' --data-binary "@$BODY")
  a="$(curl -s -D "$LOG_DIR/secmock.headers" -o "$LOG_DIR/secmock.body" -w '%{http_code}' -X "$method" -H "$AUTH" "${data[@]}" "http://127.0.0.1:$SECMOCK_PORT/findings")"
  b="$(curl -s -o "$LOG_DIR/bare.body" -w '%{http_code}' -X "$method" -H "$AUTH" "${data[@]}" "http://127.0.0.1:$BARE_PORT/findings")"
  [ "$a" = "$want" ] || die "secmock answered $method /findings with $a (body: $(head -c 300 "$LOG_DIR/secmock.body"))"
  [ "$b" = "$want" ] || die "bare_axum answered $method /findings with $b"
  ! grep -qi '^x-secmock-violations' "$LOG_DIR/secmock.headers" || die "secmock's $method response violates the fixture"
  cmp -s "$LOG_DIR/secmock.body" "$LOG_DIR/bare.body" || die "secmock and bare_axum send different $method bodies"
  log "$method /findings: both $want, $(wc -c <"$LOG_DIR/bare.body") identical bytes"
}
check_same GET 200
check_same POST 201

RSS_IDLE="$(rss_kb "$SECMOCK_PID")"
log "load: ${CONNECTIONS} connections, ${THREADS} wrk threads, ${WARMUP}s warm-up + ${DURATION}s measured per run"

declare -A RPS P50 P99 CPU BUSY
for route in GET POST; do
  body=""
  [ "$route" = POST ] && body="$BODY"
  for server in bare secmock; do
    if [ "$server" = bare ]; then port=$BARE_PORT pid=$BARE_PID; else port=$SECMOCK_PORT pid=$SECMOCK_PID; fi
    log "  $route /findings on $server"
    load "http://127.0.0.1:$port/findings" "$route" "$body" "$AUTH" "$pid"
    RPS[$server.$route]=$R_RPS P50[$server.$route]=$R_P50 P99[$server.$route]=$R_P99 CPU[$server.$route]=$R_CPU_US BUSY[$server.$route]=$R_BUSY
  done
done
RSS_AFTER="$(rss_kb "$SECMOCK_PID")"
RSS_PEAK="$(hwm_kb "$SECMOCK_PID")"

printf '\n%s, %s cores, wrk -t%s -c%s -d%ss (after %ss warm-up)%s\n' "$(date -u +%Y-%m-%d)" "$(nproc)" "$THREADS" \
  "$CONNECTIONS" "$DURATION" "$WARMUP" "${BENCH_PRELOAD:+, LD_PRELOAD=$BENCH_PRELOAD}"
printf '| route | server | req/s | p50 ms | p99 ms | server CPU µs/req | req/s ratio | p50 ratio | p99 ratio | CPU busy before |\n'
printf '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for route in GET POST; do
  for server in bare secmock; do
    if [ "$server" = secmock ]; then
      r1="$(ratio "${RPS[secmock.$route]}" "${RPS[bare.$route]}")"
      r2="$(ratio "${P50[secmock.$route]}" "${P50[bare.$route]}")"
      r3="$(ratio "${P99[secmock.$route]}" "${P99[bare.$route]}")"
    else
      r1=1 r2=1 r3=1
    fi
    printf '| %s /findings | %s | %.0f | %s | %s | %s | %s | %s | %s | %s%% |\n' "$route" "$server" "${RPS[$server.$route]}" \
      "$(ms "${P50[$server.$route]}")" "$(ms "${P99[$server.$route]}")" "${CPU[$server.$route]}" "$r1" "$r2" "$r3" \
      "${BUSY[$server.$route]}"
  done
done
printf '\nsecmock RSS: %s MB idle after start, %s MB after the runs (peak %s MB)\n' \
  "$(awk -v k="$RSS_IDLE" 'BEGIN {printf "%.1f", k / 1024}')" \
  "$(awk -v k="$RSS_AFTER" 'BEGIN {printf "%.1f", k / 1024}')" \
  "$(awk -v k="$RSS_PEAK" 'BEGIN {printf "%.1f", k / 1024}')"

printf '\ngoals (>= 0.50 of bare req/s, p99 < 5 ms):\n'
for route in GET POST; do
  share="$(ratio "${RPS[secmock.$route]}" "${RPS[bare.$route]}")"
  p99="$(ms "${P99[secmock.$route]}")"
  verdict=$(awk -v s="$share" -v p="$p99" 'BEGIN {print (s >= 0.5 ? "ok" : "MISSED") " / " (p < 5 ? "ok" : "MISSED")}')
  printf '  %-4s throughput %s of bare, p99 %s ms: %s\n' "$route" "$share" "$p99" "$verdict"
done
