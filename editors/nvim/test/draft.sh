#!/usr/bin/env bash
# Headless test of "起草下一年度报告" in Neovim 0.11+ (editors/nvim) with the real server: the code
# action on the title line of a 2023 report, run as a user runs it (vim.lsp.buf.code_action ->
# workspace/executeCommand nianbao.newDraft -> workspace/applyEdit CreateFile + insert ->
# window/showDocument); the draft 2024.txt is created, opened in the current window, saved, and
# the server checks it (NB040 markers and blanks only, no error or warning).
# usage: editors/nvim/test/draft.sh [--nvim PATH] [--json FILE] [--keep] -- SERVER_BINARY
# Works on a scratch copy of examples/clean.txt; exit 0 only if every check passed.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "nvim draft test" "$@"

nb_tmp nvim-draft
cp "$root/examples/clean.txt" "$tmp/ws/2023.txt"
# what `nianbao new` writes for it: the draft the editor must end up with
"$server" new --from "$tmp/ws/2023.txt" -o "$tmp/expected.txt" 2>/dev/null

nb_nvim draft.lua "NB_SOURCE=$tmp/ws/2023.txt" "NB_EXPECTED=$tmp/expected.txt"
