#!/usr/bin/env bash
# VS Code (code-server) + headless Chromium test of the extension against the real server.
# usage: editors/vscode/test/run.sh [--out DIR] -- SERVER_BINARY
#   needs ../shared/clients/install-code-server.sh to have run (LSP_CLIENTS_HOME)
#   --out DIR  keep the screenshots there (default: a temp dir, printed)
# 1. builds the platform .vsix (npm ci + tsc + scripts/bundle-server.js: cargo build --release,
#    server/nianbao + rules/NB*.md, vsce package --target linux-x64), checks the en/zh-cn strings
#    and what the .vsix carries (the server, executable; the rule pages = `nianbao explain`);
# 2. ../shared/clients/code-server-smoke.js with that .vsix alone: no nianbao.server.path and no
#    `nianbao` on code-server's PATH, so the server is the bundled one. On a copy of
#    examples/unbalanced.txt: squiggles, hover at the total 41:52 (NB101 + the formula with ≠),
#    quick-fix applied and saved; the saved file must differ from the original in that cell
#    only (13 -> 12);
# 3. test/extra.js (with SERVER_BINARY): status bar count + Problems, the rule page opened from
#    the code link in Problems and in the hover, crash -> restart, the fix-all command, the
#    Settings UI, a missing binary -> notification, the bundled binary (x bit restored), the
#    binary found on PATH.
# 4. test/draft.js (with SERVER_BINARY): on a copy of examples/clean.txt named 2023.txt, the
#    code action menu on the title offers 起草下一年度报告（2024）; chosen, 2024.txt is created
#    and opened (workspace/applyEdit CreateFile, window/showDocument), saved = `nianbao new`'s.
# 4. test/authoring.js (with SERVER_BINARY): the code lenses above 三 and 四, completion of the
#    sum at the wrong total accepted and saved, a click on the lens of 三 fixes the table, the
#    empty table 四 chosen from Ctrl+Space on the blank line under 四's heading (clean.txt without it).
# test/format.js (with SERVER_BINARY), on a misaligned copy of examples/unbalanced.txt: "Format
#    Document" then save -> the file equals `nianbao fmt`'s output byte for byte; undone, "Format
#    Selection" on table 二 -> only that table tidied.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ext=$(cd "$here/.." && pwd)
root=$(cd "$ext/../.." && pwd)
shared=${NIANBAO_SHARED:-$root/../shared}
out=
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [--out DIR] -- SERVER_BINARY" >&2; exit 2 ;;
  esac
done
server=$(realpath "${1:?server binary}")
[ -n "$out" ] || out=$(mktemp -d "${TMPDIR:-/tmp}/nianbao-vscode-shots.XXXXXX")
mkdir -p "$out"; out=$(realpath "$out")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nianbao-vscode.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0

echo "== vscode: build the .vsix"
(cd "$ext" && { npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error; } \
  && npm run --silent package) >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; echo "ERROR [vscode test]: build failed" >&2; exit 1; }
grep -E 'DONE|Packaged|^server:|^rules:' "$tmp/build.log" || true
node "$here/check-l10n.js" || fail=1
version=$(node -p "require('$ext/package.json').version")
vsix=$ext/dist/nianbao-linux-x64-$version.vsix
[ -f "$vsix" ] || { echo "ERROR [vscode test]: no $vsix" >&2; exit 1; }
python3 - "$vsix" "$server" <<'PY' || fail=1
import json, os, subprocess, sys, zipfile
vsix, server = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(vsix)
names = {i.filename: i for i in z.infolist()}
checks = []
def check(name, ok, detail=None):
    checks.append(bool(ok))
    print(json.dumps({'event': 'check', 'name': name, 'ok': bool(ok), 'detail': detail}, ensure_ascii=False))
size = os.path.getsize(vsix)
check(f'vsix is small enough ({size / 1048576:.1f} MB < 15 MB)', size < 15 * 1048576, size)
srv = names.get('extension/server/nianbao')
check('vsix carries extension/server/nianbao, mode 755', srv is not None and (srv.external_attr >> 16) & 0o777 == 0o755,
      srv and oct(srv.external_attr >> 16))
manifest = z.read('extension.vsixmanifest').decode()
check('vsix manifest targets linux-x64', 'TargetPlatform="linux-x64"' in manifest)
pages = sorted(n for n in names if n.startswith('extension/rules/') and n.endswith('.md'))
codes = [os.path.basename(n)[:-3] for n in pages]
listed = subprocess.run([server, 'explain'], capture_output=True, text=True).stdout
differ = [c for c in codes if z.read(f'extension/rules/{c}.md').decode().rstrip('\n')
          != subprocess.run([server, 'explain', c], capture_output=True, text=True).stdout.rstrip('\n')]
listed = [l.split()[0] for l in listed.splitlines() if l.startswith('NB')]
check(f'vsix carries a page for each rule of `nianbao explain` ({len(codes)}), = `nianbao explain CODE`',
      len(codes) >= 30 and codes == sorted(listed) and not differ, {'differ': differ, 'missing': sorted(set(listed) - set(codes))})
print(f"vscode-vsix: {sum(checks)} passed, {len(checks) - sum(checks)} failed")
sys.exit(0 if all(checks) else 1)
PY

