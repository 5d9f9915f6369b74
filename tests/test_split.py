"""split: articles from spaced, dense and flat pages; no body text lost."""

from collections import Counter

import pytest
from conftest import DATA, SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_cli.repair import WEB_MARK, repair_text
from bulletin_cli.split import blocks_of, classify, layout_of, split_articles, split_page


def _page(name):
    return repair_text((DATA / name).read_text(encoding="utf-8"))


def _chars(text):
    return Counter(ch for ch in text if not ch.isspace() and ch != WEB_MARK)


def _article_chars(articles):
    return _chars("".join("".join(a.headline + a.paragraphs + a.captions) for a in articles))


# --- the seed page ---------------------------------------------------------------

SEED_HEADLINES = [
    ("红桥区燕宇社区优化基层治理注入新动力 三方联动,助推基层“善治”",),
    ("河西区大营门街东莱里社区", "工会送来温暖 慰问一线交警"),
    ("和平区天兴里社区开展广场舞主题活动", "舞出精气神 引领新风尚"),
    ("南开区昔阳里社区联合检察机关开展宣讲活动", "引导科学消费 提升维权意识"),
    ("河东区荣兴温泉公寓社区", "综合安全整治 宣传送到身边"),
    ("和平区南营门街文化村社区", "心理关爱活动 缓解亲子焦虑"),
    ("和平区犀地社区开展系列志愿服务", "关爱居民健康 传递志愿温情"),
]


def test_seed_page_gives_seven_articles(seed_path):
    articles = split_articles(repair_text(seed_path.read_text(encoding="utf-8")))
    assert [a.headline for a in articles] == SEED_HEADLINES
    assert [len(a.paragraphs) for a in articles] == [7, 2, 2, 2, 3, 3, 2]
    assert all(a.paragraphs[0].startswith("本报讯") for a in articles)
    # the three sub-headings stay inside the first article
    assert articles[0].paragraphs[1::2] == ("基层治理“助推器”", "矛盾调化“解压阀”", "多元参与显成效")
    assert articles[2].captions == ("(和平区天兴里社区供图)",)
    assert sum(len(a.captions) for a in articles) == 1


def test_seed_page_keeps_every_character(seed_path):
    text = repair_text(seed_path.read_text(encoding="utf-8"))
    assert _article_chars(split_articles(text)) == _chars(text)


# --- layouts ---------------------------------------------------------------------


def test_layout_names():
    assert layout_of(blocks_of(_page("unit_dense.txt"))) == "dense"
    assert layout_of(blocks_of(_page("unit_flat.txt"))) == "flat"
    assert layout_of(blocks_of(_page("unit_spaced.txt"))) == "spaced"
    assert layout_of(blocks_of("只有一行")) == "flat"


def test_dense_page():
    articles = split_articles(_page("unit_dense.txt"))
    assert [a.headline for a in articles] == [
        ("河北区月纬路街金海湾社区", "春风送暖 义剪进小区"),
        ("南开区长虹街道芳草园社区举办读书分享会", "书香润邻里 共读好时光"),
        (),
    ]
    assert [len(a.paragraphs) for a in articles] == [3, 2, 2]
    assert articles[0].paragraphs[-1].endswith("（张红梅 李小军）")
    assert articles[2].paragraphs[0].startswith("本报讯 东丽区金桥街道春和社区")


def test_dense_group_with_two_datelines_is_two_briefs():
    page = (
        "简讯\n本报讯 春和社区昨日组织志愿者清理楼道堆物，共清出杂物两车。\n"
        "本报讯 丽苑社区老年食堂近日推出夏季新菜单，受到老人们欢迎。\n\n"
        "邻里节开幕\n本报讯 社区近日举办邻里节，居民欢聚一堂。"
    )
    articles = split_articles(page)
    assert [a.headline for a in articles] == [(), (), ("邻里节开幕",)]  # 简讯 is a section label
    assert [len(a.paragraphs) for a in articles] == [1, 1, 1]


def test_flat_page_starts_articles_at_headline_and_dateline():
    articles = split_articles(_page("unit_flat.txt"))
    assert [a.headline for a in articles] == [
        ("西青区杨柳青镇药王庙村举办年画体验课",),
        ("津南区双港镇梨园社区开展垃圾分类入户宣传", "积分兑换调动参与热情"),
    ]
    assert [len(a.paragraphs) for a in articles] == [3, 2]
    assert articles[1].paragraphs[0].startswith("本报讯 双港镇梨园社区")


