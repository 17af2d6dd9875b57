#!/usr/bin/env bash
# OCR benchmark: civreg's page reading against the raw tesseract command, the same model and
# the same pages two at a time, measured in the same run; for each model of MODELS (fast,
# best_int) pages per second, the time of each step, the ratio (by the clock and by CPU time)
# and character accuracy (printed field values of generated pages; the corpus's scans against
# their ground truth, when ../shared/corpus/tesseract is there).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
apt_install tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd libtesseract-dev libleptonica-dev
MODELS=${MODELS:-fast,best_int}
case ",$MODELS," in *,best_int,*) CIVREG_OCR_MODEL=best_int install_ocr_model ;; esac
pages=$(mktemp -d)
trap 'rm -rf "$pages"' EXIT
go run ./cmd/civreg samples -n "${PAGES:-30}" -seed "${SEED:-4040}" -o "$pages" >/dev/null
corpus=${CORPUS:-}
for c in "$ROOT/../shared/corpus/tesseract" "$ROOT/../../shared/corpus/tesseract"; do
	[ -z "$corpus" ] && [ -d "$c" ] && corpus=$c
done
go run ./scripts/benchocr -pages "$pages" -corpus "$corpus" -models "$MODELS" -data "$DATA" \
	-parallel "${PARALLEL:-2}" -rounds "${ROUNDS:-3}"
