//! SVG pass-through: an allowlist check over a real XML tokenizer, and the intrinsic size.
//!
//! An SVG is published as-is and may be opened directly on the site's origin, where any
//! script in it runs. So only well-formed XML passes, every element, attribute and CSS
//! property must be on the allowlist in [`allow`] (with namespaces resolved, so
//! `<h:script xmlns:h="…xhtml">` is seen for what it is), every reference must be to a
//! `#fragment` of the same file (or, for `<image>`, an embedded PNG/JPEG/GIF/WebP), and
//! there may be no processing instruction and no DOCTYPE with an internal subset.
//! Values are read after XML entity decoding, as the browser reads them.

mod allow;
mod css;

use std::collections::{HashMap, HashSet};

use xmlparser::{ElementEnd, ExternalId, StrSpan, Token, Tokenizer};

use allow::{SVG_NS, XLINK_NS, XML_NS};

/// Why an SVG was not accepted.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SvgProblem {
    /// Safe and well-formed, but with no usable size.
    Invalid(String),
    /// Not well-formed XML, not an `<svg>` root, or something outside the allowlist.
    Unsafe(String),
}

/// SVGs are nested at most this deep (design tools stay far below; it bounds the work).
const MAX_DEPTH: usize = 256;

/// The most elements an SVG may draw once every `<use>` is expanded: `<use>` of a group of
/// `<use>`s grows exponentially (a "billion laughs" for renderers) and hangs the page.
const MAX_EXPANDED_ELEMENTS: u64 = 100_000;

/// `true` if the bytes look like an SVG document (after a BOM, whitespace, an XML
/// declaration, comments or a doctype, the first element is `<svg`).
pub(crate) fn sniff(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with('<') {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    lower.starts_with("<svg")
        || ((lower.starts_with("<?xml")
            || lower.starts_with("<!--")
            || lower.starts_with("<!doctype"))
            && lower.contains("<svg"))
}

/// Checks `bytes` and returns the intrinsic (width, height) from the root's `width`/`height`
/// or `viewBox`.
pub(crate) fn check(bytes: &[u8]) -> Result<(u32, u32), SvgProblem> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        SvgProblem::Unsafe(format!(
            "the SVG is not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut walker = Walker::new(text);
    for token in Tokenizer::from(text) {
        let token = token
            .map_err(|e| SvgProblem::Unsafe(format!("the SVG is not well-formed XML: {e}")))?;
        walker
            .token(token)
            .map_err(|(pos, why)| SvgProblem::Unsafe(walker.at(pos, &why)))?;
    }
    walker
        .finish()
        .map_err(|(pos, why)| SvgProblem::Unsafe(walker.at(pos, &why)))?;
    let root = walker.root.unwrap_or_default();
    root.resolve().ok_or_else(|| {
        SvgProblem::Invalid(
            "the <svg> element has neither width and height (in px) nor a viewBox, so its size \
             is unknown; add a viewBox"
                .into(),
        )
    })
}

/// A refusal: the byte offset it is about, and why.
type Refusal = (usize, String);

/// An element whose start tag is being read.
struct Pending<'a> {
    prefix: &'a str,
    local: &'a str,
    pos: usize,
    attrs: Vec<RawAttr<'a>>,
}

struct RawAttr<'a> {
    prefix: &'a str,
    local: &'a str,
    value: &'a str,
    pos: usize,
}

/// An open element.
struct Open<'a> {
    prefix: &'a str,
    local: &'a str,
    /// Prefixes it binds (popped when it closes); `""` is the default namespace.
    binds: Vec<String>,
    /// Its `id`, and the element count and `uses` length when it opened: its subtree is
    /// what was added since.
    id: Option<String>,
    elements_before: u64,
    uses_before: usize,
}

/// What `<use>` expands to: for each `id`, the elements in its subtree and the range of
/// [`Walker::uses`] inside it.
#[derive(Default)]
struct UseGraph {
    elements: u64,
    /// The `#id` targets of every `<use>`, in document order.
    uses: Vec<String>,
    defs: HashMap<String, (u64, usize, usize)>,
}

