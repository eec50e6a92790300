//! A serde deserializer over the span tree: the model's own serde derives are the schema.
//!
//! serde's derive tells a deserializer, at every mapping, the exact keys the type declares
//! (`deserialize_struct`'s `fields`). This deserializer uses that to do what Hugo's
//! front matter needs and serde alone does not:
//!
//! - keys match the declared ones case-insensitively, as Hugo does;
//! - every problem becomes a [`Diagnostic`] at the value's line and column, and reading goes
//!   on with a stand-in value, so one run reports every problem, not the first;
//! - unknown keys get "did you mean"; keys the page ignores get `W0107` ([`schema::UNUSED`]);
//!   Hugo's own page keys are allowed, refused or checked at the top of a file
//!   ([`schema::HUGO_KEYS`]);
//! - every declared key that is absent is handed to serde as a stand-in: an `Option` (or a
//!   `deserialize_with` that reads one) takes it as `None`, anything else is required and
//!   reported missing at its mapping, then read as empty so that loading goes on.
//!
//! Positions come from the tree: [`Spanned`](crate::model::Spanned) asks for the private
//! struct [`SPANNED`] and gets the value's line and column.

use std::cell::RefCell;
use std::fmt;

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};

use super::schema;
use super::yaml::{Entry, Kind, Node};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Span, SPANNED, SPANNED_FIELDS};

/// Why deserialisation stopped. Rare by design: type mismatches are recorded and read on
/// with a stand-in; only a value a custom `Deserialize` rejects ends up here.
#[derive(Debug)]
pub(crate) struct Error {
    message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
        }
    }
}

/// The file being read and what was found in it.
pub(crate) struct Context<'f> {
    pub file: &'f str,
    pub diags: RefCell<Vec<Diagnostic>>,
}

impl Context<'_> {
    /// Records `message` at `at` in the file, with how to fix it.
    fn report(&self, code: Code, at: Span, message: impl Into<String>, help: impl Into<String>) {
        let finding = Diagnostic::new(code, self.file, at, message).with_help(help);
        self.diags.borrow_mut().push(finding);
    }
}

/// What a deserializer stands on: a node of the tree, or a key that is not there.
#[derive(Clone, Copy)]
enum Value<'n> {
    Node(&'n Node),
    /// An absent required key (`silent` when it was already reported, e.g. as a typo or
    /// under a mapping of the wrong type).
    Missing {
        silent: bool,
    },
}

/// Deserializes one value of the tree.
pub(crate) struct ValueDe<'c, 'f, 'n> {
    ctx: &'c Context<'f>,
    value: Value<'n>,
    /// Dotted key path for messages (`citySection.picList[0].id`).
    path: String,
    /// Where the value's key is (or, for a missing key, its mapping's key): what a
    /// "missing" or "has no value" finding points at.
    at: Span,
    /// Inside an `Option`: empty text is allowed.
    optional: bool,
    /// Depth 0 is the front matter's root, where Hugo's own keys live.
    depth: usize,
}

impl<'c, 'f, 'n> ValueDe<'c, 'f, 'n> {
    /// The front matter's root mapping; `end` (the closing fence) is where a missing
    /// top-level key is reported.
    pub(crate) fn root(ctx: &'c Context<'f>, node: &'n Node, end: Span) -> Self {
        ValueDe {
            ctx,
            value: Value::Node(node),
            path: String::new(),
            at: end,
            optional: false,
            depth: 0,
        }
    }

    fn child(&self, value: Value<'n>, path: String, at: Span) -> Self {
        ValueDe {
            ctx: self.ctx,
            value,
            path,
            at,
            optional: false,
            depth: self.depth + 1,
        }
    }

    /// A written key's value, under the name serde is told: one entry of a mapping for
    /// serde's [`MapDeserializer`].
    fn entry(&self, key: &'n str, entry: &'n Entry) -> (&'n str, Self) {
        let path = join(&self.path, key);
        (
            key,
            self.child(Value::Node(&entry.value), path, entry.key_span),
        )
    }

    fn what(&self) -> String {
        if self.path.is_empty() {
            "the front matter".to_string()
        } else {
            format!("`{}`", self.path)
        }
    }

