//! Adding one item to a list in a file's front matter, as a text edit at the list's span.
//!
//! The person's file is never re-serialised: the loader's tree ([`crate::load::yaml`]) says
//! where the list and its last item start, this module finds where that item ends in the
//! text, and new lines go in right there, with the indentation, line ends and item spacing
//! the list already has. Everything else (comments, key order, quoting, blank lines) stays
//! byte for byte. The cases:
//!
//! - a block list (`- a`): the new item follows the last item's last line (its own comments,
//!   indented under it, included; a comment at the list's level or less belongs to what
//!   follows and stays after the new item). A blank line goes before it when the last two
//!   items are separated by one.
//! - an empty flow list (`key: []`) or a key with no value: the brackets go, and the item
//!   is written as a block list under the key (a comment after them stays on the key's line).
//! - a flow list with items (`[a, b]`): the item is added before the `]` as a flow mapping.
//! - a top-level key that is not there: `key:` and the item are added at the end of the
//!   front matter.

use crate::diagnostic::Diagnostic;
use crate::load::yaml::{self, Entry, Kind, Node};
use crate::load::{front_matter, FrontMatter};
use crate::model::Span;

/// A value to write.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Value {
    /// Text, written plain when YAML reads it back as the same text, else double-quoted.
    Text(String),
    /// Written exactly as given (a date-time, `true`): the caller knows it reads back right.
    Raw(String),
    /// A nested mapping, keys in this order.
    Map(Vec<(String, Value)>),
}

/// One list item: a mapping, keys in the order written.
pub type Item = Vec<(String, Value)>;

/// Why a list could not be edited (the caller says which file and command).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError(pub String);

impl From<Diagnostic> for EditError {
    fn from(d: Diagnostic) -> Self {
        EditError(format!("{}:{}:{}: {}", d.file, d.line, d.column, d.message))
    }
}

/// `text` (a whole content file) with `item` appended to the list at `path` (keys from the
/// top, matched ignoring case as the loader matches them) of its front matter.
pub fn append_item(
    file: &str,
    text: &str,
    path: &[&str],
    item: &[(String, Value)],
) -> Result<String, EditError> {
    let fm = front_matter(file, text)?;
    let mut diags = Vec::new();
    let root = yaml::parse(file, fm.yaml, fm.first_line, &mut diags).map_err(|e| {
        EditError(format!(
            "{file}:{}:{}: {}",
            e.span.line, e.span.column, e.message
        ))
    })?;
    let doc = Doc::new(text, &fm);
    let Some((last_key, parents)) = path.split_last() else {
        return Err(EditError("no list named".into()));
    };
    let mut node = &root;
    for key in parents {
        node = match entry(node, key) {
            Some(e) => &e.value,
            None => return Err(EditError(format!("{file}: `{key}` is missing"))),
        };
    }
    match entry(node, last_key) {
        None if parents.is_empty() => Ok(doc.append_key(last_key, item)),
        None => Err(EditError(format!(
            "{file}: `{}` is missing",
            path.join(".")
        ))),
        Some(found) => doc.append_to(found, item, &path.join(".")),
    }
}

/// The keys of the last item of the list at `path`, as written (spelling and order), or
/// nothing when there is no such item: a new item follows the shape of the ones before it.
pub fn last_item_keys(file: &str, text: &str, path: &[&str]) -> Vec<String> {
    let Ok(fm) = front_matter(file, text) else {
        return Vec::new();
    };
    let mut diags = Vec::new();
    let Ok(mut node) = yaml::parse(file, fm.yaml, fm.first_line, &mut diags) else {
        return Vec::new();
    };
    for key in path {
        match entry(&node, key) {
            Some(e) => node = e.value.clone(),
            None => return Vec::new(),
        }
    }
    match &node.kind {
        Kind::Seq(items) => match items.last().map(|i| &i.kind) {
            Some(Kind::Map(entries)) => entries.iter().map(|e| e.key.clone()).collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The entry `key` of a mapping node, ignoring case.
fn entry<'n>(node: &'n Node, key: &str) -> Option<&'n Entry> {
    let Kind::Map(entries) = &node.kind else {
        return None;
    };
    let key = key.to_lowercase();
    entries.iter().find(|e| e.key.to_lowercase() == key)
}

/// The file's text with what the edits need to know about it.
struct Doc<'a> {
    text: &'a str,
    /// The byte offset of each line's start (line 1 first).
    line_starts: Vec<usize>,
    /// The byte range of the YAML between the fences.
    yaml: std::ops::Range<usize>,
    /// `\r\n` when the file uses it, else `\n`.
    eol: &'static str,
}

