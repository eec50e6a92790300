#!/usr/bin/env python3
"""Render the example site's photos procedurally, and benchmark photo sets.

Every raster image of the bundled example site (fixtures/sites/kubesphere/static/images/)
comes from this script: no third-party photos, no fonts but Pillow's embedded default.
The output is deterministic: the same script, seed and Pillow/numpy versions give
byte-identical files, so the committed images can be regenerated and reviewed.

The scenes are photo-like on purpose (gradients, haze, lit windows, reflections, film
grain): prep's image pipeline and the page are checked on realistic content, not on
flat colours that compress to nothing.

Requirements: Python 3.9+, Pillow and numpy. A throwaway venv is enough:

    python3 -m venv /tmp/imgvenv && /tmp/imgvenv/bin/pip install pillow numpy

Usage:

    # (Re)write every raster image of the example site (the default site path):
    python3 scripts/gen-example-images.py
    python3 scripts/gen-example-images.py --site fixtures/sites/kubesphere

    # Write only some of them (names as listed by --list):
    python3 scripts/gen-example-images.py --only cityCards/shanghai.jpeg banner.png

    # List the images and their sizes without writing anything:
    python3 scripts/gen-example-images.py --list

    # Benchmark photo set (not committed): N photos, W px wide (height W*2/3),
    # cycling through the scene kinds with a different seed per photo:
    python3 scripts/gen-example-images.py --bench /tmp/bench-photos --count 12 --width 2560

Options: --seed N changes every image (default 2021, the year the chapters were founded);
--quality Q sets the JPEG quality (default 82).

The SVG icons and decorations beside these images are hand-written files, not output of
this script. See fixtures/sites/kubesphere/IMAGES.md.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import zlib
from pathlib import Path

try:
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont
except ImportError as err:  # pragma: no cover - guidance for a fresh machine
    sys.exit(f"gen-example-images: {err}; install Pillow and numpy (see the docstring)")

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SITE = REPO / "fixtures" / "sites" / "kubesphere"
IMG = "static/images/user-group"

# Brand palette (the theme's colours), as floats.
def hexc(h: str) -> np.ndarray:
    h = h.lstrip("#")
    return np.array([int(h[i : i + 2], 16) / 255.0 for i in (0, 2, 4)], dtype=np.float32)


GREEN, ACCENT, NAVY = hexc("#55BC8A"), hexc("#00A971"), hexc("#060845")


# --------------------------------------------------------------------------------------
# Building blocks. Images are float32 arrays (H, W, 3) in 0..1 until saved.
# --------------------------------------------------------------------------------------

def rng_for(name: str, seed: int) -> np.random.Generator:
    """A generator per image, so adding an image never changes the others."""
    return np.random.default_rng(zlib.crc32(f"{seed}:{name}".encode()))


def fractal(rng, w, h, sx, sy=None, octaves=4, persistence=0.5) -> np.ndarray:
    """Value noise in 0..1: random grids upsampled bicubically, summed over octaves.

    sx, sy are the feature size in pixels of the first octave (sy defaults to sx).
    """
    sy = sy or sx
    out = np.zeros((h, w), np.float32)
    amp, norm = 1.0, 0.0
    for o in range(octaves):
        gw = max(2, int(w / sx * 2**o) + 3)
        gh = max(2, int(h / sy * 2**o) + 3)
        grid = rng.random((gh, gw), dtype=np.float32)
        up = Image.fromarray(grid, mode="F").resize((w, h), Image.BICUBIC)
        out += amp * np.asarray(up, np.float32)
        norm += amp
        amp *= persistence
    out /= norm
    # Stretch the sum (which clusters around 0.5) back to roughly 0..1.
    lo, hi = np.percentile(out, (1, 99))
    return np.clip((out - lo) / max(hi - lo, 1e-6), 0, 1)


def ridge(rng, w, base, amp, feature, octaves=5) -> np.ndarray:
    """A 1-D fractal height profile of length w: y coordinates of a skyline of hills."""
    n = fractal(rng, w, 2, feature, 2, octaves=octaves)[0]
    return base - amp * n


def vgrad(h, w, stops) -> np.ndarray:
    """Vertical gradient through colour stops [(pos 0..1, '#rrggbb'), ...]."""
    ys = np.linspace(0, 1, h, dtype=np.float32)
    pos = [p for p, _ in stops]
    cols = np.stack([hexc(c) for _, c in stops])
    ch = [np.interp(ys, pos, cols[:, i]) for i in range(3)]
    col = np.stack(ch, axis=1).astype(np.float32)
    return np.broadcast_to(col[:, None, :], (h, w, 3)).copy()


def smoothstep(e0, e1, x):
    t = np.clip((x - e0) / (e1 - e0), 0, 1)
    return t * t * (3 - 2 * t)


def radial(w, h, cx, cy, r) -> np.ndarray:
    """exp(-d^2/r^2) around (cx, cy)."""
    ys, xs = np.ogrid[0:h, 0:w]
    d2 = ((xs - cx) ** 2 + (ys - cy) ** 2).astype(np.float32)
    return np.exp(-d2 / (r * r)).astype(np.float32)


def blend(img, colour, mask):
    """img where mask=0, colour where mask=1 (colour: array (H,W,3) or rgb)."""
    m = mask[..., None]
    img *= 1 - m
    img += m * colour
    return img


class Mask:
    """A supersampled drawing surface: draw at 2x, read back antialiased at 1x."""

    S = 2

    def __init__(self, w, h):
        self.w, self.h = w, h
        self.im = Image.new("L", (w * self.S, h * self.S), 0)
        self.d = ImageDraw.Draw(self.im)

    def _p(self, pts):
        return [(x * self.S, y * self.S) for x, y in pts]

    def poly(self, pts, fill=255):
        self.d.polygon(self._p(pts), fill=fill)

    def rect(self, x0, y0, x1, y1, fill=255):
        self.d.rectangle([x0 * self.S, y0 * self.S, x1 * self.S, y1 * self.S], fill=fill)

    def ellipse(self, cx, cy, rx, ry, fill=255):
        s = self.S
        self.d.ellipse([(cx - rx) * s, (cy - ry) * s, (cx + rx) * s, (cy + ry) * s], fill=fill)

    def line(self, pts, width, fill=255):
        self.d.line(self._p(pts), fill=fill, width=max(1, int(width * self.S)), joint="curve")

    def array(self, blur=0.0) -> np.ndarray:
        im = self.im.resize((self.w, self.h), Image.LANCZOS)
        if blur:
            im = im.filter(ImageFilter.GaussianBlur(blur))
        return np.asarray(im, np.float32) / 255.0


def textured(h, w, colour, rng, amount=0.06, feature=40, top=None):
    """A colour field with a soft fractal texture, optionally a vertical gradient to `top`."""
    base = np.broadcast_to(hexc(colour) if isinstance(colour, str) else colour, (h, w, 3))
    if top is not None:
        t = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
        base = base * t + (hexc(top) if isinstance(top, str) else top) * (1 - t)
    n = fractal(rng, w, h, feature, octaves=3) - 0.5
    return (base * (1 + amount * 2 * n[..., None])).astype(np.float32)


def finish(img, rng, grain=0.018, vignette=0.25, chroma=0.35) -> np.ndarray:
    """Film grain (luminance-weighted, slightly coloured) and a lens vignette."""
    h, w, _ = img.shape
    if vignette:
        ys, xs = np.ogrid[0:h, 0:w]
        r2 = ((xs - w / 2) / (w / 2)) ** 2 + ((ys - h / 2) / (h / 2)) ** 2
        img *= (1 - vignette * 0.5 * r2.astype(np.float32))[..., None]
    if grain:
        mono = rng.normal(0, grain, (h, w, 1)).astype(np.float32)
        col = rng.normal(0, grain * chroma, (h, w, 3)).astype(np.float32)
        lum = img.mean(axis=2, keepdims=True)
        img += (mono + col) * (0.35 + 0.65 * np.sqrt(np.clip(lum, 0, 1)))
    return np.clip(img, 0, 1)


def to_image(img) -> Image.Image:
    return Image.fromarray((np.clip(img, 0, 1) * 255 + 0.5).astype(np.uint8), "RGB")


def reflect(img, y0, rng, tint, strength=0.55, ripple=6.0, streaks=0.08):
    """Mirror everything above y0 into the water below it, rippled and tinted."""
    h, w, _ = img.shape
    ys = np.arange(y0, h)
    depth = (ys - y0) / max(h - y0, 1)
    n = fractal(rng, w, h - y0, 220, 6, octaves=4)
    dx = ((n - 0.5) * 2 * ripple * (0.3 + 2.5 * depth[:, None])).astype(np.int32)
    dy = ((n - 0.5) * 3 * (0.5 + 3 * depth[:, None])).astype(np.int32)
    src_y = np.clip(2 * y0 - ys[:, None] - 1 + dy, 0, y0 - 1)
    src_x = np.clip(np.arange(w)[None, :] + dx, 0, w - 1)
    refl = img[src_y, src_x]
    fade = (strength * (1 - 0.55 * depth))[:, None, None]
    water = refl * fade + hexc(tint) * (1 - fade)
    # Horizontal glints and dark bands: what makes it read as water.
    s = fractal(rng, w, h - y0, 400, 3, octaves=3)
    water *= (1 + streaks * (s - 0.5) * 2)[..., None]
    img[y0:] = water
    return img


def glow(img, cx, cy, r, colour, amount):
    h, w, _ = img.shape
    img += radial(w, h, cx, cy, r)[..., None] * hexc(colour) * amount
    return img


def clouds(img, rng, y_top, y_bottom, lit, shade, cover=0.55, sx=520, sy=70, alpha=0.85):
    h, w, _ = img.shape
    n = fractal(rng, w, h, sx, sy, octaves=5)
    band = smoothstep(y_top, y_top + 0.1 * h, np.arange(h)) * (
        1 - smoothstep(y_bottom - 0.12 * h, y_bottom, np.arange(h))
    )
    m = smoothstep(cover, cover + 0.25, n) * band[:, None].astype(np.float32)
    light = fractal(rng, w, h, 300, 120, octaves=3)[..., None]
    col = hexc(lit) * light + hexc(shade) * (1 - light)
    return blend(img, col, m * alpha)


# --------------------------------------------------------------------------------------
# Buildings
# --------------------------------------------------------------------------------------

def windows(lights, lmask, rng, x0, x1, top, bottom, p_lit, cell=(9, 12), warm=True):
    """Grid of windows in a building face; lit ones drawn into (lights, lmask)."""
    cw, chh = cell
    d = ImageDraw.Draw(lmask)
    for y in range(int(top) + 6, int(bottom) - 4, chh):
        row_on = rng.random() < 0.85  # some floors are entirely dark
        for x in range(int(x0) + 3, int(x1) - cw + 2, cw):
            if row_on and rng.random() < p_lit:
                a = int(140 + rng.random() * 115)
                d.rectangle([x, y, x + cw - 4, y + chh - 6], fill=a)
                if warm:
                    c = (255, int(200 + rng.random() * 45), int(120 + rng.random() * 80))
                else:
                    c = (int(190 + rng.random() * 40), int(215 + rng.random() * 30), 255)
                lights.paste(c, [x, y, x + cw - 3, y + chh - 5])


def skyline_layer(rng, w, h, y0, n, hmin, hmax, wmin, wmax, m: Mask, boxes, x_range=(0, 1)):
    """Random box towers standing on y0; draws into m, records boxes for windows."""
    for _ in range(n):
        bw = rng.uniform(wmin, wmax) * w
        bx = rng.uniform(x_range[0], x_range[1]) * w - bw / 2
        bh = rng.uniform(hmin, hmax) * h
        top = y0 - bh
        kind = rng.random()
        if kind < 0.2:  # setback tower
            m.rect(bx, top + bh * 0.25, bx + bw, y0)
            m.rect(bx + bw * 0.15, top, bx + bw * 0.85, top + bh * 0.3)
        elif kind < 0.32:  # slanted roof
            m.poly([(bx, top + bw * 0.4), (bx + bw, top), (bx + bw, y0), (bx, y0)])
        else:
            m.rect(bx, top, bx + bw, y0)
            if rng.random() < 0.3:  # antenna
                m.rect(bx + bw / 2 - 1, top - bh * 0.12, bx + bw / 2 + 1, top)
        boxes.append((bx, bx + bw, top, y0))


# --------------------------------------------------------------------------------------
# Scenes
# --------------------------------------------------------------------------------------

def scene_shanghai(w, h, rng) -> np.ndarray:
    """The Bund at dusk: skyline with a pearl tower, towers, the river reflecting it."""
    y0 = int(h * 0.66)
    img = vgrad(h, w, [(0, "#0d1236"), (0.22, "#2b2760"), (0.42, "#6b3f78"),
                       (0.56, "#d0706a"), (0.66, "#f3b779"), (1, "#f3b779")])
    img = glow(img, w * 0.78, y0 - h * 0.05, h * 0.28, "#ffb36b", 0.55)
    img = glow(img, w * 0.78, y0 - h * 0.05, h * 0.05, "#fff1c9", 0.9)
    img = clouds(img, rng, h * 0.05, h * 0.5, "#f7a48a", "#3b2d62", cover=0.52, alpha=0.8)

    # Far haze layer.
    far = Mask(w, h)
    skyline_layer(rng, w, h, y0, 90, 0.03, 0.14, 0.012, 0.035, far, [])
    img = blend(img, textured(h, w, "#6b4d7a", rng, 0.05, top="#54406e"), far.array() * 0.9)

    # Mid layer: generic towers with lit windows.
    mid = Mask(w, h)
    boxes: list = []
    skyline_layer(rng, w, h, y0, 38, 0.08, 0.3, 0.02, 0.05, mid, boxes, (0.0, 0.5))
    skyline_layer(rng, w, h, y0, 30, 0.08, 0.26, 0.02, 0.05, mid, boxes, (0.72, 1.0))

    # Landmarks (shapes are generic: a pearl tower, a tapered tower, an "opener", a twist).
    lm = Mask(w, h)
    px = w * 0.3
    s1y, s1r = y0 - h * 0.2, w * 0.042
    s2y, s2r = y0 - h * 0.39, w * 0.026
    for dx in (-1, 0, 1):  # three legs
        lm.poly([(px + dx * s1r * 1.6 - 5, y0), (px + dx * s1r * 1.6 + 5, y0),
                 (px + dx * 6 + 4, s1y), (px + dx * 6 - 4, s1y)])
    lm.rect(px - 7, s2y, px + 7, y0)  # shaft
    lm.ellipse(px, s1y, s1r, s1r)
    lm.ellipse(px, s2y, s2r, s2r)
    lm.rect(px - 4, y0 - h * 0.5, px + 4, s2y)
    lm.ellipse(px, y0 - h * 0.48, 9, 9)
    lm.rect(px - 1.5, y0 - h * 0.6, px + 1.5, y0 - h * 0.48)
    # Stepped, tapering tower.
    tx, tw, th = w * 0.55, w * 0.05, h * 0.44
    for i in range(8):
        f0, f1 = i / 8, (i + 1) / 8
        ww = tw * (1 - 0.55 * f1)
        lm.rect(tx - ww / 2, y0 - th * f1, tx + ww / 2, y0 - th * f0 + 1)
    lm.poly([(tx - tw * 0.2, y0 - th), (tx + tw * 0.2, y0 - th), (tx, y0 - th * 1.13)])
    # The bottle opener: a tall slab with a trapezoid hole near its top.
    ox, ow, oh = w * 0.62, w * 0.045, h * 0.5
    lm.poly([(ox - ow / 2, y0), (ox + ow / 2, y0), (ox + ow * 0.3, y0 - oh), (ox - ow * 0.3, y0 - oh)])
    lm.poly([(ox - ow * 0.22, y0 - oh * 0.86), (ox + ow * 0.22, y0 - oh * 0.86),
             (ox + ow * 0.16, y0 - oh * 0.95), (ox - ow * 0.16, y0 - oh * 0.95)], fill=0)
    # The twisting, tapering supertall.
    sx0, sw, sh = w * 0.68, w * 0.06, h * 0.6
    pts_l, pts_r = [], []
    for i in range(41):
        f = i / 40
        half = sw / 2 * (1 - 0.62 * f) * (1 + 0.05 * math.sin(f * 9))
        off = sw * 0.06 * math.sin(f * math.pi)
        pts_l.append((sx0 - half + off, y0 - sh * f))
        pts_r.append((sx0 + half * (1 - 0.15 * f) + off, y0 - sh * f - (sw * 0.12 * f if f > 0.97 else 0)))
    lm.poly(pts_l + pts_r[::-1])

    midm = mid.array()
    img = blend(img, textured(h, w, "#1d1b3d", rng, 0.08, top="#2a2450"), midm)
    lmm = lm.array()
    img = blend(img, textured(h, w, "#191733", rng, 0.1, 25, top="#2f2a57"), lmm)
    # Sunset rim light on the landmark edges facing the sun.
    rim = np.clip(lmm - np.roll(lmm, 3, axis=1), 0, 1)
    img += rim[..., None] * hexc("#ff9f6e") * 0.5

    # Windows, then glows on the pearl spheres and aviation lights.
    lights = Image.new("RGB", (w, h), 0)
    lmask = Image.new("L", (w, h), 0)
    for bx0, bx1, top, bottom in boxes:
        windows(lights, lmask, rng, bx0, bx1, top, bottom, rng.uniform(0.08, 0.4))
    windows(lights, lmask, rng, tx - tw / 2, tx + tw / 2, y0 - th * 0.9, y0, 0.35)
    windows(lights, lmask, rng, ox - ow * 0.35, ox + ow * 0.35, y0 - oh * 0.8, y0, 0.3, warm=False)
    lmask_a = np.asarray(lmask, np.float32) / 255 * np.clip(midm + lmm, 0, 1)
    img = blend(img, np.asarray(lights, np.float32) / 255, lmask_a * 0.9)
    for cy, r in ((s1y, s1r), (s2y, s2r)):
        img = glow(img, px, cy, r * 1.6, "#ff5fa2", 0.35)
        img = glow(img, px - r * 0.3, cy - r * 0.3, r * 0.5, "#ffd0e4", 0.35)
    for x, y in ((px, y0 - h * 0.6), (tx, y0 - th * 1.13), (sx0, y0 - sh)):
        img = glow(img, x, y, 6, "#ff3030", 0.9)
    img = glow(img, w * 0.5, y0, w * 0.35, "#ffb070", 0.12)  # city glow

    # Embankment and the river.
    emb = Mask(w, h)
    emb.rect(0, y0 - 4, w, y0 + 3)
    img = blend(img, textured(h, w, "#120f26", rng, 0.05), emb.array())
    img = reflect(img, y0 + 3, rng, "#1a1838", strength=0.7, ripple=7, streaks=0.18)
    return finish(img, rng, grain=0.02, vignette=0.35)


def scene_hangzhou(w, h, rng) -> np.ndarray:
    """West-Lake-like morning: layered misty hills, a pagoda, a causeway, willows."""
    y0 = int(h * 0.6)
    img = vgrad(h, w, [(0, "#7ea6cc"), (0.3, "#a9c3da"), (0.55, "#dfe6ea"), (0.6, "#eceee9"), (1, "#eceee9")])
    img = glow(img, w * 0.2, h * 0.12, h * 0.4, "#fff6dd", 0.35)
    img = clouds(img, rng, h * 0.02, h * 0.35, "#ffffff", "#9fb2c6", cover=0.56, sx=380, sy=110, alpha=0.75)

    layers = [  # (ridge base, amplitude, feature, colour near ridge, colour at foot, haze)
        (y0 - h * 0.17, h * 0.12, 500, "#a9bbc6", "#c4d0d4", 0.0),
        (y0 - h * 0.1, h * 0.12, 380, "#7f9aa2", "#a9b8b8", 0.0),
        (y0 - h * 0.04, h * 0.1, 300, "#55765f", "#7f9886", 0.0),
        (y0 + 2, h * 0.09, 260, "#33573d", "#55705a", 0.0),
    ]
    pagoda_hill = None
    for i, (base, amp, feat, c_top, c_foot, _) in enumerate(layers):
        r = ridge(rng, w, base, amp, feat)
        if i == 3:
            # Leave the middle of the nearest range low so the lake is open.
            xs = np.arange(w) / w
            r = r + h * 0.09 * np.exp(-((xs - 0.45) / 0.2) ** 2)
            r = np.minimum(r, y0 + 2)
        if i == 2:
            pagoda_hill = r
        ys = np.arange(h)[:, None]
        m = (ys >= r[None, :]).astype(np.float32) * (ys <= y0 + 2)
        m = np.asarray(Image.fromarray((m * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.8)), np.float32) / 255
        col = textured(h, w, c_foot, rng, 0.12 if i >= 2 else 0.05, 18 if i >= 2 else 60, top=c_top)
        if i >= 2:  # tree canopy speckle
            sp = fractal(rng, w, h, 7, octaves=2)
            col *= (0.85 + 0.3 * sp)[..., None]
        img = blend(img, col, m)
        # Mist rolling in the valley in front of each range.
        mist = smoothstep(0, 1, 1 - np.clip((y0 - np.arange(h)) / (h * 0.08), 0, 1))
        mist = mist[:, None] * fractal(rng, w, h, 600, 40, octaves=3) * 0.5
        img = blend(img, np.broadcast_to(hexc("#e6ebec"), img.shape), mist * (0.6 if i < 3 else 0.0))

    # Pagoda on the third range.
    px = int(w * 0.72)
    base_y = float(pagoda_hill[px]) + 4
    pm = Mask(w, h)
    tiers, bw, th = 5, w * 0.026, h * 0.024
    y = base_y
    pm.rect(px - bw * 0.75, y - th * 0.5, px + bw * 0.75, y + 6)  # platform
    y -= th * 0.5
    for t in range(tiers):
        ww = bw * (1 - 0.09 * t)
        pm.rect(px - ww / 2, y - th, px + ww / 2, y)
        ew = ww * 1.55
        pm.poly([(px - ew / 2 - 4, y - th - 5), (px - ww / 2, y - th - th * 0.4), (px + ww / 2, y - th - th * 0.4),
                 (px + ew / 2 + 4, y - th - 5), (px + ew / 2, y - th + 1), (px - ew / 2, y - th + 1)])
        y -= th * 1.1
    pm.poly([(px - 3, y), (px + 3, y), (px, y - th * 1.3)])
    pmask = pm.array()
    img = blend(img, textured(h, w, "#7d4a33", rng, 0.12, 12, top="#3e2a22"), pmask)

    # The lake: reflection, then a causeway with trees and a boat.
    img = reflect(img, y0 + 2, rng, "#9fb3b7", strength=0.6, ripple=5, streaks=0.12)
    cz = Mask(w, h)
    cy = y0 + h * 0.09
    cz.poly([(0, cy), (w * 0.58, cy - h * 0.03), (w * 0.58, cy - h * 0.025), (0, cy + 6)])
    for i in range(70):
        x = rng.uniform(0, w * 0.57)
        yy = cy - (x / (w * 0.58)) * h * 0.03
        r = rng.uniform(6, 15)
        cz.ellipse(x, yy - r * 0.8, r, r * 0.9)
    img = blend(img, textured(h, w, "#3d5a3f", rng, 0.15, 9), cz.array() * 0.9)
    bt = Mask(w, h)
    bx, by = w * 0.78, y0 + h * 0.2
    bt.poly([(bx - 60, by), (bx + 60, by), (bx + 48, by + 12), (bx - 48, by + 12)])
    bt.ellipse(bx - 5, by - 22, 7, 7)
    bt.rect(bx - 10, by - 16, bx + 2, by)
    img = blend(img, textured(h, w, "#2c2f2e", rng, 0.1), bt.array())

    # Willow strands from the top-left corner.
    wl = Mask(w, h)
    for i in range(46):
        x = rng.uniform(-0.02, 0.3) * w
        length = rng.uniform(0.25, 0.65) * h * (1 - x / (w * 0.4))
        sway = rng.uniform(10, 40)
        pts = [(x + sway * math.sin(t / 10 * 2.2) + t * 1.5, t / 10 * length) for t in range(11)]
        wl.line(pts, 2)
        for t in range(90):
            f = t / 90
            lx = x + sway * math.sin(f * 2.2) + f * 15 + rng.normal(0, 3)
            ly = f * length
            a = rng.uniform(-0.5, 0.5)
            L = rng.uniform(8, 14)
            wl.line([(lx, ly), (lx + L * math.sin(a), ly + L * math.cos(a))], rng.uniform(1.5, 2.5))
    wmask = wl.array()
    img = blend(img, textured(h, w, "#4f7a2e", rng, 0.25, 6, top="#2f4d1c"), wmask * 0.95)
    return finish(img, rng, grain=0.016, vignette=0.2)


def scene_chengdu(w, h, rng) -> np.ndarray:
    """A clear afternoon: snowy mountains far away, a low city, greenery in front."""
    y0 = int(h * 0.66)
    img = vgrad(h, w, [(0, "#5f8fc2"), (0.3, "#8db3d6"), (0.55, "#d5e0e4"), (0.66, "#ece5d3"), (1, "#ece5d3")])
    img = glow(img, w * 0.85, h * 0.1, h * 0.45, "#fff2d0", 0.3)
    img = clouds(img, rng, 0, h * 0.3, "#ffffff", "#b5c4d4", cover=0.6, sx=600, sy=60, alpha=0.6)

    # Snow mountains far away: sharp peaks (the noise raised to a power), snow on the tops,
    # streaked by gullies, and washed out by the haze between them and the city.
    n = fractal(rng, w, 2, 230, 2, octaves=6)[0] ** 1.7
    r = (y0 - h * 0.08) - h * 0.2 * n
    ys = np.arange(h)[:, None]
    mm = (ys >= r[None, :]).astype(np.float32)
    mm = np.asarray(Image.fromarray((mm * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.7)), np.float32) / 255
    rock = textured(h, w, "#8f9fb2", rng, 0.1, 30, top="#6f7f96")
    gully = fractal(rng, w, h, 14, 70, octaves=3)
    rock *= (0.8 + 0.35 * gully)[..., None]
    snowline = (y0 - h * 0.165) + (fractal(rng, w, 2, 60, 2, octaves=4)[0] - 0.5) * h * 0.05
    snow = smoothstep(0, h * 0.02, snowline[None, :] - ys) * smoothstep(0.25, 0.55, gully)
    col = rock * (1 - snow[..., None]) + hexc("#f2f5f9") * (0.88 + 0.12 * gully[..., None]) * snow[..., None]
    img = blend(img, col, mm)
    haze = 0.35 + 0.4 * smoothstep(0.6, 1.0, np.arange(h) / y0)[:, None]
    img = blend(img, np.broadcast_to(hexc("#d9e2e8"), img.shape), mm * haze)

    # Ground between the city and the trees: a hazy plain.
    gr = np.zeros((h, w), np.float32)
    gr[y0 - 2:] = 1
    img = blend(img, textured(h, w, "#8c9a78", rng, 0.1, 30, top="#aab0a0"), gr)

    # City: many low and mid-rise blocks with a few towers, daylight windows.
    far, near = Mask(w, h), Mask(w, h)
    fb, nb = [], []
    skyline_layer(rng, w, h, y0, 110, 0.02, 0.08, 0.015, 0.04, far, fb)
    skyline_layer(rng, w, h, y0 + 14, 14, 0.1, 0.22, 0.02, 0.04, near, nb)
    skyline_layer(rng, w, h, y0 + 14, 60, 0.03, 0.1, 0.025, 0.06, near, nb)
    img = blend(img, textured(h, w, "#b9b4aa", rng, 0.08, 20, top="#a9aab0"), far.array() * 0.85)
    nm = near.array()
    img = blend(img, textured(h, w, "#c8bba6", rng, 0.12, 14, top="#8f939a"), nm)
    # Windows by day: dark glass with a sky-blue glint.
    wins = Image.new("RGB", (w, h), 0)
    wmask = Image.new("L", (w, h), 0)
    for bx0, bx1, top, bottom in nb:
        windows(wins, wmask, rng, bx0, bx1, top, bottom, 0.8, cell=(10, 13), warm=False)
    wa = np.asarray(wmask, np.float32) / 255 * nm
    glass = np.asarray(wins, np.float32) / 255 * 0.45 + hexc("#2d3a48") * 0.55
    img = blend(img, glass, wa * 0.55)
    # Shadow side of each near block: darker right edges.
    sh = np.clip(nm - np.roll(nm, -6, axis=1), 0, 1)
    img *= (1 - 0.25 * sh)[..., None]

    # Greenery: a park's canopy, its top a bumpy line of crowns, lit from above.
    top = ridge(rng, w, y0 + h * 0.12, h * 0.1, 70, octaves=4)
    tr = Mask(w, h)
    tr.poly([(0, h)] + [(x, float(top[x])) for x in range(0, w, 4)] + [(w, float(top[-1])), (w, h)])
    for i in range(160):  # individual crowns poking above the line
        x = rng.uniform(0, w)
        r = rng.uniform(14, 40)
        tr.ellipse(x, float(top[int(x) % w]) + r * 0.3, r, r * 0.85)
    tm = tr.array()
    clump = fractal(rng, w, h, 26, octaves=4)
    leaves = textured(h, w, "#2f5a22", rng, 0.2, 8, top="#6a9a3c")
    leaves *= (0.55 + 0.75 * clump)[..., None]
    leaves *= (0.85 + 0.3 * fractal(rng, w, h, 4, octaves=2))[..., None]
    img = blend(img, leaves, tm)
    # A bamboo grove on the left: tall thin stems, leaves clustered along their upper part.
    bm, fol = Mask(w, h), Mask(w, h)
    for i in range(26):
        x = rng.uniform(0, 0.15) * w
        tip = rng.uniform(0.08, 0.4) * h
        bend = rng.uniform(-30, 30)
        bm.line([(x, h), (x + bend * 0.3, (h + tip) / 2), (x + bend, tip)], rng.uniform(3, 6))
        for j in range(26):
            f = rng.uniform(0, 0.6)
            sx_ = x + bend * (1 - f) + rng.normal(0, 22)
            sy_ = tip + f * (h - tip) * 0.6 + rng.normal(0, 10)
            ang = rng.uniform(-0.6, 0.6) + (0.5 if sx_ > x else -0.5)
            L = rng.uniform(16, 30)
            fol.poly([(sx_, sy_), (sx_ + L * math.cos(ang) + 3, sy_ + L * math.sin(ang)),
                      (sx_ + L * 0.5 * math.cos(ang), sy_ + L * 0.5 * math.sin(ang) + 5)])
    img = blend(img, textured(h, w, "#7a9a45", rng, 0.2, 10, top="#4b6b2a"), bm.array())
    img = blend(img, textured(h, w, "#4e7a2a", rng, 0.3, 6, top="#3b6022"), fol.array() * 0.95)
    return finish(img, rng, grain=0.016, vignette=0.22)


def scene_meetup(w, h, rng) -> np.ndarray:
    """A meetup: a screen with a slide, stage lights, the audience's heads in front."""
    img = vgrad(h, w, [(0, "#0b0d1f"), (0.5, "#1a1c33"), (1, "#0d0e1a")])
    img *= (0.85 + 0.3 * fractal(rng, w, h, 60, octaves=3))[..., None]  # wall texture
    # Screen with a slide in the brand colours.
    sx0, sy0, sx1, sy1 = w * 0.27, h * 0.1, w * 0.73, h * 0.55
    sc = Mask(w, h)
    sc.rect(sx0, sy0, sx1, sy1)
    slide = vgrad(h, w, [(0, "#f5f7f6"), (1, "#e4efe9")])
    sm = Mask(w, h)
    sm.rect(sx0, sy0, sx1, sy0 + (sy1 - sy0) * 0.2)
    slide = blend(slide, GREEN, sm.array())
    bars = Mask(w, h)
    for i in range(5):
        y = sy0 + (sy1 - sy0) * (0.32 + i * 0.12)
        bars.rect(sx0 + 40, y, sx0 + 40 + (sx1 - sx0) * rng.uniform(0.3, 0.55), y + 10)
    slide = blend(slide, hexc("#36435C"), bars.array() * 0.8)
    hexm = Mask(w, h)  # a hexagon mark on the slide
    cx, cy, r = sx1 - (sx1 - sx0) * 0.22, sy0 + (sy1 - sy0) * 0.6, (sy1 - sy0) * 0.22
    hexm.poly([(cx + r * math.cos(a * math.pi / 3 + math.pi / 6), cy + r * math.sin(a * math.pi / 3 + math.pi / 6)) for a in range(6)])
    slide = blend(slide, ACCENT, hexm.array())
    scm = sc.array()
    img = blend(img, slide, scm)
    img = glow(img, w * 0.5, h * 0.33, w * 0.35, "#9ee6c3", 0.18)  # screen spill
    # Speaker beside the screen.
    sp = Mask(w, h)
    spx, spy = w * 0.8, h * 0.42
    sp.ellipse(spx, spy, 22, 27)
    sp.poly([(spx - 50, h * 0.75), (spx - 40, spy + 40), (spx, spy + 28), (spx + 40, spy + 40), (spx + 50, h * 0.75)])
    img = glow(img, spx, h * 0.45, h * 0.22, "#ffd9a0", 0.45)  # spotlight on the speaker
    img = blend(img, textured(h, w, "#3a3550", rng, 0.1, top="#5a4e5e"), sp.array())
    # Blur the background: the lens focuses on the front rows.
    bg = to_image(img).filter(ImageFilter.GaussianBlur(2.2))
    img = np.asarray(bg, np.float32) / 255
    # Bokeh: ceiling lights out of focus.
    bk = np.zeros((h, w), np.float32)
    for i in range(30):
        x, y = rng.uniform(0, w), rng.uniform(0, h * 0.08)
        r = rng.uniform(10, 30)
        bk += radial(w, h, x, y, r) * rng.uniform(0.3, 0.9)
    img += np.clip(bk, 0, 1.2)[..., None] * hexc("#ffd79a") * 0.6
    # Audience: three rows of head-and-shoulder silhouettes, rim-lit by the screen.
    for row, (yb, scale, shade) in enumerate(((h * 0.8, 1.1, "#262a3d"), (h * 0.95, 1.6, "#1a1d2b"), (h * 1.12, 2.3, "#10121c"))):
        am = Mask(w, h)
        x = rng.uniform(-40, 20)
        while x < w + 60:
            hr = rng.uniform(26, 34) * scale
            hy = yb - rng.uniform(70, 90) * scale
            am.ellipse(x, hy, hr, hr * 1.15)
            am.ellipse(x, yb + 20 * scale, hr * 2.6, hr * 1.6)
            if rng.random() < 0.3:  # a raised phone
                am.rect(x + hr * 1.2, hy - hr * 1.5, x + hr * 1.9, hy - hr * 0.3)
            x += rng.uniform(90, 130) * scale
        amask = am.array(blur=0.6 if row < 2 else 1.2)
        img = blend(img, textured(h, w, shade, rng, 0.15, 15), amask)
        rim = np.clip(amask - np.roll(amask, 4, axis=0), 0, 1)
        img += rim[..., None] * hexc("#a9e9ca") * 0.22
    return finish(img, rng, grain=0.03, vignette=0.4)


