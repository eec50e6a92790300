//! A YAML document as a tree whose every node knows where it was written.
//!
//! serde_yaml's values forget their positions once parsed; checks made after loading (a
//! duplicate id, a missing file, a link) still have to point at the exact value. So the
//! front matter is read a second time with `saphyr-parser`, whose events carry markers, into
//! this small tree. Positions are converted to the whole file's line numbers here, once.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span as YamlSpan};

use crate::model::Span;

/// Nesting deeper than this is refused rather than risking the stack on hostile input.
const MAX_DEPTH: usize = 64;
/// Nodes (after alias expansion) above this are refused: an alias bomb is an error, not an
/// out-of-memory kill.
const MAX_NODES: usize = 100_000;

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

/// A syntax error: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Position in the file.
    pub span: Span,
    /// The parser's message.
    pub message: String,
}

/// Parses `yaml`, whose first line is line `first_line` of the file, into a tree.
/// An empty document is [`Kind::Null`].
pub fn parse(yaml: &str, first_line: usize) -> Result<Node, SyntaxError> {
    let mut builder = Builder {
        parser: Parser::new_from_str(yaml),
        anchors: HashMap::new(),
        offset: first_line.saturating_sub(1),
        nodes: 0,
    };
    builder.document()
}

struct Builder<'a> {
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    anchors: HashMap<usize, Node>,
    offset: usize,
    nodes: usize,
}

impl<'a> Builder<'a> {
    fn span(&self, span: &YamlSpan) -> Span {
        Span {
            line: span.start.line() + self.offset,
            column: span.start.col() + 1,
        }
    }

    fn scan_error(&self, err: &ScanError) -> SyntaxError {
        let m = err.marker();
        SyntaxError {
            span: Span {
                line: m.line() + self.offset,
                column: m.col() + 1,
            },
            message: err.info().to_string(),
        }
    }

    fn next(&mut self) -> Result<(Event<'a>, YamlSpan), SyntaxError> {
        match self.parser.next_event() {
            Some(Ok(ev)) => Ok(ev),
            Some(Err(err)) => Err(self.scan_error(&err)),
            None => Err(SyntaxError {
                span: Span {
                    line: self.offset + 1,
                    column: 1,
                },
                message: "unexpected end of the front matter".into(),
            }),
        }
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
            return Err(SyntaxError {
                span,
                message: format!(
                    "the front matter expands to more than {MAX_NODES} values (alias bomb?)"
                ),
            });
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
            return Err(SyntaxError {
                span,
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
            });
        }
        self.count(span, 1)?;
        let (node, anchor) = match event {
            Event::Scalar(text, style, anchor, _tag) => {
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
                (Node { kind, span }, anchor)
            }
            Event::SequenceStart(anchor, _tag) => {
                let mut items = Vec::new();
                loop {
                    let (event, yspan) = self.next()?;
                    if matches!(event, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(event, yspan, depth + 1)?);
                }
                (
                    Node {
                        kind: Kind::Seq(items),
                        span,
                    },
                    anchor,
                )
            }
            Event::MappingStart(anchor, _tag) => {
                let mut entries = Vec::new();
                loop {
                    let (event, kspan) = self.next()?;
                    if matches!(event, Event::MappingEnd) {
                        break;
                    }
                    let key_node = self.node(event, kspan, depth + 1)?;
                    let key = match key_node.kind {
                        Kind::Scalar { text, .. } => text,
                        Kind::Null => String::new(),
                        _ => {
                            return Err(SyntaxError {
                                span: key_node.span,
                                message: "a key must be plain text, not a list or mapping".into(),
                            })
                        }
                    };
                    let (event, vspan) = self.next()?;
                    let value = self.node(event, vspan, depth + 1)?;
                    entries.push(Entry {
                        key,
                        key_span: key_node.span,
                        value,
                    });
                }
                (
                    Node {
                        kind: Kind::Map(entries),
                        span,
                    },
                    anchor,
                )
            }
            Event::Alias(id) => match self.anchors.get(&id) {
                Some(target) => {
                    let mut copy = target.clone();
                    let size = size(&copy);
                    self.count(span, size)?;
                    // The value is the anchor's; the position is the alias's, where it is used.
                    copy.span = span;
                    return Ok(copy);
                }
                None => {
                    return Err(SyntaxError {
                        span,
                        message: "alias to an unknown anchor".into(),
                    })
                }
            },
            other => {
                return Err(SyntaxError {
                    span,
                    message: format!("unexpected YAML event {other:?}"),
                });
            }
        };
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }
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
        let root = parse(yaml, 2).unwrap();
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
        let root = parse("a:\nb: ~\nc: \"123\"\nd: 123\n", 1).unwrap();
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
        let err = parse("a: b\n  c: [\n", 2).unwrap_err();
        assert!(err.span.line >= 3, "{err:?}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..8 {
            let prev = i - 1;
            yaml.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
        }
        assert!(parse(&yaml, 1).is_err());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let yaml = format!("{}{}", "[".repeat(500), "]".repeat(500));
        assert!(parse(&yaml, 1).is_err());
    }
}
