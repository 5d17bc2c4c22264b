#!/usr/bin/env python3
"""Prints a JMH JSON result file (-rf json) as a Markdown table: benchmark, parameters, mode, score ± error, unit.

Usage: bench/scripts/jmh-table.py perf-results/jmh-YYYYMMDD-HHMMSS.json
"""
import json
import math
import sys


def number(x):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    if abs(x) >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def main(path):
    with open(path, encoding="utf-8") as f:
        runs = json.load(f)
    print("| benchmark | params | mode | score ± error | unit |")
    print("|---|---|---|---:|---|")
    for r in runs:
        name = r["benchmark"].split(".")
        short = ".".join(name[-2:])
        params = ", ".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
        m = r["primaryMetric"]
        print(f"| {short} | {params} | {r['mode']} | {number(m['score'])} ± {number(m.get('scoreError'))} | {m['scoreUnit']} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip())
    main(sys.argv[1])