impl<'a> Doc<'a> {
    fn new(text: &'a str, fm: &FrontMatter<'_>) -> Self {
        let start = fm.yaml.as_ptr() as usize - text.as_ptr() as usize;
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Doc {
            text,
            line_starts,
            yaml: start..start + fm.yaml.len(),
            eol: if text.contains("\r\n") { "\r\n" } else { "\n" },
        }
    }

    /// The text of 1-based line `n`, without its line end.
    fn line(&self, n: usize) -> &'a str {
        let start = self
            .line_starts
            .get(n - 1)
            .copied()
            .unwrap_or(self.text.len());
        let end = self.line_starts.get(n).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The byte offset of `span`.
    fn offset(&self, span: Span) -> usize {
        let start = self
            .line_starts
            .get(span.line - 1)
            .copied()
            .unwrap_or(self.text.len());
        let line = self.line(span.line);
        start
            + line
                .char_indices()
                .nth(span.column - 1)
                .map_or(line.len(), |(i, _)| i)
    }

    /// The byte offset just after 1-based line `n` (its line end included).
    fn after_line(&self, n: usize) -> usize {
        self.line_starts.get(n).copied().unwrap_or(self.text.len())
    }

    /// The last line of the YAML (the line before the closing fence).
    fn last_yaml_line(&self) -> usize {
        self.line_starts
            .iter()
            .take_while(|start| **start < self.yaml.end)
            .count()
    }

    fn splice(&self, at: std::ops::Range<usize>, new: &str) -> String {
        format!("{}{new}{}", &self.text[..at.start], &self.text[at.end..])
    }

    /// `key:` and the item as a block list, at the end of the front matter.
    fn append_key(&self, key: &str, item: &[(String, Value)]) -> String {
        let mut new = format!("{key}:{}", self.eol);
        new.push_str(&block_item(item, "  ", "    ", self.eol));
        self.splice(self.yaml.end..self.yaml.end, &new)
    }

    fn append_to(
        &self,
        entry: &Entry,
        item: &[(String, Value)],
        name: &str,
    ) -> Result<String, EditError> {
        let key_indent = " ".repeat(entry.key_span.column - 1);
        let (dash, content) = (format!("{key_indent}  "), format!("{key_indent}    "));
        match &entry.value.kind {
            Kind::Null => {
                let at = self.after_line(entry.key_span.line);
                Ok(self.splice(at..at, &block_item(item, &dash, &content, self.eol)))
            }
            Kind::Seq(items) => {
                let open = self.offset(entry.value.span);
                if self.text[open..].starts_with('[') {
                    if items.is_empty() {
                        self.fill_empty_flow(entry, open, item, (&dash, &content))
                    } else {
                        self.append_flow(open, item, name)
                    }
                } else {
                    self.append_block(items, item, name)
                }
            }
            _ => Err(EditError(format!(
                "`{name}` at line {} is {}, not a list",
                entry.value.span.line,
                entry.value.type_name()
            ))),
        }
    }

    /// `key: []` becomes `key:` with the item as a block list under it.
    fn fill_empty_flow(
        &self,
        entry: &Entry,
        open: usize,
        item: &[(String, Value)],
        (dash, content): (&str, &str),
    ) -> Result<String, EditError> {
        let (close, _) = flow_end(self.text, open).ok_or_else(|| {
            EditError(format!(
                "the `[` at line {} is not closed",
                entry.value.span.line
            ))
        })?;
        let line_end = self.after_line(entry.key_span.line);
        let line_text_end =
            self.line_starts[entry.key_span.line - 1] + self.line(entry.key_span.line).len();
        if close >= line_text_end {
            return Err(EditError(format!(
                "the empty list at line {} spans lines; write it as `[]` on the key's line",
                entry.value.span.line
            )));
        }
        let before = self.text[..open].trim_end_matches([' ', '\t']).len();
        let rest = self.text[close + 1..line_text_end].trim();
        let mut new = String::new();
        if !rest.is_empty() {
            new.push(' ');
            new.push_str(rest);
        }
        new.push_str(self.eol);
        new.push_str(&block_item(item, dash, content, self.eol));
        Ok(self.splice(before..line_end, &new))
    }

