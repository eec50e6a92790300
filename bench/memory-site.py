#!/usr/bin/env python3
"""Build a throwaway site for measuring prep's peak memory (bench/memory.sh runs it).

    memory-site.py gen-photos OUT [--count 300] [--width 4000]  # photo-like JPEGs
    memory-site.py photos  DIR --photos PHOTOS_DIR   # a site whose avatars are the photos
    memory-site.py crafted DIR [--count N]           # a site of crafted memory-hungry images

The site is fixtures/invalid/_base with its theme (_shared plus the repo's stylesheets) beside
it; one chapter lists one member per image, each image as the member's avatar. Warnings about
the member count are expected: the build still succeeds.

The crafted set (N copies of each kind, distinct bytes so no two share a cache entry):
- big-blank-*.png: 8000x6000 RGB, all one colour: 48 MP that compress to ~100 KB, so a
  worker's decode needs ~340 MB however small the file.
- iccp-*.png: 2000x1500 with an iCCP profile that inflates to 400 MB.
- ztxt-*.png: 2000x1500 with a zTXt chunk that inflates to 400 MB.
`gen-photos` needs Pillow and numpy (gradients, shapes and grain: textured like a photo,
so JPEG sizes and decode work are realistic; ~0.3 s a photo, unlike the example site's
scene renderer). Everything else needs only the standard library.
"""

import argparse
import shutil
import struct
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, extra: bytes = b"", tag: int = 0) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = b"\x00" + bytes([40, 90, 160]) * width
    idat = zlib.compressobj(9)
    body = b"".join(idat.compress(row) for _ in range(height)) + idat.flush()
    text = chunk(b"tEXt", b"Comment\x00" + str(tag).encode())
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + text + extra
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def crafted(out: Path, count: int) -> list:
    iccp = chunk(b"iCCP", b"icc\x00\x00" + zlib.compress(b"\x00" * (400 << 20), 9))
    ztxt = chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"A" * (400 << 20), 9))
    kinds = [("big-blank", 8000, 6000, b""), ("iccp", 2000, 1500, iccp), ("ztxt", 2000, 1500, ztxt)]
    names = []
    for name, w, h, extra in kinds:
        template = png(w, h, extra, 0)
        for i in range(count):
            file = f"{name}-{i:02d}.png"
            data = template if i == 0 else png(w, h, extra, i)
            (out / file).write_bytes(data)
            names.append(file)
    return names


def gen_photos(out: Path, count: int, width: int) -> None:
    import numpy as np
    from PIL import Image

    out.mkdir(parents=True, exist_ok=True)
    height = width * 3 // 4
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    for i in range(count):
        rng = np.random.default_rng(i)
        a, b, c = rng.uniform(0.2, 1.0, 3)
        img = np.empty((height, width, 3), np.float32)
        img[..., 0] = 255 * a * x / width
        img[..., 1] = 255 * b * y / height
        img[..., 2] = 128 + 100 * c * np.sin((x + y * a) / (40 + 60 * b))
        for _ in range(6):
            cx, cy, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(50, width / 4)
            disc = (x - cx) ** 2 + (y - cy) ** 2 < r * r
            img[disc] = rng.uniform(0, 255, 3)
        img += rng.normal(0, 8, (height, width, 1))
        Image.fromarray(img.clip(0, 255).astype(np.uint8), "RGB").save(
            out / f"photo-{i:03d}.jpg", quality=85)


def site(dest: Path, images: list) -> None:
    invalid = ROOT / "fixtures" / "invalid"
    for old in (dest / "_shared", dest / "site"):
        if old.exists():
            shutil.rmtree(old)
    shutil.copytree(invalid / "_shared", dest / "_shared")
    shutil.copytree(ROOT / "theme", dest / "_shared" / "theme")
    shutil.copytree(invalid / "_base", dest / "site")
    chapter = dest / "site" / "content" / "zh" / "user-group" / "shanghai.md"
    text = chapter.read_text(encoding="utf-8")
    head, _, _ = text.partition("members:\n")
    members = "".join(
        f"  - name: 成员{i}\n    role: 委员\n    github: member-{i}\n"
        f"    avatar: /images/bench/{name}\n" for i, name in enumerate(images))
    chapter.write_text(head + "members:\n" + members + "---\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["gen-photos", "photos", "crafted"])
    ap.add_argument("dest", type=Path)
    ap.add_argument("--photos", type=Path, help="photos: folder of .jpg files")
    ap.add_argument("--count", type=int, default=8, help="crafted: copies of each kind; gen-photos: photos")
    ap.add_argument("--width", type=int, default=4000, help="gen-photos: width (height 3/4 of it)")
    a = ap.parse_args()
    if a.kind == "gen-photos":
        gen_photos(a.dest, a.count, a.width)
        return
    work = a.dest / "_images"
    work.mkdir(parents=True, exist_ok=True)
    if a.kind == "photos":
        images = sorted(p.name for p in a.photos.glob("*.jpg"))
        sources = [a.photos / n for n in images]
    else:
        images = crafted(work, a.count)
        sources = [work / n for n in images]
    site(a.dest, images)
    bench = a.dest / "site" / "static" / "images" / "bench"
    bench.mkdir(parents=True, exist_ok=True)
    for src in sources:
        shutil.copy(src, bench / src.name)
    print(f"{len(images)} images in {a.dest / 'site'}")


if __name__ == "__main__":
    main()
