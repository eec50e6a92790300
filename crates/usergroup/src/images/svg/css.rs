//! CSS inside an SVG (`<style>` sheets, `style` attributes, presentation attribute values),
//! checked by allowlist: no escapes, no at-rule but `@media` and `@keyframes`, only listed
//! properties and functions, and `url()` only to a `#fragment` of the same document.

use super::allow;

/// Checks a whole style sheet (the text of a `<style>` element).
pub(super) fn sheet(css: &str) -> Result<(), String> {
    let css = without_comments(css)?;
    let mut rest = css.as_str();
    rules(&mut rest, false)
}

/// Checks a declaration list (a `style` attribute).
pub(super) fn declarations(css: &str) -> Result<(), String> {
    let css = without_comments(css)?;
    declaration_list(&css)
}

/// Checks a value: a CSS property value, or any attribute value that a browser might read as
/// one. Every `name(` must be an allowed function and every `url()` a `#fragment`.
pub(super) fn value(value: &str) -> Result<(), String> {
    if let Some(c) = value
        .chars()
        .find(|c| matches!(c, '\\' | '<' | '@' | '{' | '}'))
    {
        return Err(format!(
            "`{c}` is not allowed in a style value (CSS escapes and nested rules can hide \
             what a value loads)"
        ));
    }
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'(' {
            i += 1;
            continue;
        }
        // The name is the run of name characters before `(`; it starts after the last other
        // character, which may be several bytes long (found by the fuzzer).
        let name_start = value[..i]
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '-' || c == '_'))
            .map_or(0, |(p, c)| p + c.len_utf8());
        let name = value[name_start..i].to_ascii_lowercase();
        if !name.is_empty() && !allow::is_css_function(&name) {
            return Err(format!("the CSS function `{name}()` is not allowed"));
        }
        if name == "url" {
            let end = value[i..].find(')').map_or(value.len(), |p| i + p);
            fragment_url(&value[i + 1..end])?;
            i = end;
        }
        i += 1;
    }
    Ok(())
}

/// `url(...)`'s argument: `#id`, quoted or not.
fn fragment_url(arg: &str) -> Result<(), String> {
    let arg = arg.trim();
    let unquoted = arg
        .strip_prefix('"')
        .and_then(|a| a.strip_suffix('"'))
        .or_else(|| arg.strip_prefix('\'').and_then(|a| a.strip_suffix('\'')))
        .unwrap_or(arg);
    let ok = unquoted.strip_prefix('#').is_some_and(|id| {
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
    });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`url({arg})` points outside the file; only `url(#id)` is allowed"
        ))
    }
}

/// The CSS with each comment replaced by a space (as the CSS tokenizer separates tokens).
fn without_comments(css: &str) -> Result<String, String> {
    if css.contains('\\') {
        return Err("CSS escapes (`\\`) are not allowed in an SVG's style".into());
    }
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        out.push(' ');
        let after = &rest[start + 2..];
        let end = after
            .find("*/")
            .ok_or("a CSS comment is not closed (`/*` without `*/`)")?;
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Rules until the end (top level) or a `}` closing the enclosing block (`nested`).
fn rules(rest: &mut &str, nested: bool) -> Result<(), String> {
    loop {
        *rest = rest.trim_start();
        if rest.is_empty() {
            return if nested {
                Err("a `{` block in the style sheet is not closed".into())
            } else {
                Ok(())
            };
        }
        if let Some(after) = rest.strip_prefix('}') {
            if !nested {
                return Err("the style sheet has a `}` without its `{`".into());
            }
            *rest = after;
            return Ok(());
        }
        let open = find_outside_strings(rest, |c| matches!(c, '{' | '}' | ';'))
            .filter(|&p| rest.as_bytes()[p] == b'{')
            .ok_or("a style rule has no `{ … }` block (or is an at-rule without one)")?;
        let prelude = rest[..open].trim();
        *rest = &rest[open + 1..];
        if let Some(at_rule) = prelude.strip_prefix('@') {
            let name: String = at_rule
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-')
                .collect::<String>()
                .to_ascii_lowercase();
            if !matches!(name.as_str(), "media" | "keyframes" | "-webkit-keyframes") {
                return Err(format!(
                    "the at-rule `@{name}` is not allowed in an SVG's style (only @media and \
                     @keyframes)"
                ));
            }
            selector(&at_rule[name.len()..])?;
            rules(rest, true)?;
        } else {
            selector(prelude)?;
            let close = find_outside_strings(rest, |c| matches!(c, '{' | '}'))
                .filter(|&p| rest.as_bytes()[p] == b'}')
                .ok_or("a style rule's `{` is not closed by `}`")?;
            declaration_list(&rest[..close])?;
            *rest = &rest[close + 1..];
        }
    }
}

/// A selector or at-rule prelude: it cannot load anything, but it may not smuggle a value.
fn selector(prelude: &str) -> Result<(), String> {
    let mut outside = String::with_capacity(prelude.len());
    let mut quote = None;
    for c in prelude.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None => outside.push(c.to_ascii_lowercase()),
        }
    }
    if outside.contains("url(") || outside.contains(['<', '@', ';']) {
        return Err(format!(
            "the style rule `{}` is not allowed",
            prelude.trim()
        ));
    }
    Ok(())
}

