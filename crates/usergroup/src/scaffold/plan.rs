//! Planning the three commands: load the site, refuse what cannot be done, build every
//! change in memory, and check the changed texts before anything is written.

use std::path::Path;

use super::edit::{self, Item, Value};
use super::text::{words, Words};
use super::{exists, folder_of, refuse, refuse_argument, role_word, Change, Error, Options, Plan};
use crate::check::{check, CheckOptions};
use crate::diagnostic::{Code, Diagnostic, SourceFiles};
use crate::discover::{lookup_asset, AssetLookup};
use crate::images::placeholder::placeholder_png;
use crate::load;
use crate::model::{Chapter, Date, DateTime, Page, Role, Site, Span};
use crate::validate::{is_github_login, is_slug, page_rules, slugify};

/// The card keys in the seed's order, for a list with no card to copy the shape of.
const CARD_KEYS: [&str; 5] = ["name", "backgroundImage", "title", "des", "id"];

/// The site as loaded, and the pages (languages) the command changes.
struct Loaded {
    site: Site,
    sources: SourceFiles,
    pages: Vec<usize>,
}

impl Loaded {
    fn load(site_root: &Path, options: &Options) -> Result<Loaded, Error> {
        let check_options = CheckOptions {
            theme_dir: options.theme_dir.clone(),
            ..CheckOptions::default()
        };
        let checked = check(site_root, &check_options)?;
        let Some(site) = checked.site else {
            let errors = checked.diagnostics.into_iter().filter(|d| d.is_error());
            return Err(refuse(errors.collect(), checked.sources));
        };
        let langs: Vec<&str> = site.pages.iter().map(|p| p.lang.as_str()).collect();
        if let Some(unknown) = options
            .languages
            .iter()
            .find(|l| !langs.contains(&l.as_str()))
        {
            return Err(Error::Usage(format!(
                "--lang {unknown}: the site has no user-group page in that language; it has {}",
                langs.join(", ")
            )));
        }
        let pages = (0..site.pages.len())
            .filter(|i| {
                let lang = &site.pages[*i].lang;
                options.languages.is_empty() || options.languages.contains(lang)
            })
            .collect();
        Ok(Loaded {
            site,
            sources: checked.sources,
            pages,
        })
    }

    fn selected(&self) -> impl Iterator<Item = &Page> {
        self.pages.iter().map(|i| &self.site.pages[*i])
    }

    fn text(&self, file: &str) -> &str {
        self.sources.get(file).unwrap_or_default()
    }

    fn refuse(&self, d: Diagnostic) -> Error {
        refuse(vec![d], self.sources.clone())
    }

    /// The chapter page of `city` in `page`, or a refusal saying which cities there are.
    fn chapter<'p>(&self, page: &'p Page, city: &str) -> Result<&'p Chapter, Error> {
        if let Some(chapter) = page.chapters.iter().find(|c| c.id.value == city) {
            return Ok(chapter);
        }
        if let Some(card) = page.cities.cards.iter().find(|c| c.id.value == city) {
            let file = chapter_file(&page.file, city);
            return Err(self.refuse(
                Diagnostic::new(
                    Code::NewRefused,
                    &page.file,
                    card.id.span,
                    format!("city `{city}` has a card but no chapter page ({file})"),
                )
                .with_help(format!("write {file} first (members and events live there); `prep new city` makes one for a new city")),
            ));
        }
        let ids: Vec<&str> = page
            .cities
            .cards
            .iter()
            .map(|c| c.id.value.as_str())
            .collect();
        Err(refuse_argument(
            Code::NewRefused,
            format!("unknown city `{city}` (in {})", page.file),
            format!(
                "the cities are: {}; add a new one with `prep new city {city}`",
                ids.join(", ")
            ),
        ))
    }

    /// Refuses the plan if a changed page would have more errors than before, or not exactly
    /// one more item (card, member or event) than before.
    fn verify(&self, changes: &[Change]) -> Result<(), Error> {
        self.selected()
            .try_for_each(|page| self.verify_page(page, changes))
    }

    /// [`Loaded::verify`] for one page.
    fn verify_page(&self, page: &Page, changes: &[Change]) -> Result<(), Error> {
        let mut sources = self.sources.clone();
        for change in changes {
            match change {
                Change::Edit { file, after, .. } => sources.insert(file.as_str(), after.as_str()),
                Change::Create { file, bytes } if file.ends_with(".md") => {
                    sources.insert(file.as_str(), String::from_utf8_lossy(bytes))
                }
                Change::Create { .. } => {}
            }
        }
        let (old, old_errors) = reload(page, &self.sources, &[]);
        let (new, new_errors) = reload(page, &sources, changes);
        let grew = match (&old, &new) {
            (Some(old), Some(new)) => items(new) == items(old) + 1,
            _ => false,
        };
        if new_errors.len() > old_errors.len() || !grew {
            let mut diags = new_errors;
            diags.retain(|d| !old_errors.contains(d));
            diags.push(
                Diagnostic::new(
                    Code::NewRefused,
                    &page.file,
                    Span { line: 1, column: 1 },
                    "the change would not add exactly one card, member or event without a new error",
                )
                .with_help("make the change by hand, following the README's front-matter reference (and report this file's shape: prep should handle it)"),
            );
            return Err(refuse(diags, sources));
        }
        Ok(())
    }
}

