#!/usr/bin/env python3
"""Writes a large user-group site for measuring the chapter directory at scale (issue 9,
item 7): 150 chapters in 40 countries, 600 members and 1,000 events, in zh and en.

    python3 bench/gen-directory-site.py /tmp/ug-bench-site     # folder must not exist
    target/debug/prep build /tmp/ug-bench-site                   # theme: this repository
    HUGO_MODULE_REPLACEMENTS="github.com/usergroup-theme/usergroup -> $PWD" \\
        hugo --source /tmp/ug-bench-site --baseURL /

The output is never committed (write it to /tmp). It reuses the example site's images
(fixtures/sites/kubesphere/static, copied), its organization/apply/returns sections, and
cycles its three city photos and its avatars. Everything is derived from the chapter's
number, so the same command writes the same site. Python 3 standard library only.
"""
import math
import os
import re
import shutil
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(REPO, "fixtures", "sites", "kubesphere")
CHAPTERS, MEMBERS_EACH, EVENTS = 150, 4, 1000

# 40 countries: (ISO code, region in en, region in zh, a city's [lat, lon]), inside the
# rough country boxes prep checks (W0409).
COUNTRIES = [
    ("CN", "East Asia", "东亚", 31.23, 121.47), ("JP", "East Asia", "东亚", 35.68, 139.69),
    ("KR", "East Asia", "东亚", 37.57, 126.98), ("TW", "East Asia", "东亚", 25.03, 121.56),
    ("VN", "Southeast Asia", "东南亚", 21.03, 105.85), ("TH", "Southeast Asia", "东南亚", 13.76, 100.50),
    ("ID", "Southeast Asia", "东南亚", -6.21, 106.85), ("MY", "Southeast Asia", "东南亚", 3.14, 101.69),
    ("PH", "Southeast Asia", "东南亚", 14.60, 120.98), ("IN", "South Asia", "南亚", 12.97, 77.59),
    ("PK", "South Asia", "南亚", 24.86, 67.01), ("BD", "South Asia", "南亚", 23.81, 90.41),
    ("AE", "Middle East", "中东", 25.20, 55.27), ("TR", "Middle East", "中东", 41.01, 28.98),
    ("IL", "Middle East", "中东", 32.09, 34.78), ("DE", "Europe", "欧洲", 52.52, 13.40),
    ("FR", "Europe", "欧洲", 48.86, 2.35), ("GB", "Europe", "欧洲", 51.51, -0.13),
    ("NL", "Europe", "欧洲", 52.37, 4.90), ("ES", "Europe", "欧洲", 40.42, -3.70),
    ("IT", "Europe", "欧洲", 45.46, 9.19), ("PL", "Europe", "欧洲", 52.23, 21.01),
    ("SE", "Europe", "欧洲", 59.33, 18.07), ("CH", "Europe", "欧洲", 47.38, 8.54),
    ("US", "North America", "北美", 37.77, -122.42), ("CA", "North America", "北美", 43.65, -79.38),
    ("MX", "North America", "北美", 19.43, -99.13), ("BR", "South America", "南美", -23.55, -46.63),
    ("AR", "South America", "南美", -34.60, -58.38), ("CL", "South America", "南美", -33.45, -70.67),
    ("CO", "South America", "南美", 4.71, -74.07), ("PE", "South America", "南美", -12.05, -77.04),
    ("NG", "Africa", "非洲", 6.52, 3.38), ("KE", "Africa", "非洲", -1.29, 36.82),
    ("ZA", "Africa", "非洲", -26.20, 28.05), ("EG", "Africa", "非洲", 30.04, 31.24),
    ("MA", "Africa", "非洲", 33.57, -7.59), ("AU", "Oceania", "大洋洲", -33.87, 151.21),
    ("NZ", "Oceania", "大洋洲", -36.85, 174.76), ("SG", "Southeast Asia", "东南亚", 1.35, 103.82),
]
TOPICS = ["GitOps", "service meshes", "edge computing", "observability", "platform engineering",
          "multi-cluster networking", "storage", "security policy", "CI/CD", "cost control",
          "autoscaling", "serverless"]
