#!/usr/bin/env bash
# Benchmarks `mkt health` and `mkt backfill skills --apply --yes` with the durable table on D1
# (the fake Cloudflare server, latency added to every request) and on PostgreSQL (a real server
# started here on a loopback port, Prisma's "Skill" table), KV on the fake in both cases.
# Prints one line per case: requests (Cloudflare API), PostgreSQL round trips, wall time, peak RSS.
#
# Usage: scripts/bench_durable.sh
# Environment (defaults in brackets):
#   MKT_BENCH_SIZE        skills [100000]
#   MKT_BENCH_LATENCY     ms added per Cloudflare request [25]
#   MKT_BENCH_RATE_LIMIT  rate_limit for mkt [100000: the default 1,100 per 5 minutes throttles a
#                         100,000-row D1 backfill to ~7 minutes; request counts are the same]
# The fake runs without Cloudflare's per-token limit (`--rate-limit 0`) for the same reason.
# Needs Debian's postgresql package, GNU time (/usr/bin/time) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
N="${MKT_BENCH_SIZE:-100000}"
LAT="${MKT_BENCH_LATENCY:-25}"
export MKT_RATE_LIMIT="${MKT_BENCH_RATE_LIMIT:-100000}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
cargo build --release --locked --bin mkt --example fake_cloudflare >&2
BIN="$CARGO_TARGET_DIR/release"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

WORK="$(mktemp -d)"
chmod 755 "$WORK"   # the postgres user must reach its data directory inside
FAKE_PID=""
PGDATA="$WORK/pg/data"
AS_PG=()
[ "$(id -u)" -eq 0 ] && AS_PG=(runuser -u postgres --)
cleanup() {
  [ -n "$FAKE_PID" ] && { kill "$FAKE_PID" 2>/dev/null || true; wait "$FAKE_PID" 2>/dev/null || true; }
  [ -d "$PGDATA" ] && "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

start_fake() {
  [ -n "$FAKE_PID" ] && { kill "$FAKE_PID" 2>/dev/null || true; wait "$FAKE_PID" 2>/dev/null || true; }
  "$BIN/examples/fake_cloudflare" --seed "$N" --latency-ms "$LAT" --rate-limit 0 >"$WORK/env.sh" 2>"$WORK/fake.log" &
  FAKE_PID=$!
  for _ in $(seq 1200); do grep -q MKT_D1 "$WORK/env.sh" 2>/dev/null && break; sleep 0.1; done
  set -a; . "$WORK/env.sh"; set +a
}

d1_sql() {
  curl -sf -X POST -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" -H 'content-type: application/json' \
    "$CLOUDFLARE_API_BASE_URL/accounts/$CLOUDFLARE_ACCOUNT_ID/d1/database/$MKT_D1_DATABASE_ID/query" \
    -d "{\"sql\": \"$1\"}" >/dev/null
}

start_pg() {
  mkdir -p "$WORK/pg"
  echo bench >"$WORK/pg/pw"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$WORK/pg"
  "${AS_PG[@]}" "$PGBIN/initdb" -D "$PGDATA" -U mkt --pwfile "$WORK/pg/pw" -A scram-sha-256 -E UTF8 --no-locale -N >/dev/null
  PGPORT_BENCH="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$WORK/pg/log" -w \
    -o "-p $PGPORT_BENCH -c listen_addresses=127.0.0.1 -c unix_socket_directories=$WORK/pg" start >/dev/null
  export PGPASSWORD=bench
  psql -q -h 127.0.0.1 -p "$PGPORT_BENCH" -U mkt -d postgres -c "CREATE DATABASE marketplace"
  psql -q -h 127.0.0.1 -p "$PGPORT_BENCH" -U mkt -d marketplace <<'SQL'
CREATE TABLE "Skill" (
    "id" TEXT NOT NULL, "name" TEXT NOT NULL, "displayName" TEXT NOT NULL, "description" TEXT,
    "author" TEXT, "repoUrl" TEXT, "category" TEXT, "currentVersion" TEXT, "certTier" TEXT,
    "certMethod" TEXT, "certScore" DOUBLE PRECISION, "certifiedAt" TIMESTAMP(3),
    "labels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "trendingScore7d" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "trendingScore30d" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Skill_pkey" PRIMARY KEY ("id"));
CREATE UNIQUE INDEX "Skill_name_key" ON "Skill"("name");
SQL
}

# $1 label, then mkt's arguments (run in $WORK/run).
measure() {
  local label="$1"; shift
  mkdir -p "$WORK/run"
  ( cd "$WORK/run" && /usr/bin/time -f '%e %M' -o "$WORK/time" "$BIN/mkt" "$@" >"$WORK/out" 2>"$WORK/err" ) || true
  local secs kb requests pg code
  # GNU time adds "Command exited with non-zero status N" first when mkt exits non-zero.
  read -r secs kb < <(tail -1 "$WORK/time")
  code="$(grep -o 'status [0-9]*' "$WORK/time" | cut -d' ' -f2 || true)"
  requests="$(grep -o 'requests: [0-9]*' "$WORK/err" | tail -1 | cut -d' ' -f2 || true)"
  pg="$(grep -o 'durable store: [0-9]*' "$WORK/err" | tail -1 | cut -d' ' -f3 || true)"
  printf '%-40s exit %s  requests %-6s postgres round trips %-6s %7.2f s  %5d MB\n' \
    "$label" "${code:-0}" "${requests:-?}" "${pg:--}" "$secs" "$((kb / 1024))"
  [ -z "$code" ] || [ "$code" = 3 ] || sed 's/^/    /' "$WORK/err" | tail -3
}

echo "skills $N, Cloudflare latency ${LAT} ms, MKT_RATE_LIMIT=$MKT_RATE_LIMIT"
start_fake
measure "d1: health" health
measure "d1: health --deep" health --deep
d1_sql "DELETE FROM skills"
measure "d1: backfill skills --apply --yes" backfill skills --apply --yes

start_fake
start_pg
export MKT_DURABLE_URL="postgres://mkt@127.0.0.1:$PGPORT_BENCH/marketplace?sslmode=disable"
measure "postgres: backfill skills --apply --yes" backfill skills --apply --yes
measure "postgres: health" health
measure "postgres: health --deep" health --deep
