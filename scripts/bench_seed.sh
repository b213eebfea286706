#!/usr/bin/env bash
# Seeding the local store: wall time, CPU time and peak memory at 100,000 and 1,000,000 skills,
# on a fresh store and again over the data the first run wrote (a rerun rewrites every row).
# Usage: scripts/bench_seed.sh [SKILLS ...]   (default: 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin="$PWD/target/release/mkt"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100000 1000000)
for n in "${sizes[@]}"; do
  dir=$(mktemp -d)
  for run in fresh rerun; do
    (cd "$dir" && /usr/bin/time -f "seed $n $run: %e s wall, %U s user, %S s sys, %M KB peak" \
      "$bin" -q seed --skills "$n" --reviews 0 >/dev/null)
  done
  echo "seed $n: store $(du -h "$dir/.mkt/local.sqlite" | cut -f1)"
  rm -rf "$dir"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
