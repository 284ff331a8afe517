#!/usr/bin/env python3
"""Top methods of a JFR recording by CPU samples (self, and with callees) and by sampled
allocation weight, as Markdown tables; used by bench/profile.sh.

Usage: jfr_top.py RECORDING.jfr [TOP]   (needs the JDK's `jfr` on PATH)
"""
import re
import subprocess
import sys
from collections import Counter


def printed(jfr, event, depth):
    return subprocess.run(["jfr", "print", "--events", event, "--stack-depth", str(depth), jfr],
                          check=True, capture_output=True, text=True).stdout.splitlines()

def events(lines):
    """Yields (fields, frames) per event of `jfr print` text output."""
    ev, frames, in_stack = {}, [], False
    for line in lines:
        s = line.strip()
        if s.startswith("jdk.") and s.endswith("{"):
            ev, frames, in_stack = {}, [], False
        elif s.startswith("stackTrace = ["):
            in_stack = True
        elif in_stack and s == "]":
            in_stack = False
        elif in_stack and s and s != "...":
            frames.append(re.sub(r"\s+line:.*$", "", s))
        elif s == "}":
            yield ev, frames
        elif " = " in s:
            k, v = s.split(" = ", 1)
            ev[k] = v

jfr = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
self_c, total_c, n = Counter(), Counter(), 0
for _, frames in events(printed(jfr, "jdk.ExecutionSample", 64)):
    if not frames:
        continue
    n += 1
    self_c[frames[0]] += 1
    for f in set(frames):
        total_c[f] += 1
print(f"CPU: {n} execution samples")
print(f"\n| self % | method |\n|---|---|")
for f, c in self_c.most_common(top):
    print(f"| {100 * c / n:.1f} | `{f}` |")
print(f"\n| with callees % | method (dev.telltale only) |\n|---|---|")
for f, c in [(f, c) for f, c in total_c.most_common() if f.startswith("dev.telltale")][:top]:
    print(f"| {100 * c / n:.1f} | `{f}` |")

def weight(v):
    m = re.match(r"([\d.]+)\s*(bytes|kB|MB|GB)", v)
    if not m:
        return 0
    return float(m.group(1)) * {"bytes": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}[m.group(2)]

# A sample's weight is what its thread allocated since its previous sample, so one sample can
# stand for a whole warm-up: the sample counts are printed beside the weights to tell.
by_site, by_type, total, counts = Counter(), Counter(), 0, Counter()
for ev, frames in events(printed(jfr, "jdk.ObjectAllocationSample", 8)):
    w = weight(ev.get("weight", ""))
    total += w
    by_type[ev.get("objectClass", "?").split(" ")[0]] += w
    counts[ev.get("objectClass", "?").split(" ")[0]] += 1
    site = next((f for f in frames if f.startswith("dev.telltale")), frames[0] if frames else "?")
    by_site[site] += w
print(f"\nAllocation samples: {total / 1e6:.0f} MB sampled weight")
print(f"\n| % of weight | samples | type |\n|---|---|---|")
for t, w in by_type.most_common(top // 2):
    print(f"| {100 * w / total:.1f} | {counts[t]} | `{t}` |")
print(f"\n| % | first dev.telltale frame |\n|---|---|")
for f, w in by_site.most_common(top):
    print(f"| {100 * w / total:.1f} | `{f}` |")
