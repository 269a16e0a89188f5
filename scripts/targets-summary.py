#!/usr/bin/env python3
"""The table of scripts/targets.sh: each performance target of issue 17, its goal, and the figure
the bench outputs in DIR give (engine.txt from scripts/bench-report.py, batch.txt from
scripts/batch-bench.sh, lsp.txt from `cargo bench --bench lsp_latency`).

usage: python3 scripts/targets-summary.py DIR"""
import re, sys, pathlib
out = pathlib.Path(sys.argv[1])
engine = (out / "engine.txt").read_text()
batch = (out / "batch.txt").read_text()
lsp = (out / "lsp.txt").read_text()


def analyse(report):
    """The whole analysis of one engine group (its indented lines after its name): the text
    shown, and the time in microseconds."""
    lines = engine.splitlines()
    starts = [i for i, l in enumerate(lines) if l.startswith(report)]
    for l in lines[starts[0] + 1:] if starts else []:
        if not l.startswith("  "):
            break
        m = re.match(r"\s+analyse\s+([\d.]+) (µs|ms)\s+(\d+) MB/s", l)
        if m:
            us = float(m.group(1)) * (1000 if m.group(2) == "ms" else 1)
            return f"{m.group(1)} {m.group(2)}", us
    return "?", None


def line(pattern, text):
    m = re.search(pattern, text)
    return m.groups() if m else None


rows = []
typical = [analyse(f"report_{r}") for r in ("004_", "001_", "010_", "014_")]
times = [us for _, us in typical if us is not None]
rows.append(("analysis of a typical report", "≤ 50 µs",
             ", ".join(t for t, _ in typical) + " (seed 004, seed 001, real 010, real 014)",
             bool(times) and max(times) <= 50))
corpus = line(r"analyse/\d+\s+([\d.]+ ms)\s+(\d+) MB/s", engine)
rows.append(("whole corpus, one core", "≥ 200 MB/s",
             f"{corpus[1]} MB/s ({corpus[0]})" if corpus else "?",
             bool(corpus) and int(corpus[1]) >= 200))
ratio = line(r"ratio:\s+([\d.]+)× grep", batch)
rows.append(("check of 10,000 reports against grep", "≤ 3×", f"{ratio[0]}×" if ratio else "?",
             bool(ratio) and float(ratio[0]) <= 3))
key = line(r"typical \(seed 001.*?ratio ([\d.]+)\s+above floor\s+(\S+)", lsp)
rows.append(("seed 001 keystroke against the null server", "≤ 1.5×",
             f"{key[0]}× ({key[1]} above)" if key else "?", bool(key) and float(key[0]) <= 1.5))


def above_ms(label):
    m = re.search(re.escape(label) + r".*?above floor\s+([\d.]+)(µs|ms)", lsp)
    if not m:
        return "?", False
    ms = float(m.group(1)) / (1000 if m.group(2) == "µs" else 1)
    return f"{m.group(1)} {m.group(2)} above the floor", ms <= 2


for label, name in [("5 MB (seed 001", "5 MB document"),
                    ("5 MB, 3000 reports in the workspace, indexing", "5 MB document, workspace indexing")]:
    text, ok = above_ms(label)
    rows.append((name, "≤ 2 ms over the null server", text, ok))
mem = line(r"= ([\d.]+)× its text", lsp)
rows.append(("open report in the server's memory", "≤ 10× its text",
             f"{mem[0]}×" if mem else "?", bool(mem) and float(mem[0]) <= 10))
print()
print("| measure | goal | this run | met |")
print("|---|---|---|---|")
for name, goal, got, ok in rows:
    print(f"| {name} | {goal} | {got} | {'yes' if ok else 'no'} |")
