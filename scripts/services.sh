#!/usr/bin/env bash
# Sourced by up.sh and the benchmarks: installs what is missing and makes sure PostgreSQL,
# Redis and MinIO answer on loopback, with data under $CIVREG_DATA (.data/ by default). It
# exports the CIVREG_* variables that point civreg at them.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/install.sh"
mkdir -p "$DATA/logs" "$DATA/bin"
ensure_postgres
ensure_redis

export CIVREG_MINIO_ENDPOINT=${CIVREG_MINIO_ENDPOINT:-127.0.0.1:9000}
# MinIO's root user is for civreg migrate only: it makes the bucket versioned and the app's
# own user (CIVREG_MINIO_ACCESS_KEY), which serve and work sign in as.
export CIVREG_MINIO_ROOT_USER=${CIVREG_MINIO_ROOT_USER:-civreg-root}
export CIVREG_MINIO_ROOT_PASSWORD=${CIVREG_MINIO_ROOT_PASSWORD:-civreg-dev-root-secret}
export CIVREG_MINIO_ACCESS_KEY=${CIVREG_MINIO_ACCESS_KEY:-civreg}
export CIVREG_MINIO_SECRET_KEY=${CIVREG_MINIO_SECRET_KEY:-civreg-dev-secret}
export CIVREG_LISTEN=${CIVREG_LISTEN:-127.0.0.1:8080}
export CIVREG_DATABASE_URL=${CIVREG_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/civreg?sslmode=disable}

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

if ! curl -fsS "http://$CIVREG_MINIO_ENDPOINT/minio/health/ready" >/dev/null 2>&1; then
	say "starting MinIO on $CIVREG_MINIO_ENDPOINT (data in $DATA/minio)"
	MINIO_ROOT_USER=$CIVREG_MINIO_ROOT_USER MINIO_ROOT_PASSWORD=$CIVREG_MINIO_ROOT_PASSWORD MINIO_BROWSER=off MINIO_UPDATE=off \
		nohup "$(minio_bin)" server --quiet --address "$CIVREG_MINIO_ENDPOINT" --console-address 127.0.0.1:9001 "$DATA/minio" \
		>"$DATA/logs/minio.log" 2>&1 &
	echo $! >"$DATA/minio.pid"
	for _ in $(seq 120); do curl -fsS "http://$CIVREG_MINIO_ENDPOINT/minio/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
	curl -fsS "http://$CIVREG_MINIO_ENDPOINT/minio/health/ready" >/dev/null || die "MinIO did not start: see $DATA/logs/minio.log"
fi

db=$(sed -E 's#.*/([^/?]+)(\?.*)?$#\1#' <<<"$CIVREG_DATABASE_URL")
if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
	say "creating database $db"
	psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $db"
fi

