#!/usr/bin/env bash
# Benchmarks `mkt health` (release builds). Every case prints one line per run and, with several
# runs, the median and the spread:
#   cloudflare  `mkt health` against the fake Cloudflare server (examples/fake_cloudflare.rs, the
#               server the tests use) seeded with N in-sync skills, with latency added to every
#               request: requests (budget 1.1 × ⌈N/1000⌉ + 40), wall time, peak memory;
#   deep        `mkt health --deep` against the fake (budget ⌈N/100⌉ + ⌈N/1000⌉ + 40);
#   local       `mkt health` and `mkt health --deep` on the local SQLite target;
#   listing     per size, in one run on one fake (latency plus a per-request server cost, see
#               below): `mkt health` with the default exact (serial) listing, `mkt health
#               --key-alphabet a-z0-9-` (a declared alphabet: split walks), and `wrangler kv key
#               list --prefix skill:` + `jq length` doing the same count: requests (the fake's
#               own count), wall time, peak memory. Not part of the default set.
#
# Usage: scripts/bench_health.sh [cloudflare] [deep] [local] [listing]   (default: the first three)
# Environment (defaults in brackets):
#   MKT_BENCH_SIZES        cloudflare sizes [10000,100000] (1000000 works too: minutes, throttled)
#   MKT_BENCH_CATALOGS     slug shapes [skewed,uniform]: skewed = word-word-xxxx with English first
#                          letters, uniform = every character uniform (tests/support/catalog.rs)
#   MKT_BENCH_LATENCIES    ms added per request [25,100]
#   MKT_BENCH_DEEP_SIZE    skills for the deep cases [100000]
#   MKT_BENCH_LOCAL_SIZE   skills for local health [1000000]
#   MKT_BENCH_RUNS         runs per case [3]
#   MKT_BENCH_ONLY         comma-separated labels to run, each matched whole, e.g.
#                          cloudflare/skewed/100000/25ms,local/skewed/1000000
#   MKT_BENCH_RATE_LIMIT   rate_limit for the deep cloudflare case [100000: the default 1,100
#                          per 5 minutes would spend ~5 minutes throttled; requests are the same;
#                          the fake's own per-token limit is lifted for that case too]
#   MKT_BENCH_LISTING_SIZES  listing sizes [10000,100000,1000000]
#   MKT_BENCH_LISTING_LATENCY_MS  network latency per request for the listing case [25]
#   MKT_BENCH_COST_MS      server time per request for the listing case [25]: the fake serves at
#                          most MKT_BENCH_CAPACITY [4] requests at once, each holding its slot
#                          for this long, so parallel walks are not free (a real list call costs
#                          the server time; see fake_cloudflare --cost-ms)
#   MKT_BENCH_PROFILE      release [release] or debug
#   MKT_BENCH_START_SECS   seconds the fake may take to seed itself [120]
#   MKT_BENCH_WRANGLER     wrangler to compare with [node_modules/.bin/wrangler] (4.86.0)
# Needs GNU time (/usr/bin/time) for peak memory, and jq for the wrangler comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$CARGO_TARGET_DIR" in /*) ;; *) CARGO_TARGET_DIR="$ROOT/$CARGO_TARGET_DIR" ;; esac
# MKT_BENCH_PROFILE=debug measures debug builds (requests are the same; times and memory are not
# comparable with release figures).
if [ "${MKT_BENCH_PROFILE:-release}" = debug ]; then
  cargo build --locked --bin mkt --example fake_cloudflare --example health_bench_seed >&2
  BIN="$CARGO_TARGET_DIR/debug"
else
  cargo build --release --locked --bin mkt --example fake_cloudflare --example health_bench_seed >&2
  BIN="$CARGO_TARGET_DIR/release"
