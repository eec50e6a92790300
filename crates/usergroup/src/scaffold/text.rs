//! What the scaffold writes, in the page's language: the chapter page with every field, and
//! the placeholder values that say what to write. Chinese for `zh*` pages, English for the
//! rest. Every placeholder starts with [`MARKER`](crate::validate::placeholder::MARKER) and a
//! colon, so `check` reports it (`W0410`) until it is replaced.

/// The words of one language.
pub(super) struct Words {
    /// The card's `name` (the pill).
    pub card_name: &'static str,
    /// The card's `title`.
    pub card_title: &'static str,
    /// The card's `des`.
    pub card_des: &'static str,
    /// A member's `name`.
    pub member_name: &'static str,
    /// A member's `bio`.
    pub member_bio: &'static str,
    /// An event venue's `name`.
    pub venue_name: &'static str,
    /// An event venue's `address`.
    pub venue_address: &'static str,
    /// The chapter page, with `{id}` and `{photo}` to fill in.
    chapter: &'static str,
}

const ZH: Words = Words {
    card_name: "TODO：城市站的简称，如「某某站」",
    card_title: "TODO：卡片展开后的标题，如「社区用户委员会 — 某某站」",
    card_des: "TODO：一两句话介绍这个城市站：何时成立、由谁组成、做什么。",
    member_name: "TODO：成员的显示名",
    member_bio: "TODO：一两句话介绍这位成员",
    venue_name: "TODO：场地名称",
    venue_address: "TODO：场地地址",
    chapter: r#"---
# 城市站页面，由 `prep new city {id}` 生成。以「TODO：」开头的值是占位文字，说明该写什么：
# 逐一替换（prep check 会以 W0410 提醒每一处）。以 # 开头的行是可选字段，去掉 # 即可启用。
title: "TODO：页面标题，如「社区用户委员会 — 某某站」"
name: "TODO：城市站的简称，与列表页卡片的 name 一致"
description: "TODO：介绍这个城市站：何时成立、由谁组成、活动在哪里举办。"
status: forming              # forming（初创阶段）| active（活跃）| paused（暂停）：显示为徽章
# cover: {photo}   # 封面照片，至少 400 px 宽；不写则用卡片照片
# founded: "2027-01-01"      # 成立日期，YYYY-MM-DD
# joinLink: https://…        # 加入本站的链接（http(s) 或站内路径）；不写则用列表页的 joinLink
# region: 华中               # 所属地区，列表页按地区分组
# country: CN                # 国家，ISO 3166-1 两字母代码
# coordinates: [30.59, 114.31]   # [纬度, 经度]
members: []                  # 添加成员：prep new member {id} <GitHub 用户名> --role 站长
events: []                   # 添加活动：prep new event {id} 2027-03-14 "活动标题"
---
"#,
};

const EN: Words = Words {
    card_name: "TODO: the chapter's short name, e.g. the city's name",
    card_title: "TODO: the title shown when the card opens, e.g. \"Community User Group — City\"",
    card_des: "TODO: one or two sentences about the chapter: when it was founded, who is in it, what it does.",
    member_name: "TODO: the member's display name",
    member_bio: "TODO: one or two sentences about the member",
    venue_name: "TODO: the venue's name",
    venue_address: "TODO: the venue's street address",
    chapter: r#"---
# A chapter page, written by `prep new city {id}`. Values starting with "TODO:" are
# placeholders that say what to write: replace each (prep check reports every one as W0410).
# Lines starting with # are optional fields: remove the # to use one.
title: "TODO: the page title, e.g. \"Community User Group — City\""
name: "TODO: the chapter's short name, the same as its card's name on the list page"
description: "TODO: about the chapter: when it was founded, who is in it, where it meets."
status: forming              # forming | active | paused: shown as a badge
# cover: {photo}   # cover photo, at least 400 px wide; else the card's photo
# founded: "2027-01-01"      # founding date, YYYY-MM-DD
# joinLink: https://…        # where to join this chapter (http(s) or a site path); else the list page's
# region: Central China      # the region, which groups the cards on the list page
# country: CN                # the country, as an ISO 3166-1 alpha-2 code
# coordinates: [30.59, 114.31]   # [latitude, longitude]
members: []                  # add one with: prep new member {id} <github-login> --role lead
events: []                   # add one with: prep new event {id} 2027-03-14 "Title"
---
"#,
};

/// The words for a page in language `lang`.
pub(super) fn words(lang: &str) -> &'static Words {
    if lang == "zh" || lang.starts_with("zh-") {
        &ZH
    } else {
        &EN
    }
}

impl Words {
    /// The chapter page of city `id`, whose card photo is at `photo` (as written).
    pub(super) fn chapter_page(&self, id: &str, photo: &str) -> String {
        self.chapter.replace("{id}", id).replace("{photo}", photo)
    }
}
