//! `usergroup::build` on scratch copies of the example site: the manifest and CSS it writes
//! (snapshots), the image variants, the cache, atomic output, determinism, and that prep
//! writes nowhere but its own folders.
//!
//! Each test copies `fixtures/sites/kubesphere` into a temporary folder and passes the repo
//! root as the theme (the copy's module replacement `../../..` points nowhere).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256, Sha384};
use usergroup::model::{ImageRef, Page};
use usergroup::write::WriteError;
use usergroup::{BuildError, BuildOptions, Report};

/// Folders prep owns, relative to the site root.
const OWNED: &[&str] = &["data/usergroup", "static/usergroup", ".usergroup-cache"];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the repo")
        .to_path_buf()
}

/// A fresh copy of the example site's sources (never its generated outputs).
fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let site = tmp.path().join("kubesphere");
    copy_dir(
        &repo_root().join("fixtures/sites/kubesphere"),
        &site,
        Path::new(""),
    );
    (tmp, site)
}

/// A copy of [`shared_build`] with its outputs and cache: a site whose previous build
/// succeeded, so the next build has no image work unless the test makes some.
fn built_copy() -> (tempfile::TempDir, PathBuf) {
    fn copy_all(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read_dir") {
            let entry = entry.expect("entry");
            let target = to.join(entry.file_name());
            if entry.file_type().expect("type").is_dir() {
                copy_all(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let site = tmp.path().join("kubesphere");
    copy_all(shared_build(), &site);
    (tmp, site)
}

fn copy_dir(from: &Path, to: &Path, rel: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let rel = rel.join(entry.file_name());
        let generated = OWNED
            .iter()
            .chain(&["public", "resources", ".hugo_build.lock"])
            .any(|g| rel == Path::new(g));
        if generated {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target, &rel);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// `usergroup::check` of a copy of a site, with the theme at the repo root (a copy's module
/// replacement no longer reaches it).
fn checked(site: &Path) -> usergroup::Checked {
    usergroup::check(site, &{
        let mut options = usergroup::CheckOptions::default();
        options.theme_dir = Some(repo_root());
        options.today = Some(test_date());
        options
    })
    .expect("check runs")
}

/// The example site built once per run of this test binary, for the tests that only read
/// the output. Lives under Cargo's scratch folder for integration tests.
fn shared_build() -> &'static Path {
    static SITE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-tests");
        let _ = std::fs::remove_dir_all(&root);
        let site = root.join("kubesphere");
        copy_dir(
            &repo_root().join("fixtures/sites/kubesphere"),
            &site,
            Path::new(""),
        );
        build_ok(&site);
        site
    })
}

fn options() -> BuildOptions {
    let mut options = BuildOptions::default();
    options.theme_dir = Some(repo_root());
    options.today = Some(test_date());
    options
}

/// The build date of these tests (the same as the e2e tests'): the example's events are
/// split into past and upcoming against it, so the manifests do not change from day to day.
fn test_date() -> usergroup::model::Date {
    usergroup::model::Date::new(2026, 9, 1).expect("a real date")
}

fn build_ok(site: &Path) -> Report {
    match usergroup::build(site, &options()) {
        Ok(report) => report,
        Err(BuildError::Invalid(invalid)) => panic!(
            "build found errors:\n{}",
            usergroup::diagnostic::render_human(&invalid.diagnostics, &invalid.sources, false)
        ),
        Err(other) => panic!("build failed: {other}"),
    }
}

/// SHA-256 of every file under `dir`, keyed by its path relative to `dir` (`/`-separated).
fn hash_tree(dir: &Path, skip: &[&str]) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, skip: &[&str], out: &mut BTreeMap<String, String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.expect("entry");
            let path = entry.path();
            let rel = path
                .strip_prefix(root)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            if skip.contains(&rel.as_str()) {
                continue;
            }
            if entry.file_type().expect("type").is_dir() {
                walk(root, &path, skip, out);
            } else {
                let bytes = std::fs::read(&path).expect("read");
                out.insert(rel, format!("{:x}", Sha256::digest(&bytes)));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, skip, &mut out);
    out
}