/// The document state between tokens.
struct Walker<'a> {
    text: &'a str,
    open: Vec<Open<'a>>,
    /// Namespace bindings in scope: prefix to a stack of URIs (innermost last).
    namespaces: HashMap<String, Vec<String>>,
    pending: Option<Pending<'a>>,
    root: Option<RootSize>,
    root_closed: bool,
    /// The text of the `<style>` element being read, and where it started.
    style: Option<(String, usize)>,
    graph: UseGraph,
}

impl<'a> Walker<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            open: Vec::new(),
            namespaces: HashMap::new(),
            pending: None,
            root: None,
            root_closed: false,
            style: None,
            graph: UseGraph::default(),
        }
    }

    /// `why`, prefixed with the line and column of byte `pos` in the SVG.
    fn at(&self, pos: usize, why: &str) -> String {
        let before = &self.text[..floor_char_boundary(self.text, pos)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("line {line}, column {column} of the SVG: {why}")
    }

    fn token(&mut self, token: Token<'a>) -> Result<(), Refusal> {
        match token {
            Token::ElementStart {
                prefix,
                local,
                span,
            } => self.element_start(prefix.as_str(), local.as_str(), span.start()),
            Token::Attribute {
                prefix,
                local,
                value,
                span,
            } => {
                if let Some(pending) = self.pending.as_mut() {
                    pending.attrs.push(RawAttr {
                        prefix: prefix.as_str(),
                        local: local.as_str(),
                        value: value.as_str(),
                        pos: span.start(),
                    });
                }
                Ok(())
            }
            Token::ElementEnd { end, span } => match end {
                ElementEnd::Open | ElementEnd::Empty => {
                    let pending = self
                        .pending
                        .take()
                        .ok_or((span.start(), "has a `>` outside a tag".to_string()))?;
                    self.start_element(pending, matches!(end, ElementEnd::Empty))
                }
                ElementEnd::Close(prefix, local) => {
                    self.close_element(prefix.as_str(), local.as_str(), span.start())
                }
            },
            Token::Text { text } => self.text(text, false),
            Token::Cdata { text, .. } => self.text(text, true),
            other => prolog(other),
        }
    }

    fn element_start(
        &mut self,
        prefix: &'a str,
        local: &'a str,
        pos: usize,
    ) -> Result<(), Refusal> {
        if self.root_closed {
            return Err((
                pos,
                "has a second top-level element; an SVG has one <svg> root".into(),
            ));
        }
        if self.style.is_some() {
            return Err((
                pos,
                "has an element inside <style>; a style sheet is text only".into(),
            ));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err((pos, format!("nests elements more than {MAX_DEPTH} deep")));
        }
        self.pending = Some(Pending {
            prefix,
            local,
            pos,
            attrs: Vec::new(),
        });
        Ok(())
    }

    /// A start tag is complete: bind its namespaces, check it and its attributes, open it.
    fn start_element(&mut self, element: Pending<'a>, empty: bool) -> Result<(), Refusal> {
        let binds = self.bind_namespaces(&element)?;
        let namespace = self.element_namespace(element.prefix).ok_or_else(|| {
            (
                element.pos,
                format!("uses the undeclared namespace prefix `{}`", element.prefix),
            )
        })?;
        let inert = self.check_element(&element, namespace.as_deref())?;
        let is_root = self.root.is_none();
        let mut size = RootSize::default();
        let mut seen = HashSet::new();
        let (elements_before, uses_before) = (self.graph.elements, self.graph.uses.len());
        self.graph.elements += 1;
        let mut id = None;
        let mut use_target = None;
        for attr in element.attrs.iter().filter(|a| binding_prefix(a).is_none()) {
            let namespace = if attr.prefix.is_empty() {
                None
            } else {
                Some(self.resolve(attr.prefix).ok_or_else(|| {
                    (
                        attr.pos,
                        format!("uses the undeclared namespace prefix `{}`", attr.prefix),
                    )
                })?)
            };
            if !seen.insert((namespace, attr.local)) {
                return Err((
                    attr.pos,
                    format!("has the attribute `{}` twice", attr.local),
                ));
            }
            if attr.value.contains('<') {
                return Err((
                    attr.pos,
                    "has a `<` inside an attribute value (not well-formed XML)".into(),
                ));
            }
            let value = unescape(attr.value).map_err(|why| (attr.pos, why))?;
            check_attribute(element.local, inert, namespace, attr.local, &value)
                .map_err(|why| (attr.pos, why))?;
            if is_root && namespace.is_none() {
                size.read(attr.local, &value);
            }
            match (namespace, attr.local) {
                (None, "id") => id = Some(value.trim().to_string()),
                (None | Some(XLINK_NS), "href") if element.local == "use" => {
                    use_target = Some(value.trim().trim_start_matches('#').to_string());
                }
                _ => {}
            }
        }
        self.graph.uses.extend(use_target);
        if is_root {
            self.root = Some(size);
        }
        let opens_style = !inert && element.local == "style";
        if empty {
            self.unbind(&binds);
            self.graph.define(id, elements_before, uses_before);
        } else {
            self.open.push(Open {
                prefix: element.prefix,
                local: element.local,
                binds,
                id,
                elements_before,
                uses_before,
            });
            if opens_style {
                self.style = Some((String::new(), element.pos));
            }
        }
        Ok(())
    }

    /// Records the element's `xmlns` and `xmlns:p` attributes; returns the prefixes bound.
    fn bind_namespaces(&mut self, element: &Pending<'a>) -> Result<Vec<String>, Refusal> {
        let mut binds: Vec<String> = Vec::new();
        for attr in &element.attrs {
            let Some(prefix) = binding_prefix(attr) else {
                continue;
            };
            let uri = unescape(attr.value)
                .map_err(|why| (attr.pos, why))?
                .into_owned();
            let reserved = prefix == "xmlns"
                || (prefix == "xml") != (uri == XML_NS)
                || (!prefix.is_empty() && uri.is_empty());
            if reserved {
                return Err((
                    attr.pos,
                    format!("binds the namespace prefix `{prefix}` wrongly (not well-formed XML)"),
                ));
            }
            if binds.iter().any(|b| b == prefix) {
                return Err((
                    attr.pos,
                    format!("declares the namespace prefix `{prefix}` twice"),
                ));
            }
            self.namespaces
                .entry(prefix.to_string())
                .or_default()
                .push(uri);
            binds.push(prefix.to_string());
        }
        Ok(binds)
    }

    fn unbind(&mut self, binds: &[String]) {
        for prefix in binds {
            if let Some(stack) = self.namespaces.get_mut(prefix) {
                stack.pop();
            }
        }
    }

    /// The namespace URI bound to `prefix` (not the default namespace).
    fn resolve(&self, prefix: &str) -> Option<&str> {
        if prefix == "xml" {
            return Some(XML_NS);
        }
        self.namespaces.get(prefix)?.last().map(String::as_str)
    }

    /// An element's namespace: `None` outside any namespace, `Some(None)`... flattened to
    /// `Some(uri or None)`; `None` when its prefix is undeclared.
    fn element_namespace(&self, prefix: &str) -> Option<Option<String>> {
        if prefix.is_empty() {
            let default = self.namespaces.get("").and_then(|s| s.last());
            Some(default.filter(|uri| !uri.is_empty()).cloned())
        } else {
            self.resolve(prefix).map(|uri| Some(uri.to_string()))
        }
    }

    /// Refuses elements outside the allowlist; `Ok(true)` for inert editor metadata.
    fn check_element(
        &self,
        element: &Pending<'a>,
        namespace: Option<&str>,
    ) -> Result<bool, Refusal> {
        let name = qualified(element.prefix, element.local);
        let is_svg = matches!(namespace, None | Some(SVG_NS));
        if self.root.is_none() && !(is_svg && element.local == "svg") {
            return Err((
                element.pos,
                format!("the root element is <{name}>, not an SVG <svg>"),
            ));
        }
        match namespace {
            _ if is_svg && allow::is_element(element.local) => Ok(false),
            _ if is_svg => Err((
                element.pos,
                format!(
                    "has a <{name}> element, which prep does not publish in an SVG (only drawing \
                 elements pass: nothing that runs code, embeds a document or loads a file)"
                ),
            )),
            Some(uri) if allow::is_inert_namespace(uri) => Ok(true),
            Some(uri) => Err((
                element.pos,
                format!(
                "has a <{name}> element in the namespace `{uri}`; only SVG elements are allowed"
            ),
            )),
            None => Ok(false),
        }
    }

    fn close_element(&mut self, prefix: &str, local: &str, pos: usize) -> Result<(), Refusal> {
        let open = self.open.pop().ok_or_else(|| {
            (
                pos,
                format!(
                    "closes </{}> that was never opened",
                    qualified(prefix, local)
                ),
            )
        })?;
        if open.prefix != prefix || open.local != local {
            return Err((
                pos,
                format!(
                    "closes </{}> while <{}> is open (not well-formed XML)",
                    qualified(prefix, local),
                    qualified(open.prefix, open.local)
                ),
            ));
        }
        self.unbind(&open.binds);
        self.graph
            .define(open.id, open.elements_before, open.uses_before);
        if let Some((css, start)) = self.style.take() {
            css::sheet(&css).map_err(|why| (start, format!("its <style>: {why}")))?;
        }
        self.root_closed = self.open.is_empty();
        Ok(())
    }

    fn text(&mut self, raw: StrSpan<'a>, cdata: bool) -> Result<(), Refusal> {
        if self.open.is_empty() {
            let blank = raw
                .as_str()
                .chars()
                .all(|c| matches!(c, ' ' | '\t' | '\r' | '\n'));
            return if blank && !cdata {
                Ok(())
            } else {
                Err((raw.start(), "has text outside the <svg> element".into()))
            };
        }
        let text = if cdata {
            std::borrow::Cow::Borrowed(raw.as_str())
        } else {
            unescape(raw.as_str()).map_err(|why| (raw.start(), why))?
        };
        if let Some((css, _)) = self.style.as_mut() {
            css.push_str(&text);
        }
        Ok(())
    }

    fn finish(&self) -> Result<(), Refusal> {
        if let Some(open) = self.open.last() {
            return Err((
                self.text.len(),
                format!(
                    "ends before <{}> is closed (not well-formed XML)",
                    qualified(open.prefix, open.local)
                ),
            ));
        }
        if self.root.is_none() {
            return Err((0, "has no <svg> element".into()));
        }
        self.graph.check().map_err(|why| (0, why))
    }
}