def scene_banner(w, h, rng) -> np.ndarray:
    """The page banner: navy to green, a network of glowing nodes, a faint skyline.

    Smooth on purpose: it is saved as PNG, where grain costs megabytes.
    """
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    t = np.clip((xs / w) * 0.8 + (ys / h) * 0.2, 0, 1)[..., None]
    img = NAVY * (1 - t) + hexc("#0b3a5a") * t
    img = glow(img, w * 0.82, h * 0.3, h * 0.9, "#00A971", 0.55)
    img = glow(img, w * 0.98, h * 0.9, h * 0.6, "#55BC8A", 0.35)
    # Hexagon grid lines, fading to the left where the title sits.
    hx = Mask(w, h)
    r = 46
    for row in range(-1, int(h / (r * 1.5)) + 2):
        for col in range(-1, int(w / (r * math.sqrt(3))) + 2):
            cx = col * r * math.sqrt(3) + (row % 2) * r * math.sqrt(3) / 2
            cy = row * r * 1.5
            pts = [(cx + r * math.cos(a * math.pi / 3 + math.pi / 6), cy + r * math.sin(a * math.pi / 3 + math.pi / 6)) for a in range(7)]
            hx.line(pts, 1)
    fade = smoothstep(0.35, 0.95, xs / w)
    img += hx.array()[..., None] * fade[..., None] * GREEN * 0.12
    # Network: nodes and edges on the right half.
    nodes = [(rng.uniform(0.45, 0.98) * w, rng.uniform(0.08, 0.8) * h) for _ in range(26)]
    ed = Mask(w, h)
    for i, (x, y) in enumerate(nodes):
        near = sorted(range(len(nodes)), key=lambda j: (nodes[j][0] - x) ** 2 + (nodes[j][1] - y) ** 2)[1:3]
        for j in near:
            ed.line([(x, y), nodes[j]], 1.5)
    img += ed.array()[..., None] * GREEN * 0.35
    for x, y in nodes:
        s = rng.uniform(0.5, 1)
        img = glow(img, x, y, 22 * s, "#55BC8A", 0.35)
        img = glow(img, x, y, 4 * s, "#e9fff4", 0.9)
    # A faint skyline along the bottom.
    sk = Mask(w, h)
    skyline_layer(rng, w, h, h + 2, 70, 0.08, 0.32, 0.012, 0.035, sk, [])
    img = blend(img, hexc("#0a1f45"), sk.array() * 0.55)
    # Soft bokeh circles.
    for i in range(14):
        img = glow(img, rng.uniform(0.3, 1) * w, rng.uniform(0, 1) * h, rng.uniform(20, 60), "#7fe0b4", 0.08)
    # A whisper of grain, enough to avoid banding, cheap for PNG once quantised.
    return finish(img, rng, grain=0.004, vignette=0.0, chroma=0.0)


