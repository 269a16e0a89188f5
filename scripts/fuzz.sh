#!/usr/bin/env bash
# Coverage-guided fuzzing of the reader and checks (AFL++ through cargo-afl, stable Rust).
#
#   scripts/fuzz.sh SECONDS [TARGET]  fuzz TARGET (analyse, the default, or html) for SECONDS
#                                     (niced), then print executions and findings
#   scripts/fuzz.sh replay FILE...    run inputs (e.g. fuzz/out/default/crashes/id:*) without AFL
#
# The target (fuzz/src/analyse.rs) reads its input three ways, by the first byte: raw bytes
# through text::decode, arbitrary UTF-8, and line operations on a bundled real report. The
# corpus is seeded from tests/corpus (seeds and real reports, each under all three modes)
# and AFL gets a dictionary of table tokens (fuzz/dict/tables.dict). One AFL instance, niced:
# the machine is shared. Output stays in fuzz/out (not committed); a crash found becomes a
# regression test in tests/ (none found so far: see the commit log for the runs).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
corpus="$root/tests/corpus"

if ! command -v cargo-afl >/dev/null; then
    nice -n 10 cargo install --locked cargo-afl
fi

cd fuzz
if [[ ${1:-} == replay ]]; then
    shift
    NIANBAO_FUZZ_REPLAY=1 cargo run --quiet --release --bin analyse -- "$@"
    echo "replayed $# input(s): no panic"
    exit 0
fi

secs=${1:?usage: scripts/fuzz.sh SECONDS [analyse|html] | replay FILE...}
target=${2:-analyse}

# AFL++ itself is built once per cargo-afl install (cargo afl config --build).
cargo afl config --build >/dev/null 2>&1 || true
# cargo-afl turns debug assertions on; off here (RUSTFLAGS come after its own): under them
# html5gum formats a trace line at every state change. (Together with the 4 KB input cap below,
# the HTML target went from ~200 to ~20,000 executions a second; the two were not measured apart.)
# Every property the targets check is asserted by the targets themselves.
RUSTFLAGS="${RUSTFLAGS:-} -C debug-assertions=off" nice -n 10 cargo afl build --release --bin "$target"

if [[ $target == html ]]; then
    # the HTML reader alone (fuzz/src/html.rs): pages and fragments of every markup kind
    rm -rf in-html && mkdir in-html
    # small pages only: AFL's speed falls with the size of its inputs
    cp data/one-line-blank.html in-html/
    printf '<table><tr><td rowspan="0">a</td><td colspan="9999">1</td></tr><tr><td>&nbsp;</td></tr></table>' > in-html/spans
    printf '<TABLE><TR><TD>x<table><tr><td>1<td>2</table></TD></TR></TABLE><p>y' > in-html/nested
    printf '<head><script>if(a<b){"<td>"}</script><style>td{}</style></head><body><!-- c --><p>&#x3000;&#160;&amp;</p>' > in-html/hidden
    mkdir -p out-html
    if [[ -d out-html/main ]]; then input=-; else input=in-html; fi
    export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
        AFL_NO_AFFINITY=1 AFL_SKIP_CRASHES=1 AFL_IGNORE_SEED_PROBLEMS=1
    # FUZZ_JOBS=N: N instances (one main, N-1 secondaries sharing its queue); inputs kept
    # under 4 KB (-G): the reader is linear, and small inputs keep AFL fast
    for ((j = 1; j < ${FUZZ_JOBS:-1}; j++)); do
        nice -n 10 cargo afl fuzz -i "$input" -o out-html -S "s$j" -G 4096 -x dict/tables.dict \
            -V "$secs" -t 2000 target/release/html >"out-html/afl-s$j.log" 2>&1 &
    done
    nice -n 10 cargo afl fuzz -i "$input" -o out-html -M main -G 4096 -x dict/tables.dict \
        -V "$secs" -t 2000 target/release/html >out-html/afl.log 2>&1 || { tail -30 out-html/afl.log; exit 1; }
    wait
    echo "== AFL++ (html) after ${secs}s"
    total=0
    for stats in out-html/*/fuzzer_stats; do
        echo "-- $stats"
        grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|edges_found|saved_crashes|saved_hangs)' "$stats"
        total=$((total + $(awk '/^execs_done/ {print $3}' "$stats")))
    done
    echo "executions in all: $total"
    crashes=$(find out-html/*/crashes -name 'id:*' 2>/dev/null | wc -l)
    echo "crashes: $crashes (in fuzz/out-html/*/crashes)"
    [[ $crashes -eq 0 ]]
    exit 0
fi

rm -rf in && mkdir in
n=0
for f in "$corpus"/seeds/*.txt "$corpus"/real/*.txt "$corpus"/real/*.md "$corpus"/real/*.html data/*.html; do
    [[ $(basename "$f") == README.md ]] && continue
    for mode in 00 01; do
        { printf "\\x$mode"; cat "$f"; } > "in/$mode-$(basename "$f")"
    done
    n=$((n + 1))
done
# structure-aware seeds: report k, a few line operations each
for k in 0 1 2 3 4 5 6 7 8 9; do
    printf "\\x02\\x0$k" > "in/02-ops-$k"
    head -c 24 /dev/urandom >> "in/02-ops-$k"
done
echo "seeded $(ls in | wc -l) inputs from $n corpus files"

mkdir -p out
if [[ -d out/default ]]; then input=-; else input=in; fi  # resume a previous run's queue
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
    AFL_NO_AFFINITY=1 AFL_SKIP_CRASHES=1 AFL_IGNORE_SEED_PROBLEMS=1
nice -n 10 cargo afl fuzz -i "$input" -o out -x dict/tables.dict -V "$secs" -t 2000 \
    target/release/analyse >out/afl.log 2>&1 || { tail -30 out/afl.log; exit 1; }

stats=out/default/fuzzer_stats
echo "== AFL++ after ${secs}s"
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|edges_found|total_edges|saved_crashes|saved_hangs|bitmap_cvg)' "$stats"
crashes=$(find out/default/crashes -name 'id:*' 2>/dev/null | wc -l)
hangs=$(find out/default/hangs -name 'id:*' 2>/dev/null | wc -l)
echo "crashes: $crashes, hangs: $hangs (in fuzz/out/default/{crashes,hangs})"
[[ $crashes -eq 0 ]]