/// What prep wrote that a reader sees: the manifests and the static files.
fn outputs(site: &Path) -> BTreeMap<String, String> {
    let mut all = BTreeMap::new();
    for dir in ["data/usergroup", "static/usergroup"] {
        for (rel, hash) in hash_tree(&site.join(dir), &[]) {
            all.insert(format!("{dir}/{rel}"), hash);
        }
    }
    all
}

fn manifest(site: &Path, lang: &str) -> (String, Value) {
    let text = std::fs::read_to_string(site.join(format!("data/usergroup/{lang}/user-group.json")))
        .expect("manifest written");
    let value = serde_json::from_str(&text).expect("manifest is JSON");
    (text, value)
}

/// Every object in the manifest that is an image view (has `kind` and `src`).
fn image_views(value: &Value, out: &mut Vec<Value>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("kind") && map.contains_key("src") {
                out.push(value.clone());
            }
            map.values().for_each(|v| image_views(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| image_views(v, out)),
        _ => {}
    }
}

/// Every site-relative URL the manifest names under `usergroup/`.
fn urls(value: &Value, out: &mut Vec<String>) {
    match value {
        // URLs only, not `srcset` lists (which hold the same URLs with widths).
        Value::String(s) if s.starts_with("usergroup/") && !s.contains(' ') => out.push(s.clone()),
        Value::Object(map) => map.values().for_each(|v| urls(v, out)),
        Value::Array(items) => items.iter().for_each(|v| urls(v, out)),
        _ => {}
    }
}

#[test]
fn manifests_of_the_example_site() {
    let site = shared_build();
    let names: Vec<_> = hash_tree(&site.join("data/usergroup"), &[])
        .into_keys()
        .collect();
    assert_eq!(names, ["en/user-group.json", "zh/user-group.json"]);
    for lang in ["zh", "en"] {
        let (text, value) = manifest(site, lang);
        assert!(text.ends_with("}\n"), "pretty JSON with a trailing newline");
        assert_eq!(value["schema"], usergroup::manifest::SCHEMA_VERSION);
        // Every source hash is the hash of the file as it is now.
        for source in value["sources"].as_array().expect("sources") {
            let path = source["path"].as_str().expect("path");
            let bytes = std::fs::read(site.join(path)).expect("source exists");
            assert_eq!(source["sha256"], format!("{:x}", Sha256::digest(&bytes)));
        }
        // The stylesheet has its own snapshot and test below; keep theme edits out of this
        // one.
        let stylesheet = &value["stylesheet"];
        let text = text
            .replace(stylesheet["href"].as_str().expect("href"), "[href]")
            .replace(
                stylesheet["integrity"].as_str().expect("sri"),
                "[integrity]",
            );
        insta::assert_snapshot!(format!("manifest_{lang}"), text);
    }
}

#[test]
fn compiled_css_is_named_by_its_hash_and_carries_sri() {
    let site = shared_build();
    let (_, value) = manifest(site, "zh");
    let href = value["stylesheet"]["href"].as_str().expect("href");
    let bytes = std::fs::read(site.join("static").join(href)).expect("stylesheet written");
    let digest = Sha384::digest(&bytes);
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(href, format!("usergroup/css/usergroup.{hex}.css"));
    use base64::Engine as _;
    assert_eq!(
        value["stylesheet"]["integrity"],
        format!(
            "sha384-{}",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    );
    let css = String::from_utf8(bytes).expect("UTF-8");
    assert!(!css.contains("\n  "), "compressed output");
    // One rule per line, so a change to the theme shows as a readable diff.
    insta::assert_snapshot!("css", css.replace('}', "}\n"));
}

/// Pairs every image reference of a page with the manifest's view of it.
fn views_of_refs<'a>(page: &'a Page, manifest: &Value) -> Vec<(&'a ImageRef, Value)> {
    let mut pairs = vec![(&page.banner.image, manifest["banner"]["image"].clone())];
    for (i, card) in page.cities.cards.iter().enumerate() {
        pairs.push((&card.image, manifest["cities"]["cards"][i]["image"].clone()));
    }
    pairs.push((
        &page.organization.icon,
        manifest["organization"]["icon"].clone(),
    ));
    pairs.push((
        &page.apply.illustration,
        manifest["apply"]["illustration"].clone(),
    ));
    for (i, step) in [
        &page.apply.conditions,
        &page.apply.how_to_apply,
        &page.apply.requirements,
    ]
    .into_iter()
    .enumerate()
    {
        pairs.push((&step.icon, manifest["apply"]["steps"][i]["icon"].clone()));
    }
    for (i, item) in page.returns.items.iter().enumerate() {
        pairs.push((
            &item.decoration,
            manifest["returns"]["items"][i]["decoration"].clone(),
        ));
    }
    for chapter in &page.chapters {
        let view = &manifest["chapters"][&chapter.id.value];
        let card = page
            .cities
            .cards
            .iter()
            .find(|c| c.id.value == chapter.id.value);
        let cover = chapter
            .cover
            .as_ref()
            .or(card.map(|c| &c.image))
            .expect("a chapter has a cover or a card");
        pairs.push((cover, view["cover"].clone()));
        for member in &chapter.members {
            let Some(avatar) = &member.avatar else {
                continue;
            };
            let shown = view["roles"]
                .as_array()
                .expect("roles")
                .iter()
                .flat_map(|g| g["members"].as_array().expect("members"))
                .find(|m| m["name"] == member.name.value.as_str())
                .expect("every member is listed");
            pairs.push((avatar, shown["avatar"].clone()));
        }
    }
    pairs
}

