#!/usr/bin/env bash
# Ingest benchmark (issue 3): civreg ingest against MinIO directly, and civreg serve's peak
# memory while receiving large files. Figures are measured in the same run.
export CIVREG_DATABASE_URL=${CIVREG_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/civreg_bench?sslmode=disable}
export CIVREG_MINIO_BUCKET=civreg-bench
source "$(dirname "$0")/services.sh"
go build -o "$DATA/bin/civreg" ./cmd/civreg
"$DATA/bin/civreg" migrate >/dev/null
go run ./scripts/benchingest -civreg "$DATA/bin/civreg" "$@"
