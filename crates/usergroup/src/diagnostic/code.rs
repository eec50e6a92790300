//! Every diagnostic code, declared once: its id, severity, one-line summary and docs.
//!
//! The README's code table is generated from [`Code::ALL`] (a test fails when they differ),
//! so a code exists in exactly one place. Codes are stable: a code keeps its meaning
//! forever, and a retired code is never reused. `E` codes are errors (the build stops), `W`
//! codes warnings (the build goes on unless `--deny-warnings`).

use serde::{Serialize, Serializer};

use super::Severity;

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $name:ident = ($id:literal, $sev:ident, $summary:literal), )*) => {
        /// A diagnostic code. [`Code::as_str`] is the stable id (`E0105`), which is also how
        /// it serialises.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $(
                #[doc = $summary]
                #[doc = ""]
                $(#[doc = $doc])*
                $name,
            )*
        }

        impl Code {
            /// Every code, in id order.
            pub const ALL: &'static [Code] = &[$(Code::$name),*];

            /// The stable id, e.g. `E0105`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$name => $id,)* }
            }

            /// Whether a finding with this code stops the build.
            pub fn severity(self) -> Severity {
                match self { $(Code::$name => Severity::$sev,)* }
            }

            /// What the code means, in one line (the README's table).
            pub fn summary(self) -> &'static str {
                match self { $(Code::$name => $summary,)* }
            }

            /// The longer explanation, when there is one (how to fix it, why it matters).
            pub fn docs(self) -> &'static str {
                match self { $(Code::$name => concat!("" $(, $doc, "\n")*).trim_ascii(),)* }
            }
        }
    };
}

