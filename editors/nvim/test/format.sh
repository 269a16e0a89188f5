#!/usr/bin/env bash
# Headless test of formatting (textDocument/formatting, rangeFormatting) in Neovim 0.11+ with
# the plugin (editors/nvim) and the real server: vim.lsp.buf.format() on misaligned copies of
# examples/unbalanced.txt must give, byte for byte, what `nianbao fmt` writes.
# usage: editors/nvim/test/format.sh [--nvim PATH] [--json FILE] [--keep] -- SERVER_BINARY
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
plugin=$(cd "$here/.." && pwd)
root=$(cd "$plugin/../.." && pwd)
nvim=nvim; json=; keep=
while [ $# -gt 0 ]; do
  case "$1" in
    --nvim) nvim=$2; shift 2 ;;
    --json) json=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --) shift; break ;;
    *) echo "usage: $0 [--nvim PATH] [--json FILE] [--keep] -- SERVER_BINARY" >&2; exit 2 ;;
  esac
done
server=${1:?server binary}
case "$server" in /*) ;; *) server=$PWD/$server ;; esac
[ -x "$server" ] || { echo "ERROR [nvim format test]: no server at $server" >&2; exit 2; }
command -v "$nvim" >/dev/null || { echo "ERROR [nvim format test]: nvim not found: $nvim" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nianbao-nvim-fmt.XXXXXX")
[ -n "$keep" ] || trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/ws"
# misaligned: pipes squeezed in tables 二 and 三, spaces thrown around others
sed -e '11,24s/ | /|/g' -e '29,52s/ | /|  /g' -e '41s/|/   |/g' "$root/examples/unbalanced.txt" > "$tmp/ws/report.txt"
sed 's/$/\r/' "$tmp/ws/report.txt" > "$tmp/ws/report-crlf.txt"
"$server" fmt - < "$tmp/ws/report.txt" > "$tmp/expected.txt"
"$server" fmt - < "$tmp/ws/report-crlf.txt" > "$tmp/expected-crlf.txt"
cmp -s "$tmp/ws/report.txt" "$tmp/expected.txt" && { echo "ERROR [nvim format test]: the copy is already tidy" >&2; exit 2; }

XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state \
XDG_CACHE_HOME=$tmp/cache NVIM_LOG_FILE=$tmp/nvim.log \
NB_SERVER=$server NB_REPORT=$tmp/ws/report.txt NB_EXPECTED=$tmp/expected.txt \
NB_REPORT_CRLF=$tmp/ws/report-crlf.txt NB_EXPECTED_CRLF=$tmp/expected-crlf.txt \
NB_JSON=${json:+$(realpath -m "$json")} \
  "$nvim" --headless -u NONE -i NONE -n --cmd "set rtp^=$plugin" -c "luafile $here/format.lua" </dev/null
