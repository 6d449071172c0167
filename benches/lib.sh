# Helpers shared by benches/*.sh: tools, builds, servers that are always cleaned up, wrk
# runs parsed into numbers. Sourced, not run. Traffic only ever goes to 127.0.0.1.

set -euo pipefail

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$BENCH_ROOT/target}"
RELEASE="$CARGO_TARGET_DIR/release"
# The secmock binary measured: the release build of this tree unless SECMOCK_BIN names
# another (an earlier build kept for a before/after comparison in one sitting).
SECMOCK_BIN_GIVEN="${SECMOCK_BIN:-}"
SECMOCK_BIN="${SECMOCK_BIN:-$RELEASE/secmock}"
# What `cargo run` (.cargo/config.toml) and the Docker image give secmock's allocator.
export MIMALLOC_ARENA_EAGER_COMMIT="${MIMALLOC_ARENA_EAGER_COMMIT:-0}"
LOG_DIR="${BENCH_LOG_DIR:-$CARGO_TARGET_DIR/bench-logs}"
mkdir -p "$LOG_DIR"

# Load settings: identical for every server measured.
DURATION="${DURATION:-10}"        # seconds measured
WARMUP="${WARMUP:-2}"             # seconds of load thrown away first
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"           # wrk threads (the machine has 2 cores)
PRISM_VERSION="${PRISM_VERSION:-5.16.0}"
# Servers and wrk run at this niceness (root only; default -20), so that a build someone
# else starts on the machine takes CPU from them far less. BENCH_NICE=0 turns it off.
BENCH_NICE="${BENCH_NICE:--20}"
NICE=()
if [ "$(id -u)" = 0 ] && [ "$BENCH_NICE" != 0 ]; then NICE=(nice -n "$BENCH_NICE"); fi
PRISM_DIR="${PRISM_DIR:-$HOME/.cache/secmock-bench/prism-$PRISM_VERSION}"

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- servers, always stopped on exit ---------------------------------------------------
BENCH_PIDS=()
cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]:-}"; do
    [ -n "$pid" ] || continue
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${BENCH_PIDS[@]:-}"; do
    [ -n "$pid" ] || continue
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  BENCH_PIDS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME CMD...: runs CMD in the background (stdout/stderr to $LOG_DIR/NAME.log) and
# sets STARTED_PID. exec makes the pid the server's own, not a subshell's.
start() {
  local name="$1"; shift
  "${NICE[@]}" "$@" >"$LOG_DIR/$name.log" 2>&1 &
  STARTED_PID=$!
  BENCH_PIDS+=("$STARTED_PID")
}

# stop PID: stops one server started by `start`.
stop() {
  local pid="$1"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# wait_http URL [HEADER] [TIMEOUT_S]: waits until URL answers at all (any status).
wait_http() {
  local url="$1" header="${2:-X-Bench: 1}" timeout="${3:-60}" i
  for i in $(seq 1 $((timeout * 10))); do
    if curl -s -o /dev/null -H "$header" "$url"; then return 0; fi
    sleep 0.1
  done
  die "$url did not answer within ${timeout}s (logs in $LOG_DIR)"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- tools -----------------------------------------------------------------------------
need_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v curl >/dev/null || missing+=(curl)
  command -v python3 >/dev/null || missing+=(python3)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]} (apt-get)"
    apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    die "missing ${missing[*]}: install them (Debian/Ubuntu: sudo apt-get install -y ${missing[*]})"
  fi
}

# Prism, pinned, in a private folder (never global). Needs node + npm.
need_prism() {
  PRISM="$PRISM_DIR/node_modules/.bin/prism"
  if [ ! -x "$PRISM" ]; then
    command -v npm >/dev/null || die "Prism needs Node.js and npm (Debian: apt-get install -y nodejs npm)"
    log "installing @stoplight/prism-cli@$PRISM_VERSION into $PRISM_DIR"
    mkdir -p "$PRISM_DIR"
    [ -f "$PRISM_DIR/package.json" ] || (cd "$PRISM_DIR" && npm init -y >/dev/null)
    (cd "$PRISM_DIR" && npm install --no-audit --no-fund --loglevel=error "@stoplight/prism-cli@$PRISM_VERSION" >/dev/null)
  fi
  [ -x "$PRISM" ] || die "Prism did not install into $PRISM_DIR"
}

