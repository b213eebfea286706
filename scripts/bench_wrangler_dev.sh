#!/usr/bin/env bash
# Seeding a running `wrangler dev`: `mkt --target wrangler-dev seed --skills N` beside what
# wrangler itself offers, `wrangler kv key put --local` one key at a time.
#
#   scripts/bench_wrangler_dev.sh              # N=10000, a 200-key sample of the wrangler loop
#   SKILLS=1000 SAMPLE=50 scripts/bench_wrangler_dev.sh
#
# Needs node_modules (npm ci). wrangler runs as in the tests: loopback only, no metrics, no update
# check, its state and config in a temporary directory. The wrangler loop writes KV values only
# (no D1 rows, index or reviews) and is timed on a SAMPLE of keys, then extrapolated to N.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
skills=${SKILLS:-10000}
sample=${SAMPLE:-200}

cargo build --release -q
mkt=$repo/target/release/mkt
wrangler=$repo/node_modules/wrangler/bin/wrangler.js
[ -f "$wrangler" ] || { echo "node_modules/wrangler is missing: run npm ci" >&2; exit 1; }

tmp=$(mktemp -d)
mkdir -p "$tmp/project/src"
cp tests/wrangler_dev_worker/wrangler.toml "$tmp/project/"
cp tests/wrangler_dev_worker/src/index.js "$tmp/project/src/"
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config WRANGLER_REGISTRY_PATH=$tmp/registry
export WRANGLER_LOG_PATH=$tmp/logs WRANGLER_SEND_METRICS=false WRANGLER_HIDE_BANNER=true
export CLOUDFLARE_CF_FETCH_ENABLED=false CI=true NO_COLOR=1 X_LOCAL_EXPLORER=true

# The supervisor ends wrangler's process group when its stdin (this fifo) closes.
mkfifo "$tmp/stdin"
(cd "$tmp/project" && exec node "$repo/tests/wrangler_dev_worker/supervise.mjs" "$wrangler" dev \
  --ip 127.0.0.1 --port 0 --inspector-port 0 --persist-to "$tmp/state" --show-interactive-dev-session=false \
  <"$tmp/stdin" >"$tmp/dev.log" 2>&1) &
exec 3>"$tmp/stdin"
cleanup() { exec 3>&- || true; wait || true; rm -rf "$tmp"; }
trap cleanup EXIT
for _ in $(seq 1 600); do
  grep -q "Ready on http://" "$tmp/dev.log" && break
  sleep 0.2
done
url=$(grep -o "Ready on http://[0-9.:]*" "$tmp/dev.log" | head -1 | sed 's/Ready on //')
[ -n "$url" ] || { cat "$tmp/dev.log" >&2; exit 1; }

cd "$tmp/project"
echo "mkt --target wrangler-dev --dev-url $url seed --skills $skills"
/usr/bin/time -f "  wall %e s, peak %M KB" "$mkt" --target wrangler-dev --dev-url "$url" \
  seed --skills "$skills" 2>"$tmp/seed.err" >/dev/null || { cat "$tmp/seed.err" >&2; exit 1; }
grep -E "requests:|wall" "$tmp/seed.err" | sed 's/^/  /'

# A record like the ones seed writes, for the wrangler loop.
value=$("$mkt" --target wrangler-dev --dev-url "$url" skills get "$("$mkt" --target wrangler-dev \
  --dev-url "$url" skills list --limit 1 --json 2>/dev/null | node -pe 'JSON.parse(require("fs").readFileSync(0)).skills[0].name')" \
  --json 2>/dev/null | node -pe 'JSON.stringify(JSON.parse(require("fs").readFileSync(0)).skill)')
echo "wrangler kv key put --local --binding SKILLS_KV, $sample keys one at a time (${#value}-byte values)"
start=$(date +%s.%N)
for i in $(seq 1 "$sample"); do
  node "$wrangler" kv key put --local --binding SKILLS_KV --persist-to "$tmp/state-kv" \
    "skill:bench-$i" "$value" >/dev/null 2>&1
done
end=$(date +%s.%N)
node -e "const t=$end-$start, n=$sample, N=$skills;
console.log('  ' + n + ' keys in ' + t.toFixed(1) + ' s = ' + (t/n).toFixed(2) + ' s per key; '
  + N + ' keys ≈ ' + (t/n*N).toFixed(0) + ' s (' + (t/n*N/60).toFixed(0) + ' min), extrapolated')"
