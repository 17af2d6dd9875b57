#!/usr/bin/env bash
# Ingest benchmark: civreg ingest against MinIO directly, and civreg serve's peak
# memory while receiving large files. Figures are measured in the same run.
export CIVREG_DATABASE_URL=${CIVREG_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/civreg_bench?sslmode=disable}
export CIVREG_MINIO_BUCKET=civreg-bench
# Its own Redis database, so nothing the benchmark enqueues reaches a running civreg work.
export CIVREG_REDIS_URL=${CIVREG_BENCH_REDIS_URL:-redis://127.0.0.1:6379/2}
source "$(dirname "$0")/services.sh"
go build -o "$DATA/bin/civreg" ./cmd/civreg
"$DATA/bin/civreg" migrate >/dev/null
go run ./scripts/benchingest -civreg "$DATA/bin/civreg" "$@"