def avatar(w, h, rng, initials: str) -> np.ndarray:
    """An abstract, friendly head-and-shoulders portrait with an initials badge."""
    hue = rng.uniform(0, 1)
    import colorsys

    c1 = np.array(colorsys.hsv_to_rgb(hue, 0.35, 0.95), np.float32)
    c2 = np.array(colorsys.hsv_to_rgb((hue + 0.08) % 1, 0.55, 0.7), np.float32)
    t = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    img = c1 * (1 - t) + c2 * t
    img = img * (0.9 + 0.2 * fractal(rng, w, h, 50, octaves=4))[..., None]
    for i in range(6):  # out-of-focus background lights
        img = glow(img, rng.uniform(0, w), rng.uniform(0, h * 0.6), rng.uniform(15, 40), "#ffffff", 0.12)
    skin = hexc(["#f1c9a5", "#e0ac84", "#c68a64", "#8d5a3b", "#f6d7bd"][int(rng.integers(5))])
    hair = hexc(["#1c1714", "#3b2a20", "#5a3c28", "#2b2b33", "#8a6a4a"][int(rng.integers(5))])
    shirt = np.array(colorsys.hsv_to_rgb((hue + 0.5) % 1, 0.5, 0.55), np.float32)
    cx, cy = w / 2 + rng.uniform(-10, 10), h * 0.42
    hr = w * rng.uniform(0.15, 0.18)
    style = int(rng.integers(4))
    if style == 1:  # long hair behind the head
        m = Mask(w, h)
        m.ellipse(cx, cy + hr * 0.4, hr * 1.25, hr * 1.5)
        img = blend(img, hair, m.array())
    body = Mask(w, h)
    body.ellipse(cx, h * 1.02, w * 0.36, h * 0.3)
    bmask = body.array()
    img = blend(img, shirt * (0.85 + 0.25 * fractal(rng, w, h, 30, octaves=3))[..., None], bmask)
    neck = Mask(w, h)
    neck.rect(cx - hr * 0.38, cy + hr * 0.6, cx + hr * 0.38, h * 0.74)
    img = blend(img, skin * 0.85, neck.array())
    head = Mask(w, h)
    head.ellipse(cx, cy, hr, hr * 1.15)
    hm = head.array()
    shade = 0.8 + 0.3 * radial(w, h, cx - hr * 0.4, cy - hr * 0.5, hr * 1.3)
    img = blend(img, skin * shade[..., None], hm)
    hm2 = Mask(w, h)
    if style in (0, 1):  # short cap of hair / fringe
        hm2.ellipse(cx, cy - hr * 0.45, hr * 1.05, hr * 0.75)
        hm2.ellipse(cx, cy + hr * 0.2, hr * 0.8, hr * 0.85, fill=0)
    elif style == 2:  # bun
        hm2.ellipse(cx, cy - hr * 1.25, hr * 0.4, hr * 0.35)
        hm2.ellipse(cx, cy - hr * 0.55, hr * 1.02, hr * 0.65)
        hm2.ellipse(cx, cy + hr * 0.1, hr * 0.85, hr * 0.8, fill=0)
    else:  # short and tidy
        hm2.ellipse(cx, cy - hr * 0.6, hr * 1.02, hr * 0.6)
        hm2.ellipse(cx, cy - hr * 0.05, hr * 0.9, hr * 0.6, fill=0)
    hair_tex = hair * (0.8 + 0.4 * fractal(rng, w, h, 4, octaves=2))[..., None]
    img = blend(img, hair_tex, hm2.array())
    # Friendly face: eyes and a smile; glasses on some.
    f = Mask(w, h)
    ey = cy + hr * 0.08
    for s in (-1, 1):
        f.ellipse(cx + s * hr * 0.38, ey, hr * 0.08, hr * 0.1)
    f.d.arc([(cx - hr * 0.35) * 2, (cy + hr * 0.15) * 2, (cx + hr * 0.35) * 2, (cy + hr * 0.6) * 2], 20, 160, fill=255, width=int(hr * 0.08 * 2))
    img = blend(img, hexc("#2b1d17"), f.array())
    if rng.random() < 0.4:
        g = Mask(w, h)
        for s in (-1, 1):
            x = cx + s * hr * 0.38
            g.d.ellipse([(x - hr * 0.26) * 2, (ey - hr * 0.22) * 2, (x + hr * 0.26) * 2, (ey + hr * 0.22) * 2], outline=255, width=int(hr * 0.05 * 2))
        g.line([(cx - hr * 0.12, ey), (cx + hr * 0.12, ey)], hr * 0.05)
        img = blend(img, hexc("#1f2430"), g.array())
    cheeks = (radial(w, h, cx - hr * 0.5, cy + hr * 0.4, hr * 0.18) + radial(w, h, cx + hr * 0.5, cy + hr * 0.4, hr * 0.18)) * hm
    img += cheeks[..., None] * hexc("#ff7a7a") * 0.12
    # Initials on a name badge.
    bx, by = cx + w * 0.1, h * 0.84
    badge = Image.new("L", (w, h), 0)
    bd = ImageDraw.Draw(badge)
    bd.rounded_rectangle([bx - 38, by - 20, bx + 38, by + 20], radius=8, fill=255)
    img = blend(img, hexc("#ffffff") * 0.96, np.asarray(badge, np.float32) / 255)
    txt = Image.new("L", (w, h), 0)
    td = ImageDraw.Draw(txt)
    font = ImageFont.load_default(size=24)
    td.text((bx, by), initials, font=font, fill=255, anchor="mm")
    img = blend(img, hexc("#00A971"), np.asarray(txt, np.float32) / 255)
    return finish(img, rng, grain=0.02, vignette=0.3)


