"""Prints bench/run.sh's results as a Markdown table with the ratios."""
import sys

rows = {}
for line in open(sys.argv[1]):
    kv = dict(part.split("=", 1) for part in line.split() if "=" in part)
    rows[(kv["tool"], kv["phase"])] = kv


def get(tool, phase, key):
    return rows.get((tool, phase), {}).get(key)


print("| tool | cold ms/photo | cold total s | warm (nothing changed) | peak RSS cold | output bytes |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for tool in ("prep", "sharp", "hugo"):
    cold = get(tool, "cold", "ms_per_photo")
    if cold is None:
        continue
    total = float(get(tool, "cold", "ms")) / 1000
    warm = get(tool, "warm", "ms")
    warm = f"{float(warm):.0f} ms" if warm else "n/a (no cache)"
    rss = int(get(tool, "cold", "rss_kb")) / 1024
    print(f"| {tool} | {float(cold):.0f} | {total:.1f} | {warm} | {rss:.0f} MB | {int(get(tool, 'cold', 'bytes')):,} |")

prep = get("prep", "cold", "ms_per_photo")
for other in ("sharp", "hugo"):
    o = get(other, "cold", "ms_per_photo")
    if prep and o:
        pb, ob = int(get("prep", "cold", "bytes")), int(get(other, "cold", "bytes"))
        print(f"\nprep/{other}: time {float(prep) / float(o):.2f}x, bytes {pb / ob:.3f}x")
warm, cold = get("prep", "warm", "ms"), get("prep", "cold", "ms")
if warm and cold:
    print(f"\nprep warm vs cold: {float(cold) / max(float(warm), 0.001):.0f}x faster")
