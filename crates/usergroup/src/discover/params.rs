//! The theme's settings prep itself needs from the site config's `[params.usergroup]`
//! (the others, like `rowCards`, only Hugo's layouts read).

use crate::diagnostic::{Code, Diagnostic};
use crate::model::DirectorySettings;

/// The longest threshold accepted: a century of silence is no longer a threshold.
const MAX_INACTIVE_AFTER_DAYS: i64 = 36_500;

/// `params.usergroup.inactiveAfterDays` (keys in any case, as Hugo reads them): how many
/// days an active chapter may go without an event. The default when absent; a value that is
/// not a whole number of days from 1 to 36,500 is `E0001` at the key (and the default is
/// used, so checking goes on).
pub fn inactive_after_days(file: &str, text: &str, diags: &mut Vec<Diagnostic>) -> u32 {
    let default = DirectorySettings::DEFAULT_INACTIVE_AFTER_DAYS;
    let Ok(table) = text.parse::<toml::Table>() else {
        // Invalid TOML was already reported by `read_config`.
        return default;
    };
    let get = |t: &toml::Table, key: &str| {
        t.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.clone())
    };
    let value = get(&table, "params")
        .and_then(|p| p.as_table().and_then(|p| get(p, "usergroup")))
        .and_then(|u| u.as_table().and_then(|u| get(u, "inactiveAfterDays")));
    let Some(value) = value else {
        return default;
    };
    match value.as_integer() {
        Some(days) if (1..=MAX_INACTIVE_AFTER_DAYS).contains(&days) => days as u32,
        _ => {
            diags.push(
                Diagnostic::new(
                    Code::Config,
                    file,
                    super::key_position(text, "inactiveAfterDays"),
                    format!("`params.usergroup.inactiveAfterDays` must be a whole number of days, found `{value}`"),
                )
                .with_help(format!(
                    "write a number from 1 to {MAX_INACTIVE_AFTER_DAYS} without quotes, e.g. `inactiveAfterDays = 180`, or remove it for the default ({default})"
                )),
            );
            default
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (u32, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        (inactive_after_days("hugo.toml", text, &mut diags), diags)
    }

    #[test]
    fn read_in_any_case_with_a_default() {
        assert_eq!(read("title = 'x'\n").0, 180);
        assert_eq!(read("[params.usergroup]\ninactiveAfterDays = 90\n").0, 90);
        assert_eq!(read("[Params.UserGroup]\ninactiveafterdays = 30\n").0, 30);
    }

    #[test]
    fn a_bad_value_is_reported_at_the_key() {
        let (days, diags) = read("title = 'x'\n[params.usergroup]\ninactiveAfterDays = \"90\"\n");
        assert_eq!(days, 180);
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].code, diags[0].line), (Code::Config, 3));
        assert_eq!(
            read("[params.usergroup]\ninactiveAfterDays = 0\n").1.len(),
            1
        );
    }
}
