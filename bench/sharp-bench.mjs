// The image step's work done by sharp (libvips), for bench/run.sh:
// every photo in PHOTOS_DIR at widths 400/800/1200 (never enlarged), each as WebP q80 and
// JPEG q80, auto-rotated per EXIF, metadata stripped (sharp's default). sharp's defaults
// otherwise: lanczos3 kernel, WebP effort 4, JPEG 4:2:0 with optimised Huffman coding.
//
// usage: node sharp-bench.mjs PHOTOS_DIR OUT_DIR
// prints: photos=N ms=T ms_per_photo=T/N files=F bytes=B concurrency=C threadpool=P
import { readdir, readFile, mkdir, stat } from "node:fs/promises";
import { join, extname, basename } from "node:path";
import sharp from "sharp";

const [photosDir, outDir] = process.argv.slice(2);
if (!photosDir || !outDir) {
  console.error("usage: node sharp-bench.mjs PHOTOS_DIR OUT_DIR");
  process.exit(2);
}
const widths = [400, 800, 1200];
const photos = (await readdir(photosDir))
  .filter((f) => [".jpg", ".jpeg", ".png"].includes(extname(f).toLowerCase()))
  .sort();
await mkdir(outDir, { recursive: true });

// The way a build script would use sharp: a few photos in flight at once (libuv's default
// thread pool runs 4 sharp operations), everything else left at sharp's defaults.
const inFlight = Number(process.env.UV_THREADPOOL_SIZE || 4);
const start = process.hrtime.bigint();
let next = 0;
let files = 0;
let bytes = 0;
async function worker() {
  while (next < photos.length) {
    const name = photos[next++];
    const input = await readFile(join(photosDir, name));
    const stem = basename(name, extname(name));
    const outputs = [];
    for (const width of widths) {
      const resized = () =>
        sharp(input).rotate().resize({ width, withoutEnlargement: true });
      outputs.push(
        resized().webp({ quality: 80 }).toFile(join(outDir, `${stem}-${width}.webp`)),
        resized().jpeg({ quality: 80 }).toFile(join(outDir, `${stem}-${width}.jpg`)),
      );
    }
    for (const info of await Promise.all(outputs)) {
      files += 1;
      bytes += info.size;
    }
  }
}
await Promise.all(Array.from({ length: inFlight }, worker));
const ms = Number(process.hrtime.bigint() - start) / 1e6;
console.log(
  `photos=${photos.length} ms=${ms.toFixed(1)} ms_per_photo=${(ms / photos.length).toFixed(1)} ` +
    `files=${files} bytes=${bytes} concurrency=${sharp.concurrency()} threadpool=${inFlight}`,
);
