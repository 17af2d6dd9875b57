#!/usr/bin/env bash
# Search benchmark: 200,000 generated records in the PostgreSQL index; latency of a
# misspelt name and of a filtered query beside an exact lookup, indexing rate, size on disk.
export CIVREG_DATABASE_URL=${CIVREG_BENCH_SEARCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/civreg_bench_search?sslmode=disable}
source "$(dirname "$0")/services.sh"
go run ./scripts/benchsearch "$@"
