//! What the front matter may hold besides the model's own fields: keys the page ignores,
//! and Hugo's own page keys. The model's serde derives ([`crate::model`]) declare every
//! field; these two tables are the only other half of the schema, and they name keys the
//! model deliberately does not read.

use std::cell::RefCell;

use super::yaml::{Entry, Kind};
use crate::diagnostic::{Code, Diagnostic};

/// A key a mapping may hold that the page does not use, and why (reported as `W0107`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unused {
    /// The serde name of the mapping's type (`Page`, `ApplyStep`).
    pub mapping: &'static str,
    /// The key.
    pub key: &'static str,
    /// Why it is not used, and what to do instead.
    pub why: &'static str,
}

/// Keys of the seed's front matter that the page does not use.
pub const UNUSED: &[Unused] = &[
    Unused {
        mapping: "Page",
        key: "css",
        why: "prep compiles the theme's stylesheet itself; remove `css` (restyle with a site SCSS file of variable overrides instead)",
    },
    Unused {
        mapping: "ApplyStep",
        key: "applyLink",
        why: "this card shows no link (only the `apply` card does); remove it",
    },
];

/// What prep does with one of Hugo's own page keys at the top of a content file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HugoKey {
    /// Hugo uses it for metadata (`weight`, `tags`, …); prep lets it be.
    Allowed,
    /// A date Hugo parses (`date`, `lastmod`, …): it must be one, or Hugo fails.
    Date,
    /// It changes where or how Hugo renders the page, so one page could replace another or
    /// escape the theme's layouts: refused (`E0109`).
    Routing,
}

/// Hugo's page keys (lower case, as Hugo matches them). Everything else at the top of a
/// file must be a field of the model.
pub const HUGO_KEYS: &[(&str, HugoKey)] = &[
    ("aliases", HugoKey::Routing),
    ("author", HugoKey::Allowed),
    ("authors", HugoKey::Allowed),
    ("build", HugoKey::Routing),
    ("cascade", HugoKey::Routing),
    ("categories", HugoKey::Allowed),
    ("date", HugoKey::Date),
    ("description", HugoKey::Allowed),
    ("draft", HugoKey::Allowed),
    ("expirydate", HugoKey::Date),
    ("headless", HugoKey::Routing),
    ("images", HugoKey::Allowed),
    ("iscjklanguage", HugoKey::Allowed),
    ("keywords", HugoKey::Allowed),
    ("kind", HugoKey::Routing),
    ("lang", HugoKey::Routing),
    ("lastmod", HugoKey::Date),
    ("layout", HugoKey::Routing),
    ("linktitle", HugoKey::Allowed),
    ("markup", HugoKey::Routing),
    ("menu", HugoKey::Allowed),
    ("menus", HugoKey::Allowed),
    ("outputs", HugoKey::Routing),
    ("params", HugoKey::Allowed),
    ("path", HugoKey::Routing),
    ("publishdate", HugoKey::Date),
    ("resources", HugoKey::Allowed),
    ("series", HugoKey::Allowed),
    ("sitemap", HugoKey::Allowed),
    ("slug", HugoKey::Routing),
    ("summary", HugoKey::Allowed),
    ("tags", HugoKey::Allowed),
    ("translationkey", HugoKey::Allowed),
    ("type", HugoKey::Routing),
    ("url", HugoKey::Routing),
    ("weight", HugoKey::Allowed),
];

/// The unused-key entry for `key` in the mapping of type `mapping`.
pub fn unused(mapping: &str, key: &str) -> Option<&'static Unused> {
    UNUSED
        .iter()
        .find(|u| u.mapping == mapping && super::de::same_key(u.key, key))
}

/// The unused keys of a mapping (candidates for "did you mean").
pub fn unused_keys(mapping: &str) -> impl Iterator<Item = &'static str> + '_ {
    UNUSED
        .iter()
        .filter(move |u| u.mapping == mapping)
        .map(|u| u.key)
}

/// How prep treats `key` when it is one of Hugo's page keys.
pub fn hugo_key(key: &str) -> Option<HugoKey> {
    let lower = key.to_lowercase();
    HUGO_KEYS
        .iter()
        .find(|(k, _)| *k == lower)
        .map(|(_, what)| *what)
}

/// Reports a Hugo key that is refused, or a date that is not one.
pub(crate) fn check_hugo_key(
    file: &str,
    what: HugoKey,
    entry: &Entry,
    diags: &RefCell<Vec<Diagnostic>>,
) {
    match what {
        HugoKey::Allowed => {}
        HugoKey::Routing => diags.borrow_mut().push(
            Diagnostic::new(
                Code::HugoRoutingKey,
                file,
                entry.key_span,
                format!("`{}` would change where or how Hugo renders this page", entry.key),
            )
            .with_help(format!(
                "remove `{}`: the theme gives every user-group page its URL and layout, so no page can replace another",
                entry.key
            )),
        ),
        HugoKey::Date => {
            let ok = match &entry.value.kind {
                Kind::Scalar { text, .. } => is_hugo_date(text),
                _ => false,
            };
            if !ok {
                diags.borrow_mut().push(
                    Diagnostic::new(
                        Code::BadDate,
                        file,
                        entry.value.span,
                        format!("`{}` is not a date", entry.key),
                    )
                    .with_help("write a calendar date, `YYYY-MM-DD`, optionally with a time: `2021-05-15T14:00:00+08:00`"),
                );
            }
        }
    }
}