fi
[ -x /usr/bin/time ] || { echo "bench_health.sh needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }

WORK="$(mktemp -d)"
FAKE_PID=""
stop_fake() {
  if [ -n "$FAKE_PID" ]; then
    kill "$FAKE_PID" 2>/dev/null || true
    wait "$FAKE_PID" 2>/dev/null || true
    FAKE_PID=""
  fi
}
cleanup() { stop_fake; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

what="${*:-cloudflare deep local}"
LISTING_SIZES="${MKT_BENCH_LISTING_SIZES:-10000,100000,1000000}"
LISTING_LATENCY="${MKT_BENCH_LISTING_LATENCY_MS:-25}"
COST_MS="${MKT_BENCH_COST_MS:-25}"
CAPACITY="${MKT_BENCH_CAPACITY:-4}"
WRANGLER="${MKT_BENCH_WRANGLER:-$ROOT/node_modules/.bin/wrangler}"
SIZES="${MKT_BENCH_SIZES:-10000,100000}"
CATALOGS="${MKT_BENCH_CATALOGS:-skewed,uniform}"
LATENCIES="${MKT_BENCH_LATENCIES:-25,100}"
DEEP_SIZE="${MKT_BENCH_DEEP_SIZE:-100000}"
LOCAL_SIZE="${MKT_BENCH_LOCAL_SIZE:-1000000}"
RUNS="${MKT_BENCH_RUNS:-3}"
ONLY="${MKT_BENCH_ONLY:-}"
DEEP_RATE_LIMIT="${MKT_BENCH_RATE_LIMIT:-100000}"
# How long the fake may take to seed itself before the case fails (a debug fake seeding
# 1,000,000 skills on a loaded machine needs more than the default).
START_SECS="${MKT_BENCH_START_SECS:-120}"

# Whether a case runs: every case without MKT_BENCH_ONLY, else only the labels it names.
wanted() {
  [ -z "$ONLY" ] && return 0
  local IFS=,
  for l in $ONLY; do [ "$l" = "$1" ] && return 0; done
  return 1
}

# Starts the fake seeded with $1 skills of catalog $2 and $3 ms latency (further arguments go to
# the fake); exports its env.
start_fake() {
  local n="$1" catalog="$2" ms="$3"; shift 3
  # A fresh cache dir per case: mkt's request budget, shared by the user's processes through a
  # file there, starts empty (earlier cases' requests would otherwise throttle this one).
  export MKT_CACHE_DIR="$WORK/cache-$n-$catalog-$ms"
  "$BIN/examples/fake_cloudflare" --seed "$n" --catalog "$catalog" --latency-ms "$ms" "$@" >"$WORK/env.sh" 2>"$WORK/fake.log" &
  FAKE_PID=$!
  for _ in $(seq "$((START_SECS * 10))"); do
    grep -q MKT_D1 "$WORK/env.sh" 2>/dev/null && break
    kill -0 "$FAKE_PID" 2>/dev/null || { cat "$WORK/fake.log" >&2; exit 1; }
    sleep 0.1
  done
  grep -q MKT_D1 "$WORK/env.sh" || { echo "the fake server did not start" >&2; exit 1; }
  set -a; . "$WORK/env.sh"; set +a
}

# Runs `mkt ARGS` $RUNS times under GNU time in $WORK/run; prints one line per run and a summary.
# $1 label, $2 request budget (or -), then mkt's arguments.
measure() {
  local label="$1" budget="$2"; shift 2
  local walls=()
  mkdir -p "$WORK/run"
  for run in $(seq "$RUNS"); do
    (cd "$WORK/run" && /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$BIN/mkt" "$@" --json \
      >"$WORK/report.json" 2>"$WORK/stderr.txt") || true
    # GNU time writes "Command exited with non-zero status N" first when mkt fails.
    read -r secs kb < <(tail -n 1 "$WORK/time.txt")
    local requests status listing
    requests=$(grep -o '"requests": [0-9]*' "$WORK/report.json" | grep -o '[0-9]*$' || echo "?")
    status=$(grep -o '"status": "[a-z_]*"' "$WORK/report.json" | head -1 | grep -o '[a-z_]*"$' | tr -d '"' || echo "?")
    listing=$(tr -d ' \n' <"$WORK/report.json" | grep -o '"mode":"[a-z]*","walks":[0-9]*' | sed 's/"mode":"\([a-z]*\)","walks":\([0-9]*\)/\1,\2 walks/' || echo "-")
    printf '%-34s run %s  requests=%-5s (budget %s)  wall=%5.2fs  peak=%4d MB  %s  listing=%s\n' \
      "$label" "$run" "$requests" "$budget" "$secs" "$((kb / 1024))" "$status" "$listing"
    [ "$status" = "in_sync" ] || { echo "  stderr: $(head -c 300 "$WORK/stderr.txt")" >&2; }
    walls+=("$secs")
  done
  if [ "$RUNS" -gt 1 ]; then
    printf '%s\n' "${walls[@]}" | sort -n | awk -v l="$label" '{a[NR]=$1} END {
      m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2;
      printf "%-34s median wall=%.2fs  (min %.2fs, max %.2fs, %d runs)\n", l, m, a[1], a[NR], NR }'
  fi
}

budget_list() { awk -v n="$1" 'BEGIN { p = int((n + 999) / 1000); printf "%.1f", 1.1 * p + 40 }'; }
budget_deep() { awk -v n="$1" 'BEGIN { printf "%d", int((n + 99) / 100) + int((n + 999) / 1000) + 40 }'; }

if [[ " $what " == *" cloudflare "* ]]; then
  IFS=, read -r -a sizes <<<"$SIZES"
  IFS=, read -r -a catalogs <<<"$CATALOGS"
  IFS=, read -r -a latencies <<<"$LATENCIES"
  for n in "${sizes[@]}"; do
    for c in "${catalogs[@]}"; do
      for ms in "${latencies[@]}"; do
        label="cloudflare/$c/$n/${ms}ms"
        wanted "$label" || continue
        start_fake "$n" "$c" "$ms"
        measure "$label" "$(budget_list "$n")" --target cloudflare health
        stop_fake
      done
    done
  done
fi

if [[ " $what " == *" deep "* ]]; then
  IFS=, read -r -a catalogs <<<"$CATALOGS"
  for c in "${catalogs[@]}"; do
    label="cloudflare-deep/$c/$DEEP_SIZE/25ms"
    wanted "$label" || continue
    # The fake's own per-token limit goes too (1,200 per 5 minutes would refuse the second run).
    start_fake "$DEEP_SIZE" "$c" 25 --rate-limit 0
    MKT_RATE_LIMIT="$DEEP_RATE_LIMIT" measure "$label" "$(budget_deep "$DEEP_SIZE")" --target cloudflare health --deep
    stop_fake
  done
fi

if [[ " $what " == *" local "* ]]; then
  for spec in "local/skewed/$LOCAL_SIZE:$LOCAL_SIZE:" "local-deep/skewed/$DEEP_SIZE:$DEEP_SIZE:--deep"; do
    IFS=: read -r label n flag <<<"$spec"
    wanted "$label" || continue
    rm -rf "$WORK/run"; mkdir -p "$WORK/run/.mkt"
    "$BIN/examples/health_bench_seed" local "$WORK/run/.mkt/local.sqlite" "$n" skewed
    # shellcheck disable=SC2086
    measure "$label" - --target local health $flag
  done
fi

# The fake's own request count (not logged as a request).
fake_requests() { curl -s "${CLOUDFLARE_API_BASE_URL%/client/v4}/__fake/requests"; }

# One line: label, requests the fake saw, wall seconds, peak MB, the count printed.
# $1 label, then the command (run under GNU time).
listing_case() {
  local label="$1"; shift
  local before after secs kb count
  before=$(fake_requests)
  /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$@" >"$WORK/out.txt" 2>"$WORK/stderr.txt" || true
  after=$(fake_requests)
  read -r secs kb < <(tail -n 1 "$WORK/time.txt")
  count=$(tr -d ' \n' <"$WORK/out.txt" | grep -o '"kv_enumerated_count":[0-9]*' | grep -o '[0-9]*$' || head -c 20 "$WORK/out.txt")
  printf '%-44s requests=%-6s wall=%7.2fs  peak=%5d MB  keys=%s\n' \
    "$label" "$((after - before))" "$secs" "$((kb / 1024))" "$count"
  [ -n "$count" ] || echo "  stderr: $(head -c 300 "$WORK/stderr.txt")" >&2
}

if [[ " $what " == *" listing "* ]]; then
  command -v jq >/dev/null || { echo "the listing case needs jq (apt-get install jq)" >&2; exit 1; }
  IFS=, read -r -a sizes <<<"$LISTING_SIZES"
  for n in "${sizes[@]}"; do
    label="listing/skewed/$n/${LISTING_LATENCY}ms+${COST_MS}ms/${CAPACITY}"
    wanted "$label" || continue
    # The fake's per-token limit and mkt's throttle are lifted: this measures the listing.
    start_fake "$n" skewed "$LISTING_LATENCY" --rate-limit 0 --cost-ms "$COST_MS" --capacity "$CAPACITY"
    export MKT_RATE_LIMIT=100000
    mkdir -p "$WORK/run" "$WORK/wrangler-home"
    (cd "$WORK/run" && listing_case "$label mkt health (exact)" "$BIN/mkt" --target cloudflare health --json)
    (cd "$WORK/run" && listing_case "$label mkt health --key-alphabet a-z0-9-" "$BIN/mkt" --target cloudflare health --json --key-alphabet a-z0-9-)
    # wrangler reads CLOUDFLARE_API_BASE_URL, CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID.
    (cd "$WORK/run" && HOME="$WORK/wrangler-home" WRANGLER_SEND_METRICS=false listing_case "$label wrangler kv key list | jq length" \
      sh -c "'$WRANGLER' kv key list --remote --namespace-id '$MKT_KV_NAMESPACE_ID' --prefix skill: | jq length")
    (cd "$WORK/run" && HOME="$WORK/wrangler-home" WRANGLER_SEND_METRICS=false listing_case "$label (wrangler --version: its start-up)" "$WRANGLER" --version)
    unset MKT_RATE_LIMIT
    stop_fake
  done
fi
