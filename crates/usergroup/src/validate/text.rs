//! Reading facts out of prose: dates, counts of cities, lists of city names, member counts.
//! Chinese and English, written the ways the seed and its translations write them.

/// A calendar date.
pub type Date = (u32, u32, u32);

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A fact found in a text, with the character offset where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<T> {
    /// The fact.
    pub value: T,
    /// Character offset of its first character in the text.
    pub at: usize,
}

fn digits(chars: &[char], i: usize) -> (Option<u32>, usize) {
    let mut j = i;
    while j < chars.len() && chars[j].is_ascii_digit() && j - i < 6 {
        j += 1;
    }
    if j == i {
        return (None, i);
    }
    let s: String = chars[i..j].iter().collect();
    (s.parse().ok(), j)
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() && chars[i].is_whitespace() {
        i += 1;
    }
    i
}

use crate::model::calendar_date as valid;
pub use crate::model::iso_date;

/// The first date in a text: `2021 年 5 月 15 日`, `2021-05-15`, `May 15, 2021`, `15 May 2021`.
pub fn find_date(text: &str) -> Option<Found<Date>> {
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = text.to_lowercase().chars().collect();
    // Lower-casing can change the length of some characters; fall back to the original then.
    let lower = if lower.len() == chars.len() {
        lower
    } else {
        chars.clone()
    };
    for i in 0..chars.len() {
        if i > 0 && chars[i - 1].is_ascii_alphanumeric() {
            continue;
        }
        if let (Some(y), j) = digits(&chars, i) {
            // 2021 年 5 月 15 日
            let k = skip_spaces(&chars, j);
            if chars.get(k) == Some(&'年') {
                let (m, k2) = digits(&chars, skip_spaces(&chars, k + 1));
                let k3 = skip_spaces(&chars, k2);
                if let (Some(m), Some('月')) = (m, chars.get(k3)) {
                    let (d, k4) = digits(&chars, skip_spaces(&chars, k3 + 1));
                    if let (Some(d), Some('日' | '号')) = (d, chars.get(skip_spaces(&chars, k4)))
                    {
                        if let Some(date) = valid(y, m, d) {
                            return Some(Found { value: date, at: i });
                        }
                    }
                }
            }
            // 2021-05-15
            if chars.get(j) == Some(&'-') {
                let (m, k2) = digits(&chars, j + 1);
                if let (Some(m), Some('-')) = (m, chars.get(k2)) {
                    if let (Some(d), _) = digits(&chars, k2 + 1) {
                        if let Some(date) = valid(y, m, d) {
                            return Some(Found { value: date, at: i });
                        }
                    }
                }
            }
            // 15 May 2021
            let k = skip_spaces(&chars, j);
            if let Some((m, k2)) = month_at(&lower, k) {
                if let (Some(year), _) = digits(&chars, skip_spaces(&chars, k2)) {
                    if let Some(date) = valid(year, m, y) {
                        return Some(Found { value: date, at: i });
                    }
                }
            }
        }
        // May 15, 2021
        if let Some((m, k)) = month_at(&lower, i) {
            let (d, k2) = digits(&chars, skip_spaces(&chars, k));
            let mut k3 = skip_spaces(&chars, k2);
            if chars.get(k3) == Some(&',') {
                k3 = skip_spaces(&chars, k3 + 1);
            }
            if let (Some(d), (Some(y), _)) = (d, digits(&chars, k3)) {
                if let Some(date) = valid(y, m, d) {
                    return Some(Found { value: date, at: i });
                }
            }
        }
    }
    None
}

fn month_at(lower: &[char], i: usize) -> Option<(u32, usize)> {
    for (n, name) in MONTHS.iter().enumerate() {
        let full: Vec<char> = name.chars().collect();
        for len in [full.len(), 3] {
            if i + len <= lower.len()
                && lower[i..i + len] == full[..len]
                && !lower.get(i + len).is_some_and(|c| c.is_alphabetic())
            {
                let mut end = i + len;
                if len == 3 && lower.get(end) == Some(&'.') {
                    end += 1;
                }
                return Some((n as u32 + 1, end));
            }
        }
    }
    None
}

/// Reads a small Chinese numeral (一 … 九十九, 两) or ASCII digits.
pub fn chinese_number(s: &str) -> Option<u32> {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
            .or((c == '两').then_some(2))
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

const ENGLISH_NUMBERS: [&str; 13] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
];

