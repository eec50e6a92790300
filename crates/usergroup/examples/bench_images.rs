//! Times the image step on a folder of photos, for `bench/run.sh` (run by hand, never in CI).
//!
//! ```text
//! cargo run --release -p usergroup --example bench_images -- PHOTOS_DIR WORK_DIR [ROLE]
//! ```
//!
//! Renders every `.jpg`/`.jpeg`/`.png` in PHOTOS_DIR as ROLE (`card`: 400/800/1200, the
//! default; `banner`; `avatar`) into WORK_DIR/out with its cache in WORK_DIR/cache, and prints
//! one line of `key=value` pairs: photos, ms, ms_per_photo, rendered, cached, files, bytes.
//! Run it twice on the same WORK_DIR for a warm (nothing changed) measurement.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use usergroup::images::{render_all, ImageJob, RenderOptions};
use usergroup::model::ImageRole;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(photos), Some(work)) = (args.first(), args.get(1)) else {
        eprintln!("usage: bench_images PHOTOS_DIR WORK_DIR [card|banner|avatar]");
        return ExitCode::from(2);
    };
    let role = match args.get(2).map(String::as_str) {
        None | Some("card") => ImageRole::CityCard,
        Some("banner") => ImageRole::Banner,
        Some("avatar") => ImageRole::Avatar,
        Some(other) => {
            eprintln!("unknown role {other}");
            return ExitCode::from(2);
        }
    };
    let mut sources: Vec<PathBuf> = match std::fs::read_dir(photos) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| matches!(e, "jpg" | "jpeg" | "png"))
            })
            .collect(),
        Err(e) => {
            eprintln!("{photos}: {e}");
            return ExitCode::from(2);
        }
    };
    sources.sort();
    let jobs: Vec<ImageJob> = sources
        .into_iter()
        .map(|source| ImageJob { source, role })
        .collect();
    let work = PathBuf::from(work);
    let options = RenderOptions::new(work.join("out"), "usergroup/img", work.join("cache"));
    let start = Instant::now();
    let (results, stats) = render_all(&jobs, &options, &|_, _| {});
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let mut failed = 0;
    let mut bytes = 0u64;
    for result in &results {
        match result {
            Ok(image) => {
                for file in &image.files {
                    bytes += std::fs::metadata(options.out_dir.join(file))
                        .map(|m| m.len())
                        .unwrap_or(0);
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
            }
        }
    }
    println!(
        "photos={} ms={ms:.1} ms_per_photo={:.1} rendered={} cached={} files={} bytes={bytes} failed={failed} threads={}",
        jobs.len(),
        ms / jobs.len().max(1) as f64,
        stats.rendered,
        stats.cached,
        stats.files_written,
        rayon::current_num_threads(),
    );
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
