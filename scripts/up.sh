#!/usr/bin/env bash
# Starts civreg on this machine in the background: installs what is missing, reuses a
# PostgreSQL or Redis already listening on its usual port, starts MinIO and the rest on
# loopback with data under .data/ (CIVREG_DATA), creates the database and bucket, migrates,
# starts `civreg serve` and `civreg work`, waits for /healthz, and prints the base URL last.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/install.sh"
mkdir -p "$DATA/logs" "$DATA/bin"
ensure_postgres
ensure_redis

export CIVREG_MINIO_ENDPOINT=${CIVREG_MINIO_ENDPOINT:-127.0.0.1:9000}
export CIVREG_MINIO_ACCESS_KEY=${CIVREG_MINIO_ACCESS_KEY:-civreg}
export CIVREG_MINIO_SECRET_KEY=${CIVREG_MINIO_SECRET_KEY:-civreg-dev-secret}
export CIVREG_LISTEN=${CIVREG_LISTEN:-127.0.0.1:8080}
export CIVREG_DATABASE_URL=${CIVREG_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/civreg?sslmode=disable}

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

if ! curl -fsS "http://$CIVREG_MINIO_ENDPOINT/minio/health/ready" >/dev/null 2>&1; then
	say "starting MinIO on $CIVREG_MINIO_ENDPOINT (data in $DATA/minio)"
	MINIO_ROOT_USER=$CIVREG_MINIO_ACCESS_KEY MINIO_ROOT_PASSWORD=$CIVREG_MINIO_SECRET_KEY MINIO_BROWSER=off MINIO_UPDATE=off \
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

say "building civreg"
go build -o "$DATA/bin/civreg" ./cmd/civreg
"$DATA/bin/civreg" migrate >&2

for part in serve work; do
	if running "$DATA/$part.pid"; then kill "$(cat "$DATA/$part.pid")"; sleep 1; fi
	nohup "$DATA/bin/civreg" "$part" >>"$DATA/logs/$part.log" 2>&1 &
	echo $! >"$DATA/$part.pid"
done

url="http://$CIVREG_LISTEN"
for _ in $(seq 60); do
	curl -fsS "$url/healthz" >/dev/null 2>&1 && break
	running "$DATA/serve.pid" || die "civreg serve stopped: see $DATA/logs/serve.log"
	sleep 0.5
done
curl -fsS "$url/healthz" >/dev/null || die "civreg did not become healthy: see $DATA/logs/"
say "civreg is running (logs in $DATA/logs; scripts/down.sh stops it)"
echo "$url"
