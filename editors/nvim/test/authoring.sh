#!/usr/bin/env bash
# Headless test of authoring in Neovim 0.11+ (editors/nvim) with the real server: completion of
# a total (the sum first, accepted with <C-y>), the code lenses above tables 三 and 四 and running
# the lens of 三 (vim.lsp.codelens.run -> workspace/executeCommand -> workspace/applyEdit), and the
# empty table 三 inserted by completion on a blank line of a draft.
# usage: editors/nvim/test/authoring.sh [--nvim PATH] [--json FILE] [--keep] -- SERVER_BINARY
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
[ -x "$server" ] || { echo "ERROR [nvim authoring test]: no server at $server" >&2; exit 2; }
command -v "$nvim" >/dev/null || { echo "ERROR [nvim authoring test]: nvim not found: $nvim" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nianbao-nvim-authoring.XXXXXX")
[ -n "$keep" ] || trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/ws"
cp "$root/examples/unbalanced.txt" "$tmp/ws/report.txt"
# a draft: the title and the headings of 三 and 四, a blank line under 三
printf '%s\n' '某县人民政府2023年政府信息公开工作年度报告' '一、总体情况' '本机关……' \
  '三、收到和处理政府信息公开申请情况' '' '四、政府信息公开行政复议、行政诉讼情况' > "$tmp/ws/draft.txt"

XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state \
XDG_CACHE_HOME=$tmp/cache NVIM_LOG_FILE=$tmp/nvim.log \
NB_SERVER=$server NB_REPORT=$tmp/ws/report.txt NB_DRAFT=$tmp/ws/draft.txt \
NB_JSON=${json:+$(realpath -m "$json")} \
  "$nvim" --headless -u NONE -i NONE -n --cmd "set rtp^=$plugin" -c "luafile $here/authoring.lua" </dev/null