def test_spaced_page_subheadings_stay_inside_and_caption_closes():
    articles = split_articles(_page("unit_spaced.txt"))
    assert [a.headline for a in articles] == [
        ("和平区劝业场街新津社区开展夏季安全宣传", "守护平安 从点滴做起"),
        ("河东区二号桥街道丽苑社区", "老年食堂上新菜"),
    ]
    first = articles[0]
    assert first.paragraphs[1] == "防溺水提醒"
    assert first.paragraphs[3] == "用电安全"
    assert len(first.paragraphs) == 5
    assert first.captions == ("（新津社区供图）",)
    assert not any("供图" in p for a in articles for p in a.paragraphs)
    assert articles[1].captions == ()


def test_caption_closes_an_article_without_a_dateline_after_it():
    page = (
        "本报讯 社区近日开展志愿服务活动，居民纷纷点赞。\n\n（社区供图）\n\n"
        "邻里节开幕\n\n社区近日举办邻里节，居民欢聚一堂。"
    )
    articles = split_articles(page)
    assert [(a.headline, a.captions) for a in articles] == [((), ("（社区供图）",)), (("邻里节开幕",), ())]
    assert articles[1].paragraphs == ("社区近日举办邻里节，居民欢聚一堂。",)


def test_headline_only_page_keeps_its_headline():
    # Section labels are furniture; a headline with no text under it is still kept whole.
    assert [a.headline for a in split_articles("社区动态\n\n邻里节开幕")] == [("邻里节开幕",)]
    assert split_articles("社区动态") == []
    assert split_articles("") == []
    assert split_articles("\n\n\n") == []


def test_section_labels_are_not_headline_lines():
    page = "社区动态\n本版导读\n和平区新兴街犀地社区\n关爱居民健康 传递志愿温情\n本报讯 犀地社区近日开展志愿服务活动。"
    (article,) = split_articles(page)
    assert article.headline == ("和平区新兴街犀地社区", "关爱居民健康 传递志愿温情")


def test_short_line_ending_in_comma_is_body():
    assert classify("居民们说，") == "body"


@pytest.mark.parametrize(
    "line, kind",
    [
        ("基层治理“助推器”", "head"),
        ("书香润邻里 共读好时光", "head"),
        ("垃圾分类人人有责？", "head"),
        ("(和平区天兴里社区供图)", "caption"),
        ("本报讯 近日,社区开展活动。", "dateline"),
        ("社区近日举办邻里节，居民欢聚一堂。", "body"),
        ("居民们说；", "body"),
        ("社区" * 30, "body"),
    ],
)
def test_classify(line, kind):
    assert classify(line) == kind


# --- no body text is lost ------------------------------------------------------


def _pages():
    pages = sorted(DATA.glob("unit_*.txt")) + sorted(SAMPLES.glob("*.txt"))
    assert len(pages) >= 8
    return pages


@pytest.mark.parametrize("path", _pages(), ids=lambda p: p.name)
def test_split_keeps_every_character_of_real_pages(path):
    text = repair_text(path.read_text(encoding="utf-8"))
    assert _article_chars(split_articles(text)) == _chars(text)


@pytest.mark.parametrize("gap", ["\n\n", "\n"])
def test_short_exclamation_paragraphs_are_not_lost(gap):
    page = gap.join(
        [
            "社区开展垃圾分类宣传",
            "本报讯 社区近日开展垃圾分类宣传，志愿者带领居民齐声高喊口号：",
            "垃圾分类，人人有责！",
            "绿色生活，从我做起！",
        ]
    )
    assert _article_chars(split_articles(page)) == _chars(page)


_HEADS = ["和平区新兴街犀地社区", "关爱居民健康 传递志愿温情", "邻里节开幕", "书香润邻里", "你说我听，邻里好商量",
          "南开区长虹街道芳草园社区举办读书分享会"]
_DATELINES = ["本报讯 ", "本报讯（记者 王晓）", "本报北京1月4日电 ", ""]
_BODY = ["社区近日开展志愿服务活动，居民纷纷点赞。", "活动现场分为健康咨询区和理发区，居民按需选择。",
         "志愿者们还挨家挨户发放了提示卡。", "他说：“真是太方便了！”居民们笑了。",
         "社区将持续开展活动。（刘玉红 肖荻）"]
