#!/usr/bin/env bash
# Stops what scripts/up.sh started (civreg serve and work, MinIO, and Redis or PostgreSQL if it
# started them) and leaves the data in place.
source "$(dirname "$0")/lib.sh"
stop_pid() {
	local f=$DATA/$1.pid
	[ -f "$f" ] || return 0
	local pid
	pid=$(cat "$f")
	if kill -0 "$pid" 2>/dev/null; then
		say "stopping $1"
		kill "$pid"
		for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
		kill -9 "$pid" 2>/dev/null || true
	fi
	rm -f "$f"
}
stop_pid serve
stop_pid work
stop_pid minio
stop_pid redis
if [ -f "$DATA/postgres.ours" ]; then
	bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
	as_postgres "$bindir/pg_ctl" -D "$DATA/postgres" stop -m fast >/dev/null || true
	rm -f "$DATA/postgres.ours"
fi
say "stopped; data kept in $DATA"
