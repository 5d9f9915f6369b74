"""extract: titles, places, dates, datelines, bylines, ids; golden check on samples/."""

import datetime as dt
import json

import pytest
from conftest import DATA, SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_cli import extract, places, repair, split
from bulletin_cli.extract import (
    article_id,
    event_date,
    extract_article,
    find_place,
    headline_roles,
    name_date,
    page_date,
    parse_date,
    split_byline,
    split_dateline,
)
from bulletin_cli.models import Place, RawArticle

D = dt.date

# --- titles ------------------------------------------------------------------


def test_place_only_kicker_is_a_kicker():
    assert headline_roles(("河西区大营门街东莱里社区", "工会送来温暖 慰问一线交警")) == (
        "河西区大营门街东莱里社区",
        "工会送来温暖 慰问一线交警",
        "",
    )


def test_headline_and_subtitle():
    assert headline_roles(("和平区天兴里社区开展广场舞主题活动", "舞出精气神 引领新风尚")) == (
        "",
        "和平区天兴里社区开展广场舞主题活动",
        "舞出精气神 引领新风尚",
    )


def test_kicker_title_subtitle():
    assert headline_roles(("邻里一家亲", "书香润邻里", "共读好时光")) == ("邻里一家亲", "书香润邻里", "共读好时光")


def test_place_kicker_then_title_and_subtitle():
    head = ("河东区二号桥街道丽苑社区", "老年食堂上新菜", "凉拌菜绿豆汤受欢迎")
    assert headline_roles(head) == ("河东区二号桥街道丽苑社区", "老年食堂上新菜", "凉拌菜绿豆汤受欢迎")


def test_single_line_that_is_only_a_place_is_kept_as_title():
    assert headline_roles(("和平区南营门街文化村社区",), "正文。") == ("", "和平区南营门街文化村社区", "")


@pytest.mark.parametrize(
    "headline, roles",
    [
        # the 主题 names who acts; the line above it is the 引题
        (("60岁10元套餐、90岁免单", "梅林社区邻里食堂开业"), ("60岁10元套餐、90岁免单", "梅林社区邻里食堂开业", "")),
        (("党建引领：", "柳林社区议事厅解决停车难"), ("党建引领：", "柳林社区议事厅解决停车难", "")),
        # a dash line is the subtitle, after two lines or one
        (("银龄课堂", "老党员的新课堂", "——记柳林社区银龄讲师团"), ("银龄课堂", "老党员的新课堂", "——记柳林社区银龄讲师团")),
        (("老党员的新课堂", "——记柳林社区银龄讲师团"), ("", "老党员的新课堂", "——记柳林社区银龄讲师团")),
        # both lines name places: the first is the title
        (("河西区东莱里社区助老食堂开张", "老人吃上家门口热乎饭"), ("", "河西区东莱里社区助老食堂开张", "老人吃上家门口热乎饭")),
    ],
)
def test_headline_roles_as_editors_write_them(headline, roles):
    assert headline_roles(headline) == roles


def test_untitled_brief_takes_the_first_clause():
    raw = RawArticle((), ("本报讯 东丽区金桥街道春和社区昨日组织志愿者清理楼道堆物，共清出杂物两车。",))
    article = extract_article(raw, "p.txt", 0, D(2024, 3, 6))
    assert (article.title, article.subtitle) == ("东丽区金桥街道春和社区昨日组织志愿者清理楼道堆物", "")
    assert article.dateline == "本报讯"


def test_untitled_title_is_capped_at_60_characters():
    _, title, _ = headline_roles((), "社" * 80 + "。")
    assert title == "社" * 60


# --- places --------------------------------------------------------------------


def chains(text: str) -> list[tuple[str, str, str]]:
    """(district, street, community) of every place chain in text."""
    return [(c.name("district"), c.name("street"), c.community) for c in places.find_chains(text)]


def names(place: Place) -> tuple[str, str, str]:
    return (place.district, place.street, place.community)


def test_headline_and_opening_places_merge_into_one_record():
    assert chains("红桥区燕宇社区") == [("红桥区", "", "燕宇社区")]
    assert chains("本报讯 近日,红桥区西沽街燕宇社区召开小区议事会") == [("红桥区", "西沽街", "燕宇社区")]
    place = find_place(("红桥区燕宇社区",), ["本报讯 近日,红桥区西沽街燕宇社区召开小区议事会"])
    assert names(place) == ("红桥区", "西沽街", "燕宇社区")


def test_extract_article_merges_headline_and_body_places():
    raw = RawArticle(
        ("红桥区燕宇社区议事有新招",),
        ("本报讯 红桥区西沽街燕宇社区近日召开小区议事会，居民代表各抒己见。",),
    )
    a = extract_article(raw, "p.txt", 0, None)
    assert (a.district, a.street, a.community) == ("红桥区", "西沽街", "燕宇社区")
    assert (a.city, a.province, a.district_code, a.street_code) == ("天津市", "天津市", "120106", "120106005")
    assert a.place == "红桥区西沽街燕宇社区"


def test_street_ending_in_jiedao():
    assert chains("南开区向阳路街道昔阳里社区开展宣讲") == [("南开区", "向阳路街道", "昔阳里社区")]


def test_verb_before_qu_is_not_a_district():
    assert chains("南开区向阳路街道昔阳里社区联合区检察院开展宣讲") == [("南开区", "向阳路街道", "昔阳里社区")]


def test_cun_inside_a_community_name():
    assert chains("和平区南营门街文化村社区开展活动") == [("和平区", "南营门街", "文化村社区")]


