#!/usr/bin/env bash
# Kolega's own CLI (kolega-ai/kolega-dev-cli, MIT; Node 20) against a fresh secmock with the
# default scenario: `kolega auth login` through device pairing, then `auth status` and
# `repos list` with the stored token. The CLI is not on npm, so this is run by hand with a
# checkout of it, not by `.ci/run`; tests/api/kolega/device_flow.rs makes the same
# exchange the CLI makes, in the suite.
#
#   tests/clients/kolega_cli.sh /path/to/kolega-dev-cli
set -euo pipefail
cli=${1:?usage: $0 /path/to/kolega-dev-cli}
root=$(cd "$(dirname "$0")/../.." && pwd)
( cd "$cli" && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run --silent build )
cargo build --quiet --manifest-path "$root/Cargo.toml"
home=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
"$root/target/debug/secmock" --port kolega=$port --port dryrun=0 --port securescan=0 --port platform=0 --admin-port 0 \
  > "$home/secmock.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$home"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/openapi.json" > /dev/null && break; sleep 0.2; done
kolega() { HOME="$home" timeout 60 node "$cli/dist/cli.js" --api-url "http://127.0.0.1:$port" "$@"; }
start=$(date +%s%N)
kolega auth login
echo "login took $(( ($(date +%s%N) - start) / 1000000 )) ms"
kolega auth status
kolega repos list
