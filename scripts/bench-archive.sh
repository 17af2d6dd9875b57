#!/usr/bin/env bash
# Preservation benchmark: PDF/A copies of a generated sample batch and of the
# corpus's G4 scans (the two TIFFs and the G4 PDF), a JPEG and a PNG: verified, sized against
# the source and against ocrmypdf, timed against their OCR; and the peak memory of exporting a
# 500-record batch as a bag. Figures are measured in the same run.
export CIVREG_DATABASE_URL=${CIVREG_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/civreg_bench?sslmode=disable}
export CIVREG_MINIO_BUCKET=civreg-bench
export CIVREG_REDIS_URL=${CIVREG_BENCH_REDIS_URL:-redis://127.0.0.1:6379/2}
source "$(dirname "$0")/services.sh"
apt_install tesseract-ocr tesseract-ocr-osd libtesseract-dev libleptonica-dev ocrmypdf poppler-utils
export OMP_THREAD_LIMIT=1
pages=$(mktemp -d)
trap 'rm -rf "$pages"' EXIT
go build -o "$DATA/bin/civreg" ./cmd/civreg
"$DATA/bin/civreg" migrate >/dev/null
"$DATA/bin/civreg" samples -n "${PAGES:-20}" -seed 5050 -o "$pages" >/dev/null
corpus="$ROOT/../shared/corpus"
go run ./scripts/bencharchive -pages "$pages" -civreg "$DATA/bin/civreg" -records "${RECORDS:-500}" \
  -extra "$corpus/tesseract/8071_093.3B.tif,$corpus/tesseract/8087_054.3B.tif,$corpus/ocrmypdf/ccitt.pdf,$corpus/ocrmypdf/baiona_color.jpg,$corpus/ocrmypdf/typewriter.png"
