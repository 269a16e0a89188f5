#!/usr/bin/env bash
# Headless test of the Neovim plugin (editors/nvim) with the real server.
# usage: editors/nvim/test/run.sh [--nvim PATH] [--json FILE] [--keep] -- SERVER_BINARY
# Opens a scratch copy of examples/unbalanced.txt; exit 0 only if every check passed.
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
[ -x "$server" ] || { echo "ERROR [nvim test]: no server at $server" >&2; exit 2; }
command -v "$nvim" >/dev/null || { echo "ERROR [nvim test]: nvim not found: $nvim" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nianbao-nvim.XXXXXX")
[ -n "$keep" ] || trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/ws"
# a report with an unusual extension: detection is by content, not filetype
cp "$root/examples/unbalanced.txt" "$tmp/ws/report.dat"
printf 'hello world\n总计：123 件\n' > "$tmp/ws/notes.txt"

XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state \
XDG_CACHE_HOME=$tmp/cache NVIM_LOG_FILE=$tmp/nvim.log \
NB_SERVER=$server NB_REPORT=$tmp/ws/report.dat NB_OTHER=$tmp/ws/notes.txt \
NB_JSON=${json:+$(realpath -m "$json")} \
  "$nvim" --headless -u NONE -i NONE -n --cmd "set rtp^=$plugin" -c "luafile $here/smoke.lua" </dev/null