def test_village_and_town():
    assert chains("西青区杨柳青镇药王庙村举办年画体验课") == [("西青区", "杨柳青镇", "药王庙村")]


def test_new_district():
    assert chains("滨海新区新港街道开展活动") == [("滨海新区", "新港街道", "")]


@pytest.mark.parametrize(
    "text",
    [
        "走进辖区内的三个小区张贴通知",
        "覆盖辖区居民住宅区等重点区域",
        "小区和辖区居民",
        "全区各社区",
        "社区工作人员",
        "开发区",
    ],
)
def test_words_ending_in_qu_are_not_districts(text):
    assert chains(text) == []


def test_no_place_is_an_empty_place():
    assert find_place((), []) == Place()


def test_headline_community_wins_over_other_communities():
    place = find_place(("和平区犀地社区开展义诊",), ["近日，河西区友谊路街道平山道社区的医生来到犀地社区。"])
    assert names(place) == ("和平区", "", "犀地社区")


# --- dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("社区新闻  2024年6月5日 星期三  第7版\n\n标题", D(2024, 6, 5)),
        ("社区新闻  ２０２４年６月５日 星期三  第７版\n\n标题", D(2024, 6, 5)),
        ("\n\n日报 2024年 6月 5日 第3版 社区新闻\n标题", D(2024, 6, 5)),
        ("标题\n\n本报讯 2024年6月5日，社区开展活动。", None),
        ("标题\n本报讯 近日，社区开展活动。", None),
        ("社区新闻  2024年2月30日 星期三  第7版", None),
    ],
)
def test_page_date(raw, expected):
    assert page_date(raw) == expected


def test_page_date_of_unit_page():
    assert page_date((DATA / "unit_dense.txt").read_text(encoding="utf-8")) == D(2024, 3, 6)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("2024-06-05.txt", D(2024, 6, 5)),
        ("20240605.txt", D(2024, 6, 5)),
        ("archive/2024/20240605.txt", D(2024, 6, 5)),
        ("2024_06_05.txt", D(2024, 6, 5)),
        ("bulletin-2024.6.5.txt", D(2024, 6, 5)),
        ("page.txt", None),
        ("20241399.txt", None),
        ("2024-06-05/page.txt", None),
    ],
)
def test_name_date(name, expected):
    assert name_date(name) == expected


