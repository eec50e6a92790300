//! The content files of the user-group section, as Hugo sees them.
//!
//! Hugo renders every content file in the section, not only the `.md` ones, so prep has to
//! find each one to check it; otherwise a pull request could add a page prep never read.
//! What Hugo renders (checked against Hugo 0.168):
//!
//! - any file whose extension is a content format ([`CONTENT_EXTENSIONS`], plus suffixes the
//!   site's `[mediaTypes]` declares), except names starting with `.` or `#` or ending in `~`
//!   (Hugo's `IgnoreFile`; `_`-prefixed names are pages like any other);
//! - a folder with an `index.<ext>` is a page bundle: one page, its other files resources;
//! - a folder with an `_index.<ext>` is a nested section, and a plain folder's content files
//!   are pages too, each with a URL of its own;
//! - symlinks inside the content folder are not followed at all;
//! - in a folder several languages share, `<name>.<lang>.<ext>` is that language's page and
//!   an unsuffixed file the default language's (translation by file name).
//!
//! So a chapter is `<id>.<ext>` or `<id>/index.<ext>`; two files for one id are
//! [`Code::DuplicateChapter`], a page anywhere else is [`Code::StrayPage`], and a symlink
//! that leads out of the site is [`Code::OutsideSite`] (and is never opened).

use std::collections::BTreeMap;
use std::fs::FileType;
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};
use crate::error::Error;
use crate::layout::SECTION;
use crate::model::Span;
use crate::sandbox::{ReadError, ReadRoot};

use super::Language;

/// The content formats Hugo renders: its built-in media types' suffixes (0.168 has `md`,
/// `markdown`, `mdown`, `adoc`, `asciidoc`, `ad`, `html`, `htm`, `org`, `pandoc`, `pdc`,
/// `rst`) and `mkdn`/`mkd`, which older Hugo versions read as Markdown.
pub const CONTENT_EXTENSIONS: &[&str] = &[
    "md", "markdown", "mdown", "mkdn", "mkd", "html", "htm", "adoc", "asciidoc", "ad", "org",
    "pandoc", "pdc", "rst",
];

/// How deep prep looks for pages in folders below the section (Hugo has no limit; a deeper
/// tree is refused rather than walked without end).
const MAX_DEPTH: usize = 8;

/// One chapter page: its id (file stem or bundle folder) and its site-relative path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterFile {
    /// The chapter id: `shanghai` for `shanghai.md` and for `shanghai/index.md`.
    pub id: String,
    /// The file, relative to the site root, `/`-separated.
    pub file: String,
}

/// The user-group section of one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionFiles {
    /// The section page (`_index.<ext>`), relative to the site root, if there is one.
    pub index: Option<String>,
    /// The chapter pages, by id; one file per id (a duplicate is a diagnostic).
    pub chapters: Vec<ChapterFile>,
    /// The section folder exists but could not be read as Hugo would (it leads out of the
    /// site): a diagnostic says why, and the language's content is incomplete.
    pub refused: bool,
}

