#!/usr/bin/env bash
# Peak memory (RSS) of `prep build` on 300 generated photos and on crafted memory-hungry
# images, with 2 and 16 rayon threads, cold (empty cache) each time. By hand, not in CI:
#   bench/memory.sh [PREP_BINARY]        # default: target/release/prep
# Needs /usr/bin/time, and Pillow + numpy for the photos (memory-site.py gen-photos).
# Photos and sites are generated under $WORK, never committed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
prep=${1:-$root/target/release/prep}
WORK=${WORK:-/tmp/usergroup-memory}
N=${N:-300}
python=${PYTHON:-python3}
mkdir -p "$WORK"
if [ "$(ls "$WORK/photos"/*.jpg 2>/dev/null | wc -l)" -lt "$N" ]; then
  "$python" "$here/memory-site.py" gen-photos "$WORK/photos" --count "$N" --width "${WIDTH:-4000}"
fi
[ -d "$WORK/photos-site" ] || "$python" "$here/memory-site.py" photos "$WORK/photos-site" --photos "$WORK/photos"
[ -d "$WORK/crafted-site" ] || "$python" "$here/memory-site.py" crafted "$WORK/crafted-site" --count "${COUNT:-8}"
for set in crafted photos; do
  for threads in 2 16; do
    site=$WORK/$set-site/site
    rm -rf "$site/.usergroup-cache" "$site/static/usergroup" "$site/data/usergroup"
    /usr/bin/time -f "set=$set threads=$threads rss_kb=%M wall_s=%e" \
      env RAYON_NUM_THREADS=$threads "$prep" build "$site" >/dev/null 2>"$WORK/err" || true
    tail -1 "$WORK/err"
  done
done