    /// Reports a missing key (unless silent).
    fn report_missing(&self, silent: bool) {
        if silent {
            return;
        }
        let (parent, key) = match self.path.rsplit_once('.') {
            Some((parent, key)) => (format!("under `{parent}`"), key),
            None => ("to the front matter".to_string(), self.path.as_str()),
        };
        self.ctx.report(
            Code::Missing,
            self.at,
            format!("missing key `{}`", self.path),
            format!("add `{key}:` {parent}"),
        );
    }

    /// Reports that the value is not of the expected type.
    fn report_type(&self, node: &Node, expected: &str, help: &str) {
        self.ctx.report(
            Code::WrongType,
            node.span,
            format!(
                "{} must be {expected}, found {}",
                self.what(),
                node.type_name()
            ),
            help,
        );
    }

    /// Reports a key written with no value.
    fn report_no_value(&self, help: &str) {
        self.ctx.report(
            Code::Missing,
            self.at,
            format!("{} has no value", self.what()),
            help,
        );
    }

    /// Reports a value written empty where one is required.
    fn report_empty(&self, node: &Node, help: &str) {
        self.ctx.report(
            Code::Missing,
            node.span,
            format!("{} is empty", self.what()),
            help,
        );
    }

    /// The scalar's text, or `""` after reporting why there is none.
    fn text(&self) -> &'n str {
        match self.value {
            Value::Missing { silent } => {
                self.report_missing(silent);
                ""
            }
            Value::Node(node) => match &node.kind {
                Kind::Scalar { text, .. } => {
                    if !self.optional && text.trim().is_empty() {
                        self.report_empty(node, "write the text, it is shown on the page");
                    }
                    text
                }
                Kind::Null => {
                    self.report_no_value("write a value after the colon, or remove the key");
                    ""
                }
                _ => {
                    self.report_type(node, "text", "write the value on the same line as the key");
                    ""
                }
            },
        }
    }

    /// The node when it is a mapping; reports otherwise, and `None` means "read as empty,
    /// silently" (the problem was reported once, at the mapping).
    fn mapping(&self, fields: &[&str]) -> Option<&'n [Entry]> {
        let expected = || format!("expected the keys {}", schema::list(fields));
        match self.value {
            Value::Missing { silent } => {
                self.report_missing(silent);
                None
            }
            Value::Node(node) => match &node.kind {
                Kind::Map(entries) => Some(entries),
                Kind::Null => {
                    self.report_empty(node, &expected());
                    None
                }
                _ => {
                    self.report_type(node, "a mapping of keys", &expected());
                    None
                }
            },
        }
    }

    /// Matches the mapping's keys to the declared `fields`: known keys under their declared
    /// name, the rest reported. Returns the known entries and the fields that unknown keys
    /// were reported as near-misses of (not reported missing again).
    fn known_entries(
        &self,
        name: &str,
        fields: &'static [&'static str],
        entries: &'n [Entry],
    ) -> (Vec<(&'static str, &'n Entry)>, Vec<&'static str>) {
        let mut known = Vec::with_capacity(entries.len());
        let mut suggested = Vec::new();
        for entry in entries {
            if let Some(field) = fields.iter().find(|f| same_key(f, &entry.key)) {
                known.push((*field, entry));
            } else if let Some(s) = self.unknown_key(name, fields, entry) {
                suggested.push(s);
            }
        }
        (known, suggested)
    }

    /// Reports a key the type does not declare; returns the field it is a near-miss of.
    fn unknown_key(
        &self,
        name: &str,
        fields: &[&'static str],
        entry: &Entry,
    ) -> Option<&'static str> {
        let path = join(&self.path, &entry.key);
        if let Some(u) = schema::unused(name, &entry.key) {
            self.ctx.report(
                Code::UnusedKey,
                entry.key_span,
                format!("`{path}` is not used by the page"),
                u.why,
            );
            return None;
        }
        if self.depth == 0 {
            if let Some(hugo) = schema::hugo_key(&entry.key) {
                schema::check_hugo_key(self.ctx.file, hugo, entry, &self.ctx.diags);
                return None;
            }
        }
        let mut candidates: Vec<&'static str> = fields.to_vec();
        candidates.extend(schema::unused_keys(name));
        let suggestion = super::suggest(&entry.key, &candidates);
        let help = match suggestion {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!("the keys here are {}", schema::list(fields)),
        };
        self.ctx.report(
            Code::UnknownKey,
            entry.key_span,
            format!("unknown key `{path}`"),
            help,
        );
        suggestion.filter(|s| fields.contains(s))
    }
}

