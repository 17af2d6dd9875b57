#!/usr/bin/env bash
# Installs what civreg needs on a Debian or Ubuntu machine: the system packages and the MinIO
# server. Safe to run again: it installs only what is missing.
source "$(dirname "$0")/lib.sh"
command -v go >/dev/null || die "Go is not installed (civreg needs Go 1.26 or newer)"
apt_install "${PACKAGES[@]}" "$@"
minio_bin >/dev/null
install_ocr_model
say "everything civreg needs is installed"
