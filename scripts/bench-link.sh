#!/usr/bin/env bash
# Linkage benchmark: generated populations of 100,000 and 1,000,000 records (seed 2, held out:
# the thresholds were tuned on seed 1 with `scripts/bench-link.sh -tune -seed 1 -records 100000`);
# precision, recall, review band and pair completeness per decision, pairs compared per record and
# per second, time (clock and CPU) and peak RSS. No services needed.
set -euo pipefail
cd "$(dirname "$0")/.."
go run ./scripts/benchlink "$@"