@pytest.mark.parametrize(
    "value, expected",
    [("2024-06-05", D(2024, 6, 5)), ("２０２４/６/５", D(2024, 6, 5)), ("2024-13-01", None), ("June 5", None)],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


PUB = D(2024, 3, 6)


@pytest.mark.parametrize(
    "opening, expected",
    [
        ("社区昨日组织志愿者清理楼道堆物。", D(2024, 3, 5)),
        ("社区昨天组织志愿者清理楼道堆物。", D(2024, 3, 5)),
        ("前天，社区组织志愿者清理楼道。", D(2024, 3, 4)),
        ("3月5日上午，社区邀请理发师为老人理发。", D(2024, 3, 5)),
        ("３月５日上午，社区邀请理发师为老人理发。", D(2024, 3, 5)),
        ("3月6日，社区开展活动。", D(2024, 3, 6)),
        ("12月30日，社区开展迎新活动。", D(2023, 12, 30)),
        ("3月7日，社区开展活动。", D(2024, 3, 7)),  # the next day, not a year ago: a preview
        ("3月1日，社区将开展活动。", D(2024, 3, 1)),
        ("2022年5月1日，社区开展活动。", D(2022, 5, 1)),
        ("社区近日开展活动。", None),
        ("2月30日，社区开展活动。", None),
    ],
)
def test_event_date(opening, expected):
    assert event_date(opening, PUB) == expected


def test_event_date_across_new_year():
    assert event_date("本报讯 12月30日,社区开展活动。", D(2025, 1, 3)) == D(2024, 12, 30)


@pytest.mark.parametrize(
    "opening, published, dateline, expected",
    [
        # a sentence that says what a day is, then what happened yesterday
        ("12月5日是国际志愿者日。昨天，柳林社区志愿者走进敬老院。", D(2024, 12, 6), "", D(2024, 12, 5)),
        ("3月5日是第61个学雷锋纪念日，当天，社区开展便民服务。", D(2024, 3, 6), "", D(2024, 3, 5)),
        ("6月6日是全国爱眼日，柳林社区联合眼科医院开展义诊。", D(2024, 6, 12), "", D(2024, 6, 6)),
        # a day alone, in the dateline's month
        ("19日上午，社区联合派出所开展反诈宣传。", D(2024, 10, 21), "长城网邢台10月20日讯（记者 孙悦）", D(2024, 10, 19)),
        ("今天，社区举办邻里节。", D(2024, 10, 21), "新华网天津10月13日电", D(2024, 10, 13)),
        # an announcement of a day still to come
        ("社区将于6月10日举办义诊活动，欢迎居民参加。", D(2024, 6, 5), "", D(2024, 6, 10)),
        ("社区定于1月8日开展冬季长跑。", D(2024, 12, 28), "", D(2025, 1, 8)),
        # far later in the year is last year's day
        ("3月5日，社区开展学雷锋活动。", D(2024, 9, 10), "", D(2024, 3, 5)),
    ],
)
def test_event_date_is_the_day_reported(opening, published, dateline, expected):
    assert event_date(opening, published, dateline) == expected


def test_event_date_without_publication_date():
    assert event_date("社区昨日开展活动。", None) is None


def test_extract_article_dates():
    raw = RawArticle(("邻里节开幕",), ("本报讯 社区昨日举办邻里节，居民欢聚一堂。",))
    a = extract_article(raw, "p.txt", 0, D(2024, 6, 5))
    assert (a.date, a.event_date) == ("2024-06-05", "2024-06-04")
    b = extract_article(raw, "p.txt", 0, None)
    assert (b.date, b.event_date) == ("", "")


# --- datelines and bylines ---------------------------------------------------------


@pytest.mark.parametrize(
    "paragraph, dateline, rest",
    [
        ("本报讯（记者 王晓 通讯员 李静）近日,社区开展活动。", "本报讯（记者 王晓 通讯员 李静）", "近日,社区开展活动。"),
        ("本报讯(通讯员 刘洋)社区开展活动。", "本报讯(通讯员 刘洋)", "社区开展活动。"),
        ("本报讯 记者孙悦报道：社区开展活动。", "本报讯 记者孙悦报道：", "社区开展活动。"),
        ("本报北京1月4日电 社区开展活动。", "本报北京1月4日电", "社区开展活动。"),
        ("新华社天津12月30日电（记者张淑英）社区开展活动。", "新华社天津12月30日电（记者张淑英）", "社区开展活动。"),
        ("本报讯 近日，社区开展活动。", "本报讯", "近日，社区开展活动。"),
        ("本报讯\u3000近日，社区开展活动。", "本报讯", "近日，社区开展活动。"),
        ("据天津日报报道，社区开展活动。", "据天津日报报道，", "社区开展活动。"),
        ("社区开展活动，本报讯记者到场。", "", "社区开展活动，本报讯记者到场。"),
    ],
)
def test_split_dateline(paragraph, dateline, rest):
    assert split_dateline(paragraph) == (dateline, rest)


@pytest.mark.parametrize(
    "paragraph, rest, byline",
    [
        ("社区将持续开展活动。（刘玉红 肖荻）", "社区将持续开展活动。", "刘玉红 肖荻"),
        ("社区将持续开展活动。(刘玉红)", "社区将持续开展活动。", "刘玉红"),
        ("社区将持续开展活动！（欧阳晓雪）", "社区将持续开展活动！", "欧阳晓雪"),
        ("社区将持续开展活动。（刘玉红、肖荻、王强）", "社区将持续开展活动。", "刘玉红、肖荻、王强"),
        ("居民们说“真好”（刘玉红）", "居民们说“真好”", "刘玉红"),
        ("（刘玉红 肖荻）", "", "刘玉红 肖荻"),
        ("社区将持续开展活动（刘玉红 肖荻）", "社区将持续开展活动（刘玉红 肖荻）", ""),
        ("社区将持续开展活动。", "社区将持续开展活动。", ""),
        ("活动面向全体居民（含租户）。", "活动面向全体居民（含租户）。", ""),
    ],
)
def test_split_byline(paragraph, rest, byline):
    assert split_byline(paragraph) == (rest, byline)


def test_extract_article_byline_from_end_and_from_dateline():
    closing = RawArticle(("标题",), ("本报讯 社区开展活动。", "社区将持续开展活动。（刘玉红 肖荻）"))
    a = extract_article(closing, "p.txt", 0, None)
    assert (a.dateline, a.byline) == ("本报讯", "刘玉红 肖荻")
    assert a.body == "社区开展活动。\n社区将持续开展活动。"
    opening = RawArticle(("标题",), ("本报讯（记者 王晓 通讯员 李静）近日,社区开展活动。",))
    b = extract_article(opening, "p.txt", 0, None)
    assert (b.dateline, b.byline, b.body) == ("本报讯（记者 王晓 通讯员 李静）", "记者 王晓 通讯员 李静", "近日,社区开展活动。")


def test_byline_only_last_paragraph_is_dropped_from_body():
    raw = RawArticle(("标题",), ("本报讯 社区开展活动。", "（刘玉红 肖荻）"))
    a = extract_article(raw, "p.txt", 0, None)
    assert a.body == "社区开展活动。"
    assert a.byline == "刘玉红 肖荻"


# --- ids -----------------------------------------------------------------------


def test_article_id_is_stable_and_short():
    a = article_id(("邻里节开幕",), "社区近日举办邻里节，居民欢聚一堂。")
    assert a == article_id(("邻里节开幕",), "社区近日举办邻里节，居民欢聚一堂。")
    assert len(a) == 16 and all(c in "0123456789abcdef" for c in a)


def test_article_id_ignores_whitespace_and_width():
    a = article_id(("邻里节开幕",), "社区举办第3届邻里节，居民欢聚一堂。")
    assert a == article_id(("邻里节 开幕 ",), "社区举办第３届邻里节，\n居民欢聚一堂。\u3000")


def test_article_id_changes_with_text():
    base = article_id(("邻里节开幕",), "社区近日举办邻里节。")
    assert base != article_id(("邻里节开幕",), "社区昨日举办邻里节。")
    assert base != article_id(("邻里节闭幕",), "社区近日举办邻里节。")


def test_extract_article_id_does_not_depend_on_source_ordinal_or_date():
    raw = RawArticle(("邻里节开幕",), ("本报讯 社区近日举办邻里节，居民欢聚一堂。",))
    ids = {
        extract_article(raw, "a.txt", 0, None).id,
        extract_article(raw, "b/c.txt", 5, D(2024, 6, 5)).id,
    }
    assert len(ids) == 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="社区邻里节开幕居民，。ＡＢab１2 \u3000\n", min_size=1, max_size=40))
def test_article_id_property_whitespace_insensitive(body):
    spaced = " ".join(body) + "\n"
    assert article_id(("标题",), body) == article_id(("标题",), spaced)


# --- golden: every sample page ----------------------------------------------------