# A later paragraph, or a sub-heading with the paragraph under it.
_LATER = st.one_of(
    st.sampled_from(_BODY).map(lambda p: [p]),
    st.tuples(st.sampled_from(["用电安全", "防溺水提醒", "义诊服务台"]), st.sampled_from(_BODY[:4])).map(list),
)
_CAPTIONS = ["（犀地社区供图）", "(王晓 摄)"]
_article = st.tuples(
    st.lists(st.sampled_from(_HEADS), max_size=3),
    st.sampled_from(_DATELINES),
    st.lists(st.sampled_from(_BODY[:4]), min_size=1, max_size=1),
    st.lists(_LATER, max_size=3).map(lambda parts: [p for part in parts for p in part]),
    st.lists(st.sampled_from(_CAPTIONS), max_size=1),
)


def _render(articles, layout):
    groups = [list(h) + [d + first[0]] + rest + c for h, d, first, rest, c in articles]
    if layout == "spaced":
        return "\n\n".join("\n\n".join(g) for g in groups)
    if layout == "dense":
        return "\n\n".join("\n".join(g) for g in groups)
    return "\n".join("\n".join(g) for g in groups)


@settings(max_examples=300, deadline=None)
@given(st.lists(_article, min_size=1, max_size=5), st.sampled_from(["spaced", "dense", "flat"]))
def test_split_never_loses_body_text(articles, layout):
    # what split drops it reports as furniture (a headline repeated over the same article's text)
    text = repair_text(_render(articles, layout))
    kept, dropped = split_page(text)
    assert _article_chars(kept) + _chars("".join(dropped)) == _chars(text)
    assert all(line in text.split("\n") for line in dropped)


def test_closing_byline_and_exclamation_with_clauses_are_not_headlines():
    assert classify("（王晓梅）") == "body"
    assert classify("谢谢大家，祝大家新年快乐！") == "body"
    assert classify("（新华社天津12月31日电）") == "body"
    assert classify("舞出精气神！") == "head"


def test_picture_note_is_not_a_photo_credit():
    assert classify("（附图片１张）") == "head"
    assert classify("（记者 赵然 摄）") == "caption"


def test_reporter_line_stays_out_of_the_headline():
    page = "社区书屋迎来新书\n本报记者 周明\n近日，和顺里社区书屋新添图书三百余册，居民纷纷前来借阅。"
    (article,) = split_articles(page)
    assert article.headline == ("社区书屋迎来新书",)
    assert article.bylines == ("本报记者 周明",)  # a byline line, never the first paragraph
    assert article.paragraphs[0].startswith("近日")


def test_report_quoting_another_dateline_stays_one_article():
    page = (
        "两地社区结对共建\n本报讯 和顺里社区与春和社区近日签订结对共建协议。\n"
        "新华社天津1月2日电 双方将在养老服务方面开展合作。\n\n"
        "邻里节开幕\n本报讯 社区近日举办邻里节，居民欢聚一堂。"
    )
    assert [a.headline for a in split_articles(page)] == [("两地社区结对共建",), ("邻里节开幕",)]


def test_wider_gap_before_an_untitled_brief_starts_an_article():
    page = (
        "社区开展义诊\n\n本报讯 和顺里社区近日开展义诊活动。\n\n医生为老人测量血压。\n\n\n"
        "本报讯 春和社区昨日举办插花课，二十余名居民参加。\n\n插花老师现场示范。"
    )
    articles = split_articles(page)
    assert [a.headline for a in articles] == [("社区开展义诊",), ()]
    assert articles[1].paragraphs[0].startswith("本报讯 春和社区")


# --- one hand-made page per layout -----------------------------------------------


def _heads(name):
    return [a.headline for a in split_articles(_page(name))]


