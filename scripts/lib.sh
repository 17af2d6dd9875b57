# Shared by the scripts: where things live and how to install what is missing.
# shellcheck shell=bash
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA=${CIVREG_DATA:-$ROOT/.data}
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
export PATH="$PATH:/usr/local/go/bin:$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin"

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# apt_install PACKAGE... installs the Debian packages that are not installed yet.
apt_install() {
	local missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get to install them"
	say "installing ${missing[*]} (Debian packages)"
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# minio_bin prints the MinIO server's path, building it the first time (about seven minutes).
minio_bin() {
	local bin
	bin=$(command -v minio || true)
	[ -z "$bin" ] && bin="$(go env GOPATH)/bin/minio"
	if [ ! -x "$bin" ]; then
		say "building the MinIO server (go install, about seven minutes the first time)"
		GOFLAGS=-mod=mod go install "github.com/minio/minio@$MINIO_VERSION" >&2 || die "could not build the MinIO server"
	fi
	printf '%s\n' "$bin"
}

# The system packages civreg and its tests need.
PACKAGES=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd libtesseract-dev libleptonica-dev
	postgresql redis-server icc-profiles-free poppler-utils curl chromium fonts-dejavu-core
	fonts-freefont-ttf fonts-gnutypewriter fonts-dkg-handwriting fonts-breip fonts-sjfonts fonts-rufscript libxml2-utils)

# install_ocr_model installs the Tesseract model CIVREG_OCR_MODEL names, when it is best_int:
# the integer "best" English model of the npm package @tesseract.js-data/eng (version and
# checksum pinned), unpacked into $DATA/tessdata/best_int, where civreg looks for it. civreg
# never fetches a model at run time. fast is Debian's tesseract-ocr-eng, in PACKAGES.
OCR_BEST_INT_NPM=@tesseract.js-data/eng@1.0.0
OCR_BEST_INT_SHA256=5dc5d8d640a212c9d6184921ba103b186f50e0fed9ee716c53e6b312b400d747
install_ocr_model() {
	[ "${CIVREG_OCR_MODEL:-fast}" = best_int ] || return 0
	local dir="$DATA/tessdata/best_int" tmp
	if [ -f "$dir/eng.traineddata" ] && echo "$OCR_BEST_INT_SHA256  $dir/eng.traineddata" | sha256sum -c --status; then
		return 0
	fi
	command -v npm >/dev/null || die "CIVREG_OCR_MODEL=best_int needs npm to fetch $OCR_BEST_INT_NPM (Debian package npm)"
	say "fetching the best_int Tesseract model ($OCR_BEST_INT_NPM) into $dir"
	tmp=$(mktemp -d)
	(cd "$tmp" && npm pack --silent "$OCR_BEST_INT_NPM" >/dev/null && tar xzf ./*.tgz package/4.0.0_best_int/eng.traineddata.gz) ||
		{ rm -rf "$tmp"; die "could not fetch $OCR_BEST_INT_NPM from the npm registry"; }
	mkdir -p "$dir"
	gunzip -c "$tmp/package/4.0.0_best_int/eng.traineddata.gz" >"$dir/eng.traineddata.part"
	rm -rf "$tmp"
	echo "$OCR_BEST_INT_SHA256  $dir/eng.traineddata.part" | sha256sum -c --status ||
		{ rm -f "$dir/eng.traineddata.part"; die "$OCR_BEST_INT_NPM: eng.traineddata does not have the expected checksum"; }
	mv "$dir/eng.traineddata.part" "$dir/eng.traineddata"
}

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }

# ensure_postgres reuses a PostgreSQL on 127.0.0.1:5432, starts the Debian cluster, or makes
# one under $DATA/postgres.
ensure_postgres() {
	pg_up && return 0
	if command -v pg_ctlcluster >/dev/null && [ -n "$(ls /etc/postgresql 2>/dev/null)" ]; then
		local v
		v=$(ls /etc/postgresql | sort -V | tail -1)
		say "starting PostgreSQL $v (Debian cluster)"
		as_root pg_ctlcluster --skip-systemctl-redirect "$v" main start || true
	fi
	if ! pg_up; then
		local bindir
		bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
		mkdir -p "$DATA"
		if [ ! -f "$DATA/postgres/PG_VERSION" ]; then
			say "creating a PostgreSQL cluster in $DATA/postgres"
			mkdir -p "$DATA/postgres" && chown postgres "$DATA/postgres" 2>/dev/null || true
			as_postgres "$bindir/initdb" -D "$DATA/postgres" -U postgres --auth=trust >/dev/null
		fi
		as_postgres "$bindir/pg_ctl" -D "$DATA/postgres" -l "$DATA/postgres.log" -o "-c listen_addresses=127.0.0.1 -p 5432 -k /tmp" start >/dev/null
		touch "$DATA/postgres.ours"
	fi
	for _ in $(seq 60); do pg_up && return 0; sleep 0.5; done
	die "PostgreSQL did not start on 127.0.0.1:5432"
}

as_postgres() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# ensure_redis reuses a Redis on 127.0.0.1:6379 or starts one with its data in $DATA/redis.
ensure_redis() {
	redis_up && return 0
	mkdir -p "$DATA/redis"
	say "starting Redis on 127.0.0.1:6379"
	redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --dir "$DATA/redis" --appendonly yes \
		--pidfile "$DATA/redis.pid" --logfile "$DATA/redis.log"
	for _ in $(seq 40); do redis_up && return 0; sleep 0.25; done
	die "Redis did not start on 127.0.0.1:6379"
}
export OMP_THREAD_LIMIT=${OMP_THREAD_LIMIT:-1}  # Tesseract: one thread per page; workers run pages in parallel
