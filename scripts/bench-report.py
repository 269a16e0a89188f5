#!/usr/bin/env python3
"""Print the medians of the last `cargo bench --bench engine` run and their ratio to the floor
measured in the same run (criterion keeps each benchmark's estimates in target/criterion).
`bench-report.py forms`: the groups of `cargo bench --bench forms`, each form's median and its
ratio to the same report as pipe rows."""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"
if not root.is_dir():
    sys.exit("no target/criterion: run `cargo bench --bench engine` first")


def median_ns(bench_dir: pathlib.Path) -> float:
    est = json.loads((bench_dir / "new" / "estimates.json").read_text())
    return est["median"]["point_estimate"]


def fmt(ns: float) -> str:
    return f"{ns / 1000:.1f} µs" if ns < 1e6 else f"{ns / 1e6:.2f} ms"


only = sys.argv[1] if len(sys.argv) > 1 else None
groups = [p for p in root.iterdir() if p.is_dir() and p.name != "report"]
# criterion writes group `forms/x` as the folder `forms_x`
if only:
    groups = [p for p in groups if p.name.startswith(only + "_")]
else:
    groups = [p for p in groups if not p.name.startswith("forms_")]


def size_of(bench_dir: pathlib.Path):
    tp = json.loads((bench_dir / "new" / "benchmark.json").read_text()).get("throughput") or {}
    return tp.get("Bytes")


for group in sorted(groups):
    benches = {}
    for b in group.rglob("new/estimates.json"):
        name = b.parent.parent.relative_to(group).as_posix()
        benches[name] = median_ns(b.parent.parent)
    floor = next((v for k, v in benches.items() if k.startswith("floor")), None)
    pipe = benches.get("pipe")
    size = None
    bench_json = next(group.rglob("new/benchmark.json"), None)
    if bench_json:
        tp = json.loads(bench_json.read_text()).get("throughput") or {}
        size = tp.get("Bytes")
    print(f"{group.name}" + (f"  ({size} bytes)" if size else ""))
    for name, ns in sorted(benches.items(), key=lambda kv: kv[1]):
        ratio = f"  ×{ns / floor:.0f} floor" if floor and not name.startswith("floor") else ""
        own = size
        if pipe:
            # each form has its own size: the same report is more bytes as HTML
            own = size_of(group / name)
            ratio = f"  {own:>7} bytes  ×{ns / pipe:.2f} pipe rows" if name != "pipe" else f"  {own:>7} bytes"
        speed = f"  {own / ns * 1e9 / 1e6:.0f} MB/s" if own else ""
        print(f"  {name:<18} {fmt(ns):>10}{speed}{ratio}")
