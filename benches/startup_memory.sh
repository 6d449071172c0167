#!/usr/bin/env bash
# Start-up time and resident memory of secmock serving the four bundled specs.
#
# secmock is started as `cargo run --release` starts it: the four shipped specs (carried
# in the binary) and the default scenario. SPECS=specs measures the same specs read from
# the files instead (YAML, every schema compiled at load: what `--specs DIR` costs).
#
# Start-up: time from exec to the first 2xx answer on every API's port (GET /openapi.json,
# which every API serves), RUNS times (default 10); prints the median, min and max, and
# the CPU time the process used to get there (robust when other work shares the cores).
# The bare axum server (examples/bare_axum.rs, one port answering a saved body) is
# measured the same way beside it: what any process that binds a port and answers costs.
# Memory: VmRSS from /proc/<pid>/status once idle after start, and again after a load
# run (wrk, the same settings as benches/load.sh) on one authenticated list GET per API,
# which also fills the request journal. Goals (issue 14): start-up < 100 ms, idle RSS < 30 MB.
#
#   benches/startup_memory.sh
#   RUNS=20 DURATION=5 benches/startup_memory.sh
#
# Needs wrk, curl and python3 (installed with apt-get when run as root).

source "$(dirname "$0")/lib.sh"
cd "$BENCH_ROOT"
unset RUST_LOG

RUNS="${RUNS:-10}"
SCENARIO="${SCENARIO:-default}"   # what `secmock` loads when run without arguments
SPECS="${SPECS:-@bundled}"        # the shipped specs, as `secmock` serves them without arguments
APIS=(dryrun kolega securescan platform)
# One list GET per API, with the default scenario's demo keys where the API checks them;
# should a key be refused, the load still runs (its 401s are counted and shown) so RSS is
# still measured.
declare -A LIST=(
  [dryrun]=/v1/accounts
  [kolega]=/api/v1/repositories
  [securescan]=/api/v1/scans
  [platform]=/v1/projects/
)
declare -A AUTH=(
  [dryrun]="Authorization: Bearer drs_demo_7f3c9a1e5b2d"
  [kolega]="Authorization: Bearer kcp_live_4f9TcQ2mVx8Lr1Nb7Hs3Kd6Pw0Yz"
  [securescan]="X-API-Key: bench-token"
  [platform]="Authorization: Bearer bench-token"
)

need_tools
build_release

declare -A PORT
port_args=()
for api in "${APIS[@]}"; do
  PORT[$api]="$(free_port)"
  port_args+=(--port "$api=${PORT[$api]}")
done
SECMOCK=("$SECMOCK_BIN" --specs "$SPECS" --scenario "$SCENARIO" --admin-port 0 "${port_args[@]}")
BARE_PORT="$(free_port)"
echo '{}' >"$LOG_DIR/bare-openapi.json"
BARE=("$RELEASE/examples/bare_axum" "$BARE_PORT" --get "/openapi.json=$LOG_DIR/bare-openapi.json")

