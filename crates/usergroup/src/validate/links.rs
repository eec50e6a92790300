//! The link rules: what a link may point at.

use super::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Spanned;

/// How a link is classified.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkKind {
    /// `http(s)://host…`, with its lower-cased host.
    Web(String),
    /// `/…` on this site.
    SiteRelative,
    /// A scheme that runs or embeds code or files: `javascript:`, `data:`, `file:`, `vbscript:`.
    Forbidden(String),
    /// Anything else (a relative path, `mailto:`, `www.x.org` without a scheme).
    Other,
}

/// Classifies a link the way a browser would read it (it ignores tabs and newlines and
/// case in the scheme, so `Java\tScript:` is still `javascript:`).
pub fn classify_link(link: &str) -> LinkKind {
    let squeezed: String = link
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let lower = squeezed.to_ascii_lowercase();
    if let Some((scheme, rest)) = lower.split_once(':') {
        if !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            return match scheme {
                "javascript" | "data" | "file" | "vbscript" => {
                    LinkKind::Forbidden(scheme.to_string())
                }
                "http" | "https" => match rest.strip_prefix("//") {
                    Some(r) => {
                        let authority = r.split(['/', '?', '#']).next().unwrap_or("");
                        let host = authority.rsplit('@').next().unwrap_or("");
                        let host = if host.starts_with('[') {
                            host.split(']').next().unwrap_or("").trim_start_matches('[')
                        } else {
                            host.split(':').next().unwrap_or("")
                        };
                        if host.is_empty() {
                            LinkKind::Other
                        } else {
                            LinkKind::Web(host.trim_end_matches('.').to_string())
                        }
                    }
                    None => LinkKind::Other,
                },
                _ => LinkKind::Other,
            };
        }
    }
    if lower.starts_with('/') && !lower.starts_with("//") {
        LinkKind::SiteRelative
    } else {
        LinkKind::Other
    }
}

/// Whether a host is a placeholder nobody means to publish.
pub fn is_placeholder_host(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    let under = |d: &str| h == d || h.ends_with(&format!(".{d}"));
    under("baidu.com")
        || under("example.com")
        || under("example.org")
        || under("example.net")
        || under("localhost")
        || matches!(h.as_str(), "127.0.0.1" | "0.0.0.0" | "::1")
}

/// `E0501`, `E0502`, `W0503`: every link is http(s) or a site path, to a real host.
pub(super) fn links(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    let page = cx.page;
    let mut all: Vec<(&str, &str, &Spanned<String>)> = vec![(
        page.file.as_str(),
        "citySection.cityCard.joinLink",
        &page.cities.intro.join_link,
    )];
    if let Some(l) = &page.apply.how_to_apply.link {
        all.push((page.file.as_str(), "applyNew.apply.applyLink", l));
    }
    for ch in &page.chapters {
        if let Some(l) = &ch.join_link {
            all.push((ch.file.as_str(), "joinLink", l));
        }
    }
    for (file, key, link) in all {
        if link.value.trim().is_empty() {
            continue;
        }
        match classify_link(&link.value) {
            LinkKind::SiteRelative => {}
            LinkKind::Web(host) if is_placeholder_host(&host) => diags.push(
                Diagnostic::new(Code::LinkPlaceholder, file, link.span, format!("`{key}` points at a placeholder host `{host}`"))
                    .with_help("replace it with the real page people should visit (e.g. the chapter's sign-up form or issue tracker)"),
            ),
            LinkKind::Web(_) => {}
            LinkKind::Forbidden(scheme) => diags.push(
                Diagnostic::new(Code::LinkScheme, file, link.span, format!("`{key}` uses the `{scheme}:` scheme, which is never allowed"))
                    .with_help("links must be `https://…` or a path on this site starting with `/`"),
            ),
            LinkKind::Other => {
                let v = link.value.trim();
                let help = if v.starts_with("www.") || (v.contains('.') && !v.contains(':') && !v.starts_with('.')) {
                    format!("add the scheme: `https://{}`", v.trim_start_matches('/'))
                } else {
                    "links must be `https://…` or a path on this site starting with `/`".to_string()
                };
                diags.push(Diagnostic::new(Code::LinkKind, file, link.span, format!("`{key}` is neither an http(s) link nor a site path: `{v}`")).with_help(help));
            }
        }
    }
}