TOPICS_ZH = ["GitOps", "服务网格", "边缘计算", "可观测性", "平台工程", "多集群网络", "存储",
             "安全策略", "持续集成与交付", "成本控制", "弹性伸缩", "无服务器"]
VENUES = ["a university lab", "a co-working space", "a cloud vendor's office", "the city library",
          "a startup campus", "a conference hall"]
STATUS = ["active"] * 6 + ["forming", "paused"]
PHOTOS = ["shanghai.jpeg", "hangzhou.jpeg", "chengdu.jpeg"]


def countries_of(i):
    """Chapter i's country: the first 40 chapters one per country, the rest cycled."""
    return COUNTRIES[i % len(COUNTRIES)]


def place(i):
    """A point near the country's city: chapters of one country on a small spiral."""
    code, region_en, region_zh, lat, lon = countries_of(i)
    k = i // len(COUNTRIES)
    small = code in ("SG", "NL", "CH", "IL", "TW")
    step = 0.08 if small else 0.6
    angle = k * 2.4
    return code, region_en, region_zh, round(lat + step * k * math.sin(angle) * 0.5, 4), \
        round(lon + step * k * math.cos(angle) * 0.5, 4)


def avatars():
    folder = os.path.join(EXAMPLE, "static/images/user-group/avatars")
    return sorted(f for f in os.listdir(folder) if f.endswith(".jpg"))


DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DAYS_ZH = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
FORMATS = ["with lightning talks", "as a hands-on workshop", "around a panel", "with a demo night",
           "as a reading group", "with a hack session", "around case studies", "with office hours",
           "as a study jam", "with a job board", "around a quiz", "as an unconference",
           "with a newcomers' corner"]
FORMATS_ZH = ["附闪电演讲", "以动手工作坊形式", "围绕圆桌讨论", "附演示之夜", "以读书会形式", "附黑客松",
              "围绕案例分享", "附答疑时间", "以学习小组形式", "附招聘墙", "附知识竞赛", "以开放空间形式",
              "附新人角"]


def card(i, lang):
    """City id, name and card text. Topic, weekday and format cycle with periods 12, 7 and
    13, so no two of the 150 texts are the same apart from names and numbers (W0406)."""
    cid = f"c{i:03d}"
    code = countries_of(i)[0]
    if lang == "zh":
        name = f"{code}-{i:03d} 站"
        des = f"该城市站每逢{DAYS_ZH[i % 7]}聚会，讨论{TOPICS_ZH[i % 12]}，{FORMATS_ZH[i % 13]}。"
    else:
        name = f"{code}-{i:03d}"
        des = f"This chapter meets on {DAYS[i % 7]}s to talk about {TOPICS[i % 12]}, {FORMATS[i % 13]}."
    return cid, name, des


def pic_list(lang):
    out = ["  picList:"]
    for i in range(CHAPTERS):
        cid, name, des = card(i, lang)
        out += [f"    - name: \"{name}\"",
                f"      backgroundImage: /images/user-group/cityCards/{PHOTOS[i % 3]}",
                f"      title: \"{name}\"", f"      des: \"{des}\"", f"      id: {cid}", ""]
    return "\n".join(out)


def index(lang):
    text = open(os.path.join(EXAMPLE, f"content/{lang}/user-group/_index.md"), encoding="utf-8").read()
    text = re.sub(r"  picList:\n.*?\n(?=organization:)", pic_list(lang) + "\n", text, flags=re.S)
    # The example's prose names its three cities; here it would contradict the cards (W0403/4).
    text = re.sub(r"(?m)^(  content: ).*$", r'\1"A generated site for measuring the directory at scale."', text)
    text = re.sub(r"(?m)^(    des: ).*$", r'\1"Chapters around the world."', text, count=1)
    # The example keeps the seed's mistakes on purpose (W0107, W0503); the bench site does not.
    text = re.sub(r'(?m)^css: .*\n', "", text)
    text = text.replace("https://www.baidu.com", "https://github.com/kubesphere/community")
    text = re.sub(r"(  requirements:\n(?:    .*\n)*?)    applyLink: .*\n", r"\1", text)
    return text