# --- start-up ---------------------------------------------------------------------------
# A poller in Python: it starts the clock immediately before exec and polls every port
# about every millisecond with a raw HTTP/1.1 request, so neither curl's own start-up nor
# shell sleeps blur a figure that should be around 100 ms.
# startup_poll CMD... -- PORT...: prints "median min max cpu" over RUNS starts.
startup_poll() {
"${NICE[@]}" python3 - "$RUNS" "$@" <<'EOF'
import os, socket, statistics, subprocess, sys, time

runs = int(sys.argv[1])
sep = sys.argv.index("--")
cmd, ports = sys.argv[2:sep], [int(p) for p in sys.argv[sep + 1:]]

def ok(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            head = s.recv(16)
            return head.startswith(b"HTTP/1.1 2")
    except OSError:
        return False

def cpu_ms(pid):
    # utime + stime (fields 14 and 15), clock ticks -> ms: the CPU start-up cost, which
    # unlike the wall time does not grow when other processes share the cores.
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")

times, cpus = [], []
for _ in range(runs):
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pending = set(ports)
    try:
        while pending:
            if proc.poll() is not None:
                sys.exit(f"secmock exited with {proc.returncode} during start-up")
            if time.monotonic() - start > 10:
                sys.exit(f"ports {sorted(pending)} gave no 2xx within 10 s")
            for port in list(pending):
                if ok(port):
                    pending.discard(port)
            if pending:
                time.sleep(0.001)
        times.append((time.monotonic() - start) * 1000)
        cpus.append(cpu_ms(proc.pid))
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
print(f"{statistics.median(times):.1f} {min(times):.1f} {max(times):.1f} {statistics.median(cpus):.0f}")
EOF
}
log "start-up: $RUNS runs of ${SECMOCK[*]}"
read -r STARTUP_MEDIAN STARTUP_MIN STARTUP_MAX STARTUP_CPU <<<"$(startup_poll "${SECMOCK[@]}" -- "${PORT[@]}")"
log "start-up: $RUNS runs of ${BARE[*]}"
read -r BARE_MEDIAN BARE_MIN BARE_MAX BARE_CPU <<<"$(startup_poll "${BARE[@]}" -- "$BARE_PORT")"

# --- memory -----------------------------------------------------------------------------
start secmock4 "${SECMOCK[@]}"
PID=$STARTED_PID
declare -A STATUS
for api in "${APIS[@]}"; do
  wait_http "http://127.0.0.1:${PORT[$api]}${LIST[$api]}" "${AUTH[$api]}"
  STATUS[$api]="$(curl -s -o /dev/null -D "$LOG_DIR/$api.headers" -w '%{http_code}' -H "${AUTH[$api]}" "http://127.0.0.1:${PORT[$api]}${LIST[$api]}")"
  [ "${STATUS[$api]}" = 200 ] || log "warning: $api: GET ${LIST[$api]} answered ${STATUS[$api]}; measuring that"
  ! grep -qi '^x-secmock-violations' "$LOG_DIR/$api.headers" || log "warning: $api: GET ${LIST[$api]} violates its contract"
done
BANNER="$(grep -o 'ready in [0-9]* ms' "$LOG_DIR/secmock4.log" || true)"
sleep 1
RSS_IDLE="$(rss_kb "$PID")"

declare -A RPS P99
for api in "${APIS[@]}"; do
  log "  load: GET ${LIST[$api]} on $api"
  ALLOW_NON2XX=1 load "http://127.0.0.1:${PORT[$api]}${LIST[$api]}" GET "" "${AUTH[$api]}" "$PID"
  RPS[$api]=$R_RPS P99[$api]=$R_P99
done
sleep 1
RSS_AFTER="$(rss_kb "$PID")"
RSS_PEAK="$(hwm_kb "$PID")"

mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
printf '\n%s, %s cores, secmock serving %s, scenario %s\n' "$(date -u +%Y-%m-%d)" "$(nproc)" "${APIS[*]}" "$SCENARIO"
printf 'start-up (exec -> first 2xx on all 4 ports), %s runs: median %s ms (min %s, max %s); banner says %s\n' \
  "$RUNS" "$STARTUP_MEDIAN" "$STARTUP_MIN" "$STARTUP_MAX" "${BANNER:-?}"
printf 'CPU time spent getting there (user + system, all threads): median %s ms\n' "$STARTUP_CPU"
printf 'bare axum, one port, same poller: median %s ms (min %s, max %s), CPU %s ms\n' "$BARE_MEDIAN" "$BARE_MIN" "$BARE_MAX" "$BARE_CPU"
printf 'load average when done: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'RSS: %s MB idle after start, %s MB after load (peak %s MB)\n' "$(mb "$RSS_IDLE")" "$(mb "$RSS_AFTER")" "$(mb "$RSS_PEAK")"
printf 'load (wrk -t%s -c%s -d%ss):' "$THREADS" "$CONNECTIONS" "$DURATION"
for api in "${APIS[@]}"; do printf ' %s %s %.0f req/s p99 %s ms;' "$api" "${STATUS[$api]}" "${RPS[$api]}" "$(ms "${P99[$api]}")"; done
printf '\n\ngoals: start-up < 100 ms: %s; idle RSS < 30 MB: %s\n' \
  "$(awk -v m="$STARTUP_MEDIAN" 'BEGIN {print (m < 100 ? "ok" : "MISSED")}')" \
  "$(awk -v k="$RSS_IDLE" 'BEGIN {print (k < 30 * 1024 ? "ok" : "MISSED")}')"
