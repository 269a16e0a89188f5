#!/usr/bin/env bash
# The editor integrations (editors/) tested in the real editors against the built server.
# usage: scripts/editors-test.sh [--full] [--out DIR]
#   default  Neovim 0.7.2 (apt) and 0.11.4 (PyPI) with editors/nvim, also as a package + :checkhealth
#   --full   also VS Code (code-server 4.100.3 + headless Chromium, installs ~945 MB the first
#            time, ~1 min) with editors/vscode, and Emacs Eglot (../shared/clients/eglot-smoke.sh,
#            editors/emacs/readme-snippet-test.el)
#   --out    where the screenshots go (--full; default a temp dir)
# Installs what it needs with ../shared/clients/install-*.sh (root or sudo for apt).
# env: NIANBAO_SHARED (default ../shared), LSP_CLIENTS_HOME (default ~/.cache/lsp-clients),
#      CARGO_TARGET_DIR (default target/)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${NIANBAO_SHARED:-$root/../shared}
export NIANBAO_SHARED=$shared
export LSP_CLIENTS_HOME=${LSP_CLIENTS_HOME:-$HOME/.cache/lsp-clients}
full=; out=
while [ $# -gt 0 ]; do
  case "$1" in
    --full) full=1; shift ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "usage: $0 [--full] [--out DIR]" >&2; exit 2 ;;
  esac
done

passed=0; failed=0; failures=()
suite() { # name command...
  local name=$1; shift
  local t0=$SECONDS
  echo "== $name"
  if "$@"; then passed=$((passed + 1)); echo "-- $name: ok ($((SECONDS - t0)) s)"
  else failed=$((failed + 1)); failures+=("$name"); echo "-- $name: FAILED ($((SECONDS - t0)) s)"; fi
}

bash "$shared/clients/install-nvim.sh"
cargo build --manifest-path "$root/Cargo.toml" --bin nianbao
bin=${CARGO_TARGET_DIR:-$root/target}/debug/nianbao
[ -x "$bin" ] || { echo "ERROR [editors-test.sh]: no binary at $bin" >&2; exit 1; }

nvim_summary() { # nvim [test script, default run.sh; health.sh runs 2 cases]: print its checks compactly
  local nvim=$1 script=${2:-run.sh} json
  local runs=1; [ "$script" = health.sh ] && runs=2
  json=$(mktemp)
  local rc=0
  "$root/editors/nvim/test/$script" --nvim "$nvim" --json "$json" -- "$bin" >/dev/null 2>&1 || rc=$?
  python3 - "$json" "$runs" <<'PY' || rc=1
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8') if l.strip()]
for e in ev:
    if e['event'] == 'start': print(f"nvim {e['nvim']}" + (f" ({e['case']})" if 'case' in e else ''))
    if e['event'] == 'initialized': print(f"  position encoding: {e['offset_encoding']}")
    if e['event'] == 'check': print(f"  {'ok  ' if e['ok'] else 'FAIL'} {e['name']}" + ('' if e['ok'] else f"  {e.get('detail')}"))
s = [e for e in ev if e['event'] == 'summary']
if len(s) < int(sys.argv[2]): print('  no summary: the test did not finish'); sys.exit(1)
sys.exit(0 if all(x['failed'] == 0 for x in s) else 1)
PY
  rm -f "$json"
  return $rc
}
suite "neovim 0.7 (apt)" nvim_summary /usr/bin/nvim
suite "neovim 0.11 (PyPI)" nvim_summary "$LSP_CLIENTS_HOME/nvim-0.11/bin/nvim"
# editors/nvim as a package (pack/nianbao/start/nianbao in a temporary packpath, nothing else
# loaded), :checkhealth nianbao with the server and with a binary that does not exist, :help
suite "neovim 0.7 (apt): package + :checkhealth" nvim_summary /usr/bin/nvim health.sh
suite "neovim 0.11 (PyPI): package + :checkhealth" nvim_summary "$LSP_CLIENTS_HOME/nvim-0.11/bin/nvim" health.sh
# authoring (0.11+: vim.lsp.completion): the sum offered at a total and accepted, the code
# lenses above 三 and 四 and the lens of 三 run, an empty table inserted into a draft
suite "neovim 0.11 (PyPI): completion + code lens" nvim_summary "$LSP_CLIENTS_HOME/nvim-0.11/bin/nvim" authoring.sh
# 起草下一年度报告 (0.11+: applyEdit CreateFile, showDocument): the code action on the title of a
# 2023 report creates 2024.txt and opens it; saved, the server finds no error or warning in it
suite "neovim 0.11 (PyPI): next year's draft" nvim_summary "$LSP_CLIENTS_HOME/nvim-0.11/bin/nvim" draft.sh
# formatting (0.11+: vim.lsp.buf.format): misaligned copies of unbalanced.txt (LF, CRLF) end
# equal to `nianbao fmt`'s output, written back byte for byte; a range tidies table 二 only
suite "neovim 0.11 (PyPI): formatting" nvim_summary "$LSP_CLIENTS_HOME/nvim-0.11/bin/nvim" format.sh