build_release() {
  log "building release binaries (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
  if [ -n "$SECMOCK_BIN_GIVEN" ]; then
    log "measuring SECMOCK_BIN=$SECMOCK_BIN_GIVEN"
    [ -x "$SECMOCK_BIN_GIVEN" ] || die "SECMOCK_BIN=$SECMOCK_BIN_GIVEN is not an executable"
    [ -x "$RELEASE/examples/bare_axum" ] || (cd "$BENCH_ROOT" && cargo build --release --quiet --example bare_axum)
  else
    (cd "$BENCH_ROOT" && cargo build --release --quiet --bin secmock --example bare_axum)
  fi
}

# --- measurements ----------------------------------------------------------------------
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
# CPU time (user + system) a process has used, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
CLK_TCK="$(getconf CLK_TCK)"

# load URL [METHOD] [BODY_FILE] [HEADERS] [PID]: warm-up, then a measured wrk run. Sets
# R_RPS R_P50 R_P99 (µs) R_REQS R_NON2XX R_ERRS, R_BUSY (CPU % busy just before) and R_CPU_US (server CPU µs per request,
# when PID is given). Fails if any response was not 2xx, unless ALLOW_NON2XX is set.
load() {
  local url="$1" method="${2:-GET}" body="${3:-}" headers="${4:-}" pid="${5:-}" out line c0 c1
  export BENCH_METHOD="$method" BENCH_BODY_FILE="$body" BENCH_HEADERS="$headers"
  local script="$BENCH_ROOT/benches/wrk/report.lua"
  check_quiet
  R_BUSY="$BUSY_BEFORE"
  "${NICE[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 5s -s "$script" "$url" >/dev/null
  if [ -n "$pid" ]; then c0="$(cpu_ticks "$pid")"; fi
  out="$("${NICE[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$script" "$url")"
  if [ -n "$pid" ]; then c1="$(cpu_ticks "$pid")"; fi
  line="$(grep '^RESULT ' <<<"$out" | tail -1)" || die "wrk printed no RESULT line: $out"
  R_RPS="$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$line")"
  R_P50="$(sed -E 's/.* p50_us=([0-9]+).*/\1/' <<<"$line")"
  R_P99="$(sed -E 's/.* p99_us=([0-9]+).*/\1/' <<<"$line")"
  R_REQS="$(sed -E 's/.* requests=([0-9]+).*/\1/' <<<"$line")"
  R_NON2XX="$(sed -E 's/.* non2xx=([0-9]+).*/\1/' <<<"$line")"
  R_ERRS="$(sed -E 's/.* socket_errors=([0-9]+).*/\1/' <<<"$line")"
  R_CPU_US=""
  if [ -n "$pid" ] && [ "$R_REQS" -gt 0 ]; then
    R_CPU_US="$(awk -v a="$c0" -v b="$c1" -v t="$CLK_TCK" -v n="$R_REQS" 'BEGIN {printf "%.0f", (b - a) / t * 1e6 / n}')"
  fi
  [ "$R_NON2XX" = 0 ] || [ -n "${ALLOW_NON2XX:-}" ] || die "$method $url: $R_NON2XX responses were not 2xx"
  [ "$R_ERRS" = 0 ] || log "warning: $method $url: $R_ERRS socket errors"
}

# How busy the CPUs are right now (percent of all cores, sampled over one second).
cpu_busy() {
  local a b
  a=($(head -1 /proc/stat)); sleep 1; b=($(head -1 /proc/stat))
  awk -v u="$(( (b[1]+b[2]+b[3]+b[6]+b[7]+b[8]) - (a[1]+a[2]+a[3]+a[6]+a[7]+a[8]) ))" \
      -v i="$(( (b[4]+b[5]) - (a[4]+a[5]) ))" 'BEGIN {t = u + i; printf "%.0f", (t > 0) ? 100 * u / t : 0}'
}

# Before a run: waits up to WAIT_QUIET seconds (default 0) for the CPUs to be at most
# QUIET_BUSY percent busy (default 10), then warns if they still are: on a 2-core machine
# a compile in the background halves every figure. Sets BUSY_BEFORE (percent).
check_quiet() {
  local deadline=$((SECONDS + ${WAIT_QUIET:-0}))
  BUSY_BEFORE="$(cpu_busy)"
  while [ "$BUSY_BEFORE" -gt "${QUIET_BUSY:-10}" ] && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 4
    BUSY_BEFORE="$(cpu_busy)"
  done
  if [ "$BUSY_BEFORE" -gt "${QUIET_BUSY:-10}" ]; then
    log "warning: the CPUs are ${BUSY_BEFORE}% busy before the run: figures will be low"
    log "         (busiest: $(ps -eo pcpu,comm --sort=-pcpu | sed -n '2,4p' | tr -s ' ' | tr '\n' ';'))"
  fi
}

ms() { awk -v us="$1" 'BEGIN {printf "%.2f", us / 1000}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}'; }