/// Keys are one key when they differ only by case, as in Hugo.
pub(crate) fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase()
}

/// `key` under the dotted `path`.
pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl<'de, 'c, 'f, 'n> de::Deserializer<'de> for ValueDe<'c, 'f, 'n> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Missing { .. } => visitor.visit_none(),
            Value::Node(node) => match &node.kind {
                Kind::Null => visitor.visit_none(),
                Kind::Scalar { text, .. } => visitor.visit_str(text),
                Kind::Seq(_) => self.deserialize_seq(visitor),
                Kind::Map(entries) => visitor.visit_map(MapDeserializer::new(
                    entries.iter().map(|e| self.entry(&e.key, e)),
                )),
            },
        }
    }

    fn deserialize_option<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Missing { .. } => visitor.visit_none(),
            Value::Node(Node {
                kind: Kind::Null, ..
            }) => {
                self.report_no_value("write a value after the colon, or remove the key");
                visitor.visit_none()
            }
            Value::Node(_) => {
                self.optional = true;
                visitor.visit_some(self)
            }
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.text())
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.text())
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let items: &[Node] = match self.value {
            Value::Missing { silent } => {
                self.report_missing(silent);
                &[]
            }
            Value::Node(node) => match &node.kind {
                Kind::Seq(items) => items,
                Kind::Null => {
                    self.report_no_value(
                        "write one `- ` item per line under the key, or remove the key",
                    );
                    &[]
                }
                _ => {
                    self.report_type(node, "a list", "write one `- ` item per line under the key");
                    &[]
                }
            },
        };
        visitor.visit_seq(SeqDeserializer::new(items.iter().enumerate().map(
            |(i, item)| {
                let path = format!("{}[{i}]", self.path);
                self.child(Value::Node(item), path, item.span)
            },
        )))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == SPANNED {
            let span = match self.value {
                Value::Node(node) => node.span,
                Value::Missing { .. } => self.at,
            };
            return visitor.visit_map(SpannedAccess {
                de: Some(self),
                span,
                next: 0,
            });
        }
        let (known, suggested) = match self.mapping(fields) {
            Some(entries) => self.known_entries(name, fields, entries),
            None => (Vec::new(), fields.to_vec()),
        };
        let written = known.iter().map(|(field, entry)| self.entry(field, entry));
        // Every declared key that is absent is handed to serde as a stand-in: an `Option`
        // reads it as `None`, anything else reports it missing (once) and reads it empty.
        let absent = fields
            .iter()
            .filter(|f| !known.iter().any(|(k, _)| k == *f))
            .map(|f| {
                let silent = suggested.contains(f);
                let path = join(&self.path, f);
                (*f, self.child(Value::Missing { silent }, path, self.at))
            });
        visitor.visit_map(MapDeserializer::new(written.chain(absent)))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.text())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct tuple tuple_struct map enum
    }
}

/// A value is its own deserializer, so that serde's [`MapDeserializer`] and
/// [`SeqDeserializer`] can hand out a mapping's values and a list's items.
impl<'de, 'c, 'f, 'n> IntoDeserializer<'de, Error> for ValueDe<'c, 'f, 'n> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

/// Hands serde the next key of a mapping, or the end of it.
pub(super) fn next_key<'de, K: DeserializeSeed<'de>>(
    key: Option<&str>,
    seed: K,
) -> Result<Option<K::Value>, Error> {
    key.map(|k| seed.deserialize(k.into_deserializer()))
        .transpose()
}

/// [`Spanned`](crate::model::Spanned)'s private protocol: its line, column and value.
struct SpannedAccess<'c, 'f, 'n> {
    de: Option<ValueDe<'c, 'f, 'n>>,
    span: Span,
    next: usize,
}

impl<'de> MapAccess<'de> for SpannedAccess<'_, '_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        next_key(SPANNED_FIELDS.get(self.next).copied(), seed)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let i = self.next;
        self.next += 1;
        match i {
            0 => seed.deserialize((self.span.line as u64).into_deserializer()),
            1 => seed.deserialize((self.span.column as u64).into_deserializer()),
            _ => match self.de.take() {
                Some(de) => seed.deserialize(de),
                None => Err(de::Error::custom("a spanned value is read once")),
            },
        }
    }
}