impl UseGraph {
    /// Records the subtree of an element that just closed, if it has an `id` (the first
    /// element with an `id` wins, as in browsers).
    fn define(&mut self, id: Option<String>, elements_before: u64, uses_before: usize) {
        if let Some(id) = id {
            let entry = (
                self.elements - elements_before,
                uses_before,
                self.uses.len(),
            );
            self.defs.entry(id).or_insert(entry);
        }
    }

    /// Refuses `<use>` cycles and expansions beyond [`MAX_EXPANDED_ELEMENTS`].
    fn check(&self) -> Result<(), String> {
        let mut memo: HashMap<&str, u64> = HashMap::new();
        let mut total = self.elements;
        for target in &self.uses {
            total = total.saturating_add(self.expanded(target, &mut memo)?);
            if total > MAX_EXPANDED_ELEMENTS {
                return Err(format!(
                    "its <use> elements expand to more than {MAX_EXPANDED_ELEMENTS} elements \
                     (a rendering bomb); draw repeated shapes with fewer levels of <use>"
                ));
            }
        }
        Ok(())
    }

    /// The elements `<use href="#target">` draws, depth-first without recursion (a chain of
    /// thousands of ids must not overflow the stack). Saturates above the limit.
    fn expanded<'g>(
        &'g self,
        target: &'g str,
        memo: &mut HashMap<&'g str, u64>,
    ) -> Result<u64, String> {
        let cap = MAX_EXPANDED_ELEMENTS + 1;
        if let Some(&done) = memo.get(target) {
            return Ok(done);
        }
        let Some(&(count, start, _)) = self.defs.get(target) else {
            return Ok(0);
        };
        // (id, next index into `uses`, elements so far)
        let mut stack: Vec<(&str, usize, u64)> = vec![(target, start, count)];
        let mut on_stack: HashSet<&str> = HashSet::from([target]);
        while let Some(&mut (id, ref mut next, ref mut sum)) = stack.last_mut() {
            let end = self.defs.get(id).map_or(0, |d| d.2);
            if *next < end {
                let child = self.uses[*next].as_str();
                *next += 1;
                if on_stack.contains(child) {
                    return Err(format!(
                        "<use> refers to `#{child}`, which contains that <use> (a reference cycle)"
                    ));
                }
                if let Some(&done) = memo.get(child) {
                    *sum = sum.saturating_add(done).min(cap);
                } else if let Some(&(count, start, _)) = self.defs.get(child) {
                    stack.push((child, start, count));
                    on_stack.insert(child);
                }
                continue;
            }
            let (id, _, sum) = stack.pop().unwrap_or((id, 0, 0));
            on_stack.remove(id);
            memo.insert(id, sum);
            match stack.last_mut() {
                Some((_, _, parent)) => *parent = parent.saturating_add(sum).min(cap),
                None => return Ok(sum),
            }
        }
        Ok(0)
    }
}

