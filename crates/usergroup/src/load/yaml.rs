//! A YAML document as a tree whose every node knows where it was written.
//!
//! serde_yaml's values forget their positions once parsed; checks made after loading (a
//! duplicate id, a missing file, a link) still have to point at the exact value. So the
//! front matter is read a second time with `saphyr-parser`, whose events carry markers, into
//! this small tree. Positions are converted to the whole file's line numbers here, once.
//!
//! The tree is also where the input's size is bounded (every limit has its own code, and
//! the README lists them): building it is linear in the input, and nothing after it walks
//! more than the tree. Two keys of one mapping that are the same ignoring case are reported
//! here (`E0106`, with the first one as a label), and the later one is dropped, so the rest
//! of loading sees each key once.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span as YamlSpan};

use crate::diagnostic::{Code, Diagnostic};
use crate::model::Span;

/// Nesting deeper than this is refused (`E0111`): the schema nests five levels, and a
/// deeper document is either a mistake or an attack on the stack.
pub const MAX_DEPTH: usize = 16;
/// Nodes (after alias expansion) above this are refused (`E0110`): an alias bomb is an
/// error, not an out-of-memory kill.
pub const MAX_NODES: usize = 100_000;
/// Keys in one mapping above this are refused (`E0112`).
pub const MAX_KEYS: usize = 256;
/// Items in one list above this are refused (`E0113`): cards, members, list entries.
pub const MAX_ITEMS: usize = 1_000;

/// A YAML node with the position of its first character.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What it holds.
    pub kind: Kind,
    /// Where it starts in the file (1-based line and column; columns in characters).
    pub span: Span,
}

/// The kinds of YAML node the front matter can hold.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Kind {
    /// `~`, `null` or nothing at all.
    Null,
    /// Any scalar: text, number, boolean or date, as written.
    Scalar {
        /// The scalar's value (quotes and escapes resolved).
        text: String,
        /// Whether it was written plain (so `123` is a number to YAML, `"123"` text).
        plain: bool,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, keys in the order written.
    Map(Vec<Entry>),
}

/// One `key: value` of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key as written.
    pub key: String,
    /// Where the key starts.
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

impl Node {
    /// A short name of the node's type for messages: "text", "a list", "a mapping", "nothing".
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            Kind::Null => "nothing",
            Kind::Scalar { .. } => "text",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }
}

/// Why the tree could not be built: a syntax error or a limit, where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// `E0102` for syntax, `E0110`..`E0113` for limits.
    pub code: Code,
    /// Position in the file.
    pub span: Span,
    /// The parser's message.
    pub message: String,
}

/// Parses `yaml`, whose first line is line `first_line` of `file`, into a tree. An empty
/// document is [`Kind::Null`]. Findings that do not stop parsing (duplicate keys, YAML
/// tags) are added to `diags`.
pub fn parse(
    file: &str,
    yaml: &str,
    first_line: usize,
    diags: &mut Vec<Diagnostic>,
) -> Result<Node, SyntaxError> {
    let mut builder = Builder {
        parser: Parser::new_from_str(yaml),
        anchors: HashMap::new(),
        offset: first_line.saturating_sub(1),
        nodes: 0,
        file,
        diags,
        yaml,
        open: Vec::new(),
    };
    builder.document()
}

struct Builder<'a, 'd> {
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    anchors: HashMap<usize, Node>,
    offset: usize,
    nodes: usize,
    file: &'d str,
    diags: &'d mut Vec<Diagnostic>,
    yaml: &'a str,
    /// Collections being read: where each starts, and its first character's (char) index (to tell
    /// a flow `[`/`{`, whose unclosed end is the usual cause of a syntax error, from a block).
    open: Vec<(Span, usize)>,
}

fn limit(code: Code, span: Span, message: String) -> SyntaxError {
    SyntaxError {
        code,
        span,
        message,
    }
}