/// Counts of cities written in prose: `三个城市站`, `3 个城市`, `three city chapters`,
/// `3 cities`. The offset is that of the number.
pub fn city_counts(text: &str) -> Vec<Found<u32>> {
    let mut found = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    // Chinese: <number> 个 城市
    for i in 0..chars.len() {
        if chars[i] != '个'
            || !matches!(chars.get(skip_spaces(&chars, i + 1)), Some('城'))
            || chars.get(skip_spaces(&chars, i + 1) + 1) != Some(&'市')
        {
            continue;
        }
        let mut end = i;
        while end > 0 && chars[end - 1].is_whitespace() {
            end -= 1;
        }
        let mut start = end;
        while start > 0
            && (chars[start - 1].is_ascii_digit()
                || "零一二两三四五六七八九十".contains(chars[start - 1]))
        {
            start -= 1;
        }
        let num: String = chars[start..end].iter().collect();
        if let Some(n) = chinese_number(&num) {
            found.push(Found {
                value: n,
                at: start,
            });
        }
    }
    // English: <number> [city|local|user] (chapters|cities|city chapters)
    let words = words(text);
    for (w, word) in words.iter().enumerate() {
        let n = ENGLISH_NUMBERS
            .iter()
            .position(|e| *e == word.0)
            .map(|p| p as u32)
            .or_else(|| word.0.parse().ok());
        let Some(n) = n else { continue };
        let mut next = w + 1;
        while next < words.len()
            && matches!(words[next].0.as_str(), "city" | "local" | "user" | "active")
            && next < w + 3
        {
            if words[next].0 == "city"
                && words
                    .get(next + 1)
                    .is_none_or(|x| !matches!(x.0.as_str(), "chapters" | "groups"))
            {
                break;
            }
            next += 1;
        }
        if words
            .get(next)
            .is_some_and(|x| matches!(x.0.as_str(), "chapters" | "cities" | "groups"))
        {
            found.push(Found {
                value: n,
                at: word.1,
            });
        }
    }
    found
}

/// Lower-cased ASCII words with their character offsets.
fn words(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    for (i, c) in text.chars().enumerate() {
        if c.is_ascii_alphanumeric() {
            if current.is_empty() {
                start = i;
            }
            current.push(c.to_ascii_lowercase());
        } else if !current.is_empty() {
            out.push((std::mem::take(&mut current), start));
        }
    }
    if !current.is_empty() {
        out.push((current, start));
    }
    out
}

/// A list of names written in prose (`上海、杭州、成都`, `Shanghai, Hangzhou and Chengdu`),
/// recognised when at least two of its items are among `names`. Items are returned trimmed,
/// with their offsets.
pub fn name_lists(text: &str, names: &[String]) -> Vec<Vec<Found<String>>> {
    let chars: Vec<char> = text.chars().collect();
    let mut lists = Vec::new();
    let mut seg_start = 0;
    for i in 0..=chars.len() {
        let end = i == chars.len() || "：:（()）。；;！!？?\n".contains(chars[i]);
        if !end {
            continue;
        }
        let items = split_items(&chars, seg_start, i, names);
        if items.iter().filter(|it| names.contains(&it.value)).count() >= 2 {
            lists.push(items);
        }
        seg_start = i + 1;
    }
    lists
}

fn split_items(chars: &[char], start: usize, end: usize, names: &[String]) -> Vec<Found<String>> {
    let seg: String = chars[start..end].iter().collect();
    let separators: &[&str] = if seg.contains('、') {
        &["、", "和", "及"]
    } else {
        &[", ", ",", " and ", " & "]
    };
    let mut items = Vec::new();
    let mut rest = seg.as_str();
    let mut offset = start;
    loop {
        let next = separators
            .iter()
            .filter_map(|s| rest.find(s).map(|p| (p, s.len())))
            .min();
        let (piece, advance) = match next {
            Some((p, len)) => (&rest[..p], Some((p, len))),
            None => (rest, None),
        };
        items.push(clean_item(piece, offset, names));
        match advance {
            Some((p, len)) => {
                offset += rest[..p + len].chars().count();
                rest = &rest[p + len..];
            }
            None => break,
        }
    }
    items
}

/// Trims an item and peels words around a name: `except Shanghai`, `成都除外`.
fn clean_item(piece: &str, offset: usize, names: &[String]) -> Found<String> {
    let lead = piece.chars().take_while(|c| c.is_whitespace()).count();
    let trimmed = piece.trim();
    for name in names {
        if trimmed == name {
            return Found {
                value: name.clone(),
                at: offset + lead,
            };
        }
    }
    for name in names {
        if let Some(p) = trimmed.find(name.as_str()) {
            let before = &trimmed[..p];
            let after = &trimmed[p + name.len()..];
            let extra_ok = |s: &str| s.chars().count() <= 16;
            if extra_ok(before) && extra_ok(after) && (before.is_empty() || before.ends_with(' ')) {
                return Found {
                    value: name.clone(),
                    at: offset + lead + before.chars().count(),
                };
            }
        }
    }
    let stripped = trimmed
        .trim_end_matches("除外")
        .trim_end_matches('等')
        .trim_end_matches('站');
    Found {
        value: stripped.to_string(),
        at: offset + lead,
    }
}