/// `name: value; name: value`.
fn declaration_list(list: &str) -> Result<(), String> {
    let mut rest = list;
    while !rest.trim().is_empty() {
        let end = find_outside_strings(rest, |c| c == ';').unwrap_or(rest.len());
        let declaration = rest[..end].trim();
        rest = rest.get(end + 1..).unwrap_or("");
        if declaration.is_empty() {
            continue;
        }
        let (name, val) = declaration
            .split_once(':')
            .ok_or_else(|| format!("`{declaration}` is not a CSS declaration (`name: value`)"))?;
        let name = name.trim().to_ascii_lowercase();
        if !allow::is_css_property(&name) {
            return Err(format!(
                "the CSS property `{name}` is not allowed in an SVG's style"
            ));
        }
        let val = val.trim();
        let val = val.strip_suffix("!important").map_or(val, |v| v.trim_end());
        value(val)?;
    }
    Ok(())
}

/// The byte position of the first character matching `stop` outside quoted strings.
fn find_outside_strings(text: &str, stop: impl Fn(char) -> bool) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if stop(c) => return Some(i),
            None => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawing_css_passes() {
        for css in [
            ".st0{fill:#FFFFFF;} .st1{fill:url(#g);stroke:rgb(0, 1, 2)}",
            "@media (prefers-color-scheme: dark) { path { fill: white } }",
            "@keyframes spin { from { transform: rotate(0deg) } to { transform: rotate(360deg) } }",
            "/* editor */ text { font-family: 'Open Sans', sans-serif; font-size: 12px !important }",
            "rect[data-x=\"a;b}\"] { opacity: .5 }",
        ] {
            assert_eq!(sheet(css), Ok(()), "{css}");
        }
        assert_eq!(
            declarations("fill: url('#a'); stroke-width: calc(1px + 2px);"),
            Ok(())
        );
    }

    #[test]
    fn loading_and_hiding_css_is_refused() {
        for css in [
            "@import url(x.css);",
            "@import 'x.css'; a{fill:red}",
            "@font-face { font-family: x; src: url(//e.x/f.woff) }",
            "a { fill: url(https://e.x/p) }",
            "a { fill: url( //e.x/p ) }",
            "a { background: red }",
            "a { behavior: url(#x) }",
            "a { -moz-binding: url(#x) }",
            "a { fill: u\\72l(http://e.x) }",
            "a { fill: image-set('x.png' 1x) }",
            "a { fill: red",
            "a { fill: red } }",
            "a { fill: url(#x) /* unclosed",
            "@namespace svg url(http://www.w3.org/2000/svg);",
            "a { fill: expression(alert(1)) }",
            "a { fill: ur/**/l(http://e.x) }",
            "a { --x: url(http://e.x) }",
            "a { fill: url(data:image/svg+xml,x) }",
        ] {
            assert!(sheet(css).is_err(), "{css}");
        }
        assert!(declarations("fill: url(http://e.x)").is_err());
        assert!(declarations("cursor: url(#x)").is_err());
        assert!(value("javascript:alert(1)").is_err());
    }
}
