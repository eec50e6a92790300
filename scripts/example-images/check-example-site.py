#!/usr/bin/env python3
"""Sanity checks for the bundled example site's files (not a substitute for `prep check`).

    python3 scripts/example-images/check-example-site.py [SITE] [--seed PATH]

Checks: every /images/... path named in content/ exists under static/; every raster decodes
(needs Pillow) and has the size its role needs; every SVG has width, height and viewBox and
no script, event handler or external reference; zh and en index pages use the same keys;
each chapter page has as many members as its card says; the site stays under 5 MB; with
--seed, the zh index page is byte-identical to the seed. Exits 1 on the first kind of failure
it finds, after printing all of them.
"""

import re
import sys
import xml.dom.minidom
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
args = [a for a in sys.argv[1:]]
seed = None
if "--seed" in args:
    i = args.index("--seed")
    seed = Path(args[i + 1])
    del args[i : i + 2]
site = Path(args[0]) if args else REPO / "fixtures/sites/kubesphere"
problems = []

refs = {}
for md in sorted(site.glob("content/**/*.md")):
    for n, line in enumerate(md.read_text(encoding="utf-8").splitlines(), 1):
        for m in re.finditer(r"(/images/[^\s\"']+)", line):
            refs.setdefault(m.group(1), []).append(f"{md.relative_to(site)}:{n}")
for ref, where in sorted(refs.items()):
    if not (site / "static" / ref.lstrip("/")).is_file():
        problems.append(f"missing {ref} (named at {', '.join(where)})")

MIN = {"banner": (1920, 600), "cityCards": (1600, 1000), "chapters": (1600, 900), "avatars": (400, 400)}
try:
    from PIL import Image
except ImportError:
    Image = None
    print("note: Pillow not installed, rasters not decoded")
for f in sorted((site / "static").rglob("*")):
    if f.suffix.lower() in (".jpg", ".jpeg", ".png") and Image:
        try:
            with Image.open(f) as im:
                im.load()
                size = im.size
        except Exception as e:  # report, keep checking
            problems.append(f"{f}: does not decode: {e}")
            continue
        role = "banner" if f.stem == "banner" else f.parent.name
        need = MIN.get(role)
        if need and (size[0] < need[0] or size[1] < need[1]):
            problems.append(f"{f}: {size} smaller than {need} for {role}")
    elif f.suffix.lower() == ".svg":
        text = f.read_text(encoding="utf-8")
        root = xml.dom.minidom.parseString(text).documentElement
        for attr in ("width", "height", "viewBox"):
            if not root.getAttribute(attr):
                problems.append(f"{f}: no {attr}")
        if re.search(r"<script|\son[a-z]+\s*=|href\s*=|url\((?!#)", text, re.I):
            problems.append(f"{f}: script, event handler or external reference")
    if f.is_file() and f.relative_to(site / "static").parts[:2] == ("images", "user-group"):
        if "/" + str(f.relative_to(site / "static")) not in refs:
            print(f"note: {f.relative_to(site)} is not referenced by any content file")

def keys(p):
    return [(len(m.group(1)), m.group(2)) for l in p.read_text(encoding="utf-8").splitlines()
            if (m := re.match(r"^(\s*(?:- )?)([A-Za-z_0-9]+):", l))]
zh, en = site / "content/zh/user-group/_index.md", site / "content/en/user-group/_index.md"
if keys(zh) != keys(en):
    problems.append("zh and en user-group/_index.md do not have the same keys")
if seed and seed.read_bytes() != zh.read_bytes():
    problems.append(f"{zh} is not byte-identical to {seed}")

for lang, pat in (("zh", r"核心成员 (\d+) 人"), ("en", r"with (\d+) core members")):
    text = (site / f"content/{lang}/user-group/_index.md").read_text(encoding="utf-8")
    for m in re.finditer(r"id: (\w+)", text):
        card = text[: m.start()].rsplit("- name:", 1)[1]
        want = int(re.search(pat, card).group(1))
        page = site / f"content/{lang}/user-group/{m.group(1)}.md"
        got = page.read_text(encoding="utf-8").count("\n  - name:")
        if got != want:
            problems.append(f"{page}: {got} members, its card says {want}")

total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file()
            if not any(p in ("public", "resources", "usergroup", ".usergroup-cache") for p in f.relative_to(site).parts))
print(f"{len(refs)} image paths referenced, site is {total} bytes")
if total >= 5_000_000:
    problems.append(f"site is {total} bytes, over 5 MB")
for p in problems:
    print("problem:", p)
sys.exit(1 if problems else 0)