/// One format's variants of `image` (source `source_w`x`source_h`): each decodes at the size
/// the manifest says, is never wider than the source, keeps the aspect ratio, has a width of
/// the role (or the source's), narrowest first; `srcset` says the same.
fn check_variants(site: &Path, format: &Value, image: &ImageRef, (source_w, source_h): (u32, u32)) {
    let mut last = 0;
    let mut srcset = Vec::new();
    for variant in format["variants"].as_array().expect("variants") {
        let url = variant["url"].as_str().expect("url");
        let (w, h) = (
            variant["width"].as_u64().expect("w"),
            variant["height"].as_u64().expect("h"),
        );
        let decoded = image::open(site.join("static").join(url))
            .unwrap_or_else(|e| panic!("{url} decodes: {e}"));
        assert_eq!(
            (decoded.width() as u64, decoded.height() as u64),
            (w, h),
            "{url}"
        );
        assert!(
            w <= source_w as u64,
            "{url} is {w} px wide, its source {source_w}"
        );
        // The aspect ratio survives (to a pixel of rounding).
        let expected_h = w as f64 * source_h as f64 / source_w as f64;
        assert!((h as f64 - expected_h).abs() <= 1.0, "{url}: {w}x{h}");
        assert!(
            image.role.widths().contains(&(w as u32)) || w == source_w as u64,
            "{url}: {w} is neither a width of {:?} nor the source's",
            image.role
        );
        assert!(w > last, "variants narrowest first, no duplicates");
        last = w;
        srcset.push(format!("{url} {w}w"));
    }
    assert_eq!(format["srcset"], srcset.join(", "));
}

#[test]
fn variants_exist_decode_and_are_never_wider_than_the_source() {
    let site = shared_build();
    let model = checked(site).site.expect("loaded");
    let mut rasters = 0;
    for page in &model.pages {
        let (_, value) = manifest(site, &page.lang);
        let pairs = views_of_refs(page, &value);
        let mut all = Vec::new();
        image_views(&value, &mut all);
        assert_eq!(
            pairs.len(),
            all.len(),
            "every image of the manifest is checked below"
        );
        for (image, view) in pairs {
            let source =
                usergroup::discover::resolve_asset(&model, &image.path.value).expect("resolves");
            assert_eq!(
                view["alt"],
                image.alt.as_str(),
                "alt of {}",
                image.path.value
            );
            let src = site.join("static").join(view["src"].as_str().expect("src"));
            if view["kind"] == "svg" {
                assert_eq!(
                    std::fs::read(&src).expect("svg written"),
                    std::fs::read(&source).expect("source"),
                    "an SVG passes through unchanged"
                );
                continue;
            }
            rasters += 1;
            let (source_w, source_h) = image::image_dimensions(&source).expect("source decodes");
            let sources = view["sources"].as_array().expect("sources");
            let types: Vec<_> = sources
                .iter()
                .map(|s| s["type"].as_str().expect("type"))
                .collect();
            assert_eq!(types, ["image/webp", "image/jpeg"], "{}", image.path.value);
            for format in sources {
                check_variants(site, format, image, (source_w, source_h));
            }
            // `src` is the widest JPEG, with its size.
            let widest = sources[1]["variants"]
                .as_array()
                .expect("jpeg")
                .last()
                .cloned()
                .expect("one");
            assert_eq!(view["src"], widest["url"]);
            assert_eq!(view["width"], widest["width"]);
            assert_eq!(view["height"], widest["height"]);
            let placeholder = view["placeholder"].as_str().expect("placeholder");
            assert!(placeholder.starts_with("data:image/") && placeholder.len() < 1024);
            let color = view["color"].as_str().expect("color");
            assert!(color.len() == 7 && color.starts_with('#'), "{color}");
        }
    }
    assert!(
        rasters >= 20,
        "the example has photos in every role ({rasters})"
    );
}

