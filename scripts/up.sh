#!/usr/bin/env bash
# Starts civreg on this machine in the background: installs what is missing, reuses a
# PostgreSQL or Redis already listening on its usual port, starts MinIO and the rest on
# loopback with data under .data/ (CIVREG_DATA), creates the database and bucket, migrates,
# starts `civreg serve` and `civreg work`, waits for /healthz, and prints the base URL last.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

source "$ROOT/scripts/services.sh"

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