/// `page` loaded again from `sources` (with the chapter pages `changes` create in its folder)
/// and its errors: what `check` would say of the page's files.
fn reload(
    page: &Page,
    sources: &SourceFiles,
    changes: &[Change],
) -> (Option<Page>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let text = sources.get(&page.file).unwrap_or_default();
    let Some(mut new) = load::page(&page.file, text, &page.lang, &page.section, &mut diags) else {
        return (None, diags);
    };
    new.directory = page.directory;
    let mut files: Vec<(String, String)> = page
        .chapters
        .iter()
        .map(|c| (c.file.clone(), c.id.value.clone()))
        .collect();
    for change in changes {
        if let Change::Create { file, .. } = change {
            if let Some(id) = chapter_id(&page.file, file) {
                files.push((file.clone(), id.to_string()));
            }
        }
    }
    for (file, id) in files {
        let text = sources.get(&file).unwrap_or_default();
        new.chapters
            .extend(load::chapter(&file, text, &id, &mut diags));
    }
    page_rules(&new, sources, true, &mut diags);
    diags.retain(Diagnostic::is_error);
    (Some(new), diags)
}

/// The chapter page of `id` beside the list page `index`, named the way the index is:
/// `wuhan.md` beside `_index.md`, `wuhan.en.md` beside `_index.en.md` (a site whose
/// languages share one content folder).
fn chapter_file(index: &str, id: &str) -> String {
    let name = index.rsplit('/').next().unwrap_or(index);
    let suffix = name.strip_prefix("_index").unwrap_or(".md");
    format!("{}/{id}{suffix}", folder_of(index))
}

/// The id of `file` when it is a chapter page [`chapter_file`] names beside `index`.
fn chapter_id<'f>(index: &str, file: &'f str) -> Option<&'f str> {
    let name = index.rsplit('/').next().unwrap_or(index);
    let suffix = name.strip_prefix("_index").unwrap_or(".md");
    let id = file
        .strip_prefix(folder_of(index))?
        .strip_prefix('/')?
        .strip_suffix(suffix)?;
    (!id.is_empty() && !id.contains('/')).then_some(id)
}

/// Cards, members and events of a page: each command adds exactly one.
fn items(page: &Page) -> usize {
    page.cities.cards.len()
        + page
            .chapters
            .iter()
            .map(|c| c.members.len() + c.events.len())
            .sum::<usize>()
}

/// `values` in the order and spelling of the keys of the list's last item (a new item looks
/// like its neighbours), the keys that item lacks after them in the order given.
fn shaped(file: &str, text: &str, path: &[&str], values: Vec<(&str, Value)>) -> Item {
    let mut keys = edit::last_item_keys(file, text, path);
    keys.retain(|k| values.iter().any(|(v, _)| v.eq_ignore_ascii_case(k)));
    for (key, _) in &values {
        if !keys.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            keys.push((*key).to_string());
        }
    }
    let mut item = Vec::new();
    for key in keys {
        if let Some((_, value)) = values.iter().find(|(v, _)| v.eq_ignore_ascii_case(&key)) {
            if !item
                .iter()
                .any(|(k, _): &(String, Value)| k.eq_ignore_ascii_case(&key))
            {
                item.push((key, value.clone()));
            }
        }
    }
    item
}

