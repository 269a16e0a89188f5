#!/usr/bin/env bash
# Batch speed: `nianbao check` (release) on 10,000 generated reports, against `grep -rc 总计`
# over the same folder (the floor: reading every file once). Prints both times and the ratio,
# the machine, and nianbao's peak memory.
#
# usage: scripts/batch-bench.sh [N]      (N reports, default 10000, made from tests/corpus and examples)
#        RUNS=10 scripts/batch-bench.sh  (hyperfine runs, default 5)
#        BASE=/tmp/nianbao-old scripts/batch-bench.sh  (an older binary timed in the same run)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT

# hyperfine and GNU time from Debian when missing (root only; otherwise the fallbacks below)
if { ! command -v hyperfine >/dev/null || [ ! -x /usr/bin/time ]; } && [ "$(id -u)" = 0 ] \
    && command -v apt-get >/dev/null; then
    apt-get install -y -qq hyperfine time >/dev/null 2>&1 \
        || { apt-get update -qq && apt-get install -y -qq hyperfine time >/dev/null 2>&1; } || true
fi

cargo build --release --quiet
BIN="$PWD/target/release/nianbao"
python3 scripts/gen-reports.py "$DIR" "$N" tests/corpus/seeds tests/corpus/real examples

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
CHECK="$BIN check --format json $DIR"
GREP="grep -rc 总计 $DIR"

if command -v hyperfine >/dev/null 2>&1; then
    base=()
    [ -n "${BASE:-}" ] && base=(-n base "$BASE check --format json $DIR >/dev/null 2>&1")
    hyperfine --warmup 1 --runs "${RUNS:-5}" -i --export-json "$DIR.json" \
        -n nianbao "$CHECK >/dev/null 2>&1" -n grep "$GREP >/dev/null" "${base[@]}"
    read -r T_CHECK T_GREP U_CHECK < <(python3 -c '
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
print(r["nianbao"]["mean"], r["grep"]["mean"], r["nianbao"]["user"] + r["nianbao"]["system"])
if "base" in r:
    b = r["base"]
    print("base (%s): %.3f s, CPU %.3f s, %.1f× grep" % (sys.argv[2], b["mean"],
          b["user"] + b["system"], b["mean"] / r["grep"]["mean"]), file=sys.stderr)' "$DIR.json" "${BASE:-}")
    rm -f "$DIR.json"
else
    t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
    $CHECK >/dev/null 2>&1 || true
    T_CHECK=$(t $CHECK)
    T_GREP=$(t $GREP)
    U_CHECK=0
fi

one=$(RAYON_NUM_THREADS=1 /usr/bin/time -f '%e %M' $CHECK 2>&1 >/dev/null | tail -1 || true)
all=$(/usr/bin/time -f '%e %M' $CHECK 2>&1 >/dev/null | tail -1 || true)
summary=$($CHECK 2>&1 >/dev/null | grep '^Checked' || true)

python3 - "$T_CHECK" "$T_GREP" "$N" "$one" "$all" "$summary" "$U_CHECK" <<'PY'
import sys
check, grep, n = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
one, all_, summary, cpu = sys.argv[4].split(), sys.argv[5].split(), sys.argv[6], float(sys.argv[7])
print(f"nianbao check: {check:.3f} s for {n} reports ({check / n * 1e3:.3f} ms per report)")
if cpu:
    print(f"  CPU time:    {cpu:.3f} s ({cpu / n * 1e3:.3f} ms per report, user + system)")
print(f"grep -rc 总计: {grep:.3f} s")
print(f"ratio:         {check / grep:.1f}× grep")
if len(one) == 2 and len(all_) == 2:
    print(f"one thread:    {float(one[0]):.2f} s, peak RSS {int(one[1]) / 1024:.1f} MB")
    print(f"all cores:     {float(all_[0]):.2f} s, peak RSS {int(all_[1]) / 1024:.1f} MB")
print(f"nianbao says:  {summary}")
PY
