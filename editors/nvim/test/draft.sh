#!/usr/bin/env bash
# Headless test of "起草下一年度报告" in Neovim 0.11+ (editors/nvim) with the real server: the code
# action on the title line of a 2023 report, run as a user runs it (vim.lsp.buf.code_action ->
# workspace/executeCommand nianbao.newDraft -> workspace/applyEdit CreateFile + insert ->
# window/showDocument); the draft 2024.txt is created, opened in the current window, saved, and
# the server checks it (NB040 markers and blanks only, no error or warning).
# usage: editors/nvim/test/draft.sh [--nvim PATH] [--json FILE] [--keep] -- SERVER_BINARY
# Works on a scratch copy of examples/clean.txt; exit 0 only if every check passed.
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
[ -x "$server" ] || { echo "ERROR [nvim draft test]: no server at $server" >&2; exit 2; }
command -v "$nvim" >/dev/null || { echo "ERROR [nvim draft test]: nvim not found: $nvim" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nianbao-nvim-draft.XXXXXX")
[ -n "$keep" ] || trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/ws"
cp "$root/examples/clean.txt" "$tmp/ws/2023.txt"
# what `nianbao new` writes for it: the draft the editor must end up with
"$server" new --from "$tmp/ws/2023.txt" -o "$tmp/expected.txt" 2>/dev/null

XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state \
XDG_CACHE_HOME=$tmp/cache NVIM_LOG_FILE=$tmp/nvim.log \
NB_SERVER=$server NB_SOURCE=$tmp/ws/2023.txt NB_EXPECTED=$tmp/expected.txt \
NB_JSON=${json:+$(realpath -m "$json")} \
  "$nvim" --headless -u NONE -i NONE -n --cmd "set rtp^=$plugin" -c "luafile $here/draft.lua" </dev/null
