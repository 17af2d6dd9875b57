#!/usr/bin/env bash
# Runs every test against real services: installs what is missing (system packages, the MinIO
# server), makes sure PostgreSQL and Redis run, checks formatting, vet and (whole suite) staticcheck, then go test.
# Extra arguments go to go test (for example: scripts/test.sh -run TestIngest ./ingest/).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/install.sh"
ensure_postgres
ensure_redis
export CIVREG_MINIO_BIN=${CIVREG_MINIO_BIN:-$(minio_bin)}

unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.data/*'))
[ -z "$unformatted" ] || die "gofmt would change: $unformatted"
go vet ./... || die "go vet found problems (above)"

full=
if [ $# -eq 0 ]; then full=yes; set -- ./...; fi
if [ -n "$full" ]; then
	# staticcheck, pinned, from the module proxy; the whole suite only (it takes a minute or two).
	GOBIN="$ROOT/.data/bin" go install honnef.co/go/tools/cmd/staticcheck@v0.8.2 ||
		die "could not install staticcheck v0.8.2 from the Go module proxy (above)"
	"$ROOT/.data/bin/staticcheck" ./... || die "staticcheck found problems (above)"
fi
# -p 2: two packages at a time on two cores; each starts its own Redis and MinIO.
go test -p 2 -timeout 40m -count=1 "$@"
# The whole suite also runs every fuzzer briefly (scripts/fuzz.sh runs them longer).
# A count, not a duration: no deadline for Go 1.26's fuzz coordinator to trip on (scripts/fuzz.sh).
if [ -n "$full" ]; then FUZZTIME=${FUZZTIME:-20000x} "$ROOT/scripts/fuzz.sh"; fi
