#!/usr/bin/env bash
# Re-run scripts/make-test-docs.py into a temporary folder and compare with the committed
# tests/corpus/docx and tests/corpus/pdf.
#
#   byte-stable files (python-docx and the hand-made bad inputs) must be identical;
#   LibreOffice/Chromium output is compared byte for byte first and, if the bytes differ
#   (another LibreOffice, Chromium or font version), by what it says: the tables as Word shows
#   them (make-test-docs.py --dump) for .docx, `pdftotext -layout` for .pdf, the page count and
#   the absence of text for the image-only PDF; the encrypted PDFs only by their text with the
#   password (their bytes change on every run: the /ID feeds the key).
#
# Needs what the generator needs (python-docx, soffice, chromium, pdftotext, fonts-noto-cjk,
# fonts-wqy-zenhei). Takes about 15 s; not run by .ci/run. Exit 0 when everything matches.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-test-docs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 scripts/make-test-docs.py --out "$tmp" >"$tmp/gen.log" 2>&1 || { cat "$tmp/gen.log"; exit 1; }

# made by Python alone: must not change at all
stable=" example_clean.docx example_clean_wrong_total.docx real006_hongze_2024.docx real010_huaian_2024.docx
 bad-truncated.docx bad-zip-bomb.docx bad-zip-bomb-lying.docx bad-no-document.docx bad-2000-pages.pdf "

text_of() { # file -> what it says
    case "$1" in
        *.docx) python3 scripts/make-test-docs.py --dump "$1" | tail -n +2 ;;
        *bad-encrypted.pdf) pdftotext -upw nianbao -layout "$1" - ;;
        *bad-image-only.pdf) pdfinfo "$1" | grep '^Pages:'; pdftotext "$1" - | tr -d '[:space:]' ;;
        *bad-truncated.pdf) head -c 1024 "$1" | sed -n 1p ;;
        *.pdf) pdftotext -layout "$1" - ;;
        *.doc) head -c 8 "$1" | od -An -tx1 ;;
    esac
}

fail=0
for dir in docx pdf; do
    for new in "$tmp/$dir"/*; do
        name=$(basename "$new")
        old="tests/corpus/$dir/$name"
        if [ ! -e "$old" ]; then
            echo "NEW      $dir/$name (not committed)"; fail=1; continue
        fi
        if cmp -s "$old" "$new"; then
            echo "same     $dir/$name"
        elif [[ "$stable" == *" $name "* ]]; then
            echo "DIFFERS  $dir/$name (byte-stable file)"; fail=1
        elif diff <(text_of "$old" 2>&1) <(text_of "$new" 2>&1) >"$tmp/diff" ; then
            echo "text     $dir/$name (bytes differ, content the same)"
        else
            echo "DIFFERS  $dir/$name (content):"; head -20 "$tmp/diff" | sed 's/^/    /'; fail=1
        fi
    done
    for old in tests/corpus/$dir/*; do
        name=$(basename "$old")
        case "$name" in README.md | hongze_2024.pdf) continue ;; esac
        [ -e "$tmp/$dir/$name" ] || { echo "STALE    $dir/$name (no longer generated)"; fail=1; }
    done
done
exit $fail
