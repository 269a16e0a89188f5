#!/usr/bin/env bash
# Analysis time at 1×, 10×, 100× input size (concatenated reports, and a 三 heading followed by
# 1k/10k/100k table rows with no 四 heading), release build, best of a few runs, niced; and for
# each input the wall time and peak RSS of the release binary's `nianbao check --format json`
# of it as a file, one process per input (tests/engine_scale.rs, `scaling_figures`).
# Folders of 1/10/100 MB: scripts/scale-folders.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
nice -n 10 cargo test --release --test engine_scale -- --ignored --nocapture scaling_figures