codes! {
    Config = ("E0001", Error, "the site config (`hugo.toml`) is not valid TOML, or a value in it has the wrong type"),
    ThemeNotFound = ("E0002", Error, "the theme named by the config (`theme`, module import) was not found"),
    /// Move the file into the site (or its theme) and refer to it there; prep reads nothing outside the site, so a pull request cannot make it read or print other files.
    OutsideSite = ("E0003", Error, "a path prep would read (content, config folder, image, SCSS import) resolves outside the site, or through a symlink that leaves it"),
    /// Delete the symlink or the foreign file; prep writes only into folders it owns and never follows a symlink there.
    OutputNotOwned = ("E0004", Error, "a folder prep writes to (`static/usergroup`, `data/usergroup`, `.usergroup-cache`) is a symlink or holds a file prep did not create there"),
    /// Keep Hugo's default mounts for `content`, `data`, `static` and `assets` (declare them again next to your own) and mount nothing over the user-group section, `data/usergroup`, `static/usergroup` or `assets/usergroup`.
    ModuleMount = ("E0005", Error, "a `[[module.mounts]]` entry would make Hugo read or publish other files than the ones prep checked or wrote"),
    FrontMatter = ("E0101", Error, "a content file has no front matter, or it is TOML (`+++`) or JSON: only YAML (`---`) is supported"),
    YamlSyntax = ("E0102", Error, "YAML syntax error in the front matter"),
    WrongType = ("E0103", Error, "a value has the wrong type (e.g. a list where text is expected)"),
    Missing = ("E0104", Error, "a required key is missing or empty"),
    UnknownKey = ("E0105", Error, "unknown key; \"did you mean\" when it is a near-miss of a known key"),
    DuplicateKey = ("E0106", Error, "two keys of one mapping are the same ignoring case (Hugo would silently keep one)"),
    UnusedKey = ("W0107", Warning, "a key the page does not use (`css`, `applyNew.requirements.applyLink`)"),
    /// Save the file as UTF-8 (with or without a BOM).
    BadEncoding = ("E0108", Error, "a content file is not UTF-8 (an invalid byte, UTF-16, or a NUL byte); reported at the first bad byte"),
    /// Remove the key: the theme decides the URL and layout of the user-group pages, and such a key could make one page replace another.
    HugoRoutingKey = ("E0109", Error, "a front-matter key that changes where or how Hugo renders the page (`url`, `slug`, `aliases`, `layout`, `type`, `outputs`, `cascade`, …)"),
    /// Split long texts, or move them to the page body.
    TooLarge = ("E0110", Error, "the front matter is larger than prep reads (see the limits in the README)"),
    /// The schema nests at most a few levels; flatten the value.
    TooDeep = ("E0111", Error, "the front matter nests deeper than prep reads (see the limits)"),
    /// Remove the extra keys.
    TooManyKeys = ("E0112", Error, "a mapping has more keys than prep reads (see the limits)"),
    /// Split the community into several sections, or ask to raise the limit.
    TooManyItems = ("E0113", Error, "a list (city cards, members, …) or the number of chapter pages is over its limit (see the limits)"),
    DuplicateId = ("E0201", Error, "two city cards share an id"),
    IdNotSlug = ("E0202", Error, "a city id is not slug-safe (`a-z`, `0-9`, `-`)"),
    IdsDiffer = ("E0203", Error, "a city id exists in one language but not in another"),
    ChapterWithoutCard = ("E0204", Error, "a chapter page has no city card with its id"),
    /// A page with its own `organization.roles` (any number, highest first) accepts exactly those labels, in any case; a page with the seed's `position1..3` accepts those labels and the built-in names.
    BadRole = ("E0205", Error, "a member's role is not one the page declares (`organization.roles`, else 站长 / 副站长 / 委员 or lead / deputy / member)"),
    BadGithub = ("E0206", Error, "a GitHub handle is not a valid GitHub login (no `@`, no URL)"),
    BadDate = ("E0207", Error, "a chapter's `founded` is not a `YYYY-MM-DD` date"),
    /// Keep one file per chapter.
    DuplicateChapter = ("E0208", Error, "two content files Hugo renders are the same chapter (`x.md` and `x/index.md`, or two extensions)"),
    /// Chapters are `<id>.md` or `<id>/index.md` directly in the section: Hugo would publish a page in a subfolder (or a nested section) with the theme's layouts, though prep has no chapter for it.
    StrayPage = ("E0209", Error, "a content file Hugo renders in the user-group section is not a chapter (`<id>.md`, `<id>/index.md`): a page in a subfolder or a nested section"),
    /// `forming` is a chapter being set up (the seed's 初创阶段), `active` one that holds events, `paused` one that has stopped for now.
    BadStatus = ("E0210", Error, "a chapter's `status` is not `forming`, `active` or `paused`"),
    /// Two capital letters from the ISO 3166-1 list, e.g. `CN`, `DE`, `US`.
    BadCountry = ("E0211", Error, "a chapter's `country` is not an ISO 3166-1 alpha-2 code"),
    /// Latitude first, from -90 to 90; longitude second, from -180 to 180; decimal degrees, e.g. `[31.23, 121.47]`.
    BadCoordinates = ("E0212", Error, "a chapter's `coordinates` is not `[latitude, longitude]` in decimal degrees within range"),
    /// A time without an offset is a different moment for every reader (and every calendar app); write it as `2026-03-14T14:00:00+08:00`.
    BadEventTime = ("E0213", Error, "an event's `start` or `end` is not an RFC 3339 date-time with a UTC offset"),
    EventEndsFirst = ("E0214", Error, "an event's `end` is not after its `start`"),
    /// Give a `venue` (name and address), or `online: true` with a `link`, or both for a hybrid event.
    EventWithoutPlace = ("E0215", Error, "an event has neither a `venue` nor `online: true`"),
    /// People cannot join an online event without the link.
    OnlineWithoutLink = ("E0216", Error, "an online event has no `link`"),
    /// Two events with the same start and title are one event written twice (a calendar would show it twice).
    DuplicateEvent = ("E0217", Error, "two events of a chapter have the same start and title"),
    ImageMissing = ("E0301", Error, "a referenced image does not exist in `static/` or `assets/` of the site or theme"),
    ImageEscapes = ("E0302", Error, "an image path escapes the site or theme (`..`, absolute path, symlink out)"),
    NotAnImage = ("E0303", Error, "a referenced file is not an image of a supported format (JPEG, PNG, WebP, GIF, SVG)"),
    ImageTooSmall = ("E0304", Error, "an image is narrower than the smallest width its role renders"),
    ImageSmall = ("W0305", Warning, "an image is narrower than its role needs for sharp 2x screens (some variants are missing)"),
    UnsafeSvg = ("E0306", Error, "an SVG uses an element, attribute or CSS outside the allowlist (script, event handler, external reference, …), or is not well-formed XML"),
    RemoteImage = ("E0307", Error, "an image is a remote URL; prep renders images from files in the site"),
    ImageRender = ("E0390", Error, "an image fails to decode in full, or exceeds the decoding limits; reported at the front-matter value that references it"),
    Scss = ("E0391", Error, "the SCSS failed to compile; reported at the `.scss` file and line"),
    /// Import only files under the site's or the theme's `assets/usergroup/`.
    ScssImport = ("E0392", Error, "an SCSS import leaves the site and theme `assets/`, or is a URL"),
    NamesOtherCity = ("W0401", Warning, "a city's text names another city (\"活跃在上海\" in the Hangzhou card)"),
    SameFoundingDate = ("W0402", Warning, "every city has the same founding date"),
    ProseCount = ("W0403", Warning, "prose counts the cities differently from the cards (\"三个城市站\" with four cards)"),
    ProseList = ("W0404", Warning, "prose lists cities that differ from the cards"),
    MemberCount = ("W0405", Warning, "a card's \"核心成员 N 人\" / \"N core members\" disagrees with its chapter page's members"),
    CopiedText = ("W0406", Warning, "two cities' texts are the same apart from names and numbers (copied, not written)"),
    /// The card says 初创阶段 / "early stage" / "forming" but `status` is `active`, or the reverse: update whichever is out of date.
    StatusProse = ("W0407", Warning, "a chapter's prose calls it forming (初创阶段, \"early stage\") while its `status` is `active`, or the reverse"),
    /// Counted from the last event's start (or `founded`, without events) to the build date; set `status: paused`, add the events, or change `params.usergroup.inactiveAfterDays`.
    InactiveChapter = ("W0408", Warning, "an active chapter has had no event for longer than `params.usergroup.inactiveAfterDays` (default 180)"),
    /// Checked against a rough bounding box of the country, for the countries prep has one of (README); other countries are not checked.
    CoordinatesOutsideCountry = ("W0409", Warning, "a chapter's `coordinates` are outside its `country` (swapped latitude and longitude, or a wrong sign)"),
    /// `prep new city`, `new member` and `new event` write values starting with `TODO:` (`TODO：` in Chinese) that say what to write there, and a grey placeholder photo; each is reported until it is replaced, so a scaffolded chapter builds at once and nobody publishes the placeholders by mistake.
    Placeholder = ("W0410", Warning, "a value is still the scaffold's placeholder (a text starting with `TODO:`, or the grey placeholder photo): write the real one"),
    LinkScheme = ("E0501", Error, "a link uses a forbidden scheme (`javascript:`, `data:`, `file:`, `vbscript:`)"),
    LinkKind = ("E0502", Error, "a link is neither http(s) nor site-relative (`/…`)"),
    LinkPlaceholder = ("W0503", Warning, "a link points at a placeholder host (`baidu.com`, `example.com`, `localhost`, …)"),
    /// Only `prep new` reports it, about its arguments; it writes nothing then. The message says which city ids exist, or where the member already is.
    NewRefused = ("E0601", Error, "`prep new` cannot make the change: the city is unknown or has no chapter page, or the member is already listed"),
}

impl Code {
    /// The code with the id `id` (`E0105`), if there is one.
    pub fn from_id(id: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == id)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Tests compare codes with ids: `assert_eq!(d.code, "E0105")`.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

/// The README's table of codes, generated from [`Code::ALL`].
pub fn markdown_table() -> String {
    let mut out = String::from("| code | severity | meaning |\n|---|---|---|\n");
    for code in Code::ALL {
        let severity = match code.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!("| {code} | {severity} | {} |\n", code.summary()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_sorted_and_match_the_severity_letter() {
        for pair in Code::ALL.windows(2) {
            assert!(pair[0].as_str()[1..] < pair[1].as_str()[1..], "{:?}", pair);
        }
        for code in Code::ALL {
            let letter = match code.severity() {
                Severity::Error => 'E',
                Severity::Warning => 'W',
            };
            assert!(code.as_str().starts_with(letter), "{code}");
            assert_eq!(Code::from_id(code.as_str()), Some(*code));
        }
    }
}
