#!/usr/bin/env bash
# secmock against Prism (the reference OpenAPI mock server) on the same spec, the same
# endpoint and the same load: GET /api/v1/scans of specs/securescan/openapi.yaml with an
# X-API-Key (both answer the spec's first example), then GET /findings of the benchmark
# fixture (50 findings) with a bearer token. Prints req/s, p50, p99 and secmock / Prism.
#
#   benches/prism.sh
#   PRISM_VERSION=5.16.0 DURATION=10 benches/prism.sh
#
# Prism is installed with npm into $PRISM_DIR (default ~/.cache/secmock-bench/prism-VERSION),
# never globally; it needs Node.js and npm. wrk, curl and python3 as for load.sh.
# Both servers validate requests; Prism logs one line per request to its log file, which
# is part of what it costs.

source "$(dirname "$0")/lib.sh"
cd "$BENCH_ROOT"
unset RUST_LOG

need_tools
need_prism
build_release

declare -A RPS P50 P99
run_pair() { # NAME SPEC API PATH HEADER
  local name="$1" spec="$2" api="$3" path="$4" header="$5" sp pp spid ppid status
  sp="$(free_port)"
  start "secmock-$name" "$SECMOCK_BIN" --specs "$spec" --scenario none --admin-port 0 --port "$api=$sp"
  spid=$STARTED_PID
  pp="$(free_port)"
  start "prism-$name" "$PRISM" mock --host 127.0.0.1 --port "$pp" "$spec"
  ppid=$STARTED_PID
  wait_http "http://127.0.0.1:$sp$path" "$header"
  wait_http "http://127.0.0.1:$pp$path" "$header" 120
  for port in "$sp" "$pp"; do
    status="$(curl -s -o /dev/null -w '%{http_code}' -H "$header" "http://127.0.0.1:$port$path")"
    [ "$status" = 200 ] || die "$name: GET $path on port $port answered $status"
  done
  log "$name: GET $path"
  load "http://127.0.0.1:$pp$path" GET "" "$header" "$ppid"
  RPS[prism.$name]=$R_RPS P50[prism.$name]=$R_P50 P99[prism.$name]=$R_P99
  load "http://127.0.0.1:$sp$path" GET "" "$header" "$spid"
  RPS[secmock.$name]=$R_RPS P50[secmock.$name]=$R_P50 P99[secmock.$name]=$R_P99
  stop "$spid"
  stop "$ppid"
}

run_pair securescan specs/securescan/openapi.yaml securescan /api/v1/scans "X-API-Key: bench-key"
run_pair bench benches/fixtures/bench.yaml bench /findings "Authorization: Bearer bench-token"

printf '\n%s, %s cores, Prism %s, wrk -t%s -c%s -d%ss (after %ss warm-up)\n' "$(date -u +%Y-%m-%d)" "$(nproc)" \
  "$PRISM_VERSION" "$THREADS" "$CONNECTIONS" "$DURATION" "$WARMUP"
printf '| spec, route | server | req/s | p50 ms | p99 ms | secmock / Prism req/s |\n|---|---|---:|---:|---:|---:|\n'
for name in securescan bench; do
  route="securescan GET /api/v1/scans"
  [ "$name" = bench ] && route="bench GET /findings (50)"
  for server in prism secmock; do
    r="-"
    [ "$server" = secmock ] && r="$(ratio "${RPS[secmock.$name]}" "${RPS[prism.$name]}")"
    printf '| %s | %s | %.0f | %s | %s | %s |\n' "$route" "$server" "${RPS[$server.$name]}" \
      "$(ms "${P50[$server.$name]}")" "$(ms "${P99[$server.$name]}")" "$r"
  done
done