/// Finds the section page and the chapter pages of `lang`, reporting files Hugo would render
/// that are not chapters, duplicates, and symlinks out of the site.
pub fn section_files(
    site: &ReadRoot,
    lang: &Language,
    extensions: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Result<SectionFiles, Error> {
    let dir_rel = format!("{}/{SECTION}", lang.content_dir.trim_end_matches('/'));
    match site.resolve(&dir_rel) {
        Ok(_) => {}
        Err(ReadError::Missing { .. }) => return Ok(SectionFiles::default()),
        Err(ReadError::Outside { target, .. }) => {
            diags.push(outside(&dir_rel, &target, "the user-group section folder"));
            return Ok(SectionFiles {
                refused: true,
                ..SectionFiles::default()
            });
        }
        Err(ReadError::Io { path, source }) => return Err(Error::Io { path, source }),
    }
    let mut indexes = Vec::new();
    let mut pages: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for page in folder_pages(site, &dir_rel, lang, extensions, 0, diags)? {
        match page {
            Page::Bundle { name, files } => pages.entry(name).or_default().extend(files),
            Page::File { stem, file } => match stem.as_str() {
                "_index" => indexes.push(file),
                "index" => diags.push(stray(
                    &file,
                    "a page bundle's `index` file directly in the section",
                )),
                _ => pages.entry(stem).or_default().push(file),
            },
        }
    }
    let index = first_of_duplicates(indexes, "the section page", diags);
    let chapters = pages
        .into_iter()
        .filter_map(|(id, files)| {
            let what = format!("chapter `{id}`");
            first_of_duplicates(files, &what, diags).map(|file| ChapterFile { id, file })
        })
        .collect();
    Ok(SectionFiles {
        index,
        chapters,
        refused: false,
    })
}

/// The entries of the folder `rel` Hugo does not ignore, sorted by name, without following
/// symlinks (the kind is the entry's own).
fn entries(site: &ReadRoot, rel: &str) -> Result<Vec<(String, FileType)>, Error> {
    let dir = site.dir().join(rel);
    let io = |source| Error::Io {
        path: dir.clone(),
        source,
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !hugo_ignores(&name) {
            out.push((name, entry.file_type().map_err(io)?));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Hugo's rule for files and folders it skips in content (`IgnoreFile`): hidden files, Emacs
/// lock files (`#…`) and backups (`…~`).
pub fn hugo_ignores(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~')
}

/// The stem of a content file's name (`shanghai` for `shanghai.md`), `None` for a name
/// whose extension is not a content format.
fn content_stem<'a>(name: &'a str, extensions: &[String]) -> Option<&'a str> {
    let (stem, ext) = name.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    (!stem.is_empty() && extensions.contains(&ext)).then_some(stem)
}

/// The page name a content file's stem gives in `lang`: `shanghai` for `shanghai.<lang>`,
/// and for an unsuffixed `shanghai` when the language owns those; `None` when the file is
/// another language's (Hugo's translation by file name).
fn own_stem<'a>(stem: &'a str, lang: &Language) -> Option<&'a str> {
    if let Some((base, code)) = stem.rsplit_once('.') {
        if !base.is_empty() {
            if code.eq_ignore_ascii_case(&lang.code) {
                return Some(base);
            }
            if lang
                .other_codes
                .iter()
                .any(|c| code.eq_ignore_ascii_case(c))
            {
                return None;
            }
        }
    }
    lang.owns_unsuffixed.then_some(stem)
}

/// Whether the stem is `index` in some language (`index`, `index.en`).
fn is_index(stem: &str) -> bool {
    stem.split('.').next() == Some("index")
}

