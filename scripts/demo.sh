#!/usr/bin/env bash
# The README's run command: starts civreg (scripts/up.sh), creates one user per role, renders a
# sample batch of synthetic birth, death and marriage scans and a batch of register pages
# (several entries a page), uploads them, and prints the URL.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
url=$("$ROOT/scripts/up.sh" | tail -1)
bin="$DATA/bin/civreg"
password=${CIVREG_DEMO_PASSWORD:-registry-demo-1}
for role in admin clerk reviewer health archivist; do
	if ! "$bin" user list | grep -q "^$role "; then
		printf '%s\n' "$password" | "$bin" user add "$role" --role "$role" --password-stdin >&2
	fi
done
samples="$DATA/samples"
if [ ! -d "$samples" ]; then
	"$bin" samples -n 12 -seed 2026 -o "$samples" >&2
fi
# Register pages of the General Register Office family: several entries a page, each its own record.
registers="$DATA/samples-registers"
if [ ! -d "$registers" ]; then
	"$bin" samples -n 4 -seed 2026 -family gro-register -o "$registers" >&2
fi
token=$("$bin" user token clerk)
"$bin" ingest --server "$url" --token "$token" --batch "Sample batch" --type unknown "$samples"/*.png "$samples"/*.jpg "$samples"/*.tif >&2 || true
mapfile -t pages < <(find "$registers" -name '*.png' -o -name '*.jpg' -o -name '*.tif' | sort)
"$bin" ingest --server "$url" --token "$token" --batch "Sample register pages" --type unknown "${pages[@]}" >&2 || true
cat >&2 <<MSG

civreg is running with a sample batch. Sign in at $url with one of these users
(password: $password): admin, clerk, reviewer, health, archivist.
Stop it with scripts/down.sh; the data stays in $DATA.
MSG
echo "$url"
