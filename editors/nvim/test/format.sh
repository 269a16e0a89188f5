#!/usr/bin/env bash
# Headless test of formatting (textDocument/formatting, rangeFormatting) in Neovim 0.11+ with
# the plugin (editors/nvim) and the real server: vim.lsp.buf.format() on misaligned copies of
# examples/unbalanced.txt must give, byte for byte, what `nianbao fmt` writes.
# usage: editors/nvim/test/format.sh [--nvim PATH] [--json FILE] [--keep] -- SERVER_BINARY
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "nvim format test" "$@"

nb_tmp nvim-fmt
# misaligned: pipes squeezed in tables 二 and 三, spaces thrown around others
sed -e '11,24s/ | /|/g' -e '29,52s/ | /|  /g' -e '41s/|/   |/g' "$root/examples/unbalanced.txt" > "$tmp/ws/report.txt"
sed 's/$/\r/' "$tmp/ws/report.txt" > "$tmp/ws/report-crlf.txt"
"$server" fmt - < "$tmp/ws/report.txt" > "$tmp/expected.txt"
"$server" fmt - < "$tmp/ws/report-crlf.txt" > "$tmp/expected-crlf.txt"
cmp -s "$tmp/ws/report.txt" "$tmp/expected.txt" && { echo "ERROR [nvim format test]: the copy is already tidy" >&2; exit 2; }

nb_nvim format.lua "NB_REPORT=$tmp/ws/report.txt" "NB_EXPECTED=$tmp/expected.txt" \
  "NB_REPORT_CRLF=$tmp/ws/report-crlf.txt" "NB_EXPECTED_CRLF=$tmp/expected-crlf.txt"
