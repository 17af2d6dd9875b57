#!/usr/bin/env bash
# Soak: PAGES generated pages (1,000 by default) through upload, OCR, extraction,
# indexing, approval and archiving with one civreg serve and two civreg work processes.
# Prints pages per minute, each process's peak memory, and whether every count agrees.
export CIVREG_DATABASE_URL=${CIVREG_SOAK_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/civreg_soak?sslmode=disable}
export CIVREG_MINIO_BUCKET=civreg-soak
export CIVREG_REDIS_URL=${CIVREG_SOAK_REDIS_URL:-redis://127.0.0.1:6379/3}
source "$(dirname "$0")/services.sh"
go build -o "$DATA/bin/civreg" ./cmd/civreg
go run ./scripts/soak -civreg "$DATA/bin/civreg" -pages "${PAGES:-1000}" -workers "${WORKERS:-2}"