#[test]
fn the_manifest_references_exactly_the_files_in_static() {
    let site = shared_build();
    let mut referenced = Vec::new();
    for lang in ["zh", "en"] {
        urls(&manifest(site, lang).1, &mut referenced);
    }
    referenced.sort();
    referenced.dedup();
    let present: Vec<String> = hash_tree(&site.join("static/usergroup"), &[])
        .into_keys()
        .map(|rel| format!("usergroup/{rel}"))
        .collect();
    assert_eq!(
        present, referenced,
        "every referenced file exists, and nothing else"
    );
}

#[test]
fn a_second_build_does_no_image_work() {
    let (_tmp, site) = example_copy();
    let first = build_ok(&site);
    assert!(first.images >= 20);
    assert_eq!(first.images_rendered, first.images);
    assert_eq!(first.images_cached, 0);
    let before = outputs(&site);
    let second = build_ok(&site);
    assert_eq!(second.images, first.images);
    assert_eq!(
        second.images_rendered, 0,
        "nothing decoded or encoded again"
    );
    assert_eq!(second.images_cached, first.images);
    assert_eq!(second.files_written, 0);
    assert_eq!(second.files_removed, 0);
    assert_eq!(outputs(&site), before);
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let (_tmp, second) = example_copy();
    build_ok(&second);
    let (a, b) = (outputs(shared_build()), outputs(&second));
    assert!(a.len() > 50, "{} files", a.len());
    assert_eq!(a, b);
}

#[test]
fn prep_writes_nothing_outside_its_folders() {
    let (_tmp, site) = example_copy();
    let before = hash_tree(&site, OWNED);
    build_ok(&site);
    assert_eq!(hash_tree(&site, OWNED), before);
    // And what it did write is in those folders only.
    let top: Vec<_> = std::fs::read_dir(&site)
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !top.iter().any(|n| n == "public" || n == "resources"),
        "{top:?}"
    );
}

/// Builds a good output, breaks the input with `break_it`, builds again, and checks that
/// the second build failed with an input error and left the output byte-identical.
fn failed_build_keeps_output(break_it: impl FnOnce(&Path), expected_code: &str) {
    let (_tmp, site) = built_copy();
    let before = outputs(&site);
    assert!(!before.is_empty());
    break_it(&site);
    match usergroup::build(&site, &options()) {
        Err(BuildError::Invalid(invalid)) => {
            let codes: Vec<_> = invalid
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.code.as_str())
                .collect();
            assert!(codes.contains(&expected_code), "{codes:?}");
        }
        Err(other) => panic!("expected an input error, got {other}"),
        Ok(_) => panic!("the broken input built"),
    }
    assert_eq!(outputs(&site), before, "the previous output is untouched");
    assert!(hash_tree(&site.join(".usergroup-cache"), &["lock"])
        .keys()
        .all(|k| !k.ends_with(".tmp")));
}

#[test]
fn a_broken_image_leaves_the_previous_output_untouched() {
    failed_build_keeps_output(
        |site| {
            // A JPEG cut short: the header (and so its size) still reads, the pixels do not.
            let path = site.join("static/images/user-group/cityCards/hangzhou.jpeg");
            let bytes = std::fs::read(&path).expect("read");
            std::fs::write(&path, &bytes[..bytes.len() / 3]).expect("write");
        },
        "E0390",
    );
}

