#!/usr/bin/env bash
# A killed `nianbao fix` leaves every file either as it was or fully fixed.
#
#   scripts/fix-kill.sh [ROUNDS] [COPIES]    (defaults: 40 rounds, 20 copies)
#
# Each round copies a large fixable report (examples/unbalanced.txt padded with ~1.7 MB of
# narrative) COPIES times into a fresh folder, starts `nianbao fix FOLDER`, sends SIGKILL at a
# random moment within the time a whole run takes, and checks that every copy is byte-identical
# to the original or to the fully fixed version. Temporary files left behind (`.nianbao-*.tmp`,
# beside the file being written when the kill came) are counted and listed, then removed.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-40}
copies=${2:-20}
cargo build --quiet --bin nianbao
bin=$(pwd)/target/debug/nianbao

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
    cat examples/unbalanced.txt
    echo
    line=$(printf '本机关持续推进政务公开工作，%.0s' $(seq 40))
    for _ in $(seq 3000); do echo "$line"; done
} > "$work/original.txt"
cp "$work/original.txt" "$work/fixed.txt"
"$bin" fix "$work/fixed.txt" 2>/dev/null || true
if cmp -s "$work/original.txt" "$work/fixed.txt"; then
    echo "the report was not fixable" >&2
    exit 1
fi
# how long one whole run takes, to spread the kills over it
mkdir "$work/timing"
for i in $(seq "$copies"); do cp "$work/original.txt" "$work/timing/c$i.txt"; done
start=$(date +%s%N)
"$bin" fix "$work/timing" >/dev/null 2>&1 || true
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "one run over $copies copies of $(stat -c %s "$work/original.txt") bytes: ${full_ms} ms"

old=0 new=0 bad=0 leftovers=0 killed=0
for r in $(seq "$rounds"); do
    dir="$work/round"
    rm -rf "$dir"
    mkdir "$dir"
    for i in $(seq "$copies"); do cp "$work/original.txt" "$dir/c$i.txt"; done
    "$bin" fix "$dir" >/dev/null 2>&1 &
    pid=$!
    delay_ms=$(( RANDOM % (full_ms + 1) ))
    sleep "$(awk "BEGIN { printf \"%.3f\", $delay_ms / 1000 }")"
    if kill -KILL "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
    wait "$pid" 2>/dev/null || true
    for i in $(seq "$copies"); do
        f="$dir/c$i.txt"
        if cmp -s "$f" "$work/original.txt"; then
            old=$((old + 1))
        elif cmp -s "$f" "$work/fixed.txt"; then
            new=$((new + 1))
        else
            bad=$((bad + 1))
            echo "round $r: $f is neither the original nor the fixed file" >&2
        fi
    done
    for t in "$dir"/.nianbao-*.tmp; do
        [[ -e $t ]] || continue
        leftovers=$((leftovers + 1))
        echo "round $r (killed after ${delay_ms} ms): left behind $(basename "$t"), $(stat -c %s "$t") bytes"
    done
done
echo "== $rounds rounds ($killed killed while running), $((rounds * copies)) files: $old original, $new fixed, $bad damaged; $leftovers temporary file(s) left"
[[ $bad -eq 0 ]]