def test_dense_layout_groups_pictures_poems_labels_and_round_ups():
    articles = split_articles(_page("layout_dense.txt"))
    assert layout_of(blocks_of(_page("layout_dense.txt"))) == "dense"
    # 社区动态 is a section name over an article with its own headline: in no article
    assert [a.headline for a in articles] == [
        ("河北区望海楼街宁园社区",),
        ("雪后宁园（图片）",),
        ("春到小院（外一首）",),
        ("各地社区喜迎新春", "西青区"),
    ]
    assert not any("社区动态" in "".join(a.headline + a.paragraphs) for a in articles)
    picture, poem, round_up = articles[1:]
    assert picture.paragraphs == ()  # a picture item: its headline is all there is
    assert poem.paragraphs[0] == "李春生" and len(poem.paragraphs) == 5
    # a place label (津南区) over a second 本报讯 report keeps the round-up whole
    assert "津南区" in round_up.paragraphs and len(round_up.paragraphs) == 4


def test_dense_section_label_is_the_only_text_dropped():
    text = _page("layout_dense.txt")
    assert _article_chars(split_articles(text)) + _chars("社区动态") == _chars(text)


def test_seed_style_wide_gaps_are_the_breaks():
    articles = split_articles(_page("layout_seed_style.txt"))
    assert [a.headline for a in articles] == [
        ("河东区春华街道晨光社区举办邻里节",),
        ("红桥区丁字沽街道社区开展防诈宣传",),
        (),
    ]
    # 百家宴 / 才艺秀 are sub-headings, the credit closes the first article
    assert articles[0].paragraphs[1::2] == ("百家宴", "才艺秀")
    assert articles[0].captions == ("（晨光社区供图）",)
    assert articles[2].paragraphs[0].startswith("本报讯 南开区学府街道")


def test_flat_layout_tells_headlines_from_sub_headings():
    articles = split_articles(_page("layout_flat.txt"))
    assert [a.headline for a in articles] == [
        ("河西区陈塘庄街道社区举办冬季运动会",),  # numbered sub-headings stay inside
        ("老旧小区加装电梯 居民上下楼不再难",),  # two clauses, after a closing byline
        ("河北区社区食堂开进楼门口",),  # the lead restates the headline
        ("志愿者为老人送餐上门（图片）",),  # a picture item
    ]
    assert articles[0].paragraphs[1] == "一、拔河比赛最热闹"


def test_flat_page_of_briefs_starts_one_at_each_headline():
    articles = split_articles(_page("layout_briefs.txt"))
    assert [len(a.paragraphs) for a in articles] == [1, 1, 1, 1]
    assert articles[3].headline == ("图书馆推出夜间借阅服务",)


def test_markdown_layout_takes_the_deepest_headings():
    text = _page("layout_markdown.txt")
    assert layout_of(blocks_of(text)) == "markdown"
    articles = split_articles(text)
    assert [a.headline for a in articles] == [("晨光社区举办邻里节",), ("社区食堂开进楼门口",)]
    # the summary list under 本期要目 is not an article; links and emphasis are gone
    assert articles[0].paragraphs == (
        "本报讯 晨光社区近日在小区广场举办第三届邻里节，两百余名居民参加。",
        "居民们各自带来拿手菜，摆满了二十多张长桌。",
    )


def test_long_headline_run_is_a_poem_not_lost_lines():
    page = "初雪\n王小梅\n一夜北风\n院子白了\n孩子们\n堆起雪人"
    (article,) = split_articles(page)
    assert article.headline == ("初雪",)
    assert article.paragraphs == ("王小梅", "一夜北风", "院子白了", "孩子们", "堆起雪人")


def test_dense_layout_is_read_from_paragraphs_without_gaps():
    # short articles: as many gaps as lines, yet no gap inside any article
    page = "甲社区义诊\n本报讯 甲社区近日开展义诊。\n\n乙社区义剪\n本报讯 乙社区近日开展义剪。"
    assert layout_of(blocks_of(page)) == "dense"


def test_dateline_after_a_photo_credit_inside_a_dense_group_stays():
    page = (
        "全市社区工作会议召开\n图为会议现场。（本报记者 王晓 摄）\n"
        "本报天津1月9日讯 全市社区工作会议今天召开，会议部署了今年的重点任务。\n会议为期一天。"
    )
    assert len(split_articles(page)) == 1


def test_bracketed_notes_and_signatures_are_not_headlines():
    assert classify("（作者系和顺里社区党委书记）") == "body"
    assert classify("——编者") == "body"
    assert classify("（附图片１张）") == "head"


