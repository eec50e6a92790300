//! `W0410`: what `prep new` scaffolded and nobody has filled in yet.
//!
//! The scaffold ([`crate::scaffold`] writes them; this module only recognises them) writes
//! every text a person must supply as `TODO: <what to write>` (`TODO：…` in Chinese) and a
//! grey placeholder photo ([`crate::images::placeholder`]). Both are valid content, so a
//! scaffolded chapter passes `check` at once; this rule keeps reporting each of them, with
//! what to write, until it is replaced.

use super::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{ImageRef, Spanned};

/// What every scaffolded text starts with.
pub const MARKER: &str = "TODO";

/// Whether `text` is a scaffold placeholder: `TODO:` or `TODO：` at its start.
pub fn is_placeholder_text(text: &str) -> bool {
    text.trim_start()
        .strip_prefix(MARKER)
        .is_some_and(|rest| rest.starts_with([':', '：']))
}

/// The finding for one placeholder text: `what` names the value ("the wuhan card's `title`").
fn finding(file: &str, what: &str, value: &Spanned<String>) -> Diagnostic {
    let ask = value.value.trim_start()[MARKER.len()..]
        .trim_start_matches([':', '：'])
        .trim();
    Diagnostic::new(
        Code::Placeholder,
        file,
        value.span,
        format!("{what} is still the scaffold's placeholder"),
    )
    .with_help(format!("replace the whole value: {ask}"))
}

/// Reports every placeholder text of a page's cards and chapter pages.
pub(super) fn placeholder_texts(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    let page = cx.page;
    let mut report = |file: &str, what: String, value: &Spanned<String>| {
        if is_placeholder_text(&value.value) {
            diags.push(finding(file, &what, value));
        }
    };
    for card in &page.cities.cards {
        let id = &card.id.value;
        for (key, value) in [
            ("name", &card.name),
            ("title", &card.title),
            ("des", &card.description),
        ] {
            report(&page.file, format!("the `{id}` card's `{key}`"), value);
        }
    }
    for chapter in &page.chapters {
        let file = chapter.file.as_str();
        for (key, value) in [
            ("name", &chapter.name),
            ("title", &chapter.title),
            ("description", &chapter.description),
        ] {
            report(file, format!("`{key}`"), value);
        }
        if let Some(region) = &chapter.region {
            report(file, "`region`".to_string(), region);
        }
        for (i, member) in chapter.members.iter().enumerate() {
            report(file, format!("`members[{i}].name`"), &member.name);
            if let Some(bio) = &member.bio {
                report(file, format!("`members[{i}].bio`"), bio);
            }
        }
        for (i, event) in chapter.events.iter().enumerate() {
            report(file, format!("`events[{i}].title`"), &event.title);
            if let Some(venue) = &event.venue {
                report(file, format!("`events[{i}].venue.name`"), &venue.name);
                report(file, format!("`events[{i}].venue.address`"), &venue.address);
            }
        }
    }
}

/// The finding for an image that is still the placeholder photo.
pub(super) fn placeholder_image(file: &str, image: &ImageRef) -> Diagnostic {
    Diagnostic::new(
        Code::Placeholder,
        file,
        image.path.span,
        format!(
            "`{}` is still the scaffold's grey placeholder photo",
            image.path.value
        ),
    )
    .with_help(format!(
        "replace the file with a photo of the city (at least {} px wide), keeping its path, or write another path here",
        image.role.min_source_width()
    ))
}

#[cfg(test)]
mod tests {
    use super::is_placeholder_text;

    #[test]
    fn placeholders_are_todo_with_a_colon_at_the_start() {
        assert!(is_placeholder_text("TODO: a title"));
        assert!(is_placeholder_text("  TODO：城市站简称"));
        assert!(!is_placeholder_text("TODOs for the chapter"));
        assert!(!is_placeholder_text("Our TODO: list"));
        assert!(!is_placeholder_text(""));
    }
}