impl<'a> Builder<'a, '_> {
    fn span(&self, span: &YamlSpan) -> Span {
        Span {
            line: span.start.line() + self.offset,
            column: span.start.col() + 1,
        }
    }

    fn scan_error(&self, err: &ScanError) -> SyntaxError {
        let m = err.marker();
        // The scanner reads ahead of the events and stops by itself at 256 open flow
        // collections; that is the same limit as ours, met earlier in the text.
        let code = if err.info().contains("recursion limit") {
            Code::TooDeep
        } else {
            Code::YamlSyntax
        };
        let span = Span {
            line: m.line() + self.offset,
            column: m.col() + 1,
        };
        let mut message = err.info().to_string();
        if let Some(flow) = self.innermost_flow() {
            if flow.line != span.line {
                message.push_str(&format!(
                    " (inside the list or mapping opened at line {}, column {}: is a `]` or `}}` missing?)",
                    flow.line, flow.column
                ));
            }
        }
        SyntaxError {
            code,
            span,
            message,
        }
    }

    fn next(&mut self) -> Result<(Event<'a>, YamlSpan), SyntaxError> {
        match self.parser.next_event() {
            Some(Ok(ev)) => Ok(ev),
            Some(Err(err)) => Err(self.scan_error(&err)),
            None => Err(SyntaxError {
                code: Code::YamlSyntax,
                span: Span {
                    line: self.offset + 1,
                    column: 1,
                },
                message: "unexpected end of the front matter".into(),
            }),
        }
    }

    /// The innermost collection being read that was opened with `[` or `{`.
    fn innermost_flow(&self) -> Option<Span> {
        self.open.iter().rev().find_map(|(span, index)| {
            let first = self
                .yaml
                .get(byte_index(self.yaml, *index)..)
                .and_then(|r| r.chars().next());
            matches!(first, Some('[' | '{')).then_some(*span)
        })
    }

    fn document(&mut self) -> Result<Node, SyntaxError> {
        let mut root = None;
        loop {
            let (event, span) = self.next()?;
            match event {
                Event::StreamStart
                | Event::DocumentStart(_)
                | Event::DocumentEnd
                | Event::Nothing => {}
                Event::StreamEnd => break,
                other => {
                    let node = self.node(other, span, 0)?;
                    if root.is_some() {
                        return Err(SyntaxError {
                            code: Code::YamlSyntax,
                            span: node.span,
                            message: "more than one YAML document in the front matter".into(),
                        });
                    }
                    root = Some(node);
                }
            }
        }
        Ok(root.unwrap_or(Node {
            kind: Kind::Null,
            span: Span {
                line: self.offset + 1,
                column: 1,
            },
        }))
    }

    fn count(&mut self, span: Span, by: usize) -> Result<(), SyntaxError> {
        self.nodes = self.nodes.saturating_add(by);
        if self.nodes > MAX_NODES {
            return Err(limit(
                Code::TooLarge,
                span,
                format!(
                    "the front matter expands to more than {MAX_NODES} values (aliases included)"
                ),
            ));
        }
        Ok(())
    }

    fn node(
        &mut self,
        event: Event<'a>,
        yspan: YamlSpan,
        depth: usize,
    ) -> Result<Node, SyntaxError> {
        let span = self.span(&yspan);
        if depth > MAX_DEPTH {
            return Err(limit(
                Code::TooDeep,
                span,
                format!("the front matter nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.count(span, 1)?;
        let is_seq = matches!(event, Event::SequenceStart(..));
        let (kind, anchor) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                self.refuse_tag(tag.as_deref(), span);
                let plain = style == ScalarStyle::Plain;
                let kind = if plain && matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL")
                {
                    Kind::Null
                } else {
                    Kind::Scalar {
                        text: text.into_owned(),
                        plain,
                    }
                };
                (kind, anchor)
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                self.refuse_tag(tag.as_deref(), span);
                self.open.push((span, yspan.start.index()));
                let kind = if is_seq {
                    Kind::Seq(self.items(depth)?)
                } else {
                    Kind::Map(self.entries(depth)?)
                };
                self.open.pop();
                (kind, anchor)
            }
            Event::Alias(id) => return self.alias(id, span),
            other => {
                return Err(SyntaxError {
                    code: Code::YamlSyntax,
                    span,
                    message: format!("unexpected YAML event {other:?}"),
                });
            }
        };
        let node = Node { kind, span };
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }

    /// The items of a sequence, up to its end.
    fn items(&mut self, depth: usize) -> Result<Vec<Node>, SyntaxError> {
        let mut items = Vec::new();
        loop {
            let (event, yspan) = self.next()?;
            if matches!(event, Event::SequenceEnd) {
                return Ok(items);
            }
            if items.len() == MAX_ITEMS {
                return Err(limit(
                    Code::TooManyItems,
                    self.span(&yspan),
                    format!("a list has more than {MAX_ITEMS} items"),
                ));
            }
            items.push(self.node(event, yspan, depth + 1)?);
        }
    }

    /// The entries of a mapping, up to its end; a key equal to an earlier one but for case
    /// is reported and dropped. Keys are looked up in a hash map, so a mapping is linear.
    fn entries(&mut self, depth: usize) -> Result<Vec<Entry>, SyntaxError> {
        let mut entries: Vec<Entry> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        loop {
            let (event, kspan) = self.next()?;
            if matches!(event, Event::MappingEnd) {
                return Ok(entries);
            }
            let key_node = self.node(event, kspan, depth + 1)?;
            let key = match key_node.kind {
                Kind::Scalar { text, .. } => text,
                Kind::Null => String::new(),
                _ => {
                    return Err(SyntaxError {
                        code: Code::YamlSyntax,
                        span: key_node.span,
                        message: "a key must be plain text, not a list or mapping".into(),
                    })
                }
            };
            let (event, vspan) = self.next()?;
            let value = self.node(event, vspan, depth + 1)?;
            let entry = Entry {
                key,
                key_span: key_node.span,
                value,
            };
            let lower = entry.key.to_lowercase();
            if let Some(&first) = seen.get(&lower) {
                self.duplicate(&entries[first], &entry);
                continue;
            }
            if entries.len() == MAX_KEYS {
                return Err(limit(
                    Code::TooManyKeys,
                    entry.key_span,
                    format!("a mapping has more than {MAX_KEYS} keys"),
                ));
            }
            seen.insert(lower, entries.len());
            entries.push(entry);
        }
    }

    /// A copy of the anchored node, counted against [`MAX_NODES`] before it is made.
    fn alias(&mut self, id: usize, span: Span) -> Result<Node, SyntaxError> {
        let Some(target) = self.anchors.get(&id) else {
            return Err(SyntaxError {
                code: Code::YamlSyntax,
                span,
                message: "alias to an unknown anchor".into(),
            });
        };
        let size = size(target);
        self.count(span, size)?;
        let mut copy = self.anchors[&id].clone();
        // The value is the anchor's; the position is the alias's, where it is used.
        copy.span = span;
        Ok(copy)
    }
}

impl Builder<'_, '_> {
    /// Two keys that are one to Hugo: reported at the second, with the first as a label.
    fn duplicate(&mut self, first: &Entry, again: &Entry) {
        let message = if first.key == again.key {
            format!("duplicate key `{}`", again.key)
        } else {
            format!(
                "`{}` and `{}` are the same key (keys ignore case)",
                first.key, again.key
            )
        };
        self.diags.push(
            Diagnostic::new(Code::DuplicateKey, self.file, again.key_span, message)
                .with_label(
                    self.file,
                    first.key_span,
                    format!("`{}` is first written here", first.key),
                )
                .with_help("keep one of them (Hugo would silently use only one)"),
        );
    }

    /// YAML tags (`!!binary`, `!custom`) change what a value is in ways Hugo and prep would
    /// read differently; the front matter is plain text, lists and mappings.
    fn refuse_tag(&mut self, tag: Option<&saphyr_parser::Tag>, span: Span) {
        if let Some(tag) = tag {
            self.diags.push(
                Diagnostic::new(
                    Code::WrongType,
                    self.file,
                    span,
                    format!("YAML tag `{}` is not supported", shown_tag(tag)),
                )
                .with_help("remove the tag; write the value as plain or quoted text"),
            );
        }
    }
}

/// A tag as people write it: `!!binary`, not `tag:yaml.org,2002:binary`.
fn shown_tag(tag: &saphyr_parser::Tag) -> String {
    match tag.handle.as_str() {
        "tag:yaml.org,2002:" => format!("!!{}", tag.suffix),
        handle => format!("{handle}{}", tag.suffix),
    }
}

/// The byte index of the `chars`-th character (saphyr's markers count characters). Only used
/// on the error path.
fn byte_index(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

fn size(node: &Node) -> usize {
    match &node.kind {
        Kind::Seq(items) => 1 + items.iter().map(size).sum::<usize>(),
        Kind::Map(entries) => 1 + entries.iter().map(|e| 1 + size(&e.value)).sum::<usize>(),
        _ => 1,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn map(node: &Node) -> &[Entry] {
        match &node.kind {
            Kind::Map(e) => e,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn positions_are_file_lines_and_char_columns() {
        let yaml = "title: 城市站\nlist:\n  - name: 上海站\n    id: shanghai\n";
        let root = parse("t.md", yaml, 2, &mut Vec::new()).unwrap();
        let top = map(&root);
        assert_eq!(top[0].key, "title");
        assert_eq!(top[0].value.span, Span { line: 2, column: 8 });
        let Kind::Seq(items) = &top[1].value.kind else {
            panic!()
        };
        let item = map(&items[0]);
        assert_eq!(
            item[0].value.span,
            Span {
                line: 4,
                column: 11
            }
        );
        assert_eq!(item[1].key_span, Span { line: 5, column: 5 });
        assert_eq!(item[1].value.span, Span { line: 5, column: 9 });
    }

    #[test]
    fn null_and_quoted_scalars() {
        let root = parse("t.md", "a:\nb: ~\nc: \"123\"\nd: 123\n", 1, &mut Vec::new()).unwrap();
        let top = map(&root);
        assert_eq!(top[0].value.kind, Kind::Null);
        assert_eq!(top[1].value.kind, Kind::Null);
        assert_eq!(
            top[2].value.kind,
            Kind::Scalar {
                text: "123".into(),
                plain: false
            }
        );
        assert_eq!(
            top[3].value.kind,
            Kind::Scalar {
                text: "123".into(),
                plain: true
            }
        );
    }

    #[test]
    fn syntax_error_has_a_file_position() {
        let err = parse("t.md", "a: b\n  c: [\n", 2, &mut Vec::new()).unwrap_err();
        assert_eq!((err.code, err.span.line), (Code::YamlSyntax, 3), "{err:?}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..8 {
            let prev = i - 1;
            yaml.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
        }
        let err = parse("t.md", &yaml, 1, &mut Vec::new()).unwrap_err();
        assert_eq!(err.code, Code::TooLarge, "{err:?}");
    }

    #[test]
    fn deep_nesting_is_refused_at_the_first_level_too_deep() {
        // 300 kB of nested flow lists: refused at once, without reading the rest (the
        // scanner, which reads ahead of the events, stops at 256 open brackets).
        let yaml = format!("{}{}", "[".repeat(150_000), "]".repeat(150_000));
        let err = parse("t.md", &yaml, 1, &mut Vec::new()).unwrap_err();
        assert_eq!(err.code, Code::TooDeep, "{err:?}");
        assert!(err.span.column <= 257, "{err:?}");
        let yaml = format!("x: {}{}", "[".repeat(40), "]".repeat(40));
        let err = parse("t.md", &yaml, 1, &mut Vec::new()).unwrap_err();
        let at = Span {
            line: 1,
            column: 3 + MAX_DEPTH + 1,
        };
        assert_eq!(
            (err.code, err.span),
            (Code::TooDeep, at),
            "the 17th bracket: {err:?}"
        );
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(parse("t.md", &ok, 1, &mut Vec::new()).is_ok());
    }

    #[test]
    fn too_many_keys_or_items_are_refused_where_the_limit_is_passed() {
        let keys: String = (0..=MAX_KEYS).map(|i| format!("k{i}: v\n")).collect();
        let err = parse("t.md", &keys, 2, &mut Vec::new()).unwrap_err();
        assert_eq!((err.code, err.span.line), (Code::TooManyKeys, MAX_KEYS + 2));
        assert!(parse(
            "t.md",
            &keys[..keys.rfind("k").unwrap()],
            2,
            &mut Vec::new()
        )
        .is_ok());
        let items: String = (0..=MAX_ITEMS).map(|_| "- x\n").collect();
        let err = parse("t.md", &items, 1, &mut Vec::new()).unwrap_err();
        assert_eq!(
            (err.code, err.span.line),
            (Code::TooManyItems, MAX_ITEMS + 1)
        );
    }

    #[test]
    fn duplicate_keys_by_case_are_reported_once_with_the_first_as_a_label() {
        let mut diags = Vec::new();
        let root = parse(
            "t.md",
            "title: a\nname: b\nTitle: c\ntitle: d\n",
            2,
            &mut diags,
        )
        .unwrap();
        assert_eq!(map(&root).len(), 2, "later duplicates are dropped");
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert_eq!(
            (diags[0].code, diags[0].line, diags[0].column),
            (Code::DuplicateKey, 4, 1)
        );
        assert_eq!(
            diags[0].message,
            "`title` and `Title` are the same key (keys ignore case)"
        );
        assert_eq!((diags[0].labels[0].line, diags[0].labels[0].column), (2, 1));
        assert_eq!(diags[1].message, "duplicate key `title`");
        assert_eq!(diags[1].line, 5);
    }

    #[test]
    fn yaml_tags_are_refused_where_written() {
        let mut diags = Vec::new();
        parse("t.md", "a: !!binary aGk=\nb: !x [1]\n", 1, &mut diags).unwrap();
        let at: Vec<_> = diags.iter().map(|d| (d.code, d.line, d.column)).collect();
        assert_eq!(
            at,
            [(Code::WrongType, 1, 4), (Code::WrongType, 2, 4)],
            "{diags:?}"
        );
    }
}
