#!/usr/bin/env bash
# Every fix on every mutant of every corpus file (tests/fix_safety.rs, the ignored test), in
# release mode, niced: edits touch only their cells, keep CRLF/tabs/full-width characters,
# fix what they claim, and fixing twice equals fixing once.
set -euo pipefail
cd "$(dirname "$0")/.."
nice -n 10 cargo test --release --test fix_safety -- --ignored --nocapture fixes_on_every_mutant
