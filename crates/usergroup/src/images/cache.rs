//! The metadata cache (`<cache_dir>/<key>.json`): typed entries, verified before use, and
//! their garbage collection.
//!
//! The cache and the output folder live in the site, so anyone who can change the site (a
//! pull request, a shared CI cache, a person with an editor) can change them. Nothing read
//! back is trusted: an entry must name its own key, carry a checksum of its own content, hold
//! values of the shapes prep writes, and every file it lists must still be what prep wrote
//! (same size and modification time as recorded, or else the same blake3 hash). Anything
//! less is a miss and the image is rendered again, overwriting what was there.

use std::fs;
use std::path::Path;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::plan;
use crate::write::write_atomic;

/// What a rendered raster's files are, enough to answer without decoding it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Meta {
    /// Intrinsic size of the largest JPEG.
    pub width: u32,
    /// Intrinsic height of the largest JPEG.
    pub height: u32,
    /// `data:` URI.
    pub placeholder: String,
    /// `#rrggbb`.
    pub color: String,
    /// WebP variants, narrowest first.
    pub webp: Vec<Variant>,
    /// JPEG variants, narrowest first.
    pub jpeg: Vec<Variant>,
}

/// One written file, and how to recognise it unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Variant {
    /// File name inside `out_dir`.
    pub file: String,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// Its length in bytes when written.
    pub size: u64,
    /// Its modification time when written, in nanoseconds since the Unix epoch: with `size`,
    /// the cheap check that lets a warm build skip hashing.
    pub modified_ns: u128,
    /// blake3 of its bytes, the check when size or time differ.
    pub blake3: String,
}

/// An entry on disk: the metadata, the key it belongs to, and a checksum over both, so an
/// entry edited by hand (or copied from another key) is recognised as not prep's.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    key: String,
    meta: Meta,
    check: String,
}

impl Meta {
    /// Every variant, WebP then JPEG.
    pub fn variants(&self) -> impl Iterator<Item = &Variant> {
        self.webp.iter().chain(&self.jpeg)
    }

    /// Every file name, WebP then JPEG.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.variants().map(|v| v.file.as_str())
    }
}

/// The checksum of an entry: blake3 over the key and the metadata's JSON.
fn check_of(key: &str, meta: &Meta) -> String {
    let json = serde_json::to_vec(meta).unwrap_or_default();
    let mut hasher = blake3::Hasher::new();
    hasher.update(key.as_bytes());
    hasher.update(&[0]);
    hasher.update(&json);
    hasher.finalize().to_hex().to_string()
}

/// A variant's record for `bytes` just written to `path`.
pub(crate) fn stamp(
    path: &Path,
    (file, width, height): (String, u32, u32),
    bytes: &[u8],
) -> std::io::Result<Variant> {
    let metadata = fs::symlink_metadata(path)?;
    Ok(Variant {
        file,
        width,
        height,
        size: metadata.len(),
        modified_ns: modified_ns(&metadata),
        blake3: blake3::hash(bytes).to_hex().to_string(),
    })
}