def test_flat_breaks_tables_and_reporters_stay_inside():
    page = "\n".join(
        [
            "社区养老服务调查",
            "本报讯 记者近日走访了十个社区的养老服务站，了解老人们的需求。",
            "＊＊＊",
            "调查显示，助餐和助医是老人最需要的服务，其次是上门保洁。",
            "表１：各社区养老服务站服务人次",
            "春和社区一千二百人次，丽苑社区九百人次，其余社区合计三千余人次。",
            "本报记者 周明",
            "社区工作者表示，将根据调查结果调整服务项目。",
            "——编者",
            "春节前社区送福到家",
            "春节前夕，和顺里社区志愿者把写好的福字和春联送到独居老人家中。",
        ]
    )
    articles = split_articles(page)
    assert [a.headline for a in articles] == [("社区养老服务调查",), ("春节前社区送福到家",)]


# --- headlines as editors write them (issue 9) --------------------------------------


def test_byline_line_under_the_title_is_a_byline_in_every_layout():
    for sep in ("\n", "\n\n"):
        page = sep.join(
            [
                "柳林社区开展消防演练",
                "看看新闻Knews记者 方晓",
                "近日，柳林社区联合消防站开展应急演练，两百多名居民参加。",
                "社区还为独居老人安装了烟感报警器。",
            ]
        )
        (article,) = split_articles(page)
        assert article.headline == ("柳林社区开展消防演练",)
        assert article.bylines == ("看看新闻Knews记者 方晓",)
        assert article.paragraphs[0].startswith("近日")


def test_dash_line_under_a_title_is_its_subtitle_not_body_or_an_article():
    page = (
        "社区开展活动，居民纷纷点赞。\n"
        "老党员的新课堂\n——记柳林社区银龄讲师团\n"
        "本报讯 柳林社区的银龄讲师团成立三年来，已为居民讲课一百多场。\n"
        "讲师团成员大多是退休教师。\n——编者"
    )
    articles = split_articles(page)
    assert [a.headline for a in articles] == [(), ("老党员的新课堂", "——记柳林社区银龄讲师团")]
    assert articles[1].paragraphs[-1] == "——编者"  # after text, a dash line is a signature


@pytest.mark.parametrize("label", ["社区动态", "便民服务", "【城管进社区】"])
@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_section_labels_are_never_titles(label, sep):
    page = sep.join(
        [
            "柳林社区办游园会",
            "本报讯 柳林社区近日举办游园会，居民们套圈、猜灯谜。",
            label,
            "春和社区开展义诊",
            "本报讯 春和社区近日邀请医生为老人义诊。",
        ]
    )
    articles, labels = split_page(page)
    assert [a.headline for a in articles] == [("柳林社区办游园会",), ("春和社区开展义诊",)]
    assert labels == [label]


def test_caption_under_a_headline_goes_to_captions_and_starts_nothing():
    page = (
        "柳林社区办游园会\n本报讯 柳林社区近日举办游园会。\n"
        "春和社区开展义诊\n【春和社区供图】\n本报讯 春和社区近日邀请医生为老人义诊。\n医生还讲解了冬季养生知识。"
    )
    articles = split_articles(page)
    assert [(a.headline, a.captions) for a in articles] == [
        (("柳林社区办游园会",), ()),
        (("春和社区开展义诊",), ("【春和社区供图】",)),
    ]


def test_lines_above_the_first_article_are_kept_as_its_kicker():
    articles = split_articles("一线传真速递\n春和社区开展义诊\n本报讯 春和社区近日邀请医生为老人义诊。")
    assert articles[0].headline == ("一线传真速递", "春和社区开展义诊")


# --- pages nobody here laid out (issue 9) ------------------------------------------------


def _titles(page):
    return [a.headline for a in split_articles(repair_text(page))]


def test_web_copies_pasted_one_after_another_split_at_their_source_lines():
    page = "\n".join(
        [
            "柳林社区开展消防演练",
            "来源：河西区融媒体中心 发布时间：2024-06-05 10:30",
            "",
            "近日，柳林社区联合消防站开展应急演练。",
            "",
            "两百多名居民参加，学会了使用灭火器。",
            "（责任编辑：王芳）",
            "春和社区举办读书会",
            "2024-06-06 09:12 来源：南开新闻网",
            "春和社区书屋昨天举办读书分享会。",
        ]
    )
    articles = split_articles(repair_text(page))
    assert [a.headline for a in articles] == [("柳林社区开展消防演练",), ("春和社区举办读书会",)]
    assert len(articles[0].paragraphs) == 2  # the copy's paragraphs stand apart but stay one article
    assert [a.meta_date for a in articles] == ["2024-06-05", "2024-06-06"]