/// "核心成员 4 人" or "4 core members": the number and its offset.
pub fn member_count(text: &str) -> Option<Found<u32>> {
    let chars: Vec<char> = text.chars().collect();
    let needle: Vec<char> = "核心成员".chars().collect();
    for i in 0..chars.len() {
        if chars[i..].starts_with(&needle) {
            let mut k = skip_spaces(&chars, i + needle.len());
            if matches!(chars.get(k), Some('：' | ':' | '有' | '共')) {
                k = skip_spaces(&chars, k + 1);
            }
            let start = k;
            while k < chars.len()
                && (chars[k].is_ascii_digit() || "零一二两三四五六七八九十".contains(chars[k]))
            {
                k += 1;
            }
            let num: String = chars[start..k].iter().collect();
            if let Some(n) = chinese_number(&num) {
                return Some(Found {
                    value: n,
                    at: start,
                });
            }
        }
    }
    let words = words(text);
    for w in 0..words.len() {
        if words.get(w + 1).is_some_and(|x| x.0 == "core")
            && words
                .get(w + 2)
                .is_some_and(|x| x.0 == "members" || x.0 == "member")
        {
            let n = ENGLISH_NUMBERS
                .iter()
                .position(|e| *e == words[w].0)
                .map(|p| p as u32)
                .or_else(|| words[w].0.parse().ok());
            if let Some(n) = n {
                return Some(Found {
                    value: n,
                    at: words[w].1,
                });
            }
        }
    }
    None
}

/// The name of a city from its card's name: `上海站` -> `上海`, `Shanghai Chapter` -> `Shanghai`.
pub fn city_name(card_name: &str) -> String {
    let mut name = card_name.trim().to_string();
    for suffix in [
        "城市站",
        "站",
        " User Group",
        " Chapter",
        " chapter",
        " City",
        " city",
        " Station",
        " station",
    ] {
        if let Some(s) = name.strip_suffix(suffix) {
            name = s.trim().to_string();
            break;
        }
    }
    name
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let t = "上海站成立于 2021 年 5 月 15 日，是由";
        assert_eq!(
            find_date(t),
            Some(Found {
                value: (2021, 5, 15),
                at: 7
            })
        );
        for (text, date) in [
            ("founded on May 15, 2021 by", Some((2021, 5, 15))),
            ("founded on 15 May 2021", Some((2021, 5, 15))),
            ("since 2021-05-15.", Some((2021, 5, 15))),
            ("成立于2022年10月1日", Some((2022, 10, 1))),
            ("4 members, may be more", None),
        ] {
            assert_eq!(find_date(text).map(|f| f.value), date, "{text}");
        }
        for (text, date) in [
            ("2021-05-15", Some((2021, 5, 15))),
            ("2021-5-15", None),
            ("2021-13-01", None),
        ] {
            assert_eq!(iso_date(text), date, "{text}");
        }
    }

    #[test]
    fn counts() {
        assert_eq!(
            city_counts("目前已经成立三个城市站：上海"),
            vec![Found { value: 3, at: 6 }]
        );
        assert_eq!(
            city_counts("已有 12 个城市").first().map(|f| f.value),
            Some(12)
        );
        assert_eq!(
            city_counts("has founded three city chapters: Shanghai")
                .first()
                .map(|f| f.value),
            Some(3)
        );
        assert_eq!(city_counts("in 4 cities").first().map(|f| f.value), Some(4));
        assert!(city_counts("one city is enough").is_empty());
        assert_eq!(chinese_number("二十三"), Some(23));
        assert_eq!(chinese_number("十"), Some(10));
        assert_eq!(chinese_number("两"), Some(2));
    }

    #[test]
    fn lists() {
        let names: Vec<String> = ["上海", "杭州", "成都"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let l = name_lists("成立三个城市站：上海、杭州、成都。", &names);
        assert_eq!(l.len(), 1);
        assert_eq!(
            l[0].iter().map(|f| f.value.as_str()).collect::<Vec<_>>(),
            ["上海", "杭州", "成都"]
        );
        assert_eq!(l[0][1].at, 11);
        let l = name_lists("新的城市站（上海、杭州、成都除外）。", &names);
        assert_eq!(
            l[0].iter().map(|f| f.value.as_str()).collect::<Vec<_>>(),
            ["上海", "杭州", "成都"]
        );
        let en: Vec<String> = ["Shanghai", "Hangzhou", "Chengdu"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let l = name_lists("new chapters (except Shanghai, Hangzhou and Chengdu).", &en);
        assert_eq!(
            l[0].iter().map(|f| f.value.as_str()).collect::<Vec<_>>(),
            ["Shanghai", "Hangzhou", "Chengdu"]
        );
        assert!(name_lists("活跃在上海的用户", &names).is_empty());
    }

    #[test]
    fn member_counts_and_names() {
        assert_eq!(
            member_count("目前为初创阶段，核心成员 4 人。").map(|f| f.value),
            Some(4)
        );
        assert_eq!(
            member_count("It has 5 core members.").map(|f| f.value),
            Some(5)
        );
        assert_eq!(city_name("上海站"), "上海");
        assert_eq!(city_name("Shanghai Chapter"), "Shanghai");
        assert_eq!(city_name("Chengdu"), "Chengdu");
    }
}