GOLD = json.loads((DATA / "samples_gold.json").read_text(encoding="utf-8"))
FIELDS = ("title", "subtitle", "district", "street", "community", "event_date")


def test_gold_covers_every_sample():
    assert sorted(GOLD) == sorted(p.name for p in SAMPLES.glob("*.txt"))


@pytest.mark.parametrize("name", sorted(GOLD))
def test_samples_match_gold(name):
    raw = (SAMPLES / name).read_text(encoding="utf-8")
    published = extract.page_date(raw) or extract.name_date(name)
    assert published is not None
    raws = split.split_articles(repair.repair_text(raw))
    got = [
        {f: (getattr(a, f) or None) for f in FIELDS}
        for a in (extract.extract_article(r, name, i, published) for i, r in enumerate(raws))
    ]
    want = [{f: entry.get(f) for f in FIELDS} for entry in GOLD[name]]
    assert got == want


def test_picture_item_without_text_is_titled_by_its_headline():
    article = extract_article(RawArticle(("雪后宁园（图片）",), ()), "p.txt", 1, None)
    assert (article.title, article.body, article.dateline, article.byline) == ("雪后宁园（图片）", "", "", "")


# --- datelines and bylines in the forms papers print ------------------------------


@pytest.mark.parametrize(
    "opening, dateline, byline",
    [
        ("本报讯 社区近日开展活动。", "本报讯", ""),
        ("本报讯（记者 王晓 通讯员 李静）社区近日开展活动。", "本报讯（记者 王晓 通讯员 李静）", "记者 王晓 通讯员 李静"),
        ("本报讯 记者孙悦报道：社区近日开展活动。", "本报讯 记者孙悦报道：", "记者孙悦"),
        ("本报讯 通讯员李静 记者王晓 社区近日开展活动。", "本报讯 通讯员李静 记者王晓", "通讯员李静 记者王晓"),
        ("本报北京1月4日电 社区近日开展活动。", "本报北京1月4日电", ""),
        ("新华社天津12月30日电（记者张淑英）社区近日开展活动。", "新华社天津12月30日电（记者张淑英）", "记者张淑英"),
        (
            "本报天津１月９日讯新华社记者李明远、本报记者周文华报道：社区近日开展活动。",
            "本报天津１月９日讯新华社记者李明远、本报记者周文华报道：",
            "新华社记者李明远、本报记者周文华",
        ),
        ("据天津日报报道，社区近日开展活动。", "据天津日报报道，", ""),
    ],
)
def test_dateline_and_byline_fields(opening, dateline, byline):
    article = extract_article(RawArticle(("社区开展活动",), (opening,)), "p.txt", 1, None)
    assert (article.dateline, article.byline, article.body) == (dateline, byline, "社区近日开展活动。")


def test_reporters_mentioned_in_the_text_are_not_a_byline():
    assert split_dateline("本报讯 近日，记者从社区获悉，社区将开展活动。") == ("本报讯", "近日，记者从社区获悉，社区将开展活动。")


def test_closing_byline_beats_the_dateline_and_leaves_the_body():
    raw = RawArticle(("社区开展活动",), ("本报讯（记者 王晓）社区近日开展活动。", "居民纷纷点赞。（刘玉红 肖荻）"))
    article = extract_article(raw, "p.txt", 1, None)
    assert article.byline == "刘玉红 肖荻"
    assert "刘玉红" not in article.body and "本报讯" not in article.body


def test_full_width_digits_give_places_and_dates():
    raw = RawArticle((), ("本报讯 １２月３０日，河西区友谊路街道平山道社区开展冬季义诊。",))
    article = extract_article(raw, "p.txt", 1, dt.date(2025, 1, 3))
    assert (article.district, article.street, article.community) == ("河西区", "友谊路街道", "平山道社区")
    assert article.event_date == "2024-12-30"
    assert article.title == "河西区友谊路街道平山道社区开展冬季义诊"  # first clause past the date


def test_provinces_are_not_districts():
    place = find_place(("新疆维吾尔自治区党委召开会议",), [])
    assert (place.district, place.province) == ("", "新疆维吾尔自治区")
    assert find_place(("香港特别行政区政府宣布",), []) == Place()
    assert find_place(("粮食主产区和粤港澳大湾区建设",), []) == Place()


def test_a_byline_line_before_the_opening_is_not_the_opening():
    place = find_place((), ["深圳特区报记者 王某 通讯员 李某", "近日，南山区粤海街道开展义诊。"])
    assert (place.district, place.street, place.city) == ("南山区", "粤海街道", "深圳市")


def test_byline_lines_go_to_byline_and_never_to_body():
    raw = RawArticle(
        ("梅林社区邻里食堂开业",),
        ("本报讯（记者 何方）近日，梅林社区邻里食堂开业。", "老人们说饭菜合口味。（邱林）"),
        bylines=("□深圳特区报记者 何方 通讯员 邱林",),
    )
    article = extract_article(raw, "p.txt", 1, D(2024, 6, 5))
    assert article.byline == "深圳特区报记者 何方 通讯员 邱林 邱林"
    assert "记者" not in article.body and article.dateline == "本报讯（记者 何方）"


def test_kicker_is_an_article_field():
    raw = RawArticle(("60岁10元套餐、90岁免单", "梅林社区邻里食堂开业"), ("近日，梅林社区邻里食堂开业。",))
    article = extract_article(raw, "p.txt", 1, None)
    assert (article.kicker, article.title, article.subtitle) == ("60岁10元套餐、90岁免单", "梅林社区邻里食堂开业", "")
    assert article.to_dict()["kicker"] == "60岁10元套餐、90岁免单"