fn modified_ns(metadata: &fs::Metadata) -> u128 {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// The cached metadata for `key`, if its entry is intact and every file it lists is in
/// `out_dir` as prep wrote it. Anything less is a miss (the image is rendered again).
///
/// A file whose size matches but whose time does not (a copy, a checkout, `touch`) is
/// hashed; when the hash matches, the entry is rewritten with the new time so the next
/// build takes the cheap path again.
pub(crate) fn lookup(cache_dir: &Path, out_dir: &Path, key: &str) -> Option<Meta> {
    let path = cache_dir.join(format!("{key}.json"));
    let entry: Entry = serde_json::from_slice(&read_regular(&path)?).ok()?;
    if entry.key != key || entry.check != check_of(key, &entry.meta) {
        return None;
    }
    let mut meta = entry.meta;
    if !well_formed(key, &meta) {
        return None;
    }
    let mut retimed = false;
    for variant in meta.webp.iter_mut().chain(meta.jpeg.iter_mut()) {
        let file = out_dir.join(&variant.file);
        let metadata = fs::symlink_metadata(&file).ok()?;
        if !metadata.is_file() || metadata.len() != variant.size {
            return None;
        }
        let modified = modified_ns(&metadata);
        if modified != variant.modified_ns {
            let bytes = fs::read(&file).ok()?;
            if blake3::hash(&bytes).to_hex().as_str() != variant.blake3 {
                return None;
            }
            variant.modified_ns = modified;
            retimed = true;
        }
    }
    if retimed {
        // Only an optimisation: a failure leaves the old entry, which still verifies by hash.
        let _ = store(cache_dir, key, &meta);
    }
    Some(meta)
}

/// Whether `meta` has the shape prep writes for `key`: both formats at the same widths,
/// narrowest first, each named `<key>-<width>.<ext>`; the size of the widest JPEG; a WebP
/// placeholder of at most a few KB; a `#rrggbb` colour.
fn well_formed(key: &str, meta: &Meta) -> bool {
    let named = |list: &[Variant], ext: &str| {
        list.iter()
            .all(|v| v.file == format!("{key}-{}.{ext}", v.width) && v.height > 0)
    };
    let widths = |list: &[Variant]| list.iter().map(|v| v.width).collect::<Vec<_>>();
    let ascending = widths(&meta.jpeg).windows(2).all(|w| w[0] < w[1]);
    let widest = meta.jpeg.last();
    let placeholder = meta
        .placeholder
        .strip_prefix("data:image/webp;base64,")
        .is_some_and(|b64| {
            b64.len() <= 4096
                && b64
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        });
    let color = meta.color.len() == 7
        && meta.color.starts_with('#')
        && meta.color[1..]
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    !meta.jpeg.is_empty()
        && widths(&meta.webp) == widths(&meta.jpeg)
        && ascending
        && named(&meta.webp, "webp")
        && named(&meta.jpeg, "jpg")
        && widest.is_some_and(|w| (w.width, w.height) == (meta.width, meta.height))
        && placeholder
        && color
}

/// The bytes of `path` if it is a regular file (never through a symlink).
fn read_regular(path: &Path) -> Option<Vec<u8>> {
    let metadata = fs::symlink_metadata(path).ok()?;
    if !metadata.is_file() {
        return None;
    }
    fs::read(path).ok()
}

/// Writes the entry for `key`, atomically (the last step of rendering an image).
pub(crate) fn store(cache_dir: &Path, key: &str, meta: &Meta) -> std::io::Result<()> {
    let entry = Entry {
        key: key.to_string(),
        meta: meta.clone(),
        check: check_of(key, meta),
    };
    let mut text = serde_json::to_vec_pretty(&entry).map_err(std::io::Error::other)?;
    text.push(b'\n');
    write_atomic(&cache_dir.join(format!("{key}.json")), &text)
}

/// Whether `name` is a cache entry's name (`<key>.json`).
pub(crate) fn is_entry_name(name: &str) -> bool {
    name.strip_suffix(".json")
        .is_some_and(|key| plan::is_output_name(&format!("{key}.svg")))
}

/// Removes cache entries that can only miss: entries (by name) that do not parse as prep's,
/// and entries none of whose files is in `out_dir` any more (garbage collection removed
/// them). Files of other names are not prep's and are left alone. Returns how many went.
pub(crate) fn collect_garbage(cache_dir: &Path, out_dir: &Path) -> std::io::Result<usize> {
    let entries = match fs::read_dir(cache_dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for dir_entry in entries {
        let dir_entry = dir_entry?;
        let name = dir_entry.file_name().to_string_lossy().into_owned();
        if !is_entry_name(&name) || !dir_entry.file_type()?.is_file() {
            continue;
        }
        let path = dir_entry.path();
        let parsed =
            read_regular(&path).and_then(|bytes| serde_json::from_slice::<Entry>(&bytes).ok());
        let live = parsed.is_some_and(|entry| {
            entry
                .meta
                .files()
                .any(|f| fs::symlink_metadata(out_dir.join(f)).is_ok_and(|m| m.is_file()))
        });
        if !live {
            fs::remove_file(&path)?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A temporary folder (kept alive by the caller) with empty `cache` and `out` folders.
    fn folders() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let (cache, out) = (tmp.path().join("cache"), tmp.path().join("out"));
        fs::create_dir_all(&cache).unwrap();
        fs::create_dir_all(&out).unwrap();
        (tmp, cache, out)
    }

    fn written(dir: &Path, key: &str) -> Meta {
        let variants = |ext: &str| {
            [(400, 200), (800, 400)]
                .into_iter()
                .map(|(w, h)| {
                    let file = format!("{key}-{w}.{ext}");
                    let bytes = format!("{file} bytes").into_bytes();
                    fs::write(dir.join(&file), &bytes).unwrap();
                    stamp(&dir.join(&file), (file, w, h), &bytes).unwrap()
                })
                .collect::<Vec<_>>()
        };
        Meta {
            width: 800,
            height: 400,
            placeholder: "data:image/webp;base64,UklGRg==".into(),
            color: "#a0b1c2".into(),
            webp: variants("webp"),
            jpeg: variants("jpg"),
        }
    }

    #[test]
    fn an_intact_entry_hits_and_any_tampering_misses() {
        let (_tmp, cache, out) = folders();
        let key = "0123456789abcdef";
        let meta = written(&out, key);
        store(&cache, key, &meta).unwrap();
        assert_eq!(lookup(&cache, &out, key), Some(meta.clone()));
        // Another key's entry copied over this one's name.
        let other = "fedcba9876543210";
        assert_eq!(lookup(&cache, &out, other), None);
        fs::copy(
            cache.join(format!("{key}.json")),
            cache.join(format!("{other}.json")),
        )
        .unwrap();
        assert_eq!(lookup(&cache, &out, other), None);
        // A value edited by hand.
        let entry_path = cache.join(format!("{key}.json"));
        let text = fs::read_to_string(&entry_path).unwrap();
        fs::write(&entry_path, text.replace("#a0b1c2", "#ffffff")).unwrap();
        assert_eq!(lookup(&cache, &out, key), None);
        fs::write(&entry_path, &text).unwrap();
        assert!(lookup(&cache, &out, key).is_some());
        // A file touched but unchanged is re-hashed, accepted and re-stamped.
        let first = out.join(&meta.webp[0].file);
        let bytes = fs::read(&first).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
        fs::write(&first, &bytes).unwrap();
        let retimed = lookup(&cache, &out, key).expect("same bytes");
        assert_ne!(retimed.webp[0].modified_ns, meta.webp[0].modified_ns);
        assert_eq!(lookup(&cache, &out, key), Some(retimed));
        // A file changed in place, same size.
        let mut changed = bytes.clone();
        changed[0] ^= 1;
        fs::write(&first, &changed).unwrap();
        assert_eq!(lookup(&cache, &out, key), None);
    }

    #[test]
    fn badly_shaped_metadata_is_refused_even_with_a_valid_checksum() {
        let tmp = tempfile::tempdir().unwrap();
        let key = "0123456789abcdef";
        let good = written(tmp.path(), key);
        assert!(well_formed(key, &good));
        let mut cases = Vec::new();
        let mut m = good.clone();
        m.placeholder = "data:image/svg+xml,<svg onload=alert(1)>".into();
        cases.push(m);
        let mut m = good.clone();
        m.color = "red;background:url(x)".into();
        cases.push(m);
        let mut m = good.clone();
        m.jpeg[1].file = "../../../etc/passwd".into();
        cases.push(m);
        let mut m = good.clone();
        m.width = 4000;
        cases.push(m);
        let mut m = good.clone();
        m.webp.pop();
        cases.push(m);
        for meta in cases {
            assert!(!well_formed(key, &meta), "{meta:?}");
            store(tmp.path(), key, &meta).unwrap();
            assert_eq!(lookup(tmp.path(), tmp.path(), key), None);
        }
    }

    #[test]
    fn garbage_collection_removes_dead_and_unreadable_entries_only() {
        let (_tmp, cache, out) = folders();
        let live = "0123456789abcdef";
        store(&cache, live, &written(&out, live)).unwrap();
        let dead = "1111111111111111";
        let meta = written(&out, dead);
        store(&cache, dead, &meta).unwrap();
        for file in meta.files() {
            fs::remove_file(out.join(file)).unwrap();
        }
        fs::write(cache.join("2222222222222222.json"), "{not json").unwrap();
        fs::write(cache.join("notes.json"), "{}").unwrap();
        assert_eq!(collect_garbage(&cache, &out).unwrap(), 2);
        let mut left: Vec<String> = fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [format!("{live}.json"), "notes.json".into()]);
    }
}
