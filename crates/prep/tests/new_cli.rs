//! `prep new city|member|event` on a copy of the example site, through the real binary: the
//! result passes `prep check` (with W0410 for what to fill in), the site's own files change
//! only by the added lines, and every refusal writes nothing.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::Path;
use std::process::Output;

mod support;
use support::{code, prep, root, site_copy};

/// Every file of the site and its bytes.
fn tree(site: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, site: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, site, out);
            } else {
                let rel = path.strip_prefix(site).expect("inside");
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(site, site, &mut out);
    out
}

/// Runs `prep <args…> <site> --theme <repo>`.
fn run(args: &[&str], site: &Path) -> Output {
    let theme = root();
    let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    all.extend([site.as_os_str(), OsStr::new("--theme"), theme.as_os_str()]);
    prep(all, Path::new(env!("CARGO_TARGET_TMPDIR")))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `prep check` passes, and reports W0410 for the placeholders.
fn check_passes(site: &Path) -> String {
    let out = run(&["check"], site);
    let text = stderr(&out);
    assert_eq!(code(&out), 0, "{text}");
    assert!(!text.contains("error["), "{text}");
    text
}

/// The lines `after` has where `before` has none, as blocks `@@ after line N` (a line of
/// `before`) and the lines inserted there. Asserts that the edit only inserted lines: every
/// line of `before` is still there, unchanged and in order.
fn inserted(before: &[u8], after: &[u8]) -> String {
    let lines = |b: &[u8]| -> Vec<String> {
        let text = std::str::from_utf8(b).expect("utf-8").to_string();
        text.split_inclusive('\n').map(str::to_string).collect()
    };
    let (before, after) = (lines(before), lines(after));
    let mut out = String::new();
    let mut i = 0;
    let mut in_block = false;
    for line in &after {
        if i < before.len() && *line == before[i] {
            i += 1;
            in_block = false;
            continue;
        }
        if !in_block {
            out.push_str(&format!("@@ after line {i}\n"));
            in_block = true;
        }
        out.push_str(line);
    }
    assert_eq!(
        i,
        before.len(),
        "lines of the file were changed, not only added"
    );
    out
}

/// What changed between two trees: edited files with their inserted lines, and new files.
fn changes(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> (BTreeMap<String, String>, Vec<String>) {
    assert!(
        before.keys().all(|k| after.contains_key(k)),
        "a file was removed"
    );
    let edited = before
        .iter()
        .filter(|(k, v)| after[*k] != **v)
        .map(|(k, v)| (k.clone(), inserted(v, &after[k])))
        .collect();
    let created = after
        .keys()
        .filter(|k| !before.contains_key(*k))
        .cloned()
        .collect();
    (edited, created)
}

#[test]
fn new_city_adds_the_cards_pages_and_photo_and_check_passes() {
    let site = site_copy("new-cli", "city");
    let before = tree(&site);
    let out = run(&["new", "city", "wuhan"], &site);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (edited, created) = changes(&before, &tree(&site));
    assert_eq!(
        created,
        [
            "content/en/user-group/wuhan.md",
            "content/zh/user-group/wuhan.md",
            "static/images/user-group/cityCards/wuhan.png",
        ]
    );
    assert_eq!(edited.len(), 2, "{edited:#?}");
    assert_eq!(
        edited["content/zh/user-group/_index.md"],
        "@@ after line 34\n\n    - name: TODO：城市站的简称，如「某某站」\n      backgroundImage: /images/user-group/cityCards/wuhan.png\n      title: TODO：卡片展开后的标题，如「社区用户委员会 — 某某站」\n      des: TODO：一两句话介绍这个城市站：何时成立、由谁组成、做什么。\n      id: wuhan\n"
    );
    assert_eq!(
        edited["content/en/user-group/_index.md"],
        "@@ after line 35\n    - name: \"TODO: the chapter's short name, e.g. the city's name\"\n      backgroundImage: /images/user-group/cityCards/wuhan.png\n      title: \"TODO: the title shown when the card opens, e.g. \\\"Community User Group — City\\\"\"\n      des: \"TODO: one or two sentences about the chapter: when it was founded, who is in it, what it does.\"\n      id: wuhan\n\n"
    );
    let report = stderr(&out);
    assert!(
        report.contains("created static/images/user-group/cityCards/wuhan.png"),
        "{report}"
    );
    let check = check_passes(&site);
    for what in [
        "warning[W0410]: the `wuhan` card's `name` is still the scaffold's placeholder",
        "warning[W0410]: `/images/user-group/cityCards/wuhan.png` is still the scaffold's grey placeholder photo",
        "--> content/zh/user-group/wuhan.md:4:8",
        "= help: replace the whole value: 页面标题",
    ] {
        assert!(check.contains(what), "{what}\n{check}");
    }
}

#[test]
fn new_member_and_event_add_lines_to_the_chapter_pages() {
    let site = site_copy("new-cli", "member-event");
    let before = tree(&site);
    for args in [
        &["new", "member", "shanghai", "octocat"][..],
        &[
            "new",
            "event",
            "shanghai",
            "2027-05-08",
            "Shanghai Meetup: GitOps",
        ],
    ] {
        let out = run(args, &site);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    }
    let (edited, created) = changes(&before, &tree(&site));
    assert!(created.is_empty(), "{created:?}");
    let files: Vec<&str> = edited.keys().map(String::as_str).collect();
    assert_eq!(
        files,
        [
            "content/en/user-group/shanghai.md",
            "content/zh/user-group/shanghai.md"
        ]
    );
    // The member follows the last member, the event the last event, in the offset of the
    // chapter's events; the Chinese page writes roles in Chinese, as its members do.
    assert_eq!(
        edited["content/en/user-group/shanghai.md"],
        "@@ after line 28\n  - name: \"TODO: the member's display name\"\n    role: member\n    github: octocat\n    bio: \"TODO: one or two sentences about the member\"\n@@ after line 54\n  - title: \"Shanghai Meetup: GitOps\"\n    start: 2027-05-08T14:00:00+08:00\n    end: 2027-05-08T16:00:00+08:00\n    venue:\n      name: \"TODO: the venue's name\"\n      address: \"TODO: the venue's street address\"\n"
    );
    assert!(edited["content/zh/user-group/shanghai.md"].contains("    role: 委员\n"));
    let check = check_passes(&site);
    assert!(
        check.contains("`members[4].name` is still the scaffold's placeholder"),
        "{check}"
    );
    assert!(
        check.contains("`events[3].venue.address` is still the scaffold's placeholder"),
        "{check}"
    );
}

#[test]
fn a_new_city_takes_members_and_events() {
    let site = site_copy("new-cli", "city-member-event");
    for args in [
        &["new", "city", "wuhan"][..],
        &["new", "member", "wuhan", "octo-cat", "--role", "lead"],
        &[
            "new",
            "event",
            "wuhan",
            "2027-03-14",
            "Wuhan Meetup: first steps",
        ],
        &[
            "new",
            "event",
            "wuhan",
            "2027-12-31T23:30:00+08:00",
            "New year's eve",
        ],
    ] {
        let out = run(args, &site);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    }
    // `members: []` and `events: []` became block lists; their comments stayed on the line.
    let page = std::fs::read_to_string(site.join("content/zh/user-group/wuhan.md")).expect("read");
    let lists = &page[page.find("members:").expect("members")..];
    assert_eq!(
        lists,
        "members: # 添加成员：prep new member wuhan <GitHub 用户名> --role 站长\n  - name: TODO：成员的显示名\n    role: 站长\n    github: octo-cat\n    bio: TODO：一两句话介绍这位成员\nevents: # 添加活动：prep new event wuhan 2027-03-14 \"活动标题\"\n  - title: \"Wuhan Meetup: first steps\"\n    start: 2027-03-14T14:00:00Z\n    end: 2027-03-14T16:00:00Z\n    venue:\n      name: TODO：场地名称\n      address: TODO：场地地址\n  - title: \"New year's eve\"\n    start: 2027-12-31T23:30:00+08:00\n    end: 2028-01-01T01:30:00+08:00\n    venue:\n      name: TODO：场地名称\n      address: TODO：场地地址\n---\n"
    );
    check_passes(&site);
}

/// Each refused command, its exit status and what it says.
const REFUSALS: &[(&[&str], i32, &str)] = &[
    (
        &["new", "city", "shanghai"],
        1,
        "error[E0201]: city `shanghai` already exists",
    ),
    (
        &["new", "city", "Wu Han"],
        1,
        "error[E0202]: city id `Wu Han` is not slug-safe",
    ),
    (&["new", "city", "wu_han"], 1, "e.g. `wu-han`"),
    (
        &["new", "member", "nowhere", "octocat"],
        1,
        "error[E0601]: unknown city `nowhere`",
    ),
    (
        &["new", "member", "shanghai", "@octocat"],
        1,
        "error[E0206]: `@octocat` is not a GitHub login",
    ),
    (
        &["new", "member", "shanghai", "Example-Lin"],
        1,
        "`Example-Lin` is already a member of shanghai",
    ),
    (
        &["new", "member", "shanghai", "octocat", "--role", "boss"],
        1,
        "error[E0205]: `boss` is not a role",
    ),
    (
        &["new", "event", "shanghai", "2027-02-30", "x"],
        1,
        "error[E0213]: `2027-02-30` is not a date",
    ),
    (
        &["new", "event", "shanghai", "2027-03-14T14:00", "x"],
        1,
        "error[E0213]",
    ),
    (
        &["new", "event", "shanghai", "2027-03-14", " "],
        1,
        "the event has no title",
    ),
    (
        &[
            "new",
            "event",
            "shanghai",
            "2026-03-14T14:00:00+08:00",
            "Shanghai Meetup: multi-cluster management in practice",
        ],
        1,
        "error[E0217]: shanghai already has",
    ),
    (
        &["new", "city", "wuhan", "--lang", "fr"],
        2,
        "--lang fr: the site has no user-group page in that language",
    ),
];

#[test]
fn refusals_write_nothing_and_say_why() {
    let site = site_copy("new-cli", "refusals");
    let before = tree(&site);
    for &(args, exit, says) in REFUSALS {
        let out = run(args, &site);
        let text = stderr(&out);
        assert_eq!(code(&out), exit, "{args:?}: {text}");
        assert!(text.contains(says), "{args:?}: {says}\n{text}");
        assert!(text.contains("nothing was written"), "{args:?}: {text}");
        assert!(tree(&site) == before, "{args:?} changed the site");
    }
    // A refusal about a file points into it, like `check` does.
    let text = stderr(&run(&["new", "city", "shanghai"], &site));
    assert!(
        text.contains(
            " --> content/zh/user-group/_index.md:22:11\n   |\n22 |       id: shanghai\n"
        ),
        "{text}"
    );
    // Usage errors are clap's, exit 2.
    let out = prep(["new", "city"], &site);
    assert_eq!(code(&out), 2);
    assert!(tree(&site) == before);
}

#[test]
fn a_language_can_be_left_out() {
    let site = site_copy("new-cli", "one-language");
    let before = tree(&site);
    let out = run(&["new", "city", "wuhan", "--lang", "en"], &site);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (edited, created) = changes(&before, &tree(&site));
    assert_eq!(
        edited.keys().collect::<Vec<_>>(),
        ["content/en/user-group/_index.md"]
    );
    assert_eq!(created.len(), 2, "{created:?}");
    // The other language now lacks the city: check says so (E0203) until it is added there.
    let out = run(&["check"], &site);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("E0203"));
    let out = run(&["new", "city", "wuhan", "--lang", "zh"], &site);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    check_passes(&site);
}

/// A folder on the way that is a symlink (here: the cards' photos, linked out of the site)
/// stops the write before anything is renamed: nothing changes inside or outside the site.
#[cfg(unix)]
#[test]
fn a_symlinked_folder_stops_the_write_and_nothing_changes() {
    let site = site_copy("new-cli", "symlink");
    let outside = site_copy("new-cli", "symlink-outside");
    let cards = site.join("static/images/user-group/cityCards");
    std::fs::remove_dir_all(&cards).expect("rm");
    std::os::unix::fs::symlink(outside.join("static/images/user-group/cityCards"), &cards)
        .expect("symlink");
    let (before, outside_before) = (tree(&site), tree(&outside));
    let out = run(&["new", "city", "wuhan"], &site);
    let text = stderr(&out);
    assert_eq!(code(&out), 2, "{text}");
    assert!(text.contains("is a symlink"), "{text}");
    assert!(tree(&site) == before, "the site changed");
    assert!(
        tree(&outside) == outside_before,
        "a file outside the site changed"
    );
}