@pytest.mark.parametrize(
    "headline, title",
    [
        # a column name and a slogan above the line that names who acts
        (("工作信息", "柳林街道全民动员 开展“全城大清洁”活动"), "柳林街道全民动员 开展“全城大清洁”活动"),
        (("社区周刊", "传递文明薪火 温暖万家", "太原市小店区春和社区开展志愿服务"), "太原市小店区春和社区开展志愿服务"),
        # an author's name under the title, two names too
        (("邻里节里的笑声", "柯静、胡杭军"), "邻里节里的笑声"),
    ],
)
def test_title_is_the_line_that_names_who_acts(headline, title):
    assert headline_roles(headline)[1] == title


@pytest.mark.parametrize(
    "opening, published, dateline, expected",
    [
        ("春节将至，2月7日上午，柳林社区组织志愿者大扫除。", D(2021, 10, 19), "", D(2021, 2, 7)),  # 将至 announces nothing
        ("记者16日从区民政局了解到，社区食堂将扩建。", D(2022, 4, 18), "中新网重庆4月16日电", D(2022, 4, 16)),
        ("30日内完成整改的商户可免于处罚。", D(2022, 4, 18), "", None),
    ],
)
def test_more_event_dates(opening, published, dateline, expected):
    assert event_date(opening, published, dateline) == expected


def test_a_caption_gives_the_event_date_when_the_text_names_none():
    raw = RawArticle(("外卖骑手送手册",), ("社区党委挑选骑手担任文明宣传员。",), ("图为昨天，一位骑手给居民送餐。",))
    assert extract_article(raw, "p.txt", 1, D(2023, 3, 30)).event_date == "2023-03-29"


def test_a_filed_date_in_a_later_paragraph_is_no_event_date():
    # a web copy under its caption: the dateline is in the second paragraph, with 日前 after it
    raw = RawArticle(("柳林便民车接送居民",), ("社区居民表演快板。", "河西网5月12日讯 日前，柳林社区购置观光车接送居民。"))
    assert extract_article(raw, "p.txt", 1, D(2017, 9, 8)).event_date == ""
    raw = RawArticle(("柳林便民车接送居民",), ("社区居民表演快板。", "河西网5月12日讯 11日上午，柳林社区观光车开通。"))
    assert extract_article(raw, "p.txt", 1, D(2017, 9, 8)).event_date == "2017-05-11"


def test_a_relative_day_inside_quoted_speech_is_the_speakers():
    raw = RawArticle(("公益电影进社区",), ("这个夏天，柳林社区办起露天电影。", "“今天晚上7点放电影，都来看啊。”网格员在群里说。"))
    assert extract_article(raw, "p.txt", 1, D(2024, 8, 5)).event_date == ""
    assert event_date("网格员说：“昨天来了两百多人。”今天，社区又放了一场。", D(2024, 8, 5)) == D(2024, 8, 5)


@pytest.mark.parametrize(
    "opening, expected",
    [
        ("最近，春和街道办起了融媒体中心。", ""),  # the opening said when: the part's day is not the article's
        ("春和街道的融媒体中心是居民的“接办台”。", "2020-08-21"),  # the opening said nothing of when
    ],
)
def test_a_day_below_a_sub_heading_counts_only_where_the_opening_told_no_time(opening, expected):
    raw = RawArticle(("融媒体成了接办台",), (opening, "噪音扰清梦 当天有回音", "8月21日，居民找到编辑部反映噪音。"))
    assert extract_article(raw, "p.txt", 1, D(2020, 9, 12)).event_date == expected


# --- which paragraph names the article's place ------------------------------------------------


def places_of(headline: tuple[str, ...], paragraphs: list[str]) -> tuple[str, str, str]:
    p = find_place(headline, paragraphs)
    return (p.district, p.street, p.community)


def test_the_place_after_a_general_opening_sentence():
    paragraphs = ["垃圾分类是一件天天都要做的小事。", "近日，河西区友谊路街道平山道社区办起了分类积分超市。", "居民用积分换肥皂。"]
    assert places_of(("积分超市开张了",), paragraphs) == ("河西区", "友谊路街道", "平山道社区")


def test_the_third_paragraph_is_read_only_past_a_quotation_or_a_restated_title():
    quoted = ["“过去下雨就积水，现在不怕了。”", "近日，红桥区西沽街燕宇社区完成了雨污分流改造。"]
    assert places_of(("小区不再积水",), quoted) == ("红桥区", "西沽街", "燕宇社区")
    restated = ["题：小区不再积水", "近日，红桥区西沽街燕宇社区完成了雨污分流改造。"]
    assert places_of(("小区不再积水",), restated) == ("红桥区", "西沽街", "燕宇社区")
    asked = ["旧衣服该扔进哪个桶？", "电池呢？", "住在燕宇社区的张阿姨在手机上答题。"]
    assert places_of(("答题领垃圾袋",), asked) == ("", "", "")  # too far from the lead


def test_a_headline_place_is_not_completed_from_the_second_paragraph():
    paragraphs = ["“有地方下棋了。”", "近日，西青区张家窝镇居民说起新建的驿站。"]
    assert places_of(("河西区：驿站添乐趣",), paragraphs) == ("河西区", "", "")


def test_a_headline_that_counts_places_names_none_of_them():
    paragraphs = ["近日，河西区友谊路街道平山道社区和南开区万兴街道的两种做法入选全国案例。"]
    assert places_of(("两个社区工作法入选全国案例",), paragraphs) == ("", "", "")
    assert places_of(("津冀两地老旧小区改造见闻",), ["近日，河西区友谊路街道的老旧小区改造完工。"]) == ("", "", "")


