#!/usr/bin/env bash
# Kolega's own CLI (kolega-ai/kolega-dev-cli, MIT; Node 20) against a fresh secmock with the
# default scenario and a clock scaled x600: every one of its 23 commands, with the options
# its help lists (and its published document allows), starting with `kolega auth login`
# through device pairing. Each line is the exit status and the command. The CLI is not on
# npm, so this is run by hand with a checkout of it, not by `.ci/run`;
# tests/api/kolega/device_flow.rs makes the login exchange the CLI makes, in the suite.
#
#   tests/clients/kolega_cli.sh /path/to/kolega-dev-cli
set -uo pipefail
cli=${1:?usage: $0 /path/to/kolega-dev-cli}
root=$(cd "$(dirname "$0")/../.." && pwd)
( cd "$cli" && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run --silent build ) || exit 1
cargo build --quiet --manifest-path "$root/Cargo.toml" || exit 1
home=$(mktemp -d); port=$((20000 + RANDOM % 20000))
"$root/target/debug/secmock" --port kolega=$port --port dryrun=0 --port securescan=0 --port platform=0 --admin-port 0 --time-scale 600 > $home/log 2>&1 &
srv=$!; trap 'kill $srv' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/openapi.json" >/dev/null && break; sleep 0.2; done
k() { HOME=$home timeout 120 node "$cli/dist/cli.js" --api-url http://127.0.0.1:$port "$@" > $home/out 2>&1; rc=$?; echo "$rc  kolega $*"; [ $rc -ne 0 ] && tail -3 $home/out; }
kj() { HOME=$home timeout 60 node "$cli/dist/cli.js" --api-url http://127.0.0.1:$port --json "$@" 2>/dev/null; }
k auth login
k auth status
k --json auth status
REPO=65bb83bf-1356-4cbe-a45a-a89c9dde8fd0
k repos list
k repos list --include-archived --limit 2 --skip 1
k repos get $REPO
k quota
k scans list $REPO
k scans list $REPO --scan-type secrets --status running --limit 5 --skip 0
k scans start $REPO --type secrets
k scans start $REPO --type semgrep --wait
k scans start $REPO --type sbom --no-quota-check
BATCH=$(kj scans list $REPO --limit 1 | python3 -c "import json,sys;d=json.load(sys.stdin);print((d.get('items') or d)[0]['batch_id'] if isinstance(d,dict) else d[0]['batch_id'])" 2>/dev/null)
k scans get $REPO $BATCH
k scans progress $REPO $BATCH
k scans progress $REPO $BATCH --watch --interval 1
k scans results $REPO $BATCH
k findings list $REPO
k findings list $REPO --severity high --status open --scan-type secrets --limit 5 --skip 0
k findings list $REPO --scan-batch-id $BATCH
FINDING=$(kj findings list $REPO --limit 1 | python3 -c "import json,sys;d=json.load(sys.stdin);print((d.get('items') if isinstance(d,dict) else d)[0]['id'])")
k findings get $REPO $FINDING
k findings set-status $REPO $FINDING resolved
k findings events
k findings events --repo $REPO --finding $FINDING --event-type finding_created --severity high --scan-type secrets --since 2026-12-06 --until 2027-01-01 --limit 5 --skip 0
k fixes list $REPO
k fixes list $REPO --finding-id $FINDING --limit 5 --skip 0
k fixes run $REPO --finding-ids $FINDING --instructions "Keep behaviour." --title "Fix it" --source-repo acme/payments-api --source-repo-provider github --source-scan-branch main --wait
FIX=$(kj fixes list $REPO --limit 1 | python3 -c "import json,sys;d=json.load(sys.stdin);print((d.get('items') if isinstance(d,dict) else d)[0]['id'])")
k fixes get $REPO $FIX
k fixes progress $REPO $FIX
k fixes progress $REPO $FIX --watch --interval 1
k fixes diff $REPO $FIX
k fixes pr $REPO $FIX --title "fix: it" --body "Body" --branch-name security/fix-it
k fixes refine $REPO $FIX --instructions "Also add a test." --wait
k fixes run $REPO --finding-ids $FINDING --instructions "Again." --title "Second" --source-repo acme/payments-api --no-quota-check
FIX2=$(kj fixes list $REPO --limit 1 | python3 -c "import json,sys;d=json.load(sys.stdin);print((d.get('items') if isinstance(d,dict) else d)[0]['id'])")
k fixes cancel $REPO $FIX2
k auth logout
k auth login --token kcp_live_4f9TcQ2mVx8Lr1Nb7Hs3Kd6Pw0Yz