# --------------------------------------------------------------------------------------
# What the example site needs
# --------------------------------------------------------------------------------------

# (github handle, initials), one per chapter member who has an avatar.
AVATARS = [
    ("example-lin", "LE"), ("sample-zhou", "ZS"), ("placeholder-chen", "CP"), ("demo-wang", "WD"),
    ("fixture-xu", "XF"), ("mock-shen", "SM"), ("stub-lu", "LS"), ("dummy-qian", "QD"),
    ("prototype-li", "LP"), ("draft-zhang", "ZD"), ("sketch-liu", "LS"), ("specimen-yang", "YS"),
    ("mockup-deng", "DM"),
]

SCENES = {"shanghai": scene_shanghai, "hangzhou": scene_hangzhou, "chengdu": scene_chengdu, "meetup": scene_meetup}


# The second example site, fixtures/sites/fernwick: (chapter id, scene) per city card, and
# the organizers' avatars (github handle, initials).
FERNWICK_CITIES = [
    ("berlin", "shanghai"), ("lisbon", "hangzhou"), ("krakow", "chengdu"), ("nairobi", "chengdu"),
    ("lagos", "shanghai"), ("cape-town", "hangzhou"), ("sao-paulo", "shanghai"), ("bogota", "chengdu"),
    ("toronto", "hangzhou"), ("austin", "shanghai"), ("bengaluru", "meetup"), ("singapore", "shanghai"),
]
FERNWICK_AVATARS = [
    ("example-ada", "AE"), ("sample-dara", "DS"), ("placeholder-goran", "GP"), ("demo-joao", "JD"),
    ("fixture-mateo", "MF"), ("mock-priya", "PM"), ("stub-sena", "SS"), ("dummy-vikram", "VD"),
    ("prototype-yusuf", "YP"), ("draft-bram", "BD"), ("sketch-emil", "ES"), ("specimen-hana", "HS"),
]


