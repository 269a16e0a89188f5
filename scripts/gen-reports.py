#!/usr/bin/env python3
"""Write N report files into OUT, made from the corpus with varied numbers.

Each output is one corpus report (seeds, real reports and the examples, in turn) in which every
number of one to four digits that is not a year is, with probability 1/8, moved by -2..+2
(never below 0): most relations still hold, some break, as in real batches. Deterministic
(seeded). Files go 100 to a sub-folder, keeping the source's extension.

usage: gen-reports.py OUT N [SOURCE_DIR...]
"""
import os
import random
import re
import sys


def sources(dirs):
    for d in dirs:
        for name in sorted(os.listdir(d)):
            path = os.path.join(d, name)
            ext = os.path.splitext(name)[1].lower()
            if name.startswith(".") or ext not in (".txt", ".md", ".html", ".htm"):
                continue
            if name.upper().startswith("README"):
                continue
            with open(path, encoding="utf-8", errors="strict") as f:
                yield ext, f.read()


NUMBER = re.compile(r"(?<![0-9.])[0-9]{1,4}(?![0-9.])")


def vary(text, rng):
    def repl(m):
        s = m.group(0)
        v = int(s)
        if len(s) == 4 and 1990 <= v <= 2030:  # a year
            return s
        if rng.random() >= 0.125:
            return s
        return str(max(0, v + rng.randint(-2, 2)))

    return NUMBER.sub(repl, text)


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    dirs = sys.argv[3:]
    texts = list(sources(dirs))
    if not texts:
        sys.exit("no source reports")
    rng = random.Random(20240601)
    total = 0
    for i in range(n):
        ext, text = texts[i % len(texts)]
        sub = os.path.join(out, f"{i // 100:03d}")
        os.makedirs(sub, exist_ok=True)
        body = vary(text, rng)
        with open(os.path.join(sub, f"r{i:05d}{ext}"), "w", encoding="utf-8") as f:
            f.write(body)
        total += len(body.encode("utf-8"))
    print(f"generated {n} reports ({total / 1e6:.1f} MB) from {len(texts)} sources in {out}")


if __name__ == "__main__":
    main()