#[test]
fn an_image_error_points_at_the_front_matter_that_references_it() {
    let (_tmp, site) = built_copy();
    let path = site.join("static/images/user-group/cityCards/hangzhou.jpeg");
    let bytes = std::fs::read(&path).expect("read");
    std::fs::write(&path, &bytes[..bytes.len() / 3]).expect("write");
    let Err(BuildError::Invalid(invalid)) = usergroup::build(&site, &options()) else {
        panic!("a truncated photo must not build");
    };
    let mut at: Vec<_> = invalid
        .diagnostics
        .iter()
        .filter(|d| d.code == "E0390")
        .map(|d| (d.file.as_str(), d.line, d.column))
        .collect();
    at.sort();
    // The Hangzhou card of each language: `backgroundImage: …hangzhou.jpeg`.
    for (file, line, column) in &at {
        let text = std::fs::read_to_string(site.join(file)).expect("read");
        let source_line = text.lines().nth(line - 1).expect("line exists");
        let value: String = source_line.chars().skip(column - 1).collect();
        assert!(
            value.starts_with("/images/user-group/cityCards/hangzhou.jpeg"),
            "{source_line}"
        );
    }
    let files: Vec<_> = at.iter().map(|(f, ..)| *f).collect();
    assert_eq!(
        files,
        [
            "content/en/user-group/_index.md",
            "content/zh/user-group/_index.md"
        ]
    );
}

#[test]
fn bad_yaml_leaves_the_previous_output_untouched() {
    failed_build_keeps_output(
        |site| {
            let path = site.join("content/en/user-group/_index.md");
            let text = std::fs::read_to_string(&path).expect("read");
            std::fs::write(
                &path,
                text.replacen("topSection:", "topSection: [unclosed", 1),
            )
            .expect("write");
        },
        // A YAML syntax error, nothing else: an unclosed flow sequence.
        "E0102",
    );
}

#[test]
fn files_no_manifest_references_are_removed_after_the_commit() {
    let (_tmp, site) = built_copy();
    let (_, old) = manifest(&site, "zh");
    let old_banner = old["banner"]["image"]["src"]
        .as_str()
        .expect("src")
        .to_string();
    // Point both languages' banner at a city photo instead.
    for lang in ["zh", "en"] {
        let path = site.join(format!("content/{lang}/user-group/_index.md"));
        let text = std::fs::read_to_string(&path).expect("read");
        let text = text.replacen(
            "image: /images/user-group/banner.png",
            "image: /images/user-group/cityCards/shanghai.jpeg",
            1,
        );
        std::fs::write(&path, text).expect("write");
    }
    let report = build_ok(&site);
    assert!(
        report.files_removed >= 6,
        "the old banner's variants went: {}",
        report.files_removed
    );
    assert!(!site.join("static").join(&old_banner).exists());
    let mut referenced = Vec::new();
    for lang in ["zh", "en"] {
        urls(&manifest(&site, lang).1, &mut referenced);
    }
    for url in &referenced {
        assert!(site.join("static").join(url).is_file(), "{url}");
    }
}

#[test]
fn a_second_prep_on_the_same_site_is_refused_while_the_first_runs() {
    let (_tmp, site) = built_copy();
    let before = outputs(&site);
    let held = usergroup::write::Output::new(&site)
        .lock()
        .expect("first lock");
    match usergroup::build(&site, &options()) {
        Err(BuildError::Write(WriteError::Locked { path })) => {
            assert_eq!(path, site.join(".usergroup-cache/lock"));
        }
        Err(other) => panic!("expected the lock error, got {other}"),
        Ok(_) => panic!("built while another prep held the lock"),
    }
    assert_eq!(outputs(&site), before);
    drop(held);
    build_ok(&site);
}

#[test]
fn leftover_temporaries_of_a_killed_run_are_removed() {
    let (_tmp, site) = built_copy();
    let stray = [
        "data/usergroup/zh/.prep-tmp-4242-user-group.json.tmp",
        "static/usergroup/css/.prep-tmp-4242-usergroup.0.css.tmp",
        "static/usergroup/img/.abc-400.webp.4242-0.tmp",
    ];
    for rel in stray {
        std::fs::write(site.join(rel), "half written").expect("write");
    }
    build_ok(&site);
    for rel in stray {
        assert!(!site.join(rel).exists(), "{rel}");
    }
}