def test_the_sentence_that_says_when_names_the_place():
    # The scene-setting sentence's street is an example; the dated sentence gives the district.
    paragraphs = ["楼上漏水怎么办？在河西区友谊路街道，居民按一下门铃就有人上门。6月17日，全市邻里节在河西区启动。"]
    assert places_of(("邻里节启动",), paragraphs) == ("河西区", "", "")
    # A community named after the dated sentence is someone's, not the article's.
    later = ["7月28日，文艺演出来到河西区友谊路街道的一个小区。平山道社区的社工讲了社区的故事。"]
    assert places_of(("文艺演出进小区",), later) == ("河西区", "友谊路街道", "")


def test_a_report_on_communities_of_two_streets_has_neither():
    paragraphs = [
        "“一周有四天我都来这儿。”河西区友谊路街道平山道社区居民王大爷说。",
        "驿站里有棋牌室和阅览室。",
        "河西区马场街道犀地社区的驿站也天天开门。",
    ]
    assert places_of(("河西区：驿站添乐趣",), paragraphs) == ("河西区", "", "")


def test_a_list_of_communities_across_two_districts_names_no_place():
    paragraphs = ["近日，观察员走进河西区平山道社区、犀地社区和南开区万兴社区，为环境打分。"]
    assert places_of(("品质社区评议",), paragraphs) == ("", "", "")


def test_a_lead_sentence_that_runs_on_over_short_paragraphs():
    paragraphs = [
        "题：老街坊的百家宴",
        "作者 王某 李某",
        "到了中秋，社区里摆起百家宴的长桌；",
        "到了冬天，趣味运动会照样热闹……",
        "这些活动，都是西宁市城西区胜利路街道北商业巷社区的保留节目。",
    ]
    assert places_of(("老街坊的百家宴",), paragraphs) == ("城西区", "胜利路街道", "北商业巷社区")


def test_the_paragraph_after_the_lead_completes_the_lead_s_community():
    paragraphs = ["近日，家住省城金碧社区的王阿姨说起心愿。", "随后，和平区南营门街金碧社区办起了邻里之家。", "河西区友谊路街道的居民也来参观。"]
    assert places_of(("邻里之家",), paragraphs) == ("和平区", "南营门街", "金碧社区")
    # Only the same community, and only right below the lead.
    other = ["近日，金碧社区的王阿姨说起心愿。", "邻居们也来了。", "和平区南营门街金碧社区办起了邻里之家。"]
    assert places_of(("邻里之家",), other) == ("", "", "金碧社区")


def test_a_dated_page_header_under_another_pages_navigation_starts_a_page():
    text = (
        "滨江晚报 2023年05月09日 B06\n\n柳林社区办起邻里节\n\n昨晚，柳林社区办起邻里节。\n\n"
        "08版：邻里之间 上一版7  9下一版\n\n2023年6月3日 星期六\n\n河湾社区开通助老热线\n\n"
        "6月1日，河湾社区开通助老热线。"
    )
    assert [date for date, _ in extract.dated_pages(text)] == [dt.date(2023, 5, 9), dt.date(2023, 6, 3)]


def _read(text: str):
    from bulletin_cli.ingest import read_page
    from bulletin_cli.read import Source

    return read_page(Source("p.txt", text, "utf-8")).articles


def test_a_web_copys_source_line_names_its_byline():
    text = (
        "青石社区修好了路灯\n来源：滨江晚报 记者 宋晓 通讯员 林可\n青石社区近日修好了十二盏路灯。\n编辑：周丽\n"
        "河湾社区开通助老热线\n2023-05-09 10:20 作者：孙文静 摄影何亮 编辑：刘洋\n河湾社区开通助老热线，老人一个电话就有人上门。\n"
        "柳林社区办起邻里节\n宋 红 发布时间：2023-05-10 08:04 来源：滨江晚报\n柳林社区办起邻里节，居民摆出拿手菜。\n"
    )
    assert [a.byline for a in _read(text)] == ["记者 宋晓 通讯员 林可", "孙文静", "宋 红"]


def test_closing_credits_in_brackets_give_the_byline():
    text = (
        "青石社区修好了路灯\n滨江日报讯 青石社区近日修好了十二盏路灯。\n【滨江日报社全媒体记者 刘晓 审核 陈静】\n\n"
        "河湾社区开通助老热线\n滨江日报讯 河湾社区开通助老热线。"
    )
    assert [a.byline for a in _read(text)] == ["滨江日报社全媒体记者 刘晓", ""]


def test_an_articles_own_byline_comes_before_its_source_lines():
    text = "青石社区修好了路灯\n来源：滨江晚报 作者：林可\n本报讯（记者 宋晓）青石社区近日修好了十二盏路灯。\n"
    assert _read(text)[0].byline == "记者 宋晓"


def test_reporters_glued_to_the_end_of_the_lead_or_the_last_paragraph_are_the_byline():
    raw = RawArticle(
        ("河湾社区：", "新春送暖到万家"),
        ("新春将至，河湾社区把关怀送到每位居民身边。记者 宋晓", "社区工作人员给独居老人送去年货。", "居民们说，社区就像一家人。 文/本报记者林可 图/本报记者 何亮"),
    )
    article = extract_article(raw, "p.txt", 1, dt.date(2024, 2, 1))
    assert article.byline == "记者 宋晓 文/本报记者林可 图/本报记者 何亮"
    assert article.body.split("\n") == ["新春将至，河湾社区把关怀送到每位居民身边。", "社区工作人员给独居老人送去年货。", "居民们说，社区就像一家人。"]


