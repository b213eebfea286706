#!/usr/bin/env bash
# Ctrl-C latency: how long mkt takes to stop after SIGINT, and what it says, during a long local
# seed, a long remote backfill (the fake Cloudflare server at 25 ms per request, 20,000 rows to
# write, one D1 statement per request) and a long seed of the Cloudflare target. Each run is signalled after DELAY seconds
# (default 3) and timed from the signal to its exit.
# Usage: scripts/bench_interrupt.sh   (DELAY=5 scripts/bench_interrupt.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q --bin mkt --example fake_cloudflare
bin="$PWD/target/release/mkt"
fake="$PWD/target/release/examples/fake_cloudflare"
delay="${DELAY:-3}"
work=$(mktemp -d)
trap 'kill "${fake_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

# Runs mkt ARGS in $work/$1, sends SIGINT after $delay s, prints exit code, time to exit, last line.
interrupt() {
  local name=$1; shift
  mkdir -p "$work/$name"
  (cd "$work/$name" && exec "$bin" "$@" >/dev/null 2>"$work/$name.err") &
  local pid=$!
  sleep "$delay"
  local sent; sent=$(date +%s.%N)
  kill -INT "$pid"
  local code=0; wait "$pid" || code=$?
  local done; done=$(date +%s.%N)
  printf '%s: exit %s, %.2f s after SIGINT: %s\n' "$name" "$code" \
    "$(echo "$done - $sent" | bc)" "$(grep '^error' "$work/$name.err" | tail -1)"
}

interrupt local-seed -q seed --skills 1000000 --reviews 0

"$fake" --latency-ms 25 --rate-limit 0 --seed 20000 > "$work/cf.env" &
fake_pid=$!
until grep -q CLOUDFLARE_API_BASE_URL "$work/cf.env" 2>/dev/null; do sleep 0.1; done
# shellcheck disable=SC1091
source "$work/cf.env"
export MKT_RATE_LIMIT=100000
# Every durable row gone (D1's query endpoint): 20,000 rows to write back, 6 per statement.
curl -fsS -X POST -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" -H 'Content-Type: application/json' \
  -d '{"sql":"DELETE FROM skills"}' \
  "$CLOUDFLARE_API_BASE_URL/accounts/$CLOUDFLARE_ACCOUNT_ID/d1/database/$MKT_D1_DATABASE_ID/query" >/dev/null
interrupt remote-backfill -q backfill skills --apply --yes --statements-per-request 1
interrupt remote-seed -q seed --skills 100000 --reviews 0 --yes
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