/// Appends `item` to the list `path` of the site file `file`, as a [`Change::Edit`].
fn edit_list(
    loaded: &Loaded,
    file: &str,
    path: &[&str],
    item: &[(String, Value)],
) -> Result<Change, Error> {
    let before = loaded.text(file);
    let after = edit::append_item(file, before, path, item).map_err(|e| {
        refuse_argument(
            Code::NewRefused,
            format!("cannot add to `{}` in {file}: {}", path.join("."), e.0),
            "add the item by hand, following the README's front-matter reference".to_string(),
        )
    })?;
    Ok(Change::Edit {
        file: file.to_string(),
        before: before.to_string(),
        after,
    })
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// Plans `prep new city <id>`: a card in each list page, a chapter page in each language,
/// and the placeholder photo the cards show.
pub fn new_city(site_root: &Path, id: &str, options: &Options) -> Result<Plan, Error> {
    if !is_slug(id) {
        let fix = slugify(id);
        let example = if fix.is_empty() {
            String::new()
        } else {
            format!(", e.g. `{fix}`")
        };
        return Err(refuse_argument(
            Code::IdNotSlug,
            format!("city id `{id}` is not slug-safe"),
            format!("use lower-case ASCII letters, digits and `-`{example}: the id becomes the chapter page's file name and URL"),
        ));
    }
    let loaded = Loaded::load(site_root, options)?;
    refuse_existing_city(&loaded, site_root, id)?;
    let (photo, photo_file) = photo(site_root, &loaded, id)?;
    let mut changes = Vec::new();
    let mut pages = Vec::new();
    for page in loaded.selected() {
        let words = words(&page.lang);
        let item = card(&page.file, loaded.text(&page.file), id, &photo, words);
        changes.push(edit_list(
            &loaded,
            &page.file,
            &["citySection", "picList"],
            &item,
        )?);
        pages.push(Change::Create {
            file: chapter_file(&page.file, id),
            bytes: words.chapter_page(id, &photo).into_bytes(),
        });
    }
    changes.append(&mut pages);
    if let Some(file) = photo_file {
        changes.push(Change::Create {
            file,
            bytes: placeholder_png().to_vec(),
        });
    }
    loaded.verify(&changes)?;
    Ok(Plan {
        site_root: site_root.to_path_buf(),
        changes,
    })
}

fn card(file: &str, text_: &str, id: &str, photo: &str, words: &Words) -> Item {
    let values = CARD_KEYS
        .iter()
        .map(|key| {
            let value = match *key {
                "name" => text(words.card_name),
                "backgroundImage" => text(photo),
                "title" => text(words.card_title),
                "des" => text(words.card_des),
                _ => text(id),
            };
            (*key, value)
        })
        .collect();
    shaped(file, text_, &["citySection", "picList"], values)
}

/// Refuses a city whose card or chapter page exists in a language the command changes.
fn refuse_existing_city(loaded: &Loaded, site_root: &Path, id: &str) -> Result<(), Error> {
    for page in loaded.selected() {
        if let Some(card) = page.cities.cards.iter().find(|c| c.id.value == id) {
            return Err(loaded.refuse(
                Diagnostic::new(
                    Code::DuplicateId,
                    &page.file,
                    card.id.span,
                    format!("city `{id}` already exists"),
                )
                .with_help("choose another id, or edit this city's card and chapter page"),
            ));
        }
        let file = chapter_file(&page.file, id);
        let chapter = page.chapters.iter().find(|c| c.id.value == id);
        if chapter.is_some() || exists(site_root, &file) {
            let at = chapter.map_or(file.as_str(), |c| c.file.as_str());
            return Err(refuse_argument(
                Code::DuplicateId,
                format!("city `{id}` already has a chapter page, {at}"),
                "choose another id, or add the card for this page by hand".to_string(),
            ));
        }
    }
    Ok(())
}

/// The card photo of a new city, as written in front matter, and the site file to create
/// for it (`None` when a photo named after the city is already there). It goes next to the
/// last card's photo (`/images/user-group/cityCards/` in a site with no card yet), under the
/// site folder that photo is in (`static/` or `assets/`).
fn photo(site_root: &Path, loaded: &Loaded, id: &str) -> Result<(String, Option<String>), Error> {
    let theme = loaded.site.theme_dir.as_deref();
    let last = loaded.site.pages.iter().find_map(|p| p.cities.cards.last());
    let folder = last
        .and_then(|c| {
            c.image
                .path
                .value
                .trim()
                .rsplit_once('/')
                .map(|(d, _)| d.to_string())
        })
        .filter(|d| d.starts_with('/'))
        .unwrap_or_else(|| "/images/user-group/cityCards".to_string());
    for ext in ["jpg", "jpeg", "png", "webp"] {
        let written = format!("{folder}/{id}.{ext}");
        if matches!(
            lookup_asset(site_root, theme, &written),
            AssetLookup::Found(_)
        ) {
            return Ok((written, None));
        }
    }
    let in_assets = last.is_some_and(|c| {
        let assets = site_root.join("assets").canonicalize();
        match (lookup_asset(site_root, theme, &c.image.path.value), assets) {
            (AssetLookup::Found(path), Ok(assets)) => path.starts_with(assets),
            _ => false,
        }
    });
    let written = format!("{folder}/{id}.png");
    let base = if in_assets { "assets" } else { "static" };
    let file = format!("{base}{written}");
    if exists(site_root, &file) {
        return Err(refuse_argument(
            Code::NewRefused,
            format!("{file} is in the way of the placeholder photo"),
            "move it, or remove it if it is not an image".to_string(),
        ));
    }
    Ok((written, Some(file)))
}

/// Plans `prep new member <city> <login>`: the member added to the chapter page in each
/// language, with `role` (any of the page's role names or the built-in ones; default: the
/// page's lowest role).
pub fn new_member(
    site_root: &Path,
    city: &str,
    login: &str,
    role: Option<&str>,
    options: &Options,
) -> Result<Plan, Error> {
    if !is_github_login(login) {
        return Err(refuse_argument(
            Code::BadGithub,
            format!("`{login}` is not a GitHub login"),
            "a GitHub login has 1-39 letters, digits or single hyphens, with no `@` and no URL, e.g. `octocat`".to_string(),
        ));
    }
    let loaded = Loaded::load(site_root, options)?;
    let mut changes = Vec::new();
    for page in loaded.selected() {
        let chapter = loaded.chapter(page, city)?;
        refuse_listed_member(&loaded, chapter, login, city)?;
        let words = role_words(page, chapter, role)?;
        let texts = super::text::words(&page.lang);
        let mut planned = Vec::new();
        for word in &words {
            let values = vec![
                ("name", text(texts.member_name)),
                ("role", text(word)),
                ("github", text(login)),
                ("bio", text(texts.member_bio)),
            ];
            let file = &chapter.file;
            let item = shaped(file, loaded.text(file), &["members"], values);
            planned.push(edit_list(&loaded, file, &["members"], &item)?);
        }
        // The first wording the page's own rules accept (a page with its own
        // `organization.roles` takes only its labels); else the first, which `verify` refuses
        // saying why.
        let accepted = planned
            .iter()
            .position(|c| loaded.verify_page(page, std::slice::from_ref(c)).is_ok());
        changes.push(planned.swap_remove(accepted.unwrap_or(0)));
    }
    loaded.verify(&changes)?;
    Ok(Plan {
        site_root: site_root.to_path_buf(),
        changes,
    })
}

/// Refuses a login the chapter already lists.
fn refuse_listed_member(
    loaded: &Loaded,
    chapter: &Chapter,
    login: &str,
    city: &str,
) -> Result<(), Error> {
    let listed = chapter.members.iter().filter_map(|m| m.github.as_ref());
    match listed
        .into_iter()
        .find(|g| g.value.trim().eq_ignore_ascii_case(login))
    {
        Some(gh) => Err(loaded.refuse(
            Diagnostic::new(
                Code::NewRefused,
                &chapter.file,
                gh.span,
                format!("`{login}` is already a member of {city}"),
            )
            .with_help("change this member's entry instead (its role, say)"),
        )),
        None => Ok(()),
    }
}

/// The ways to write the role `asked` (default: the lowest) in a page, preferred first: the
/// built-in name the chapter's members use (站长 or lead, …), then the page's own label.
fn role_words(page: &Page, chapter: &Chapter, asked: Option<&str>) -> Result<Vec<String>, Error> {
    let labels: Vec<&str> = page
        .organization
        .roles()
        .iter()
        .map(|l| l.value.trim())
        .collect();
    let lowest = labels.len().saturating_sub(1);
    let rank = match asked {
        None => Some(lowest),
        Some(text) => Role::parse(text)
            .and_then(|r| Role::ALL.iter().position(|&x| x == r))
            .or_else(|| {
                labels
                    .iter()
                    .position(|l| l.to_lowercase() == text.trim().to_lowercase())
            })
            .filter(|rank| *rank <= lowest),
    };
    let Some(rank) = rank else {
        return Err(refuse_argument(
            Code::BadRole,
            format!(
                "`{}` is not a role of {}",
                asked.unwrap_or_default(),
                page.file
            ),
            format!(
                "use one of {} (or lead, deputy, member; 站长, 副站长, 委员)",
                labels.join(", ")
            ),
        ));
    };
    let used: Vec<&str> = chapter
        .members
        .iter()
        .map(|m| m.role.value.as_str())
        .collect();
    let mut words: Vec<String> = Role::ALL
        .get(rank)
        .map(|&role| role_word(role, page, &used).to_string())
        .into_iter()
        .collect();
    if let Some(label) = labels.get(rank) {
        if !words.iter().any(|w| w == label) {
            words.push((*label).to_string());
        }
    }
    Ok(words)
}

/// When a new event starts, as given to `prep new event`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventTime {
    /// A day: the event starts at [`EventTime::DEFAULT_HOUR`]:00 in the chapter's offset.
    Day(Date),
    /// A full RFC 3339 date-time with its offset.
    At(DateTime),
}