@pytest.mark.parametrize(
    "paragraph",
    [
        "社区请来记者宋晓讲课。大家听得很认真",  # no sentence closes before the names
        "社区工作人员给老人送去年货。图为工作人员和老人合影",
        "居民们说，社区就像一家人。记者 宋晓 摄",  # a photo credit: a caption, not a byline
        "他对记者说：“我们一起过年。”",
    ],
)
def test_paragraph_ends_that_are_no_byline(paragraph):
    assert split_byline(paragraph) == (paragraph, "")


@pytest.mark.parametrize(
    "opening, day",
    [
        ("昨晚，柳林社区办起纳凉晚会。", dt.date(2024, 6, 4)),
        ("本报讯 柳林社区昨夜组织志愿者巡逻。", dt.date(2024, 6, 4)),
        ("柳林社区前晚举办邻里音乐会。", dt.date(2024, 6, 3)),
        ("今晨6时，志愿者走上街头清扫落叶。", dt.date(2024, 6, 5)),
        ("昨日上午，柳林社区开展义诊。", dt.date(2024, 6, 4)),
        ("6月3日是社区邻里节，当晚，居民在广场看露天电影。", dt.date(2024, 6, 3)),
        ("昨天会上，社区通报了加装电梯的进展。", dt.date(2024, 6, 4)),
    ],
)
def test_relative_days_with_a_part_of_the_day(opening, day):
    assert event_date(opening, dt.date(2024, 6, 5)) == day


@pytest.mark.parametrize("opening", ["春节前晚会上，居民表演了节目。", "据今晚报报道，柳林社区开展了义诊。"])
def test_words_that_only_hold_a_relative_day_give_none(opening):
    assert event_date(opening, dt.date(2024, 6, 5)) is None


def test_an_untitled_brief_is_not_titled_by_last_night():
    assert headline_roles((), "昨晚，柳林社区办起纳凉晚会。") == ("", "柳林社区办起纳凉晚会", "")


def test_a_datelines_byline_skips_the_outlets_other_name_in_brackets():
    assert extract.dateline_byline("滨江网（滨江日报网）讯（记者 宋晓 通讯员 林可）") == "记者 宋晓 通讯员 林可"


def test_a_pictures_credit_closing_the_text_is_no_byline():
    assert split_byline("居民们说，社区越来越有凝聚力。（街道供图）") == ("居民们说，社区越来越有凝聚力。（街道供图）", "")


def test_a_dateline_under_an_editors_note_or_captions_is_the_articles():
    raw = RawArticle(
        ("青石社区修好了路灯",),
        (
            "编者按：夜里亮堂了，居民出门也安心了。本报今起推出系列报道，记录社区里的小变化。",
            "修好后的路灯照亮了小巷。",
            "滨江网5月3日讯（记者 宋晓）青石社区近日修好了十二盏路灯。",
            "居民们说，晚上散步再也不怕黑了。",
        ),
    )
    article = extract_article(raw, "p.txt", 1, dt.date(2024, 5, 5))
    assert (article.dateline, article.byline) == ("滨江网5月3日讯（记者 宋晓）", "记者 宋晓")
    assert "青石社区近日修好了十二盏路灯。" in article.body.split("\n")


def test_a_dateline_under_paragraphs_of_text_is_a_report_inside_the_article():
    raw = RawArticle(
        ("社区里的小变化",),
        (
            "这一年，滨江各个社区都有了不少新变化，居民们的日子一天比一天好，大家看在眼里、喜在心上。",
            "路灯亮了、电梯装了、食堂开了，这些事看着小，却件件连着居民的心，社区干部跑前跑后忙了一整年。",
            "小区里的空地变成了花园，孩子们放学后有了玩耍的地方，老人们也常常在这里下棋聊天晒太阳。",
            "滨江网5月3日讯 青石社区近日修好了十二盏路灯。",
        ),
    )
    assert extract_article(raw, "p.txt", 1, dt.date(2024, 5, 5)).dateline == ""


def test_a_festival_drawing_near_says_when():
    # 重阳节到来之际 is the when of a lead as much as a date is.
    paragraphs = ["重阳节又叫老人节，人们在这一天登高赏菊。", "中秋节前夕，河西区友谊路街道平山道社区为独居老人送去月饼。"]
    assert places_of(("月饼送到家",), paragraphs) == ("河西区", "友谊路街道", "平山道社区")
    # A sentence that only explains the festival says no when.
    told = ["重阳节又叫老人节。", "重阳节在农历九月初九，平山道社区的老人爱在这天登高。"]
    assert places_of(("登高",), told) == ("", "", "")


def test_the_paragraph_after_a_general_opening_completes_a_headline_district():
    paragraphs = ["重阳节又叫老人节，人们在这一天登高赏菊。", "在今年重阳节到来之际，平山道社区为高龄老人送去了长寿面。"]
    assert places_of(("河西区：敬老情暖重阳",), paragraphs) == ("河西区", "", "平山道社区")
    # Only with places inside the headline's: another district's town is another report's.
    other = ["重阳节又叫老人节。", "重阳节到来之际，西青区张家窝镇为老人送去长寿面。"]
    assert places_of(("河西区：敬老情暖重阳",), other) == ("河西区", "", "")


def test_a_closing_credit_line_names_the_outlet_s_city():
    # 南区街道 is in 中山 and in 包头; the text's closing credit line is 中山日报's.
    paragraphs = ["3月31日，南区街道环城社区党群服务中心启用。", "中心有办事大厅和阅览室。", "◆中山日报社编发中心"]
    assert find_place(("党群服务中心启用",), [*paragraphs[:2], "素材来源：中山日报"]).city == "中山市"
    p = find_place(("党群服务中心启用",), paragraphs)
    assert (p.street, p.city) == ("南区街道", "中山市")
    # A closing sentence is no credit line.
    said = ["3月31日，南区街道环城社区党群服务中心启用。", "居民说，中山日报登过这事。"]
    assert find_place(("党群服务中心启用",), said).city == ""