/// A date Hugo reads: a calendar date, optionally followed by `T` or a space and a time.
fn is_hugo_date(text: &str) -> bool {
    let text = text.trim();
    let (date, rest) = text.split_at(text.len().min(10));
    crate::model::iso_date(date).is_some()
        && (rest.is_empty() || rest.starts_with(['T', 't', ' ']) && rest.len() >= 6)
}

/// `a`, `b` as "`a`, `b`" for messages.
pub fn list(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_keys_are_sorted_lower_case_and_unique() {
        for pair in HUGO_KEYS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{pair:?}");
        }
        assert!(HUGO_KEYS.iter().all(|(k, _)| k.to_lowercase() == *k));
    }

    #[test]
    fn hugo_dates() {
        for (text, date) in [
            ("2021-05-15", true),
            ("2021-05-15T14:00:00+08:00", true),
            ("2021-02-30", false),
            ("2021-5-15", false),
            ("yesterday", false),
            ("2021-05-15x", false),
        ] {
            assert_eq!(is_hugo_date(text), date, "{text}");
        }
    }
}

/// One key of the front-matter schema, for the README's reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaRow {
    /// Dotted path, lists as `[]`: `citySection.picList[].id`.
    pub path: String,
    /// The serde name of the mapping that declares it (`CityCard`), to find its docs.
    pub mapping: &'static str,
    /// The key as declared.
    pub key: &'static str,
    /// `text`, `list`, `mapping`.
    pub kind: &'static str,
    /// Whether the key must be written.
    pub required: bool,
}

/// Every key `T` declares, in declaration order, found by letting `T`'s serde derive
/// describe itself to a deserializer that only records what it is asked for.
pub fn reference<T: serde::de::DeserializeOwned>() -> Vec<SchemaRow> {
    let rows = RefCell::new(Vec::new());
    let tracer = trace::Tracer {
        rows: &rows,
        path: String::new(),
        mapping: "",
        key: "",
        required: true,
        depth: 0,
    };
    // The tracer hands out stand-in values, so this only fails if a type rejects them.
    let _ = T::deserialize(tracer);
    rows.into_inner()
}

mod trace {
    use std::cell::RefCell;

    use serde::de::value::SeqDeserializer;
    use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};

    use super::super::de::{join, next_key, Error};
    use super::SchemaRow;
    use crate::model::SPANNED;

    pub(super) struct Tracer<'r> {
        pub(super) rows: &'r RefCell<Vec<SchemaRow>>,
        pub(super) path: String,
        pub(super) mapping: &'static str,
        pub(super) key: &'static str,
        pub(super) required: bool,
        pub(super) depth: usize,
    }

    impl Tracer<'_> {
        fn record(&self, kind: &'static str) {
            if !self.key.is_empty() {
                self.rows.borrow_mut().push(SchemaRow {
                    path: self.path.clone(),
                    mapping: self.mapping,
                    key: self.key,
                    kind,
                    required: self.required,
                });
            }
        }

        fn again(&self) -> Self {
            Tracer {
                rows: self.rows,
                path: self.path.clone(),
                mapping: self.mapping,
                key: self.key,
                required: self.required,
                depth: self.depth,
            }
        }
    }

    impl<'de> de::Deserializer<'de> for Tracer<'_> {
        type Error = Error;

        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.record("text");
            visitor.visit_str("")
        }

        fn deserialize_option<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value, Error> {
            self.required = false;
            visitor.visit_some(self)
        }

        fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.visit_u64(0)
        }

        fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.record("list");
            let mut item = self.again();
            item.path.push_str("[]");
            item.key = "";
            item.required = true;
            visitor.visit_seq(SeqDeserializer::new(std::iter::once(item)))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Error> {
            if name == SPANNED {
                return visitor.visit_map(Fields {
                    tracer: self,
                    name,
                    fields: crate::model::SPANNED_FIELDS,
                    next: 0,
                    spanned: true,
                });
            }
            self.record("mapping");
            if self.depth > 8 {
                return Err(de::Error::custom("the schema nests too deep"));
            }
            visitor.visit_map(Fields {
                tracer: self,
                name,
                fields,
                next: 0,
                spanned: false,
            })
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u128 f32 f64 char str string bytes byte_buf
            unit unit_struct newtype_struct tuple tuple_struct map enum identifier ignored_any
        }
    }

    /// A tracer is its own deserializer, for serde's [`SeqDeserializer`] (a list's one item).
    impl<'de> IntoDeserializer<'de, Error> for Tracer<'_> {
        type Deserializer = Self;

        fn into_deserializer(self) -> Self {
            self
        }
    }

    struct Fields<'r> {
        tracer: Tracer<'r>,
        name: &'static str,
        fields: &'static [&'static str],
        next: usize,
        spanned: bool,
    }

    impl<'de> MapAccess<'de> for Fields<'_> {
        type Error = Error;

        fn next_key_seed<K: DeserializeSeed<'de>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, Error> {
            next_key(self.fields.get(self.next).copied(), seed)
        }

        fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
            let key = self.fields[self.next];
            self.next += 1;
            if self.spanned {
                return seed.deserialize(self.tracer.again());
            }
            let t = &self.tracer;
            seed.deserialize(Tracer {
                rows: t.rows,
                path: join(&t.path, key),
                mapping: self.name,
                key,
                required: true,
                depth: t.depth + 1,
            })
        }
    }
}