    /// `[a, b]` becomes `[a, b, {…}]`.
    fn append_flow(
        &self,
        open: usize,
        item: &[(String, Value)],
        name: &str,
    ) -> Result<String, EditError> {
        let (_, last) = flow_end(self.text, open)
            .ok_or_else(|| EditError(format!("the list `{name}` is not closed")))?;
        let comma = if self.text[..last].ends_with(',') {
            " "
        } else {
            ", "
        };
        let new = format!("{comma}{}", flow_map(item));
        Ok(self.splice(last..last, &new))
    }

    /// A new `- …` after the last item of a block list.
    fn append_block(
        &self,
        items: &[Node],
        item: &[(String, Value)],
        name: &str,
    ) -> Result<String, EditError> {
        let last = items
            .last()
            .ok_or_else(|| EditError(format!("`{name}` is empty")))?;
        let line = self.line(last.span.line);
        let content_at = self.offset(last.span) - self.line_starts[last.span.line - 1];
        let before = &line[..content_at];
        let dash_at =
            before.trim_end().len().checked_sub(1).filter(|i| {
                before.as_bytes()[*i] == b'-' && before[..*i].chars().all(|c| c == ' ')
            });
        let Some(dash_at) = dash_at else {
            return Err(EditError(format!(
                "the last item of `{name}` (line {}) does not start on its `- ` line; add the item by hand",
                last.span.line
            )));
        };
        let dash_indent = &line[..dash_at];
        let content_indent = " ".repeat(before.chars().count());
        let end_line = self.item_end(last.span.line, dash_at);
        let mut new = String::new();
        let spaced = items.len() > 1
            && last.span.line > 1
            && self.line(last.span.line - 1).trim().is_empty();
        if spaced {
            new.push_str(self.eol);
        }
        new.push_str(&block_item(item, dash_indent, &content_indent, self.eol));
        let at = self.after_line(end_line);
        Ok(self.splice(at..at, &new))
    }

    /// The last line of the block item that starts on `first` with its dash at column
    /// `dash` (0-based): lines indented deeper belong to it (its comments too); it ends
    /// before the first other line at the dash's indentation or less, or at the fence.
    fn item_end(&self, first: usize, dash: usize) -> usize {
        let mut last = first;
        for n in first + 1..=self.last_yaml_line() {
            let line = self.line(n);
            let trimmed = line.trim_start();
            if trimmed.is_empty() {
                continue;
            }
            let indent = line.len() - trimmed.len();
            if indent > dash {
                last = n;
            } else if !trimmed.starts_with('#') {
                break;
            }
        }
        last
    }
}

/// The block lines of one item: `{dash}- key: value`, then `{content}key: value`, nested
/// mappings two spaces deeper.
fn block_item(item: &[(String, Value)], dash: &str, content: &str, eol: &str) -> String {
    let mut out = String::new();
    for (i, (key, value)) in item.iter().enumerate() {
        if i == 0 {
            out.push_str(&format!("{dash}- "));
        } else {
            out.push_str(content);
        }
        block_pair(&mut out, key, value, content, eol);
    }
    out
}

fn block_pair(out: &mut String, key: &str, value: &Value, indent: &str, eol: &str) {
    match value {
        Value::Text(text) => out.push_str(&format!("{key}: {}{eol}", scalar(text))),
        Value::Raw(raw) => out.push_str(&format!("{key}: {raw}{eol}")),
        Value::Map(pairs) => {
            out.push_str(&format!("{key}:{eol}"));
            let deeper = format!("{indent}  ");
            for (k, v) in pairs {
                out.push_str(&deeper);
                block_pair(out, k, v, &deeper, eol);
            }
        }
    }
}

/// `{key: "value", …}` on one line.
fn flow_map(item: &[(String, Value)]) -> String {
    let pairs: Vec<String> = item
        .iter()
        .map(|(k, v)| match v {
            Value::Text(text) => format!("{k}: {}", quoted(text)),
            Value::Raw(raw) => format!("{k}: {raw}"),
            Value::Map(pairs) => format!("{k}: {}", flow_map(pairs)),
        })
        .collect();
    format!("{{{}}}", pairs.join(", "))
}