def event_lines(i, n, lang):
    """Chapter i's n events: monthly-ish from 2025-03, the last ones after the bench date."""
    lines = ["events:"]
    _, name, _ = card(i, lang)
    for e in range(n):
        month = 3 + (i % 5) + e * 3
        year, month = 2025 + (month - 1) // 12, (month - 1) % 12 + 1
        day = 1 + (i * 3 + e) % 27
        online = e % 4 == 3
        title = f"{name} {'线上分享' if lang == 'zh' else 'online talk'} #{e + 1}" if online \
            else f"{name} {'见面会' if lang == 'zh' else 'meetup'} #{e + 1}"
        lines += [f"  - title: \"{title}\"",
                  f"    start: {year:04d}-{month:02d}-{day:02d}T14:00:00+00:00",
                  f"    end: {year:04d}-{month:02d}-{day:02d}T17:00:00+00:00"]
        if online:
            lines += ["    online: true", "    link: https://github.com/kubesphere/community/issues"]
        else:
            lines += ["    venue:", f"      name: \"{VENUES[e % len(VENUES)]}\"",
                      f"      address: \"{e + 1} Example Street\""]
        if year < 2026 or (year == 2026 and month < 8):
            lines.append(f"    recording: https://kubesphere.io/live/{i}-{e}/")
    return lines


def chapter(i, events, lang, faces):
    cid, name, des = card(i, lang)
    code, region_en, region_zh, lat, lon = place(i)
    roles = ["lead", "deputy", "member", "member"]
    lines = ["---", f"title: \"{name}\"", f"name: \"{name}\"",
             f"founded: \"{2019 + i % 6}-{1 + i % 12:02d}-{1 + i % 28:02d}\"",
             f"description: \"{des}\"", "joinLink: https://github.com/kubesphere/community", "members:"]
    for m in range(MEMBERS_EACH):
        n = i * MEMBERS_EACH + m
        lines += [f"  - name: \"Member {n:03d}\"", f"    role: {roles[m]}", f"    github: member-{n:03d}"]
        if m < 2:
            lines.append(f"    avatar: /images/user-group/avatars/{faces[n % len(faces)]}")
    lines += [f"status: {STATUS[i % len(STATUS)]}", f"region: \"{region_zh if lang == 'zh' else region_en}\"",
              f"country: {code}", f"coordinates: [{lat}, {lon}]"]
    lines += event_lines(i, events, lang)
    lines += ["---", "", des, ""]
    return "\n".join(lines)


def main():
    if len(sys.argv) != 2 or os.path.exists(sys.argv[1]):
        sys.exit("usage: gen-directory-site.py NEW_FOLDER (it must not exist)")
    site = sys.argv[1]
    shutil.copytree(os.path.join(EXAMPLE, "static"), os.path.join(site, "static"))
    config = open(os.path.join(EXAMPLE, "hugo.toml"), encoding="utf-8").read()
    # The theme comes through HUGO_MODULE_REPLACEMENTS (and prep's --theme or the same
    # variable); the relative replacement of the example would not reach the repository.
    config = config.replace('replacements = "github.com/usergroup-theme/usergroup -> ../../.."',
                            f'replacements = "github.com/usergroup-theme/usergroup -> {REPO}"')
    open(os.path.join(site, "hugo.toml"), "w", encoding="utf-8").write(config)
    faces = avatars()
    for lang in ("zh", "en"):
        folder = os.path.join(site, "content", lang, "user-group")
        os.makedirs(folder)
        open(os.path.join(folder, "_index.md"), "w", encoding="utf-8").write(index(lang))
        for i in range(CHAPTERS):
            events = EVENTS // CHAPTERS + (1 if i < EVENTS % CHAPTERS else 0)
            with open(os.path.join(folder, f"c{i:03d}.md"), "w", encoding="utf-8") as f:
                f.write(chapter(i, events, lang, faces))
    print(f"{site}: {CHAPTERS} chapters in {len(COUNTRIES)} countries, "
          f"{CHAPTERS * MEMBERS_EACH} members, {EVENTS} events, per language (zh, en)")


if __name__ == "__main__":
    main()
