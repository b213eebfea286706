#!/usr/bin/env bash
# Backup size and `mkt runs undo` time and requests after a 100,000-skill backfill and index
# rebuild, against the fake Cloudflare server at 25 ms per request (see BENCHMARKS.md).
# MKT_BENCH_SIZES=10000 scripts/bench_undo.sh for a quicker run.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --test repair_bench bench_backups_and_undo -- --ignored --nocapture 2>&1 \
  | grep -E '^(BENCH|  by kind)'
