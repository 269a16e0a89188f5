#!/usr/bin/env python3
"""Print the medians of the last `cargo bench --bench engine` run and their ratio to the floor
measured in the same run (criterion keeps each benchmark's estimates in target/criterion)."""
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


for group in sorted(p for p in root.iterdir() if p.is_dir() and p.name != "report"):
    benches = {}
    for b in group.rglob("new/estimates.json"):
        name = b.parent.parent.relative_to(group).as_posix()
        benches[name] = median_ns(b.parent.parent)
    floor = next((v for k, v in benches.items() if k.startswith("floor")), None)
    size = None
    bench_json = next(group.rglob("new/benchmark.json"), None)
    if bench_json:
        tp = json.loads(bench_json.read_text()).get("throughput") or {}
        size = tp.get("Bytes")
    print(f"{group.name}" + (f"  ({size} bytes)" if size else ""))
    for name, ns in sorted(benches.items(), key=lambda kv: kv[1]):
        ratio = f"  ×{ns / floor:.0f} floor" if floor and not name.startswith("floor") else ""
        speed = f"  {size / ns * 1e9 / 1e6:.0f} MB/s" if size else ""
        print(f"  {name:<18} {fmt(ns):>10}{speed}{ratio}")