def test_hard_wrapped_archive_with_unindented_titles():
    lines = ["社区书屋上新"]
    for paragraph in ("本报讯 柳林社区书屋近日新添图书三百余册，涵盖少儿读物和养生书籍，居民纷纷前来借阅。",
                      "社区工作人员介绍，书屋每天开放八小时，周末也不闭馆。"):
        text = "\u3000\u3000" + paragraph
        lines += [text[i : i + 20] for i in range(0, len(text), 20)]
    lines.append("春和社区举办邻里节")
    text = "\u3000\u3000本报讯 春和社区昨天举办邻里节，居民们包饺子、唱红歌，欢聚一堂。"
    lines += [text[i : i + 20] for i in range(0, len(text), 20)]
    articles = split_articles(repair_text("\n".join(lines)))
    assert [a.headline for a in articles] == [("社区书屋上新",), ("春和社区举办邻里节",)]
    assert articles[0].paragraphs[1].endswith("周末也不闭馆。")


def test_a_page_of_one_outlets_datelines_takes_other_headlines_for_sub_headings():
    page = "\n".join(
        [
            "柳林社区开展消防演练",
            "央视网消息（新闻联播）：柳林社区今天开展应急演练，两百多名居民参加。",
            "居民学会使用灭火器 独居老人家中装上烟感",
            "演练结束后，消防员走进独居老人家中，为他们安装烟感报警器。",
            "春和社区举办读书会",
            "央视网消息（新闻联播）：春和社区书屋今天举办读书分享会。",
            "南开社区义诊进楼门",
            "央视网消息（新闻联播）：南开社区今天邀请医生为老人义诊。",
        ]
    )
    assert _titles(page) == [("柳林社区开展消防演练",), ("春和社区举办读书会",), ("南开社区义诊进楼门",)]


def test_a_column_tag_over_a_headline_and_over_its_text():
    assert _titles("【城管进社区】\n柳林社区清理楼道堆物\n本报讯 柳林社区近日清理楼道堆物两车。") == [
        ("柳林社区清理楼道堆物",)
    ]
    assert _titles("【奖章里的故事】\n央视网消息（新闻联播）：今天继续讲述奖章背后的故事。") == [("【奖章里的故事】",)]


def test_a_headline_under_a_column_tag_starts_an_article_between_paragraphs():
    page = (
        "柳林社区开展消防演练\n\n本报讯 柳林社区近日开展应急演练。\n\n居民们学会了使用灭火器。\n\n"
        "【走基层】春和社区的“长桌宴”开席了\n\n邻居们各自端出拿手菜，摆满了十几米长的桌子。"
    )
    assert _titles(page) == [("柳林社区开展消防演练",), ("【走基层】春和社区的“长桌宴”开席了",)]


def test_bulleted_briefs_each_with_when_and_where_are_articles():
    page = (
        "社区快报\n"
        "● 5月21日上午，河西区柳林街道柳林社区组织党员清理小广告，共清除两百余处。\n"
        "● 5月22日，南开区春和街道春和社区为独居老人送去防暑用品。"
    )
    articles = split_articles(repair_text(page))
    assert len(articles) == 2 and articles[1].paragraphs[0].startswith("● 5月22日")


def test_an_editors_note_before_a_headline_keeps_the_headline():
    page = "【邻里故事】\n开栏的话：本栏讲述社区里的暖心故事。\n柳林社区的“银发讲师团”\n本报讯 柳林社区的银发讲师团成立三年，讲课一百多场。"
    (article,) = split_articles(repair_text(page))
    assert article.headline == ("柳林社区的“银发讲师团”",)
    assert article.paragraphs[0].startswith("开栏的话")


def test_a_long_headline_after_finished_text_starts_an_article_where_a_short_one_does_not():
    page = "\n".join(
        [
            "柳林社区书屋上新",
            "柳林社区书屋近日新添图书三百余册，居民纷纷前来借阅。",
            "书屋也要“有看头”",  # a sub-heading: short, no lead restates it
            "工作人员把新书分成十类，摆上了靠窗的书架。",
            "老旧小区背后藏着一片“低洼地”，整治三年后，居民说“住得舒心”了",
            "眼下，春和里的楼道亮堂了，车棚也盖起来了。",
        ]
    )
    articles = split_articles(repair_text(page))
    assert [a.headline[-1] for a in articles] == ["柳林社区书屋上新", "老旧小区背后藏着一片“低洼地”，整治三年后，居民说“住得舒心”了"]
    assert "书屋也要“有看头”" in articles[0].paragraphs


