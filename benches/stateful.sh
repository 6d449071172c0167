#!/usr/bin/env bash
# Stateful latency with 1k and 1M stored items in one collection (it must stay flat),
# memory per stored item, and the cost of journal recording (journal on vs off).
# Everything runs in one process on 127.0.0.1; see examples/stateful_load.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
cargo build --release --quiet --example stateful_load
bin=${CARGO_TARGET_DIR:-target}/release/examples/stateful_load
for items in 1000 1000000; do
  echo "== $items items"
  "$bin" "$items" "$SECONDS_PER_RUN"
done
echo "== 1000 items, journal off"
"$bin" 1000 "$SECONDS_PER_RUN" --no-journal
