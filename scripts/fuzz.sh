#!/usr/bin/env bash
# Runs every fuzz test for FUZZTIME each (default 1m; a count such as 20000x also works, and is
# what scripts/test.sh uses). A real finding fails the run and its input is kept under the
# package's testdata/fuzz/<target>.
#
# Go 1.26's fuzz coordinator can end a duration run with a bare "context deadline exceeded" at
# the deadline although nothing was found (go.dev/issue/75804, fixed in Go 1.27). A run that
# fails that way and wrote no new input is reported and not counted as a finding; a count
# budget has no deadline and cannot hit it.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
budget=${FUZZTIME:-1m}
kept_inputs() { if [ -d "$1" ]; then find "$1" -type f | wc -l; else echo 0; fi; }
for target in "./ingest FuzzInspect" "./extract FuzzParseDate" "./extract FuzzTidyName" \
	"./extract FuzzParseForms" "./pdfa FuzzVerify" "./pdfa FuzzParseXMP" "./pdfa FuzzParseTrueType" "./pdfa FuzzParseCIDCFF"; do
	set -- $target
	kept="$1/testdata/fuzz/$2"
	before=$(kept_inputs "$kept")
	say "fuzzing $2 for $budget"
	out=$(mktemp)
	if go test "$1" -run "^$2\$" -fuzz "^$2\$" -fuzztime "$budget" 2>&1 | tee "$out"; then
		rm -f "$out"
		continue
	fi
	after=$(kept_inputs "$kept")
	if [ "$after" -eq "$before" ] && tail -n 5 "$out" | grep -q '^    context deadline exceeded$'; then
		say "$2: Go's fuzz coordinator stopped on its own deadline with nothing found (go.dev/issue/75804); not a finding"
		rm -f "$out"
		continue
	fi
	rm -f "$out"
	die "$2 failed: the failing input is kept under $kept"
done
