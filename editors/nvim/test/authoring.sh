#!/usr/bin/env bash
# Headless test of authoring in Neovim 0.11+ (editors/nvim) with the real server: completion of
# a total (the sum first, accepted with <C-y>), the code lenses above tables 三 and 四 and running
# the lens of 三 (vim.lsp.codelens.run -> workspace/executeCommand -> workspace/applyEdit), and the
# empty table 三 inserted by completion on a blank line of a draft, and the empty table 四 picked
# from the completion on the blank line under 四's heading of examples/clean.txt without that table.
# usage: editors/nvim/test/authoring.sh [--nvim PATH] [--json FILE] [--keep] -- SERVER_BINARY
# Opens a scratch copy of examples/unbalanced.txt; exit 0 only if every check passed.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "nvim authoring test" "$@"

nb_tmp nvim-authoring
cp "$root/examples/unbalanced.txt" "$tmp/ws/report.txt"
# a draft: the title and the headings of 三 and 四, a blank line under 三
printf '%s\n' '某县人民政府2023年政府信息公开工作年度报告' '一、总体情况' '本机关……' \
  '三、收到和处理政府信息公开申请情况' '' '四、政府信息公开行政复议、行政诉讼情况' > "$tmp/ws/draft.txt"

# examples/clean.txt without table 四's rows (lines 55-58): a blank line under its heading
awk 'NR == 55 { print "" } NR < 55 || NR > 58' "$root/examples/clean.txt" > "$tmp/ws/nofour.txt"
grep -qx '四、政府信息公开行政复议、行政诉讼情况' "$tmp/ws/nofour.txt"

nb_nvim authoring.lua "NB_REPORT=$tmp/ws/report.txt" "NB_DRAFT=$tmp/ws/draft.txt" "NB_NOFOUR=$tmp/ws/nofour.txt"
