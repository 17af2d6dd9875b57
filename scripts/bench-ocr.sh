#!/usr/bin/env bash
# OCR benchmark: civreg's page reading against the raw tesseract command and
# ocrmypdf on the same 40 generated pages, two at a time, measured in the same run.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
apt_install tesseract-ocr tesseract-ocr-osd libtesseract-dev libleptonica-dev ocrmypdf
pages=$(mktemp -d)
trap 'rm -rf "$pages"' EXIT
go run ./cmd/civreg samples -n "${PAGES:-40}" -seed 4040 -o "$pages" >/dev/null
go run ./scripts/benchocr -pages "$pages" -parallel "${PARALLEL:-2}" -rounds "${ROUNDS:-3}"
