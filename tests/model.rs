//! The normalised model of the example site (zh and en), and the seed's real mistakes found
//! on it at the right lines.

use std::path::{Path, PathBuf};

use usergroup::{check, CheckOptions};

fn example_site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/sites/kubesphere")
}

/// The build date of these tests (the e2e and build tests use the same): the example's
/// events are split into past and upcoming against it.
fn options() -> CheckOptions {
    let mut options = CheckOptions::default();
    options.today = usergroup::model::Date::new(2026, 9, 1);
    options
}

#[test]
fn example_site_model() {
    let checked = check(&example_site(), &options()).expect("check runs");
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let site = checked.site.expect("the example site loads");
    let langs: Vec<&str> = site.pages.iter().map(|p| p.lang.as_str()).collect();
    assert_eq!(langs, ["zh", "en"]);
    // The theme is the repository itself, found through the module replacement.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("repo root");
    assert_eq!(site.theme_dir.as_deref(), Some(repo.as_path()));
    insta::assert_json_snapshot!("example_site_model", site);
}

#[test]
fn seed_mistakes_are_warned_about_at_their_lines() {
    let checked = check(&example_site(), &options()).expect("check runs");
    let zh = "content/zh/user-group/_index.md";
    let at = |code: &str| -> Vec<(usize, usize)> {
        checked
            .diagnostics
            .iter()
            .filter(|d| d.code == code && d.file == zh)
            .map(|d| (d.line, d.column))
            .collect()
    };
    // "活跃在上海" in the Hangzhou (line 27) and Chengdu (line 33) cards, under the city name.
    assert_eq!(at("W0401"), [(27, 40), (33, 40)]);
    // One founding date for all three, reported at the second card's date.
    assert_eq!(at("W0402"), [(27, 19)]);
    // Hangzhou's and Chengdu's texts are Shanghai's with the names and numbers changed.
    assert_eq!(at("W0406"), [(27, 12), (33, 12)]);
    // "目前为初创阶段" on the Shanghai and Chengdu cards, whose chapters are `status: active`.
    assert_eq!(at("W0407"), [(21, 69), (33, 69)]);
    // The www.baidu.com join link.
    assert_eq!(at("W0503"), [(15, 15)]);
    // `css` and `applyNew.requirements.applyLink` are not used: warned, not dropped.
    assert_eq!(at("W0107"), [(4, 1), (65, 5)]);
    // The prose counts and lists three cities, as the cards do: no count/list warning.
    assert!(
        at("W0403").is_empty() && at("W0404").is_empty(),
        "{:#?}",
        checked.diagnostics
    );
}