/// Tokens outside elements: the XML declaration, comments, processing instructions and
/// DOCTYPEs.
fn prolog(token: Token<'_>) -> Result<(), Refusal> {
    match token {
        Token::Declaration { encoding, span, .. } => match encoding {
            Some(enc)
                if !matches!(enc.as_str().to_ascii_lowercase().as_str(), "utf-8" | "utf8") =>
            {
                Err((
                    span.start(),
                    format!(
                        "declares the encoding `{enc}`; prep reads SVGs as UTF-8, and a browser \
                 reading another encoding could see different markup; save it as UTF-8"
                    ),
                ))
            }
            _ => Ok(()),
        },
        Token::ProcessingInstruction { target, span, .. } => Err((
            span.start(),
            format!(
                "has a processing instruction `<?{target} …?>`, which can load a style sheet \
         or transform the document; remove it"
            ),
        )),
        Token::Comment { .. } => Ok(()),
        Token::DtdStart { span, .. }
        | Token::EntityDeclaration { span, .. }
        | Token::DtdEnd { span } => Err((
            span.start(),
            "has a DOCTYPE with an internal \
        subset (it can declare entities that expand without bound or read files); \
        remove the DOCTYPE"
                .into(),
        )),
        Token::EmptyDtd {
            external_id, span, ..
        } => match external_id {
            None => Ok(()),
            Some(ExternalId::Public(id, _)) if allow::is_svg_public_id(id.as_str()) => Ok(()),
            Some(_) => Err((
                span.start(),
                "has a DOCTYPE naming a DTD other than the W3C \
            SVG DTD; remove the DOCTYPE"
                    .into(),
            )),
        },
        _ => Ok(()),
    }
}

