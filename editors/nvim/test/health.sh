#!/usr/bin/env bash
# The Neovim plugin installed as a package, then :checkhealth nianbao and :help nianbao.
# usage: editors/nvim/test/health.sh [--nvim PATH] [--json FILE] [--keep] -- SERVER_BINARY
# A temporary packpath holds only pack/nianbao/start/nianbao -> editors/nvim; nvim starts with
# a minimal init that sets 'packpath' to it and 'runtimepath' to Neovim's own runtime (no user
# config, XDG dirs in the temp dir). Two runs (test/health.lua): `found` (the server, also on
# PATH as `nianbao`) and `missing` (setup() given a binary that does not exist).
# Exit 0 only if every check of both runs passed.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "nvim health test" "$@"

nb_tmp nvim-health
# :helptags writes editors/nvim/doc/tags (git-ignored); remove it again if it was not there
had_tags=; [ -e "$plugin/doc/tags" ] && had_tags=1
cleanup() {
  [ -n "$had_tags" ] || rm -f "$plugin/doc/tags"
  [ -n "$keep" ] || rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp/site/pack/nianbao/start" "$tmp/bin"
ln -s "$plugin" "$tmp/site/pack/nianbao/start/nianbao"
ln -s "$server" "$tmp/bin/nianbao"
cp "$root/examples/unbalanced.txt" "$tmp/ws/report.txt"
cat >"$tmp/init.lua" <<EOF
-- only the temporary packpath and Neovim's own runtime (\$VIMRUNTIME, whose pack/dist holds
-- netrw on 0.11, and <prefix>/lib/nvim with the treesitter parsers): no user config or plugin
local prefix_lib = vim.fn.fnamemodify(vim.v.progpath, ':p:h:h') .. '/lib/nvim'
vim.o.packpath = '$tmp/site,' .. vim.env.VIMRUNTIME
vim.o.runtimepath = vim.env.VIMRUNTIME
  .. (vim.fn.isdirectory(prefix_lib) == 1 and (',' .. prefix_lib) or '')
EOF
[ -z "$json_out" ] || : >"$json_out"

rc=0
for case in found missing; do
  if [ "$case" = found ]; then srv=$server; else srv=$tmp/no-such-dir/nianbao; fi
  nb_env PATH="$tmp/bin:$PATH" NB_CASE="$case" NB_SERVER="$srv" \
    NB_PACKAGE="$tmp/site/pack/nianbao/start/nianbao" NB_REPORT="$tmp/ws/report.txt" \
    timeout 60 "$nvim" --headless -u "$tmp/init.lua" -i NONE -n -c "luafile $here/health.lua" </dev/null || rc=1
done
exit $rc
