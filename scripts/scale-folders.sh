#!/usr/bin/env bash
# Cost against folder size: folders of about 1, 10 and 100 MB of generated reports (~8.5 KB each:
# 117, 1,176 and 11,764 files, scripts/gen-reports.py, seeded) in a temporary folder, each checked
# by the release binary (`nianbao check --format json DIR >/dev/null`) under GNU time: wall, CPU
# (user + system), peak RSS, MB/s, and the ratio to the step before. Removes the folders at exit.
#
# usage: scripts/scale-folders.sh            (sizes 1 10 100 MB, best wall of RUNS=3 runs each)
#        SIZES="1 10" RUNS=1 scripts/scale-folders.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="${SIZES:-1 10 100}"
RUNS="${RUNS:-3}"
ROOT="$(mktemp -d)"
trap 'rm -rf "$ROOT"' EXIT

if [ ! -x /usr/bin/time ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq time >/dev/null 2>&1 \
        || { apt-get update -qq && apt-get install -y -qq time >/dev/null 2>&1; } || true
fi
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time): apt-get install time" >&2; exit 1; }

cargo build --release --quiet
BIN="$PWD/target/release/nianbao"
SOURCES=(tests/corpus/seeds tests/corpus/real examples)

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %7s %10s %8s %8s %9s %7s %7s %7s %7s\n' \
    size files bytes wall CPU 'peak RSS' 'MB/s' 'wall ×' 'CPU ×' 'RSS ×'
prev=""
for mb in $SIZES; do
    dir="$ROOT/$mb"
    n=$(( mb * 1000000 / 8500 ))
    python3 scripts/gen-reports.py "$dir" "$n" "${SOURCES[@]}" >/dev/null
    bytes=$(find "$dir" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
    "$BIN" check --format json "$dir" >/dev/null 2>&1 || true   # warm the page cache
    best=""
    for _ in $(seq "$RUNS"); do
        # wall, user, system, peak RSS (KiB); check exits 1 when it finds something
        out=$(/usr/bin/time -f '%e %U %S %M' "$BIN" check --format json "$dir" 2>&1 >/dev/null | tail -1 || true)
        read -r w u s m <<<"$out"
        if [ -z "$best" ] || awk -v a="$w" -v b="${best%% *}" 'BEGIN {exit !(a < b)}'; then
            best="$w $u $s $m"
        fi
    done
    read -r w u s m <<<"$best"
    python3 - "$mb" "$n" "$bytes" "$w" "$u" "$s" "$m" $prev <<'PY'
import sys
mb, n, b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
w, u, s, m = map(float, sys.argv[4:8])
prev = [float(x) for x in sys.argv[8:]]  # wall, CPU, RSS of the size before
ratio = lambda i, x: f"{x / prev[i]:.1f}" if prev and prev[i] else "-"
print(f"{mb + ' MB':<8} {n:>7} {b:>10} {w:>7.2f}s {u + s:>7.2f}s {m / 1024:>6.1f} MB"
      f" {b / 1e6 / w:>7.1f} {ratio(0, w):>7} {ratio(1, u + s):>7} {ratio(2, m):>7}")
PY
    prev="$w $(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}') $m"
    rm -rf "$dir"
done
