#!/usr/bin/env bash
# The performance targets (issue 17), measured in one run: the engine's criterion bench, `check`
# of 10,000 reports against grep, and the editor's latency, memory and startup against a null
# server. Each bench's full output is kept in OUT (default target/targets/), and a table of
# every target, its goal and this run's figure is printed at the end.
#
# usage: scripts/targets.sh              (about 5 minutes on 2 cores; run it on a quiet machine)
#        OUT=/tmp/run scripts/targets.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-target/targets}"
mkdir -p "$OUT"
stamp() { echo "$(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"; }

echo "start: $(stamp); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
cargo bench --quiet --bench engine >"$OUT/engine.log" 2>&1
python3 scripts/bench-report.py >"$OUT/engine.txt"
echo "engine done: $(stamp)"
scripts/batch-bench.sh >"$OUT/batch.txt" 2>&1
echo "batch done: $(stamp)"
cargo bench --quiet --bench lsp_latency >"$OUT/lsp.txt" 2>&1
echo "editor done: $(stamp)"

python3 scripts/targets-summary.py "$OUT"
