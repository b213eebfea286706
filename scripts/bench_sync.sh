#!/usr/bin/env bash
# Benchmarks `mkt sync` and `mkt reviews list` through the Worker API (release builds), against
# the fake Worker (examples/fake_worker.rs, the server the tests use) with latency added to every
# request and its page size capped as real Workers do. Prints one line per step:
# step, exit code, requests (from --json), wall time.
#
# Usage: scripts/bench_sync.sh
# Environment (defaults in brackets):
#   MKT_BENCH_REVIEWS   reviews in the staging file [1000]
#   MKT_BENCH_LATENCY   ms added per request [25]
#   MKT_BENCH_MAX_PAGE  the Worker's page-size cap [50]
#   MKT_BENCH_SHAPE     the Worker's response shape [wrapped] (bare drops the total: paging then
#                       ends at a short page, confirmed once)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$CARGO_TARGET_DIR" in /*) ;; *) CARGO_TARGET_DIR="$ROOT/$CARGO_TARGET_DIR" ;; esac
cargo build --release --locked --bin mkt --example fake_worker >&2
BIN="$CARGO_TARGET_DIR/release"
N="${MKT_BENCH_REVIEWS:-1000}"
LATENCY="${MKT_BENCH_LATENCY:-25}"
MAX_PAGE="${MKT_BENCH_MAX_PAGE:-50}"
SHAPE="${MKT_BENCH_SHAPE:-wrapped}"

WORK="$(mktemp -d)"
FAKE_PID=""
cleanup() {
  if [ -n "$FAKE_PID" ]; then kill "$FAKE_PID" 2>/dev/null || true; wait "$FAKE_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$BIN/examples/fake_worker" --store "$WORK/worker.sqlite" --shape "$SHAPE" --latency-ms "$LATENCY" --max-page "$MAX_PAGE" > "$WORK/env" &
FAKE_PID=$!
for _ in $(seq 100); do [ -s "$WORK/env" ] && break; sleep 0.05; done
[ -s "$WORK/env" ] || { echo "the fake Worker did not start" >&2; exit 1; }
# shellcheck disable=SC1091
source "$WORK/env"
export MKT_SYNC_FILE="$WORK/reviews.json" MKT_CONFIG_DIR="$WORK/config"

awk -v n="$N" 'BEGIN {
  printf "["
  for (i = 0; i < n; i++) {
    printf "%s{\"id\":\"r%06d\",\"target_type\":\"skill\",\"target_id\":\"s%d\",\"display_name\":\"user %d\",\"rating\":%d,\"title\":\"title %d\",\"body\":\"body %d\",\"created_at\":\"2026-01-01T00:00:00.000Z\",\"updated_at\":\"2026-01-02T00:00:00.000Z\"}", (i ? "," : ""), i, i % 37, i, i % 5 + 1, i, i
  }
  print "]"
}' > "$MKT_SYNC_FILE"

cd "$WORK"
step() {
  local label="$1"; shift
  local start end code
  start=$(date +%s.%N)
  set +e
  "$BIN/mkt" "$@" --json > out.json 2> err.txt
  code=$?
  set -e
  [ "$code" -le 3 ] || { echo "$label: exit $code: $(cat err.txt)" >&2; exit 1; }
  end=$(date +%s.%N)
  local requests
  requests=$(grep -o '"requests": *[0-9]*' out.json | tail -1 | grep -o '[0-9]*$' || echo "?")
  printf '%-34s exit %s  requests %-5s %6.2f s\n' "$label" "$code" "$requests" "$(echo "$end - $start" | bc)"
}
step "sync push ($N new)" sync push
step "sync push again (nothing to send)" sync push
step "sync status (in sync)" sync status
rm "$MKT_SYNC_FILE"
step "sync pull into an empty file" sync pull
step "sync pull again (nothing to take)" sync pull
step "reviews list --via api (1 target)" --via api reviews list --type skill --id s1
step "reviews list --via api (all)" --via api reviews list --limit 10