echo "== vscode: code-server-smoke.js with the .vsix alone (squiggles, hover, quick-fix, save)"
mkdir -p "$tmp/ws1"; cp "$root/examples/unbalanced.txt" "$tmp/ws1/"
# code-server (and, with VSCODE_CLI=1, the extension host: otherwise VS Code's server takes
# PATH from a login shell) get this PATH: without any folder holding a `nianbao`, and with no
# nianbao.server.path, only the server inside the .vsix can answer
clean_path=
IFS=: read -r -a dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  [ -n "$d" ] && [ ! -e "$d/nianbao" ] && clean_path=${clean_path:+$clean_path:}$d
done
if PATH=$clean_path command -v nianbao >/dev/null; then
  echo "ERROR [vscode test]: nianbao still on PATH: $(PATH=$clean_path command -v nianbao)" >&2; fail=1
else
  echo "PATH for code-server: no nianbao (dropped: $(tr ':' '\n' <<<"$PATH" | grep -vxF -f <(tr ':' '\n' <<<"$clean_path") | paste -sd' ' || true))"
fi
# font 13 / line height 16: the findings on lines 41 and 58 of the 62-line report fit in
# the 1280x800 window (monaco renders squiggles only for visible lines)
set +e
VSCODE_CLI=1 PATH=$clean_path node "$shared/clients/code-server-smoke.js" --vsix "$vsix" --folder "$tmp/ws1" \
  --file unbalanced.txt --hover 41:52 --fix 41:52 --screenshot "$out/vscode.png" --timeout 60 \
  --setting 'editor.fontSize=13' \
  --setting 'editor.lineHeight=16' --setting 'breadcrumbs.enabled=false' \
  >"$tmp/smoke.jsonl" 2>"$tmp/smoke.err"
rc=$?
set -e
cut -c1-240 "$tmp/smoke.jsonl"
[ $rc -eq 0 ] || { tail -40 "$tmp/smoke.err"; fail=1; }
python3 - "$tmp/smoke.jsonl" "$root/examples/unbalanced.txt" "$tmp/ws1/unbalanced.txt" <<'PY' || fail=1
import json, sys
events = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8') if l.startswith('{')]
by = {}
for e in events: by.setdefault(e['event'], []).append(e)
original = open(sys.argv[2], encoding='utf-8').read()
saved = open(sys.argv[3], encoding='utf-8').read()
checks = []
def check(name, ok, detail=None):
    checks.append(ok)
    print(json.dumps({'event': 'check', 'name': name, 'ok': bool(ok), 'detail': detail}, ensure_ascii=False))
sq = by.get('squiggles', [{}])[0]
check('squiggles shown', sq.get('count', 0) >= 1 and all('squiggly-error' in c for c in sq.get('classes', [])), sq.get('classes'))
hover = by.get('hover', [{}])[0].get('text', '')
check('hover at 41:52 shows NB101 (the squiggle is on that cell)', 'NB101' in hover and 'NB102' in hover)
check('hover shows the formula (≠)', '≠' in hover and '13 ≠ 9 + 2 + 0 + 0 + 0 + 1 = 12' in hover)
items = by.get('code_actions', [{}])[0].get('items', [])
check('quick-fix menu offers the total fix', any('总计栏改为12' in i for i in items), items)
expected = original.replace('| 1 | 13 |', '| 1 | 12 |', 1)
check('saved file: the total is the computed sum 12, nothing else changed', saved == expected and saved != original,
      saved.split('\n')[40])
after = by.get('squiggles_after_fix', [{}])[0].get('count')
check('one squiggle left after the fix (NB201, suggested fixes only)', after == 1, after)
print(f"vscode-smoke: {sum(checks)} passed, {len(checks) - sum(checks)} failed")
sys.exit(0 if all(checks) else 1)
PY

echo "== vscode: status bar, crash restart, fix-all command, settings, finding the binary (test/extra.js)"
mkdir -p "$tmp/ws2"; cp "$root/examples/unbalanced.txt" "$tmp/ws2/"
node "$here/extra.js" --vsix "$vsix" --folder "$tmp/ws2" --file unbalanced.txt \
  --server "$server" --screenshot "$out/vscode-extra.png" --timeout 60 || fail=1

echo "== vscode: completion of a total, code lenses, the lens of 三 run (test/authoring.js)"
mkdir -p "$tmp/ws3"; cp "$root/examples/unbalanced.txt" "$tmp/ws3/"
node "$here/authoring.js" --vsix "$vsix" --folder "$tmp/ws3" --file unbalanced.txt \
  --server "$server" --screenshot "$out/vscode-authoring.png" --timeout 60 || fail=1

echo "== vscode: Format Document and Format Selection (test/format.js)"
mkdir -p "$tmp/ws-format"
sed -e '11,24s/ | /|/g' -e '29,52s/ | /|  /g' -e '41s/|/   |/g' "$root/examples/unbalanced.txt" > "$tmp/ws-format/unbalanced.txt"
node "$here/format.js" --vsix "$vsix" --folder "$tmp/ws-format" --file unbalanced.txt \
  --server "$server" --screenshot "$out/vscode-format.png" --timeout 60 || fail=1
echo "== vscode: 起草下一年度报告 from the code action menu on the title (test/draft.js)"
mkdir -p "$tmp/ws-draft"; cp "$root/examples/clean.txt" "$tmp/ws-draft/2023.txt"
node "$here/draft.js" --vsix "$vsix" --folder "$tmp/ws-draft" --server "$server" \
  --screenshot "$out/vscode-draft.png" --timeout 60 || fail=1
echo "screenshots: $out"
exit $fail
