#!/usr/bin/env python3
"""Turns bench/run.sh's result rows into the Markdown table of bench/README.md.

Usage: table.py ROWS RSS
  ROWS: "scenario peer round requests rps p50_ms p99_ms cpu_us_per_req non2xx socket_errors" lines
  RSS:  "scenario peer peak_rss_kib" lines
Medians over rounds, with min..max; ratios are peer/nginx of the medians.
"""
import sys
from collections import defaultdict
from statistics import median

rows = defaultdict(list)
order = []
for line in open(sys.argv[1]):
    s, p, _round, n, rps, p50, p99, cpu, bad, err = line.split()
    if (s, p) not in rows:
        order.append((s, p))
    rows[(s, p)].append(dict(n=int(n), rps=float(rps), p50=float(p50), p99=float(p99),
                             cpu=float(cpu), bad=int(bad), err=int(err)))
rss = {}
for line in open(sys.argv[2]):
    s, p, kib = line.split()
    rss[(s, p)] = int(kib) / 1024


def med(key, s, p):
    return median(r[key] for r in rows[(s, p)])


def spread(key, s, p, fmt):
    vals = [r[key] for r in rows[(s, p)]]
    return f"{fmt.format(median(vals))} ({fmt.format(min(vals))}..{fmt.format(max(vals))})"


def ratio(key, s, p):
    if (s, "nginx") not in rows or p == "nginx":
        return "–"
    base = med(key, s, "nginx")
    return f"{med(key, s, p) / base:.2f}" if base else "–"


print("| scenario | proxy | req/s median (min..max) | CPU µs/req median (min..max) | p50 ms | p99 ms median (min..max) "
      "| peak RSS MiB | non-2xx / socket errors | req/s ÷ nginx | CPU/req ÷ nginx | p99 ÷ nginx |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for s, p in order:
    rs = rows[(s, p)]
    print(f"| {s} | {p} | {spread('rps', s, p, '{:.0f}')} | {spread('cpu', s, p, '{:.1f}')} "
          f"| {med('p50', s, p):.2f} | {spread('p99', s, p, '{:.2f}')} | {rss.get((s, p), 0):.0f} "
          f"| {sum(r['bad'] for r in rs)} / {sum(r['err'] for r in rs)} "
          f"| {ratio('rps', s, p)} | {ratio('cpu', s, p)} | {ratio('p99', s, p)} |")