impl EventTime {
    /// The local hour a day's event starts at.
    pub const DEFAULT_HOUR: u32 = 14;
    /// How long a new event lasts, in minutes (its `end` is this after its `start`).
    pub const DURATION_MINUTES: i64 = 120;

    /// Reads `2027-03-14` or `2027-03-14T19:30:00+08:00`.
    pub fn parse(text: &str) -> Option<EventTime> {
        let text = text.trim();
        if text.len() == 10 {
            return Date::parse(text).map(EventTime::Day);
        }
        DateTime::parse(text).ok().map(EventTime::At)
    }

    /// The start: a day's event at 14:00 in `offset_minutes` (the chapter's usual offset).
    pub fn start(self, offset_minutes: i32) -> DateTime {
        match self {
            EventTime::At(at) => at,
            EventTime::Day(date) => DateTime {
                date,
                hour: Self::DEFAULT_HOUR,
                minute: 0,
                second: 0,
                offset_minutes,
            },
        }
    }
}

/// `at` plus `minutes`, in the same offset (`None` past the years dates may have).
fn later(at: DateTime, minutes: i64) -> Option<DateTime> {
    let total = i64::from(at.hour * 60 + at.minute) + minutes;
    let date = Date::from_days(at.date.days() + total.div_euclid(1440))?;
    let minute_of_day = u32::try_from(total.rem_euclid(1440)).ok()?;
    Some(DateTime {
        date,
        hour: minute_of_day / 60,
        minute: minute_of_day % 60,
        ..at
    })
}