def fernwick_images():
    """What fixtures/sites/fernwick needs: smaller card photos (1200x800), same scenes."""
    out = [("banner.jpg", 1920, 640, scene_banner)]
    for city, scene in FERNWICK_CITIES:
        out.append((f"cityCards/{city}.jpg", 1200, 800, SCENES[scene]))
    for handle, ini in FERNWICK_AVATARS:
        out.append((f"avatars/{handle}.jpg", 240, 240, lambda w, h, rng, ini=ini: avatar(w, h, rng, ini)))
    return out


def site_images(site: Path = DEFAULT_SITE):
    """(relative path under static/images/user-group, width, height, render function)."""
    if site.resolve().name == "fernwick":
        return fernwick_images()
    out = [("banner.png", 1920, 640, scene_banner)]
    for city in ("shanghai", "hangzhou", "chengdu"):
        out.append((f"cityCards/{city}.jpeg", 1800, 1200, SCENES[city]))
    out.append(("chapters/shanghai-meetup.jpg", 1600, 900, scene_meetup))
    for handle, ini in AVATARS:
        out.append((f"avatars/{handle}.jpg", 400, 400, lambda w, h, rng, ini=ini: avatar(w, h, rng, ini)))
    return out


def save(img: Image.Image, path: Path, quality: int):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    if path.suffix == ".png":
        # An adaptive palette keeps the smooth banner around a megabyte instead of several.
        q = img.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.FLOYDSTEINBERG)
        q.save(tmp, "PNG", optimize=True)
    else:
        img.save(tmp, "JPEG", quality=quality, optimize=True, subsampling="4:2:0")
    os.replace(tmp, path)  # never leave a half-written image behind


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=DEFAULT_SITE, help="example site root")
    ap.add_argument("--seed", type=int, default=2021)
    ap.add_argument("--quality", type=int, default=82, help="JPEG quality")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="only these images (see --list)")
    ap.add_argument("--list", action="store_true", help="list the images and exit")
    ap.add_argument("--bench", type=Path, metavar="OUTDIR", help="write benchmark photos here instead")
    ap.add_argument("--count", type=int, default=12, help="--bench: number of photos")
    ap.add_argument("--width", type=int, default=2560, help="--bench: width in px (height = 2/3)")
    a = ap.parse_args(argv)

    if a.bench:
        if a.count < 1 or not 16 <= a.width <= 12000:
            ap.error("--count must be >= 1 and --width between 16 and 12000")
        w, h = a.width, max(16, a.width * 2 // 3)
        kinds = list(SCENES)
        for i in range(a.count):
            kind = kinds[i % len(kinds)]
            # Rendered at the target size (not upscaled), so the photo has real detail and
            # grain at every pixel, as a camera's would.
            img = to_image(SCENES[kind](w, h, rng_for(f"bench-{i}", a.seed)))
            p = a.bench / f"bench-{i:03d}-{kind}.jpg"
            save(img, p, a.quality)
            print(f"{p}  {w}x{h}  {p.stat().st_size} bytes")
        return 0

    todo = site_images(a.site)
    if a.list:
        for name, w, h, _ in todo:
            print(f"{IMG}/{name}  {w}x{h}")
        return 0
    if a.only:
        known = {n for n, *_ in todo}
        bad = [n for n in a.only if n not in known]
        if bad:
            ap.error(f"unknown image(s) {bad}; see --list")
        todo = [t for t in todo if t[0] in a.only]
    for name, w, h, fn in todo:
        img = to_image(fn(w, h, rng_for(name, a.seed)))
        p = a.site / IMG / name
        save(img, p, a.quality)
        print(f"{p.relative_to(a.site)}  {w}x{h}  {p.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