/// Text as a YAML scalar: plain when that reads back as the same text, else double-quoted.
pub fn scalar(text: &str) -> String {
    if is_plain_safe(text) {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// A double-quoted YAML scalar (JSON's string escapes are YAML's).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{}\"", text.replace('"', "'")))
}

/// Whether `text` can be written plain and read back as the same text (not a number, a
/// boolean or null, no indicator that changes its meaning).
fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let special = |c: char| ":#\"'[]{},&*!|>%@`\\".contains(c) || c.is_control();
    let lower = text.to_lowercase();
    (first.is_alphanumeric() || first == '/')
        && text.trim() == text
        && !text.chars().any(special)
        && text.parse::<f64>().is_err()
        && !matches!(
            lower.as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        )
}

/// For the flow collection opened at byte `open` (`[` or `{`): the byte of its closing
/// bracket, and the byte just after its last significant character before that (where an
/// item is appended). Quotes and comments are skipped.
fn flow_end(text: &str, open: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut last = open + 1;
    let mut chars = text[open..].char_indices().peekable();
    let mut prev = ' ';
    while let Some((i, c)) = chars.next() {
        let at = open + i;
        match c {
            '"' | '\'' => {
                let mut escaped = false;
                for (j, d) in chars.by_ref() {
                    if c == '"' && d == '\\' && !escaped {
                        escaped = true;
                        continue;
                    }
                    if d == c && !escaped {
                        last = open + j + 1;
                        break;
                    }
                    escaped = false;
                }
                prev = c;
                continue;
            }
            '#' if prev.is_whitespace() => {
                for (_, d) in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
                prev = '\n';
                continue;
            }
            '[' | '{' => depth += 1,
            ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((at, last));
                }
            }
            _ => {}
        }
        if !c.is_whitespace() {
            last = at + c.len_utf8();
        }
        prev = c;
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn card() -> Item {
        vec![
            ("id".into(), Value::Text("wuhan".into())),
            ("name".into(), Value::Text("TODO: the name".into())),
        ]
    }

    fn add(text: &str) -> String {
        append_item("f.md", text, &["citySection", "picList"], &card()).unwrap()
    }

    #[test]
    fn block_list_keeps_spacing_comments_and_indentation() {
        let text = "---\ntitle: x\ncitySection:\n  picList:\n    - id: a\n      name: 'A'   # quoted\n\n    - id: b\n      name: B\n      # about b\n  # the next key's comment\n  other: 1\n---\nbody\n";
        assert_eq!(
            add(text),
            "---\ntitle: x\ncitySection:\n  picList:\n    - id: a\n      name: 'A'   # quoted\n\n    - id: b\n      name: B\n      # about b\n\n    - id: wuhan\n      name: \"TODO: the name\"\n  # the next key's comment\n  other: 1\n---\nbody\n"
        );
    }

    #[test]
    fn indentless_list_at_the_end_of_the_front_matter_with_crlf() {
        let text = "---\r\ncitySection:\r\n  picList:\r\n  - id: a\r\n    name: A\r\n---\r\n";
        assert_eq!(
            add(text),
            "---\r\ncitySection:\r\n  picList:\r\n  - id: a\r\n    name: A\r\n  - id: wuhan\r\n    name: \"TODO: the name\"\r\n---\r\n"
        );
    }

    #[test]
    fn flow_lists_get_a_flow_item_and_empty_ones_become_block_lists() {
        let text = "---\ncitySection:\n  picList: [{id: a, name: A}]  # one\n---\n";
        assert_eq!(
            add(text),
            "---\ncitySection:\n  picList: [{id: a, name: A}, {id: \"wuhan\", name: \"TODO: the name\"}]  # one\n---\n"
        );
        let text = "---\ncitySection:\n  picList: [\n    {id: a, name: A},  # a comment, with a ] in it\n  ]\n---\n";
        assert_eq!(
            add(text),
            "---\ncitySection:\n  picList: [\n    {id: a, name: A}, {id: \"wuhan\", name: \"TODO: the name\"}  # a comment, with a ] in it\n  ]\n---\n"
        );
        let text = "---\ncitySection:\n  picList: []   # none yet\n  x: 1\n---\n";
        assert_eq!(
            add(text),
            "---\ncitySection:\n  picList: # none yet\n    - id: wuhan\n      name: \"TODO: the name\"\n  x: 1\n---\n"
        );
        let text = "---\ncitySection:\n  picList:\n---\n";
        assert_eq!(
            add(text),
            "---\ncitySection:\n  picList:\n    - id: wuhan\n      name: \"TODO: the name\"\n---\n"
        );
    }

    #[test]
    fn a_missing_top_level_list_is_added_at_the_end_and_nested_values_indent() {
        let item = vec![
            ("title".into(), Value::Text("Meetup: one".into())),
            (
                "start".into(),
                Value::Raw("2027-03-14T14:00:00+08:00".into()),
            ),
            (
                "venue".into(),
                Value::Map(vec![("name".into(), Value::Text("Hall".into()))]),
            ),
        ];
        let text = "---\ntitle: x\n---\n";
        assert_eq!(
            append_item("f.md", text, &["events"], &item).unwrap(),
            "---\ntitle: x\nevents:\n  - title: \"Meetup: one\"\n    start: 2027-03-14T14:00:00+08:00\n    venue:\n      name: Hall\n---\n"
        );
    }

    /// The ids of `citySection.picList` as the loader reads them.
    fn ids(text: &str) -> Vec<String> {
        let fm = front_matter("f.md", text).unwrap();
        let root = yaml::parse("f.md", fm.yaml, fm.first_line, &mut Vec::new()).unwrap();
        let list = &entry(&entry(&root, "citySection").unwrap().value, "picList")
            .unwrap()
            .value;
        match &list.kind {
            Kind::Seq(items) => items
                .iter()
                .map(|item| match &entry(item, "id").unwrap().value.kind {
                    Kind::Scalar { text, .. } => text.clone(),
                    other => panic!("{other:?}"),
                })
                .collect(),
            Kind::Null => Vec::new(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_edit_reads_back_as_the_list_plus_the_item() {
        for text in [
            "---\ncitySection:\n  picList:\n    - id: a # x\n      # y\n# z\n---\n",
            "---\r\ncitySection:\r\n  picList:\r\n  - id: a\r\n---\r\n",
            "---\ncitySection:\n  picList: [{id: a}, {id: b},]\n---\n",
            "---\ncitySection:\n  picList: [ ]  # none\n---\n",
            "---\ncitySection: {picList: [{id: 'a'}]}\n---\n",
            "---\ncitySection:\n  picList:\n    - id: a\n      des: |\n        # not a comment\n\n        more\n---\n",
        ] {
            let mut want = ids(text);
            want.push("wuhan".into());
            assert_eq!(ids(&add(text)), want, "{text:?} -> {:?}", add(text));
        }
    }

    #[test]
    fn garbage_never_panics_and_a_success_still_reads_back() {
        let seed =
            include_str!("../../../../fixtures/invalid/_base/content/zh/user-group/_index.md");
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for round in 0..400 {
            let mut bytes = seed.as_bytes().to_vec();
            for _ in 0..(round % 6) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let i = (state as usize) % bytes.len();
                let table = b"-:[]{}#'\" \n\r,|>";
                bytes[i] = table[(state >> 32) as usize % table.len()];
            }
            let text = String::from_utf8_lossy(&bytes);
            if let Ok(after) = append_item("f.md", &text, &["citySection", "picList"], &card()) {
                let fm = front_matter("f.md", &after).unwrap();
                let parsed = yaml::parse("f.md", fm.yaml, fm.first_line, &mut Vec::new());
                assert!(parsed.is_ok(), "{text:?} -> {after:?}");
            }
        }
    }

    #[test]
    fn what_is_not_a_list_is_refused() {
        let err = append_item("f.md", "---\nevents: 3\n---\n", &["events"], &card()).unwrap_err();
        assert!(err.0.contains("not a list"), "{err:?}");
        assert!(append_item("f.md", "---\nevents: [\n---\n", &["events"], &card()).is_err());
    }

    #[test]
    fn plain_only_when_it_reads_back_the_same() {
        for (text, plain) in [
            ("wuhan", true),
            ("/images/a.png", true),
            ("武汉站", true),
            ("TODO: x", false),
            ("true", false),
            ("12", false),
            ("- a", false),
            (" a", false),
            ("a # b", false),
            ("", false),
        ] {
            assert_eq!(is_plain_safe(text), plain, "{text:?}");
        }
    }
}