#[test]
fn a_site_restyles_through_variable_overrides() {
    let (_tmp, site) = built_copy();
    let overrides = site.join("assets/usergroup/_variables.scss");
    std::fs::create_dir_all(overrides.parent().expect("parent")).expect("mkdir");
    // The theme's link colour is #007a55; a site picks its own.
    std::fs::write(&overrides, "$ug-link: #123456;\n").expect("write");
    let report = build_ok(&site);
    let css = std::fs::read_to_string(site.join("static").join(&report.stylesheet)).expect("css");
    assert!(css.contains("color:#123456"), "the override is used");
    assert!(
        !css.contains("color:#007a55}"),
        "the theme's default link colour is gone"
    );
}

#[test]
fn a_scss_error_is_reported_at_its_file_and_line_and_writes_nothing() {
    let (tmp, site) = example_copy();
    // A copy of the theme's styles with one broken declaration.
    let theme = tmp.path().join("theme-copy");
    copy_dir(
        &repo_root().join("assets/usergroup"),
        &theme.join("assets/usergroup"),
        Path::new(""),
    );
    let cards = theme.join("assets/usergroup/_returns.scss");
    let text = std::fs::read_to_string(&cards).expect("read");
    std::fs::write(
        &cards,
        format!("{text}\n.broken {{ color: $no-such-variable; }}\n"),
    )
    .expect("write");
    let line = text.lines().count() + 2;
    let mut options = BuildOptions::default();
    options.theme_dir = Some(theme);
    let Err(BuildError::Invalid(invalid)) = usergroup::build(&site, &options) else {
        panic!("a broken stylesheet must not build");
    };
    let error = invalid
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("an error");
    assert_eq!(error.code, "E0391");
    assert_eq!(error.file, "../theme-copy/assets/usergroup/_returns.scss");
    assert_eq!(
        (error.line, error.column),
        (line, 18),
        "at `$no-such-variable`"
    );
    // The human rendering shows the offending line from the .scss file.
    let human = usergroup::diagnostic::render_human(&invalid.diagnostics, &invalid.sources, false);
    assert!(
        human.contains(".broken { color: $no-such-variable; }"),
        "{human}"
    );
    assert!(!site.join("data/usergroup").exists() && !site.join("static/usergroup").exists());
}

#[test]
fn chapters_fall_back_to_their_card_and_group_members_by_role() {
    let site = shared_build();
    let model = checked(site).site.expect("loaded");
    let mut fallbacks = (0, 0);
    for page in &model.pages {
        let (_, value) = manifest(site, &page.lang);
        for chapter in &page.chapters {
            let view = &value["chapters"][&chapter.id.value];
            let card = value["cities"]["cards"]
                .as_array()
                .expect("cards")
                .iter()
                .find(|c| c["id"] == chapter.id.value.as_str())
                .expect("a card per chapter");
            assert_eq!(card["has_chapter"], true);
            if chapter.cover.is_none() {
                assert_eq!(view["cover"]["src"], card["image"]["src"]);
                fallbacks.0 += 1;
            }
            let expected_link = chapter
                .join_link
                .as_ref()
                .map_or(page.cities.intro.join_link.value.as_str(), |l| {
                    l.value.as_str()
                });
            if chapter.join_link.is_none() {
                fallbacks.1 += 1;
            }
            assert_eq!(view["join_link"], expected_link);
            // Groups in role order, each labelled with the page's own word for the role,
            // holding the members of that role in the order written.
            let groups = view["roles"].as_array().expect("roles");
            let mut listed = 0;
            let mut last_rank = None;
            for group in groups {
                let org = &page.organization;
                let rank = (0..org.roles().len())
                    .find(|&r| group["role"] == org.role_key(r).as_str())
                    .expect("a known role");
                assert!(last_rank < Some(rank), "highest role first, once each");
                last_rank = Some(rank);
                assert_eq!(group["label"], org.roles()[rank].value.as_str());
                let written: Vec<&str> = chapter
                    .members
                    .iter()
                    .filter(|m| org.role_ranks().rank_of(&m.role.value) == Some(rank))
                    .map(|m| m.name.value.as_str())
                    .collect();
                let shown: Vec<&str> = group["members"]
                    .as_array()
                    .expect("members")
                    .iter()
                    .map(|m| m["name"].as_str().expect("name"))
                    .collect();
                assert_eq!(shown, written);
                for member in group["members"].as_array().expect("members") {
                    match member["github"].as_str() {
                        Some(handle) => {
                            assert_eq!(member["github_url"], format!("https://github.com/{handle}"))
                        }
                        None => assert!(member["github_url"].is_null()),
                    }
                }
                listed += shown.len();
            }
            assert_eq!(listed, chapter.members.len(), "every member is listed once");
        }
    }
    assert!(
        fallbacks.0 > 0 && fallbacks.1 > 0,
        "the example exercises both fallbacks"
    );
}

