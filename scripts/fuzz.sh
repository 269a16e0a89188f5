#!/usr/bin/env bash
# Coverage-guided fuzzing of the reader and checks (AFL++ through cargo-afl, stable Rust).
#
#   scripts/fuzz.sh SECONDS [TARGET]  fuzz TARGET (analyse, the default, html, pdf or docx) for SECONDS
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

secs=${1:?usage: scripts/fuzz.sh SECONDS [analyse|html|pdf|docx] | replay FILE...}
target=${2:-analyse}

# AFL++ itself is built once per cargo-afl install (cargo afl config --build).
cargo afl config --build >/dev/null 2>&1 || true
# cargo-afl turns debug assertions on; off here (RUSTFLAGS come after its own): under them
# html5gum formats a trace line at every state change. (Together with the 4 KB input cap below,
# the HTML target went from ~200 to ~20,000 executions a second; the two were not measured apart.)
# Every property the targets check is asserted by the targets themselves.
RUSTFLAGS="${RUSTFLAGS:-} -C debug-assertions=off" nice -n 10 cargo afl build --release --bin "$target"

# a reader alone: its own seeds, input and output folders (in-$target, out-$target)
pdf_seeds() {
    # small hand-written PDFs (a text page with a ruled table, a form XObject, an object
    # stream): AFL's speed falls with the size of its inputs, and real reports are 100-300 KB
    python3 - "$1" <<'PY'
import sys, zlib
def pdf(objs):
    out, offs = bytearray(b"%PDF-1.5\n"), []
    for i, o in enumerate(objs):
        offs.append(len(out)); out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    return bytes(out)
def stream(d, data):
    return b"<< %s /Length %d >>\nstream\n" % (d, len(data)) + data + b"\nendstream"
table = (b"0 0 m 200 0 l S 0 20 m 200 20 l S 0 40 m 200 40 l S 0 0 m 0 40 l S 100 0 m 100 40 l S "
         b"200 0 m 200 40 l S BT /F1 9 Tf 5 25 Td (label) Tj 100 0 Td (12) Tj ET "
         b"BT /F1 9 Tf 5 5 Td (row) Tj 100 0 Td (3) Tj ET 10 10 3 3 re f /X Do")
head = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> >>"]
font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
form = stream(b"/Type /XObject /Subtype /Form /BBox [0 0 9 9]", b"BT /F1 5 Tf (-3-) Tj ET")
d = sys.argv[1]
open(d + "/table.pdf", "wb").write(pdf(head + [stream(b"", table), font, form]))
z = zlib.compress(table)
open(d + "/flate.pdf", "wb").write(pdf(head + [stream(b"/Filter /FlateDecode", z), font, form]))
PY
}
if [[ $target == html || $target == pdf || $target == docx ]]; then
    rm -rf "in-$target" && mkdir "in-$target"
    if [[ $target == docx ]]; then
        # the Word reader (fuzz/src/docx.rs): byte 0 even = document.xml, odd = a .docx
        w='xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        printf '\x00<w:document %s><w:body><w:p><w:r><w:t>三、收到</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>总计</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:del><w:r><w:delText>9</w:delText></w:r></w:del><w:fldSimple><w:r><w:t>&amp;3</w:t></w:r></w:fldSimple></w:p></w:tc></w:tr></w:tbl></w:body></w:document>' "$w" > in-docx/table
        for f in ../tests/corpus/docx/bad-*.docx; do
            if [[ $(stat -c %s "$f") -lt 4096 ]]; then
                { printf '\x01'; cat "$f"; } > "in-docx/$(basename "$f")"
            fi
        done
    elif [[ $target == pdf ]]; then
        # the PDF reader alone (fuzz/src/pdf.rs)
        pdf_seeds "in-$target"
    else
        # the HTML reader alone (fuzz/src/html.rs): pages and fragments of every markup kind
        # small pages only: AFL's speed falls with the size of its inputs
        cp data/one-line-blank.html in-html/
        printf '<table><tr><td rowspan="0">a</td><td colspan="9999">1</td></tr><tr><td>&nbsp;</td></tr></table>' > in-html/spans
        printf '<TABLE><TR><TD>x<table><tr><td>1<td>2</table></TD></TR></TABLE><p>y' > in-html/nested
        printf '<head><script>if(a<b){"<td>"}</script><style>td{}</style></head><body><!-- c --><p>&#x3000;&#160;&amp;</p>' > in-html/hidden
    fi
    mkdir -p "out-$target"
    if [[ -d out-$target/main ]]; then input=-; else input=in-$target; fi
    export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
        AFL_NO_AFFINITY=1 AFL_SKIP_CRASHES=1 AFL_IGNORE_SEED_PROBLEMS=1
    # FUZZ_JOBS=N: N instances (one main, N-1 secondaries sharing its queue); inputs kept
    # under 4 KB (-G): the reader is linear, and small inputs keep AFL fast
    for ((j = 1; j < ${FUZZ_JOBS:-1}; j++)); do
        nice -n 10 cargo afl fuzz -i "$input" -o "out-$target" -S "s$j" -G 4096 -x dict/tables.dict \
            -V "$secs" -t 2000 "target/release/$target" >"out-$target/afl-s$j.log" 2>&1 &
    done
    nice -n 10 cargo afl fuzz -i "$input" -o "out-$target" -M main -G 4096 -x dict/tables.dict \
        -V "$secs" -t 2000 "target/release/$target" >"out-$target/afl.log" 2>&1 || { tail -30 "out-$target/afl.log"; exit 1; }
    wait
    echo "== AFL++ ($target) after ${secs}s"
    total=0
    for stats in out-"$target"/*/fuzzer_stats; do
        echo "-- $stats"
        grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|edges_found|saved_crashes|saved_hangs)' "$stats"
        total=$((total + $(awk '/^execs_done/ {print $3}' "$stats")))
    done
    echo "executions in all: $total"
    crashes=$(find out-"$target"/*/crashes -name 'id:*' 2>/dev/null | wc -l)
    echo "crashes: $crashes (in fuzz/out-$target/*/crashes)"
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
