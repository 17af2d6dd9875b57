#!/usr/bin/env bash
# Lists civreg's direct dependencies with a newer release on the module proxy (none, when
# everything is at its newest). Exits 1 if one is behind, so it can gate a release.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
behind=$(go list -m -u -f '{{if and (not .Indirect) .Update}}{{.Path}} {{.Version}} -> {{.Update.Version}}{{end}}' all | grep -v '^$' || true)
if [ -n "$behind" ]; then
	echo "$behind"
	die "dependencies above have newer releases: go get them, run scripts/test.sh, or say in the README why not"
fi
say "every direct dependency is at its newest release on the module proxy"