/// The UTC offset of a chapter's first event that has a readable start (UTC without one).
fn chapter_offset(chapter: &Chapter) -> i32 {
    chapter
        .events
        .iter()
        .find_map(|e| DateTime::parse(&e.start.value).ok())
        .map_or(0, |t| t.offset_minutes)
}

/// Plans `prep new event <city> <when> <title>`: the event added to the chapter page in each
/// language, with a venue to fill in.
pub fn new_event(
    site_root: &Path,
    city: &str,
    when: &str,
    title: &str,
    options: &Options,
) -> Result<Plan, Error> {
    let when = EventTime::parse(when).ok_or_else(|| {
        refuse_argument(
            Code::BadEventTime,
            format!("`{when}` is not a date or an RFC 3339 date-time"),
            "write the day, `2027-03-14` (the event is then 14:00 to 16:00 in the offset of the chapter's other events), or the start with its offset, `2027-03-14T19:30:00+08:00`".to_string(),
        )
    })?;
    let title = title.trim();
    if title.is_empty() {
        return Err(refuse_argument(
            Code::Missing,
            "the event has no title".to_string(),
            "give one: prep new event <city> <date> \"Title\"".to_string(),
        ));
    }
    let loaded = Loaded::load(site_root, options)?;
    let mut changes = Vec::new();
    for page in loaded.selected() {
        let chapter = loaded.chapter(page, city)?;
        let start = when.start(chapter_offset(chapter));
        let end = later(start, EventTime::DURATION_MINUTES).ok_or_else(|| {
            refuse_argument(
                Code::BadEventTime,
                format!("`{start}` is out of range"),
                "use a date between 1900 and 2200".to_string(),
            )
        })?;
        refuse_duplicate_event(&loaded, chapter, title, start)?;
        changes.push(edit_list(
            &loaded,
            &chapter.file,
            &["events"],
            &event(&loaded, chapter, page, title, start, end),
        )?);
    }
    loaded.verify(&changes)?;
    Ok(Plan {
        site_root: site_root.to_path_buf(),
        changes,
    })
}

