#!/usr/bin/env bash
# Writes a throwaway Hugo site into SITE_DIR whose only page resizes every photo in
# PHOTOS_DIR (copied to assets/photos/) to 400/800/1200 px as WebP q80 and JPEG q80 with
# Hugo's image processing: the work prep's image step replaces. Hugo's default resampling
# filter (Box) is kept: it is Hugo's fastest, so the comparison favours Hugo.
# usage: bench/hugo-site.sh PHOTOS_DIR SITE_DIR
set -euo pipefail
photos=$1 site=$2
rm -rf "$site"
mkdir -p "$site/assets/photos" "$site/layouts" "$site/content"
cp "$photos"/*.jpg "$site/assets/photos/"
cat > "$site/hugo.toml" <<'TOML'
baseURL = "https://example.org/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "404", "robotsTXT"]
TOML
cat > "$site/layouts/home.html" <<'HTML'
<!doctype html><title>bench</title>
{{ range resources.Match "photos/*.jpg" }}
  {{ $img := . }}
  {{ range slice 400 800 1200 }}
    {{ $webp := $img.Resize (printf "%dx webp q80" .) }}
    {{ $jpeg := $img.Resize (printf "%dx jpg q80" .) }}
    <img src="{{ $webp.RelPermalink }}"><img src="{{ $jpeg.RelPermalink }}">
  {{ end }}
{{ end }}
HTML