/// A folder beside the site, standing for everything outside it that a symlink could lead
/// prep to: holds files a careless writer or garbage collector would overwrite or delete.
fn sibling_with_files(tmp: &Path) -> PathBuf {
    let outside = tmp.join("outside");
    for rel in [
        "img/keep-400.webp",
        "css/keep.css",
        "zh/user-group.json",
        "notes.md",
    ] {
        let path = outside.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, format!("{rel}: not prep's\n")).expect("write");
    }
    outside
}

/// Builds `site` expecting E0004 and nothing else, and returns the error's file.
fn build_refused_not_owned(site: &Path) -> String {
    match usergroup::build(site, &options()) {
        Err(BuildError::Invalid(invalid)) => {
            let errors: Vec<_> = invalid
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .collect();
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].code, "E0004", "{errors:?}");
            errors[0].file.clone()
        }
        Err(other) => panic!("expected E0004, got {other}"),
        Ok(_) => panic!("built through a folder prep does not own"),
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_where_an_owned_folder_goes_is_refused_and_nothing_outside_changes() {
    for owned in OWNED {
        // Both a first build and one over a previous output (whose garbage collection would
        // otherwise delete what the link leads to).
        for previous in [false, true] {
            let (tmp, site) = if previous {
                built_copy()
            } else {
                example_copy()
            };
            let outside = sibling_with_files(tmp.path());
            let link = site.join(owned);
            if link.exists() {
                std::fs::remove_dir_all(&link).expect("remove");
            }
            std::fs::create_dir_all(link.parent().expect("parent")).expect("mkdir");
            std::os::unix::fs::symlink(&outside, &link).expect("symlink");
            let outside_before = hash_tree(&outside, &[]);
            let site_before = hash_tree(&site, OWNED);
            assert_eq!(
                build_refused_not_owned(&site),
                *owned,
                "{owned}, previous: {previous}"
            );
            assert_eq!(hash_tree(&outside, &[]), outside_before, "{owned}");
            assert_eq!(hash_tree(&site, OWNED), site_before, "{owned}");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_lock_file_is_refused_and_its_target_untouched() {
    let (tmp, site) = built_copy();
    let outside = sibling_with_files(tmp.path());
    let lock = site.join(".usergroup-cache/lock");
    let _ = std::fs::remove_file(&lock);
    std::os::unix::fs::symlink(outside.join("notes.md"), &lock).expect("symlink");
    let before = (hash_tree(&outside, &[]), outputs(&site));
    assert_eq!(build_refused_not_owned(&site), ".usergroup-cache/lock");
    assert_eq!((hash_tree(&outside, &[]), outputs(&site)), before);
}

#[test]
fn a_file_prep_did_not_create_in_its_folders_is_refused_not_deleted() {
    for stranger in [
        "static/usergroup/img/hand-made.png",
        "static/usergroup/favicon.ico",
        "data/usergroup/extra.json",
        ".usergroup-cache/images/notes.txt",
    ] {
        let (_tmp, site) = built_copy();
        std::fs::write(site.join(stranger), "mine").expect("write");
        let before = hash_tree(&site, &[".usergroup-cache/lock"]);
        assert_eq!(build_refused_not_owned(&site), stranger);
        assert_eq!(
            hash_tree(&site, &[".usergroup-cache/lock"]),
            before,
            "{stranger}"
        );
    }
}

/// The cache entries of a built site, by file name.
fn cache_entries(site: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(site.join(".usergroup-cache/images"))
        .expect("cache")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    entries
}

#[test]
fn a_hand_edited_cache_entry_is_detected_and_the_image_rendered_again() {
    let (_tmp, site) = built_copy();
    let before = outputs(&site);
    let entry = cache_entries(&site).into_iter().next().expect("an entry");
    let text = std::fs::read_to_string(&entry).expect("read");
    let value: Value = serde_json::from_str(&text).expect("JSON");
    let color = value["meta"]["color"].as_str().expect("color").to_string();
    // What a pull request could slip into a shared cache: another colour for the page.
    let forged = if color == "#000000" {
        "#ffffff"
    } else {
        "#000000"
    };
    std::fs::write(&entry, text.replace(&color, forged)).expect("write");
    let report = build_ok(&site);
    assert_eq!(report.images_rendered, 1, "the edited entry is a miss");
    assert_eq!(
        outputs(&site),
        before,
        "the forged colour reached no manifest"
    );
    let repaired: Value =
        serde_json::from_str(&std::fs::read_to_string(&entry).expect("read")).expect("JSON");
    assert_eq!(repaired["meta"]["color"], color.as_str(), "entry rewritten");
}

#[test]
fn a_tampered_output_image_is_detected_and_rendered_again() {
    let (_tmp, site) = built_copy();
    let before = outputs(&site);
    let (_, zh) = manifest(&site, "zh");
    let src = zh["banner"]["image"]["src"].as_str().expect("src");
    let path = site.join("static").join(src);
    let mut bytes = std::fs::read(&path).expect("read");
    // Same size, different bytes: only the hash tells.
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&path, &bytes).expect("write");
    let report = build_ok(&site);
    assert_eq!(report.images_rendered, 1, "the banner is rendered again");
    assert_eq!(
        outputs(&site),
        before,
        "the tampered file is replaced by prep's"
    );
}

#[test]
fn a_build_that_fails_on_a_later_image_takes_back_the_files_it_wrote() {
    let (_tmp, site) = built_copy();
    let before = hash_tree(&site.join("static/usergroup"), &[]);
    let cards = site.join("static/images/user-group/cityCards");
    // One photo changes (new bytes, so new variants are written), another is broken.
    let changed = cards.join("shanghai.jpeg");
    let photo = image::open(&changed).expect("decodes").to_rgb8();
    let flipped = image::imageops::flip_horizontal(&photo);
    flipped
        .save_with_format(&changed, image::ImageFormat::Jpeg)
        .expect("save");
    let broken = cards.join("hangzhou.jpeg");
    let bytes = std::fs::read(&broken).expect("read");
    std::fs::write(&broken, &bytes[..bytes.len() / 3]).expect("write");
    let Err(BuildError::Invalid(invalid)) = usergroup::build(&site, &options()) else {
        panic!("a truncated photo must not build");
    };
    assert!(invalid.diagnostics.iter().any(|d| d.code == "E0390"));
    assert_eq!(
        hash_tree(&site.join("static/usergroup"), &[]),
        before,
        "the published folder is byte-identical: the changed photo's variants are gone"
    );
    // Fixed, the next build renders the changed photo again and succeeds.
    std::fs::write(&broken, &bytes).expect("write");
    let report = build_ok(&site);
    assert!(report.images_rendered >= 1);
}

#[test]
fn the_manifest_names_every_input_the_page_was_built_from() {
    let site = shared_build();
    let (_, zh) = manifest(site, "zh");
    let paths: Vec<&str> = zh["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| s["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths[0], "content/zh/user-group/_index.md");
    for input in [
        "hugo.toml",
        "static/images/user-group/banner.png",
        "static/images/user-group/cityCards/hangzhou.jpeg",
        "static/images/user-group/applyNew/apply.svg",
    ] {
        assert!(paths.contains(&input), "{input} in {paths:?}");
    }
    // Only this page's own content files.
    assert!(
        !paths.iter().any(|p| p.starts_with("content/en/")),
        "{paths:?}"
    );
}

#[test]
fn scss_overrides_are_an_input_of_the_manifest() {
    let (_tmp, site) = built_copy();
    let overrides = site.join("assets/usergroup/_variables.scss");
    std::fs::create_dir_all(overrides.parent().expect("parent")).expect("mkdir");
    std::fs::write(&overrides, "$ug-link: #123456;\n").expect("write");
    build_ok(&site);
    let (_, zh) = manifest(&site, "zh");
    let listed = zh["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .any(|s| s["path"] == "assets/usergroup/_variables.scss");
    assert!(listed);
}
