#!/usr/bin/env bash
# Headless test of the Neovim plugin (editors/nvim) with the real server.
# usage: editors/nvim/test/run.sh [--nvim PATH] [--json FILE] [--keep] -- SERVER_BINARY
# Opens a scratch copy of examples/unbalanced.txt; exit 0 only if every check passed.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "nvim test" "$@"

nb_tmp nvim
# a report with an unusual extension: detection is by content, not filetype
cp "$root/examples/unbalanced.txt" "$tmp/ws/report.dat"
printf 'hello world\n总计：123 件\n' > "$tmp/ws/notes.txt"

nb_nvim smoke.lua "NB_REPORT=$tmp/ws/report.dat" "NB_OTHER=$tmp/ws/notes.txt"