def test_web_furniture_under_a_dateline_that_restates_the_headline_keeps_the_copy_whole():
    page = "\n".join(
        [
            "柳林社区的“百家宴”",
            "中新网天津10月12日电 题：柳林社区的“百家宴”",
            "作者 王丽 李强",
            "到了中秋，社区里支起长桌，家家端出拿手菜。",
            "柳林社区书记说，这样的活动一年要办十几场。",
        ]
    )
    articles = split_articles(repair_text(page))
    assert len(articles) == 1
    assert articles[0].paragraphs[-1].startswith("柳林社区书记说")


def test_pictures_captions_without_a_credit():
    page = "\n".join(
        [
            "柳林社区办起春节联谊会",
            "发布时间：2024-02-05 10:30 来源：河西区融媒体中心",
            "志愿者在帮老人写春联",  # between the copy's source line and its dateline: a picture's caption
            "河西网讯（记者 王芳）2月4日，柳林社区办起春节联谊会。",
            "活动现场",
            "一曲《腊八歌》唱出了浓浓年味。",
            "活动现场",
            "联谊会后，居民们一起包饺子。",
        ]
    )
    [article] = split_articles(repair_text(page))
    assert article.headline == ("柳林社区办起春节联谊会",)
    assert article.captions == ("志愿者在帮老人写春联", "活动现场", "活动现场")
    assert article.paragraphs[0].startswith("河西网讯")


def test_a_subtitle_above_the_source_line_stays_a_subtitle():
    page = "\n".join(
        [
            "柳林社区办起春节联谊会",
            "邻里欢聚迎新春",
            "发布时间：2024-02-05 10:30 来源：河西区融媒体中心",
            "河西网讯（记者 王芳）2月4日，柳林社区办起春节联谊会。",
        ]
    )
    [article] = split_articles(repair_text(page))
    assert article.headline == ("柳林社区办起春节联谊会", "邻里欢聚迎新春") and article.captions == ()


def test_a_headline_over_a_credited_caption_starts_an_article_inside_a_web_copy():
    page = "\n".join(
        [
            "柳林社区端午活动多",
            "来源：河西区融媒体中心 2024-06-10 09:00",
            "端午将至，河西区各社区的活动一场接一场。",
            "柳林社区：包粽子送邻里",
            "端午前夕，柳林社区请来老人教年轻人包粽子。",
            "春和社区：拔河比赛促团结",
            "春和社区的拔河比赛吸引了二十支队伍。",
            "春和街道举办邻里文化节",
            "志愿者在为居民表演节目。记者 王芳 摄",
            "6月8日，春和街道在文化广场办起邻里文化节。",
        ]
    )
    articles = split_articles(repair_text(page))
    assert [a.headline for a in articles] == [("柳林社区端午活动多",), ("春和街道举办邻里文化节",)]
    assert articles[1].captions == ("志愿者在为居民表演节目。记者 王芳 摄",)
    assert "春和社区：拔河比赛促团结" in articles[0].paragraphs  # a sub-heading stays inside


def test_each_numbered_item_of_a_briefs_column_is_an_article():
    page = "\n".join(
        [
            "柳林社区举办邻里节",
            "9月22日晚，柳林社区在小广场办起邻里节，三百多位居民参加。",
            "社区简讯",
            "1．5月6日上午，春和街道春和社区开展义诊，六十多位老人量了血压。",
            "2．重阳节前，平安街道的两个社区各办了一场敬老宴。",
            "3．10月16日下午，吊桥路社区一百多位老人一起过敬老节。",
        ]
    )
    articles, labels = split_page(repair_text(page))
    assert labels == ["社区简讯"]
    assert [a.paragraphs[0][:2] for a in articles] == ["9月", "1．", "2．", "3．"]