/// The prefix an `xmlns` (`""`) or `xmlns:p` (`p`) attribute binds, if it is one.
fn binding_prefix<'a>(attr: &RawAttr<'a>) -> Option<&'a str> {
    match (attr.prefix, attr.local) {
        ("xmlns", prefix) => Some(prefix),
        ("", "xmlns") => Some(""),
        _ => None,
    }
}

fn qualified(prefix: &str, local: &str) -> String {
    if prefix.is_empty() {
        local.to_string()
    } else {
        format!("{prefix}:{local}")
    }
}

fn floor_char_boundary(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// Checks one attribute (namespace resolved, value entity-decoded) of element `element`.
fn check_attribute(
    element: &str,
    inert: bool,
    namespace: Option<&str>,
    local: &str,
    value: &str,
) -> Result<(), String> {
    match namespace {
        Some(XLINK_NS) => match local {
            "href" => reference(element, value),
            "title" => Ok(()),
            _ => Err(format!("the attribute `xlink:{local}` is not allowed")),
        },
        Some(XML_NS) if matches!(local, "space" | "lang") => Ok(()),
        Some(XML_NS) => Err(format!(
            "the attribute `xml:{local}` is not allowed (xml:base would change where \
             references point)"
        )),
        Some(uri) if allow::is_inert_namespace(uri) => Ok(()),
        Some(uri) => Err(format!(
            "the attribute `{local}` in the namespace `{uri}` is not allowed"
        )),
        None if inert && !local.to_ascii_lowercase().starts_with("on") => Ok(()),
        None if !allow::is_attribute(local) => {
            Err(if local.to_ascii_lowercase().starts_with("on") {
                format!("has an event handler attribute `{local}`, which runs script")
            } else {
                format!("the attribute `{local}` is not allowed on <{element}>")
            })
        }
        None => match local {
            "href" => reference(element, value),
            "style" => {
                css::declarations(value).map_err(|why| format!("its style attribute: {why}"))
            }
            "attributeName" if allow::is_animatable(value.trim()) => Ok(()),
            "attributeName" => Err(format!(
                "animates the attribute `{}`; animations may change only how shapes are \
                 drawn (animating a link, style or handler can inject script)",
                value.trim()
            )),
            _ if allow::is_free_text(local) => Ok(()),
            _ => css::value(value).map_err(|why| format!("the attribute `{local}`: {why}")),
        },
    }
}

/// An `href`: a `#fragment` of this file or, on `<image>`, an embedded raster.
fn reference(element: &str, target: &str) -> Result<(), String> {
    let t = target.trim_matches(|c: char| c.is_ascii_whitespace());
    let fragment = t
        .strip_prefix('#')
        .is_some_and(|id| !id.chars().any(|c| c.is_whitespace() || c.is_control()));
    if fragment || (element == "image" && embedded_raster(t)) {
        return Ok(());
    }
    let shown: String = t.chars().take(60).collect();
    Err(format!(
        "<{element}> links to `{shown}`, outside the file; only `#id` references (and, on \
         <image>, embedded PNG, JPEG, GIF or WebP data) are allowed"
    ))
}

/// `data:image/<png|jpeg|gif|webp>;base64,…` whose bytes start like the type it names.
fn embedded_raster(uri: &str) -> bool {
    use base64::Engine as _;
    let Some(rest) = uri
        .get(..11)
        .filter(|p| p.eq_ignore_ascii_case("data:image/"))
        .map(|_| &uri[11..])
    else {
        return false;
    };
    let Some((mime, payload)) = rest.split_once(";base64,") else {
        return false;
    };
    let valid = |c: char| {
        c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=') || c.is_ascii_whitespace()
    };
    if !payload.chars().all(valid) {
        return false;
    }
    let head: String = payload
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .take(16)
        .collect();
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(&head) else {
        return false;
    };
    let found = match bytes.as_slice() {
        [0x89, b'P', b'N', b'G', ..] => "png",
        [0xFF, 0xD8, 0xFF, ..] => "jpeg",
        [b'G', b'I', b'F', b'8', ..] => "gif",
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => "webp",
        _ => return false,
    };
    mime.eq_ignore_ascii_case(found) || (found == "jpeg" && mime.eq_ignore_ascii_case("jpg"))
}

/// Resolves XML character and predefined entity references; anything else (an undefined
/// entity, a bare `&`, a character XML forbids) is not well-formed.
fn unescape(value: &str) -> Result<std::borrow::Cow<'_, str>, String> {
    if !value.contains('&') {
        return Ok(std::borrow::Cow::Borrowed(value));
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after
            .find(';')
            .filter(|&i| i <= 32)
            .ok_or("has a bare `&` (write `&amp;`)")?;
        let entity = &after[..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32)
                .filter(|&c| is_xml_char(c)),
        };
        let c = decoded.ok_or_else(|| {
            format!(
                "uses `&{entity};`, which is not defined (only &amp; &lt; &gt; &quot; &apos; \
                 and character references are)"
            )
        })?;
        out.push(c);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(std::borrow::Cow::Owned(out))
}

