#!/usr/bin/env bash
# Vital statistics benchmark: 1,000,000 generated records approved in a database of its own
# (dropped and made again each run); the time to serve each table from the summary beside a
# plain GROUP BY over the same records, in the same run, and the cost of keeping the summary
# current on approval. Only PostgreSQL is needed.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_postgres
export CIVREG_DATABASE_URL=${CIVREG_BENCH_STATS_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/civreg_bench_stats?sslmode=disable}
go run ./scripts/benchstats "$@"
