#!/usr/bin/env bash
# Benchmarks `mkt health`:
#   1. against the fake Cloudflare server with 25 ms latency per request, for 10,000 and 100,000
#      skills: requests used and wall time (target: ≤ 1.1 × ⌈N/1000⌉ + 40 requests; 100k < 2 s);
#   2. on the local target with 1,000,000 skills: wall time and peak memory (target: < 5 s, < 500 MB).
# Usage: scripts/bench_health.sh [cloudflare] [local]   (default: both)
# Needs /usr/bin/time (GNU time) for peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release --bin mkt --example fake_cloudflare --example health_bench_seed >&2
BIN="$CARGO_TARGET_DIR/release"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
what="${*:-cloudflare local}"

if [[ " $what " == *" cloudflare "* ]]; then
  for n in 10000 100000; do
    "$BIN/examples/fake_cloudflare" --latency-ms 25 >"$WORK/env.sh" 2>/dev/null &
    fake=$!
    for _ in $(seq 100); do [ -s "$WORK/env.sh" ] && grep -q MKT_D1 "$WORK/env.sh" && break; sleep 0.05; done
    (
      set -a; . "$WORK/env.sh"; set +a
      cd "$WORK"
      "$BIN/examples/health_bench_seed" cloudflare - "$n"
      start=$(date +%s.%N)
      "$BIN/mkt" --target cloudflare health --json >"$WORK/report.json" 2>"$WORK/stderr.txt" || true
      end=$(date +%s.%N)
      requests=$(grep -o '"requests": [0-9]*' "$WORK/report.json" | grep -o '[0-9]*$')
      status=$(grep -o '"status": "[a-z_]*"' "$WORK/report.json" | head -1)
      budget=$(python3 -c "import math; print(1.1*math.ceil($n/1000)+40)")
      printf 'cloudflare  N=%-7s requests=%-4s (budget %s)  wall=%.2fs  %s\n' \
        "$n" "$requests" "$budget" "$(echo "$end - $start" | bc)" "$status"
    )
    kill "$fake"; wait "$fake" 2>/dev/null || true
  done
fi

if [[ " $what " == *" local "* ]]; then
  n=1000000
  mkdir -p "$WORK/local"
  "$BIN/examples/health_bench_seed" local "$WORK/local/.mkt/local.sqlite" "$n"
  ( cd "$WORK/local" && /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$BIN/mkt" -q health >"$WORK/local.txt" || true )
  read -r secs kb <"$WORK/time.txt"
  printf 'local       N=%-7s wall=%ss  peak=%s MB  %s\n' "$n" "$secs" "$((kb / 1024))" "$(head -c 60 "$WORK/local.txt")"
fi