/// XML 1.0's `Char` production.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
}

#[derive(Default)]
struct RootSize {
    width: Option<f64>,
    height: Option<f64>,
    view_box: Option<(f64, f64)>,
}

impl RootSize {
    fn read(&mut self, attr: &str, value: &str) {
        match attr {
            "width" => self.width = parse_length(value),
            "height" => self.height = parse_length(value),
            "viewBox" => self.view_box = parse_view_box(value),
            _ => {}
        }
    }

    fn resolve(&self) -> Option<(u32, u32)> {
        let (w, h) = match (self.width, self.height, self.view_box) {
            (Some(w), Some(h), _) => (w, h),
            (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
            (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
            (None, None, Some((vw, vh))) => (vw, vh),
            _ => return None,
        };
        let px = |v: f64| (0.5..=1e6).contains(&v).then(|| v.round() as u32);
        Some((px(w)?, px(h)?))
    }
}

/// A length in user units or px; other units (%, em...) give no intrinsic size.
fn parse_length(value: &str) -> Option<f64> {
    let v = value.trim();
    let v = v.strip_suffix("px").unwrap_or(v);
    v.trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n > 0.0)
}

fn parse_view_box(value: &str) -> Option<(f64, f64)> {
    let nums: Vec<f64> = value
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match nums[..] {
        [_, _, w, h] if w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0 => Some((w, h)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn refused(svg: &str) -> String {
        match check(svg.as_bytes()) {
            Err(SvgProblem::Unsafe(m)) => m,
            other => panic!("expected a refusal, got {other:?} for {svg}"),
        }
    }

    #[test]
    fn sizes_come_from_width_height_or_view_box() {
        let ok = |s: &str| check(s.as_bytes()).expect(s);
        assert_eq!(
            ok(r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"/>"#),
            (120, 40)
        );
        assert_eq!(
            ok(r#"<svg width="120px" height="40.4px"></svg>"#),
            (120, 40)
        );
        assert_eq!(
            ok(r#"<?xml version="1.0"?><svg viewBox="0 0 300 150"><g/></svg>"#),
            (300, 150)
        );
        assert_eq!(ok(r#"<svg width="100%" viewBox="0,0,64,32"/>"#), (64, 32));
        assert_eq!(ok(r#"<svg width="128" viewBox="0 0 64 32"/>"#), (128, 64));
        assert!(matches!(check(b"<svg/>"), Err(SvgProblem::Invalid(_))));
        assert!(matches!(check(b"<html/>"), Err(SvgProblem::Unsafe(_))));
        assert!(matches!(
            check(b"<svg viewBox='0 0 1 1'>"),
            Err(SvgProblem::Unsafe(_))
        ));
    }

    #[test]
    fn safe_svgs_pass() {
        let svg = r##"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
        <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
            <defs><linearGradient id="g"/></defs>
            <style>.a { fill: url(#g); }</style>
            <rect class="a" width="10" height="10" fill="url('#g')" data-name="Layer 1"/>
            <use xlink:href="#g"/>
            <image href="data:image/png;base64,iVBORw0KGgo="/>
            <a href="#top"><text>on the road &amp; &#x263A;</text></a>
            <animate attributeName="opacity" values="0;1" dur="1s"/>
        </svg>"##;
        assert_eq!(check(svg.as_bytes()), Ok((10, 10)));
    }

    #[test]
    fn refusals_name_the_line_and_column() {
        let reason = refused("<svg viewBox=\"0 0 1 1\">\n  <script>alert(1)</script></svg>");
        assert!(
            reason.starts_with("line 2, column 3 of the SVG: "),
            "{reason}"
        );
        assert!(reason.contains("<script>"), "{reason}");
    }

    fn repo() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    fn svgs_under(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                svgs_under(&path, out);
            } else if path.extension().is_some_and(|e| e == "svg") {
                out.push(path);
            }
        }
    }

    /// `fixtures/hostile/svg/`: `safe-*.svg` must pass, every other file must be refused.
    #[test]
    fn hostile_corpus() {
        let mut files = Vec::new();
        svgs_under(&repo().join("fixtures/hostile/svg"), &mut files);
        files.sort();
        assert!(
            files.len() > 40,
            "the corpus is there ({} files)",
            files.len()
        );
        let mut wrong = Vec::new();
        for file in &files {
            let name = file
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let bytes = std::fs::read(file).expect("read");
            let result = check(&bytes);
            let ok = if name.starts_with("safe-") {
                result.is_ok()
            } else {
                matches!(result, Err(SvgProblem::Unsafe(_)))
            };
            if !ok {
                wrong.push(format!("{name}: {result:?}"));
            }
            if std::env::var_os("SHOW_REASONS").is_some() {
                eprintln!("{name}: {result:?}");
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn the_example_sites_svgs_pass() {
        let mut files = Vec::new();
        svgs_under(
            &repo().join("fixtures/sites/kubesphere/static/images"),
            &mut files,
        );
        svgs_under(&repo().join("fixtures/invalid/_shared"), &mut files);
        assert!(files.len() >= 9);
        for file in files {
            let bytes = std::fs::read(&file).expect("read");
            assert!(
                check(&bytes).is_ok(),
                "{}: {:?}",
                file.display(),
                check(&bytes)
            );
        }
    }

    #[test]
    fn sniffing() {
        assert!(sniff(b"<svg/>"));
        assert!(sniff(b"\xef\xbb\xbf  <?xml version='1.0'?>\n<svg/>"));
        assert!(sniff(b"<!-- made by hand --><svg/>"));
        assert!(!sniff(b"\x89PNG\r\n"));
        assert!(!sniff(b"<html><svg/></html>"));
    }
}
