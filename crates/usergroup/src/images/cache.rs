//! The metadata cache (`<cache_dir>/<key>.json`) and atomic file writes.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

/// What a rendered raster's files are, enough to answer without decoding it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// One written file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Variant {
    /// File name inside `out_dir`.
    pub file: String,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
}

impl Meta {
    /// Every file name, WebP then JPEG.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.webp.iter().chain(&self.jpeg).map(|v| v.file.as_str())
    }
}

/// The cached metadata for `key`, if it exists, parses, and every file it lists is present in
/// `out_dir`. Anything less is a miss (the image is rendered again).
pub(crate) fn lookup(cache_dir: &Path, out_dir: &Path, key: &str) -> Option<Meta> {
    let text = fs::read(cache_dir.join(format!("{key}.json"))).ok()?;
    let meta: Meta = serde_json::from_slice(&text).ok()?;
    if meta.jpeg.is_empty() || meta.webp.is_empty() {
        return None;
    }
    let complete = meta.files().all(|f| out_dir.join(f).is_file());
    complete.then_some(meta)
}

/// Writes the metadata for `key`, atomically (the last step of rendering an image).
pub(crate) fn store(cache_dir: &Path, key: &str, meta: &Meta) -> std::io::Result<PathBuf> {
    let path = cache_dir.join(format!("{key}.json"));
    let mut text = serde_json::to_vec_pretty(meta).map_err(std::io::Error::other)?;
    text.push(b'\n');
    write_atomic(&path, &text)?;
    Ok(path)
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// reader (or a crash) never sees a half-written file.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_data()?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