fn event(
    loaded: &Loaded,
    chapter: &Chapter,
    page: &Page,
    title: &str,
    start: DateTime,
    end: DateTime,
) -> Item {
    let words = words(&page.lang);
    let venue = Value::Map(vec![
        ("name".to_string(), text(words.venue_name)),
        ("address".to_string(), text(words.venue_address)),
    ]);
    let values = vec![
        ("title", text(title)),
        ("start", Value::Raw(start.to_string())),
        ("end", Value::Raw(end.to_string())),
        ("venue", venue),
    ];
    shaped(
        &chapter.file,
        loaded.text(&chapter.file),
        &["events"],
        values,
    )
}

/// `E0217`: the chapter already has an event with this title at this moment.
fn refuse_duplicate_event(
    loaded: &Loaded,
    chapter: &Chapter,
    title: &str,
    start: DateTime,
) -> Result<(), Error> {
    let same = chapter.events.iter().find(|e| {
        e.title.value.trim() == title
            && DateTime::parse(&e.start.value)
                .is_ok_and(|t| t.unix_seconds() == start.unix_seconds())
    });
    match same {
        Some(e) => Err(loaded.refuse(
            Diagnostic::new(
                Code::DuplicateEvent,
                &chapter.file,
                e.title.span,
                format!("{} already has \"{title}\" at {start}", chapter.id.value),
            )
            .with_help("change this event instead, or give the new one another date or title"),
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn chapter_pages_are_named_like_their_list_page() {
        let zh = "content/zh/user-group/_index.md";
        assert_eq!(chapter_file(zh, "wuhan"), "content/zh/user-group/wuhan.md");
        let shared = "content/user-group/_index.en.md";
        assert_eq!(
            chapter_file(shared, "wuhan"),
            "content/user-group/wuhan.en.md"
        );
        assert_eq!(
            chapter_id(shared, "content/user-group/wuhan.en.md"),
            Some("wuhan")
        );
        assert_eq!(chapter_id(shared, "content/user-group/wuhan.md"), None);
        assert_eq!(chapter_id(zh, "static/images/wuhan.md"), None);
        assert_eq!(chapter_id(zh, "content/zh/user-group/a/b.md"), None);
    }

    #[test]
    fn event_times_default_to_two_hours_from_14_00_and_cross_midnight() {
        let day = EventTime::parse("2027-03-14").unwrap();
        let start = day.start(480);
        assert_eq!(start.to_string(), "2027-03-14T14:00:00+08:00");
        assert_eq!(
            later(start, 120).unwrap().to_string(),
            "2027-03-14T16:00:00+08:00"
        );
        let late = EventTime::parse("2027-12-31T23:30:00-05:00")
            .unwrap()
            .start(0);
        assert_eq!(
            later(late, 120).unwrap().to_string(),
            "2028-01-01T01:30:00-05:00"
        );
        for bad in [
            "2027-02-30",
            "14.03.2027",
            "2027-03-14T14:00",
            "tomorrow",
            "",
        ] {
            assert_eq!(EventTime::parse(bad), None, "{bad}");
        }
    }
}