/// The `index.<ext>` files of the folder `rel` (a page bundle has one) that are `lang`'s,
/// and whether it has one in any language (then it is a bundle, not a plain folder). A
/// symlinked one is not a page for Hugo, and refused if it leads out.
fn bundle_index(
    site: &ReadRoot,
    rel: &str,
    lang: &Language,
    extensions: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Result<(bool, Vec<String>), Error> {
    let mut any = false;
    let mut found = Vec::new();
    for (name, kind) in entries(site, rel)? {
        let Some(stem) = content_stem(&name, extensions).filter(|s| is_index(s)) else {
            continue;
        };
        any = true;
        if own_stem(stem, lang) != Some("index") {
            continue;
        }
        let file = format!("{rel}/{name}");
        if kind.is_symlink() {
            refuse_symlink(site, &file, diags);
        } else if kind.is_file() {
            found.push(file);
        }
    }
    Ok((any, found))
}

/// Reports every page Hugo would render below the plain folder `rel` (a subfolder's pages, a
/// nested section): the theme renders them, but they are not chapters.
fn stray_pages(
    site: &ReadRoot,
    rel: &str,
    lang: &Language,
    extensions: &[String],
    depth: usize,
    diags: &mut Vec<Diagnostic>,
) -> Result<(), Error> {
    if depth > MAX_DEPTH {
        diags.push(stray(rel, "a folder nested deeper than prep looks"));
        return Ok(());
    }
    for page in folder_pages(site, rel, lang, extensions, depth, diags)? {
        match page {
            Page::Bundle { files, .. } => {
                for file in files {
                    diags.push(stray(&file, "a page bundle in a subfolder of the section"));
                }
            }
            Page::File { file, .. } => {
                diags.push(stray(&file, "a page in a subfolder of the section"));
            }
        }
    }
    Ok(())
}

/// A page Hugo renders from a content folder.
enum Page {
    /// A subfolder with `index.<ext>` files (one, unless duplicated; none for a plain
    /// subfolder, whose pages were reported as strays).
    Bundle { name: String, files: Vec<String> },
    /// A content file directly in the folder, with its stem.
    File { stem: String, file: String },
}

/// The pages of the content folder `rel` at `depth` below the section, in name order.
/// Symlinks are skipped (and refused if they lead out); the pages of a subfolder that is not
/// a bundle are reported as strays.
fn folder_pages(
    site: &ReadRoot,
    rel: &str,
    lang: &Language,
    extensions: &[String],
    depth: usize,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<Page>, Error> {
    let mut pages = Vec::new();
    for (name, kind) in entries(site, rel)? {
        let path = format!("{rel}/{name}");
        if kind.is_symlink() {
            refuse_symlink(site, &path, diags);
        } else if kind.is_dir() {
            let (bundle, files) = bundle_index(site, &path, lang, extensions, diags)?;
            if !bundle {
                stray_pages(site, &path, lang, extensions, depth + 1, diags)?;
            }
            // A bundle translated only into other languages is not this language's page.
            if !bundle || !files.is_empty() {
                pages.push(Page::Bundle { name, files });
            }
        } else if let Some(stem) = content_stem(&name, extensions).and_then(|s| own_stem(s, lang)) {
            let stem = stem.to_string();
            pages.push(Page::File { stem, file: path });
        }
    }
    Ok(pages)
}

/// The first of `files` (sorted); every other one is a [`Code::DuplicateChapter`].
fn first_of_duplicates(
    mut files: Vec<String>,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    files.sort();
    let first = files.first()?.clone();
    for other in &files[1..] {
        diags.push(
            Diagnostic::new(
                Code::DuplicateChapter,
                other,
                Span::default(),
                format!("this file is {what} too: Hugo renders only one of them, at the same URL"),
            )
            .with_label(&first, Span::default(), format!("{what} is also this file"))
            .with_help(
                "keep one file per chapter (`<id>.md` or `<id>/index.md`) and delete the other",
            ),
        );
    }
    Some(first)
}

/// A symlink Hugo skips; reported when it leads out of the site, so that nobody believes
/// its target was checked (the target is never opened).
fn refuse_symlink(site: &ReadRoot, rel: &str, diags: &mut Vec<Diagnostic>) {
    if let Err(ReadError::Outside { target, .. }) = site.resolve(rel) {
        diags.push(outside(rel, &target, "this content file"));
    }
}

/// [`Code::OutsideSite`] at a file or folder prep refused to read (`target` is where it
/// leads; the message never holds anything read from there).
pub fn outside(rel: &str, target: &Path, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::OutsideSite,
        rel,
        Span::default(),
        format!(
            "{what} is a symlink that leads outside the site, to `{}`; prep did not read it",
            target.display()
        ),
    )
    .with_help("put the file itself in the site (Hugo does not follow symlinks in content either)")
}

/// [`Code::StrayPage`] at a content file Hugo renders that is not a chapter.
fn stray(rel: &str, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::StrayPage,
        rel,
        Span::default(),
        format!("Hugo renders this file as a page of the user-group section, but it is {what}, not a chapter"),
    )
    .with_help("a chapter is `<id>.md` or `<id>/index.md` directly in the section; move the file there, or out of the section")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn write(root: &Path, files: &[&str]) {
        for f in files {
            let path = root.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "---\n---\n").unwrap();
        }
    }

    fn exts() -> Vec<String> {
        CONTENT_EXTENSIONS.iter().map(|s| s.to_string()).collect()
    }

    fn lang() -> Language {
        Language::alone("en", "content")
    }

    #[test]
    fn finds_what_hugo_renders_and_reports_the_rest() {
        let tmp = tempfile::tempdir().unwrap();
        let s = "content/user-group";
        let files = [
            "_index.md",
            "a.md",
            "b.html",
            "c/index.md",
            "c/notes.md",
            "c/photo.jpg",
            "_d.md",
            ".hidden.md",
            "#lock.md",
            "backup.md~",
            "e.txt",
            "x.md",
            "x/index.md",
            "y.md",
            "y.org",
            "sub/page.md",
            "nest/_index.md",
            "nest/deep/index.adoc",
        ];
        let files: Vec<String> = files.iter().map(|f| format!("{s}/{f}")).collect();
        write(
            tmp.path(),
            &files.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        let site = ReadRoot::new(tmp.path()).unwrap();
        let mut diags = Vec::new();
        let found = section_files(&site, &lang(), &exts(), &mut diags).unwrap();
        assert_eq!(found.index.as_deref(), Some("content/user-group/_index.md"));
        let chapters: Vec<(&str, &str)> = found
            .chapters
            .iter()
            .map(|c| (c.id.as_str(), c.file.as_str()))
            .collect();
        assert_eq!(
            chapters,
            [
                ("_d", "content/user-group/_d.md"),
                ("a", "content/user-group/a.md"),
                ("b", "content/user-group/b.html"),
                ("c", "content/user-group/c/index.md"),
                ("x", "content/user-group/x.md"),
                ("y", "content/user-group/y.md"),
            ]
        );
        let mut reported: Vec<(String, &str)> = diags
            .iter()
            .map(|d| (d.file.replace("content/user-group/", ""), d.code.as_str()))
            .collect();
        reported.sort();
        assert_eq!(
            reported,
            [
                ("nest/_index.md".to_string(), "E0209"),
                ("nest/deep/index.adoc".to_string(), "E0209"),
                ("sub/page.md".to_string(), "E0209"),
                ("x/index.md".to_string(), "E0208"),
                ("y.org".to_string(), "E0208"),
            ]
        );
        let dup = diags.iter().find(|d| d.code == "E0208").unwrap();
        assert_eq!(dup.labels[0].file, "content/user-group/x.md");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_not_pages_and_those_leading_out_are_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        write(
            &root,
            &["content/user-group/_index.md", "content/user-group/a.md"],
        );
        std::fs::write(tmp.path().join("secret.md"), "SECRET").unwrap();
        let section = root.join("content/user-group");
        std::os::unix::fs::symlink(tmp.path().join("secret.md"), section.join("out.md")).unwrap();
        std::os::unix::fs::symlink("a.md", section.join("in.md")).unwrap();
        std::os::unix::fs::symlink(tmp.path(), section.join("dir")).unwrap();
        let site = ReadRoot::new(&root).unwrap();
        let mut diags = Vec::new();
        let found = section_files(&site, &lang(), &exts(), &mut diags).unwrap();
        assert_eq!(found.chapters.len(), 1);
        let reported: Vec<(&str, &str)> = diags
            .iter()
            .map(|d| (d.file.as_str(), d.code.as_str()))
            .collect();
        assert_eq!(
            reported,
            [
                ("content/user-group/dir", "E0003"),
                ("content/user-group/out.md", "E0003")
            ]
        );
    }

    #[test]
    fn languages_sharing_a_folder_tell_pages_apart_by_file_name() {
        let tmp = tempfile::tempdir().unwrap();
        let s = "content/user-group";
        let files = [
            "_index.md",
            "_index.en.md",
            "a.md",
            "a.en.md",
            "b.zh.md",
            "c/index.en.md",
            "d/index.md",
        ];
        write(
            tmp.path(),
            &files
                .map(|f| format!("{s}/{f}"))
                .each_ref()
                .map(String::as_str),
        );
        let site = ReadRoot::new(tmp.path()).unwrap();
        let zh = Language {
            other_codes: vec!["en".into()],
            ..Language::alone("zh", "content")
        };
        let en = Language {
            other_codes: vec!["zh".into()],
            owns_unsuffixed: false,
            ..Language::alone("en", "content")
        };
        let list = |lang: &Language| {
            let mut diags = Vec::new();
            let found = section_files(&site, lang, &exts(), &mut diags).unwrap();
            assert!(diags.is_empty(), "{diags:?}");
            let chapters: Vec<String> = found
                .chapters
                .iter()
                .map(|c| format!("{}={}", c.id, c.file))
                .collect();
            (found.index, chapters)
        };
        assert_eq!(
            list(&zh),
            (
                Some(format!("{s}/_index.md")),
                vec![
                    format!("a={s}/a.md"),
                    format!("b={s}/b.zh.md"),
                    format!("d={s}/d/index.md")
                ]
            )
        );
        assert_eq!(
            list(&en),
            (
                Some(format!("{s}/_index.en.md")),
                vec![format!("a={s}/a.en.md"), format!("c={s}/c/index.en.md")]
            )
        );
    }
}
