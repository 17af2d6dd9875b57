#!/usr/bin/env bash
# Runs every fuzz test for FUZZTIME each (default 1m); scripts/test.sh runs them briefly.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
for target in "./ingest FuzzInspect" "./workers/extract FuzzParseDate" "./workers/extract FuzzTidyName" \
	"./workers/extract FuzzParseForms" "./archive FuzzVerify" "./archive FuzzParseXMP"; do
	set -- $target
	say "fuzzing $2 for ${FUZZTIME:-1m}"
	go test "$1" -run "^$2\$" -fuzz "^$2\$" -fuzztime "${FUZZTIME:-1m}" || die "$2 failed: the failing input is kept under $1/testdata/fuzz/$2"
done