def test_a_feature_s_day_may_come_in_its_fourth_paragraph():
    # a scene, a general paragraph and a quotation open the feature; the day it reports follows
    paragraphs = (
        "锣鼓声从柳林社区的小广场传出来，老人们早早搬来了板凳。",
        "柳林社区的邻里节已经办了五届，今年请来了十家共建单位。",
        "“每年就盼着这一天。”住了三十年的李大爷说。",
        "1月23日下午，文艺汇演在小广场开场，共建单位的职工也登台献艺。",
        "12月3日，社区还办过一场书画展。",
    )
    raw = RawArticle(("邻里节热起来",), paragraphs)
    assert extract_article(raw, "p.txt", 1, D(2026, 2, 3)).event_date == "2026-01-23"
    # the fifth paragraph is the story's background, not its day
    raw = RawArticle(("邻里节热起来",), (*paragraphs[:3], "共建单位的职工也登台献艺。", paragraphs[4]))
    assert extract_article(raw, "p.txt", 1, D(2026, 2, 3)).event_date == ""


def test_a_photo_credit_closing_the_text_is_no_later_dateline():
    raw = RawArticle(("风雪运输线",), ("1月18日，救灾车队顺利通过山口。", "（本报记者宋晓摄自山口现场）（数码传真照片）"))
    article = extract_article(raw, "p.txt", 1, D(1998, 1, 19))
    assert (article.dateline, article.byline) == ("", "")
    assert article.body.endswith("（本报记者宋晓摄自山口现场）（数码传真照片）")


@pytest.mark.parametrize(
    "line, dateline",
    [
        ("交汇点讯 对门住着却互不相识。", "交汇点讯"),
        ("滨江信息港讯 记者宋晓 新春一天天近了。", "滨江信息港讯 记者宋晓"),
        ("中国江苏网11月30日连云港讯 这几年城区的车多了。", "中国江苏网11月30日连云港讯"),
    ],
)
def test_datelines_of_apps_and_of_a_place_after_the_day(line, dateline):
    assert split_dateline(line)[0] == dateline


def test_community_names_end_at_verbs_and_quantities():
    for sentence in ("有人笑着说社区这回真是花了心思。", "大家都盼着社区多办这样的活动。", "近日，我市不少社区和单位一起过节。"):
        assert find_place(("邻里节",), [sentence]).community == ""
    assert find_place(("元宵节里话社区 知否知否",), ["居民欢聚一堂。"]).community == ""
    # a column's name before 丨 is no part of the community's
    assert find_place(("奋进七十载丨柳林巷社区的团结事",), ["居民欢聚一堂。"]).community == "柳林巷社区"


@pytest.mark.parametrize(
    "headline, roles",
    [
        # a long line of facts over a couplet, or over a much shorter title of one clause: a kicker
        (("柳林晚报社“服务群众 同心同行”社区行走进省直机关柳林社区", "便民服务到门口 幸福半径再延伸"),
         ("柳林晚报社“服务群众 同心同行”社区行走进省直机关柳林社区", "便民服务到门口 幸福半径再延伸", "")),
        (("河湾区第二届幸福邻里节启动，设置六大主题体验区，为期1个月", "邻里携手拼出幸福新画卷"),
         ("河湾区第二届幸福邻里节启动，设置六大主题体验区，为期1个月", "邻里携手拼出幸福新画卷", "")),
        # a short factual line over a couplet stays the title (the seed's form)
        (("和平区柳林社区开展广场舞主题活动", "舞出精气神 引领新风尚"), ("", "和平区柳林社区开展广场舞主题活动", "舞出精气神 引领新风尚")),
        # a reporters' line under a long title is no title
        (("柳林社区志愿服务力量集结，响应“同心倡议书”", "新闻通讯员宋晓"), ("", "柳林社区志愿服务力量集结，响应“同心倡议书”", "新闻通讯员宋晓")),
    ],
)
def test_long_kickers_and_credit_lines_in_a_headline(headline, roles):
    assert headline_roles(headline) == roles


def test_a_zone_named_before_a_community_is_no_part_of_its_name():
    assert find_place(("板凳会开到家门口",), ["7月31日上午，河湾航天基地柳林路社区开了一场板凳会。"]).community == "柳林路社区"


def test_a_generic_word_right_after_a_street_names_a_community():
    assert find_place(("升国旗",), ["近日，城北街道幸福社区办了一组活动。"]).community == "幸福社区"
    assert find_place(("社区建设",), ["近日，漳江镇完美社区建设如火如荼。"]).community == ""
    assert find_place(("社区建设",), ["近日，朝阳区推进和谐社区建设。"]).community == ""


def test_the_day_a_reporter_learned_of_it_is_no_event_date():
    raw = RawArticle(("金秋文艺汇演",), ("10月15日，记者从柳林街道了解到，柳林社区办了第五届金秋文艺汇演。",))
    assert extract_article(raw, "p.txt", 1, D(2019, 10, 16)).event_date == ""


@pytest.mark.parametrize("headline", ["中国大饭店请首都记者健身", "辽阳记者大篷车现场直播"])
def test_a_title_that_speaks_of_reporters_is_no_credit_line(headline):
    assert headline_roles(("奉化区方桥街道", headline)) == ("奉化区方桥街道", headline, "")
