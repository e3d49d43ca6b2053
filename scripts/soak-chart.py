#!/usr/bin/env python3
"""Draws scripts/soak.sh's samples.csv as one SVG (no dependencies): RSS, heap after a full GC and
direct buffers in MiB, open files and threads on their own scale, against minutes; with the churn's
samples (churn.csv) also the churn viewers connected and rooms live, on the count scale.
   python3 scripts/soak-chart.py WORK_DIR/samples.csv [WORK_DIR/churn.csv] > docs/soak.svg"""
import csv
import sys

rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["rss_kb"]]
t = [int(r["seconds"]) / 60 for r in rows]
def mib(col, scale):
    return [float(r[col]) / scale if r[col] else None for r in rows]
memory = [("RSS", mib("rss_kb", 1024), "#d62728"), ("heap after full GC", mib("heap_after_gc_kb", 1024), "#1f77b4"),
          ("direct buffers", mib("direct_bytes", 1024 * 1024), "#2ca02c")]
counts = [("open files", mib("fds", 1), "#9467bd"), ("threads", mib("threads", 1), "#8c564b")]
churn = []
if len(sys.argv) > 2:
    crows = list(csv.DictReader(open(sys.argv[2])))
    ct_ = [int(r["seconds"]) / 60 for r in crows]
    churn = [("churn viewers", [float(r["viewers_connected"]) for r in crows], "#ff7f0e", ct_),
             ("churn rooms live", [float(r["rooms_live"]) for r in crows], "#17becf", ct_)]
W, H, L, R, T, B = 900, 360, 70, 70, 30, 45
def top(series):
    m = max(v for _, vs, _ in series for v in vs if v is not None)
    return m * 1.1 if m > 0 else 1
mt, ct, tt = top(memory), top(counts + [c[:3] for c in churn]), max(t) or 1
def x(v):
    return L + (W - L - R) * v / tt
def path(vs, scale, color, dash="", times=None):
    pts = " ".join(f"{x(a):.1f},{T + (H - T - B) * (1 - b / scale):.1f}" for a, b in zip(times or t, vs)
                   if b is not None and a <= tt)
    return f'<polyline fill="none" stroke="{color}" stroke-width="1.6" {dash} points="{pts}"/>'
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="11">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="#444"/>',
       f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="#444"/>',
       f'<line x1="{W - R}" y1="{T}" x2="{W - R}" y2="{H - B}" stroke="#444"/>']
for i in range(6):
    y = T + (H - T - B) * i / 5
    out.append(f'<line x1="{L}" y1="{y:.1f}" x2="{W - R}" y2="{y:.1f}" stroke="#eee"/>')
    out.append(f'<text x="{L - 6}" y="{y + 4:.1f}" text-anchor="end">{mt * (1 - i / 5):.0f}</text>')
    out.append(f'<text x="{W - R + 6}" y="{y + 4:.1f}">{ct * (1 - i / 5):.0f}</text>')
for i in range(7):
    v = tt * i / 6
    out.append(f'<text x="{x(v):.1f}" y="{H - B + 16}" text-anchor="middle">{v:.0f}</text>')
out.append(f'<text x="{(L + W - R) / 2}" y="{H - 8}" text-anchor="middle">minutes</text>')
out.append(f'<text x="14" y="{T - 10}">MiB</text><text x="{W - 6}" y="{T - 10}" text-anchor="end">count (dashed)</text>')
for name, vs, color in memory:
    out.append(path(vs, mt, color))
for name, vs, color in counts:
    out.append(path(vs, ct, color, 'stroke-dasharray="4 3"'))
for name, vs, color, times in churn:
    out.append(path(vs, ct, color, 'stroke-dasharray="1 2"', times))
for i, (name, _, color) in enumerate(memory + counts + [c[:3] for c in churn]):
    out.append(f'<rect x="{L + 10 + (i % 5) * 150}" y="{T + 4 + (i // 5) * 14}" width="10" height="10" fill="{color}"/>'
               f'<text x="{L + 24 + (i % 5) * 150}" y="{T + 13 + (i // 5) * 14}">{name}</text>')
out.append("</svg>")
print("\n".join(out))