if [ -n "$full" ]; then
  eglot() {
    bash "$shared/clients/install-emacs.sh" || return 1
    local tmp rc=0
    tmp=$(mktemp -d)
    # examples/broken-table.txt: NB030 (label typo) has exactly one quick-fix at 36:1; Eglot
    # 1.9 cannot pick among several actions in batch mode
    cp "$root/examples/broken-table.txt" "$tmp/report.txt"
    bash "$shared/clients/eglot-smoke.sh" --hover 36:1 --action 36:1 --out "$tmp/fixed.txt" \
      "$tmp/report.txt" -- "$bin" lsp >"$tmp/report.jsonl" 2>"$tmp/err" || true
    cut -c1-200 "$tmp/report.jsonl"
    python3 - "$tmp/report.jsonl" "$tmp/report.txt" "$tmp/fixed.txt" <<'PY' || rc=1
import json, os, sys
ev = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8') if l.startswith('{')]
codes = [e['message'].split('[')[1].split(']')[0] for e in ev if e['event'] == 'diagnostic']
ok = sorted(codes) == ['NB012', 'NB020', 'NB030']
print(f"  {'ok  ' if ok else 'FAIL'} diagnostics NB012, NB020, NB030 via flymake: {codes}")
fixed = open(sys.argv[3], encoding='utf-8').read() if os.path.exists(sys.argv[3]) else ''
want = open(sys.argv[2], encoding='utf-8').read().replace('5.属于三类内容事务信息', '5.属于三类内部事务信息', 1)
ok2 = fixed == want
print(f"  {'ok  ' if ok2 else 'FAIL'} quick-fix applied by Eglot: label 内容 -> 内部, nothing else changed")
sys.exit(0 if ok and ok2 else 1)
PY
    rm -rf "$tmp"
    return $rc
  }
  suite "emacs eglot" eglot
  eglot_readme() {
    local tmp rc=0
    tmp=$(mktemp -d)
    cp "$root/examples/unbalanced.txt" "$tmp/report.txt"
    NB=$bin NB_FILE=$tmp/report.txt emacs --batch -Q -l "$root/editors/emacs/readme-snippet-test.el" 2>"$tmp/err" || rc=$?
    [ $rc -eq 0 ] || tail -20 "$tmp/err"
    rm -rf "$tmp"
    return $rc
  }
  suite "emacs eglot (README setup: settings, fix all)" eglot_readme
  vscode() {
    bash "$shared/clients/install-code-server.sh" || return 1
    "$root/editors/vscode/test/run.sh" ${out:+--out "$out"} -- "$bin"
  }
  suite "vs code (code-server + chromium)" vscode
fi

echo "editors: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || { echo "failed: ${failures[*]}" >&2; exit 1; }
