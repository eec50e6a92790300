#!/usr/bin/env python3
"""Converts world-atlas's land-110m.json (TopoJSON of Natural Earth 1:110m land) into
land-110m.txt, the compact ring list the map step embeds (crates/usergroup/src/map/land.rs).

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 crates/usergroup/data/land-110m.py /tmp/package/land-110m.json \
        > crates/usergroup/data/land-110m.txt

Output: `#` comment lines, then one ring per line: integers in hundredths of a degree, the
first point as `lon lat`, every further point as the difference to the one before. Rings
are not grouped into polygons: the map fills them with the even-odd rule, so a hole (a lake
ring inside a continent) needs no marking. Consecutive points that round to the same
hundredth are dropped, as is the closing point (equal to the first). Python 3 stdlib only;
the same input gives the same bytes.
"""
import json
import sys


def decode_arcs(topology):
    """Absolute [lon, lat] points of every arc (TopoJSON arcs are quantized and delta-coded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    """The points of a ring given as arc indices (~i: arc i reversed), shared ends once."""
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def main():
    topology = json.load(open(sys.argv[1], encoding="utf-8"))
    arcs = decode_arcs(topology)
    rings = []
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for ring in polygon:
                rings.append(ring_points(ring, arcs))
    out = [
        "# Natural Earth 1:110m land (public domain, naturalearthdata.com), version 4.1.0,",
        "# from the npm package world-atlas 2.0.2 (land-110m.json, ISC). Made by land-110m.py.",
        "# One ring per line, hundredths of a degree: first point `lon lat`, then differences.",
    ]
    for ring in rings:
        q = []
        for lon, lat in ring:
            p = (round(lon * 100), round(lat * 100))
            if not q or q[-1] != p:
                q.append(p)
        if len(q) > 1 and q[0] == q[-1]:
            q.pop()
        if len(q) < 3:
            continue
        numbers = [q[0][0], q[0][1]]
        for (x0, y0), (x1, y1) in zip(q, q[1:]):
            numbers += [x1 - x0, y1 - y0]
        out.append(" ".join(str(n) for n in numbers))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