def test_numbered_points_of_one_article_stay_in_it():
    page = "\n".join(
        [
            "柳林社区出台三项便民举措",
            "近日，柳林社区推出三项便民举措。",
            "1．延长服务大厅开放时间。",
            "2．开通老人代办热线。",
        ]
    )
    [article] = split_articles(repair_text(page))
    assert len(article.paragraphs) == 3


def test_another_outlets_report_after_a_report_that_opened_with_a_dateline():
    lines = ["文明城市志愿行"]
    for paragraph in ("本报讯（记者王芳）昨天，市委宣传部的志愿者走进柳林社区，开展创城宣传。",
                      "记者了解到，这样的活动今年要办二十场。",
                      "河西新闻网讯 2月27日，春和社区办起学雷锋志愿服务活动，两百多名志愿者参加。",
                      "活动一开始，志愿者们就穿上红马甲走进小区。"):
        text = "\u3000\u3000" + paragraph
        lines += [text[i : i + 24] for i in range(0, len(text), 24)]
    articles = split_articles(repair_text("\n".join(lines)))
    assert len(articles) == 2 and articles[1].paragraphs[0].startswith("河西新闻网讯")


def test_one_outlets_several_datelines_and_an_agency_quoted_stay_one_report():
    page = "\n".join(
        [
            "各地社区迎新春",
            "新华社天津1月20日电 天津各社区近日办起迎春活动。",
            "新华社重庆1月20日电 重庆的社区也忙着写春联。",
            "据河西新闻网讯，春和社区还办了灯谜会。",
        ]
    )
    assert len(split_articles(repair_text(page))) == 1


def test_a_sub_heading_and_a_dateline_under_a_standfirst_stay_in_the_article():
    page = (
        "柳林区党群服务圈加码群众幸福感\n\n摘要：逛服务区买菜，去社区医院拿药，再到服务大厅办事，家门口就有一站式服务。\n\n"
        "亮堂宽敞的办事大厅\n\n柳林新闻网讯 逛服务区买菜，去社区医院拿药，家门口就有一站式服务。\n\n“大厅真亮堂。”居民说。"
    )
    (article,) = split_page(page)[0]
    assert article.headline == ("柳林区党群服务圈加码群众幸福感",)


def test_a_headline_repeated_on_a_web_article_s_later_pages_is_furniture():
    page = (
        "柳林社区里办起邻里百家宴\n柳林网9月29日消息 为了迎接国庆，柳林社区办了一场百家宴。\n"
        "柳林社区里办起邻里百家宴\n每个家庭都拿出一道看家菜和邻居分享。\n"
        "柳林社区里办起邻里百家宴\n饺子也出锅了，大家趁热吃。"
    )
    articles, labels = split_page(page)
    assert [a.headline for a in articles] == [("柳林社区里办起邻里百家宴",)]
    assert labels == ["柳林社区里办起邻里百家宴"] * 2


def test_a_picture_item_s_caption_under_its_headline_opens_it():
    page = (
        "柳林社区办起邻里节\n\n本报讯 柳林社区办起了邻里节。\n\n（宋晓）\n\n\n河湾区柳林街道\n\n宋晓（附图片１张）\n\n"
        "宋晓（前排左）在课堂上。（李静摄）\n\n荣誉全国劳动模范\n\n附记：目前，宋晓既做老师又当学生，奔波于两个课堂。"
    )
    articles, _ = split_page(repair_text(page))
    assert [a.headline[:2] for a in articles] == [("柳林社区办起邻里节",), ("河湾区柳林街道", "宋晓（附图片１张）")]
    assert articles[1].captions == ("宋晓（前排左）在课堂上。（李静摄）",)


def test_a_picture_under_a_kicker_is_an_item_of_its_own():
    page = (
        "柳林社区办起邻里节\n\n本报讯 柳林社区办起了邻里节，居民们欢聚一堂。\n\n\n河湾区柳林街道\n\n从此点灯不靠油（图片）\n\n"
        "柳林街道安装了风力发电机组，结束了牧民点灯靠油的历史。（新华社记者宋晓摄）\n\n\n河湾区柳林街道\n\n发展县域经济要有科学方略\n\n"
        "本报讯 柳林县地处山区，经济发展长期处于原始积累阶段。"
    )
    articles, _ = split_page(repair_text(page))
    assert [a.headline[-1] for a in articles] == ["柳林社区办起邻里节", "从此点灯不靠油（图片）", "发展县域经济要有科学方略"]
