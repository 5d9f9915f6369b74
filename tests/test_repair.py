"""repair: furniture removed, page and column breaks rejoined, headlines left alone."""

import pytest
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_cli import repair
from bulletin_cli.repair import ends_sentence, is_caption, is_dateline, is_furniture, is_web_meta, repair_text

# --- the seed's page-break joins (copied as the three short fragments only) ----


@pytest.mark.parametrize(
    "before, after",
    [
        ("网格员入户走访时做到三个到位,即政策讲解到位、困难登记到位、生活服", "务到位,让独居老人感到安心。"),
        ("志愿者们来到小区的每一个车棚,对停放的电动自行车充电线路逐", "一排查,发现问题当场登记。"),
        ("端午节前夕,社区请来营养师,为老年居民带来一场深入浅出的", "讲座。她用几个小故事讲清了少盐少油的道理。"),
    ],
)
@pytest.mark.parametrize("gap", ["\n", "\n\n", "\n\n\n"])
def test_page_break_joins(before, after, gap):
    assert repair_text(before + gap + after) == before + after


def test_seed_page_break_joins(seed_path):
    text = repair_text(seed_path.read_text(encoding="utf-8"))
    lines = text.split("\n")
    for glued in ("生活服务到位", "逐一排查", "深入浅出的讲座"):
        assert sum(glued in line for line in lines) == 1, glued
    assert not any(line.endswith(("生活服", "存放情况逐", "深入浅出的")) for line in lines)
    assert not any(line.startswith(("务到位", "一排查", "讲座。")) for line in lines)


# --- headlines are never glued -------------------------------------------------


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_headline_then_dateline_not_glued(gap):
    text = f"南开区长虹街道芳草园社区举办读书分享会{gap}本报讯 芳草园社区近日在社区书屋举办读书分享会，居民交流各自喜爱的书籍。"
    assert repair_text(text) == text


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_headline_with_comma_then_dateline_not_glued(gap):
    text = f"多方协作，让老旧小区改造少走弯路的好做法{gap}本报讯 社区近日召开议事会，居民代表围绕停车问题各抒己见。"
    assert repair_text(text) == text


def test_spaced_headline_with_comma_not_glued_to_body():
    text = "河北区金海湾社区议事会 你说我听,邻里“好商量”\n\n社区每月召开一次小区议事会,居民代表围绕停车、绿化等问题各抒己见。"
    assert repair_text(text) == text


def test_subheading_with_comma_not_glued_to_body():
    text = "小区议事会，解决大家的烦心事儿\n\n社区每月召开一次小区议事会，居民代表围绕停车、绿化等问题各抒己见。"
    assert repair_text(text) == text


def test_caption_is_not_glued_onto():
    text = "社区工作人员向居民发放宣传折页，讲解夏季空调、电扇用电注意\n\n（新津社区供图）"
    assert repair_text(text) == text


def test_finished_sentences_are_not_joined():
    text = "社区近日开展消防安全宣传活动，居民纷纷参与。\n\n志愿者们还挨家挨户发放了消防安全提示卡，提醒大家注意。"
    assert repair_text(text) == text


# --- furniture ------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "社区新闻  2024年6月5日 星期三  第7版",
        "社区周刊 ２０２４年６月５日 周三",
        "日报 2024年6月5日 第3版 社区新闻",
        "第７版 社区",
        "2024年6月5日",
        "2024年6月5日 星期三",
        "责任编辑：王芳",
        "美术编辑:李强",
        "校对：赵明",
        "8",
        "- 8 -",
        "—12—",
        "（下转第8版）",
        "(上接第1版)",
    ],
)
def test_is_furniture(line):
    assert is_furniture(line)


def test_full_width_dashed_page_number_is_furniture():
    assert is_furniture("－ 3 －")


@pytest.mark.parametrize(
    "line",
    [
        "和平区天兴里社区开展广场舞主题活动",
        "本报讯 2024年6月5日，社区开展活动，居民纷纷参与。",
        "第三十二中学的老师为家长讲解备考心理知识。",
        "2024年社区共开展活动128场",
        "责任心强的志愿者们",
    ],
)
def test_is_not_furniture(line):
    assert not is_furniture(line)


def test_furniture_lines_are_removed_from_a_page():
    page = (
        "社区新闻  2024年6月5日 星期三  第7版\n"
        "责任编辑：王芳\n\n"
        "邻里节开幕\n\n"
        "本报讯 社区近日举办邻里节，居民欢聚一堂。\n\n"
        "7\n"
        "（下转第8版）\n"
    )
    assert repair_text(page) == "邻里节开幕\n\n本报讯 社区近日举办邻里节，居民欢聚一堂。"


def test_continuation_mark_inside_a_paragraph_is_removed():
    assert repair_text("社区将持续开展活动，（下转第8版）让居民受益。") == "社区将持续开展活动，让居民受益。"


# --- hard-wrapped indented paragraphs ----------------------------------------


def test_hard_wrapped_indented_paragraphs_are_joined():
    text = repair_text((DATA / "unit_wrapped.txt").read_text(encoding="utf-8"))
    lines = [line for line in text.split("\n") if line.strip()]
    assert lines[:5] == [
        "河西区友谊路街道平山道社区",
        "银龄课堂开课啦",
        "\u3000\u3000本报讯 河西区友谊路街道平山道社区近日开办银龄智能手机课堂，志愿者手把手教老人使用手机挂号、扫码乘车等功能。",
        "\u3000\u3000课堂每周二下午开课，目前已有四十多位老人报名参加，不少老人已经学会了视频通话。",
        "\u3000\u3000社区负责人表示，将根据老人需求增加课程内容。",
    ]
    assert "社区周刊" not in text and "责任编辑" not in text and "下转" not in text


def test_hard_wrap_with_ascii_indent():
    page = "  第一段开头\n接着第一段。\n  第二段开头\n接着第二段。\n  第三段开头\n接着第三段。"
    assert repair_text(page).split("\n") == ["  第一段开头接着第一段。", "  第二段开头接着第二段。", "  第三段开头接着第三段。"]


def test_indented_layout_needs_enough_indented_lines():
    # Two indented lines are not a layout: the short unindented lines stay separate.
    page = "\u3000\u3000第一段开头\n接着第一段\n\u3000\u3000第二段开头\n接着第二段"
    assert repair_text(page) == page


# --- small predicates -----------------------------------------------------------


@pytest.mark.parametrize(
    "line, ends",
    [
        ("居民纷纷表示。", True),
        ("他说：“真是太方便了！”", True),
        ("社区将持续开展活动。（刘玉红 肖荻）", True),
        ("（和平区天兴里社区供图）", True),
        ("给老人们上了一堂深入浅出的", False),
        ("坚持走访慰问到位、矛盾调解到位、生活服", False),
        ("核对保质期、", False),
    ],
)
def test_ends_sentence(line, ends):
    assert ends_sentence(line) is ends


@pytest.mark.parametrize(
    "line, expected",
    [
        ("本报讯 近日，社区开展活动。", True),
        ("本报讯（记者 王晓）社区开展活动。", True),
        ("本报北京1月4日电 社区开展活动。", True),
        ("新华社天津12月30日电（记者张淑英）", True),
        ("据天津日报报道，社区开展活动。", True),
        ("社区开展活动，本报讯记者到场。", False),
    ],
)
def test_is_dateline(line, expected):
    assert is_dateline(line) is expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("（和平区天兴里社区供图）", True),
        ("(王晓 摄)", True),
        ("图为志愿者为老人理发。", True),
        ("（刘玉红 肖荻）", False),
        ("社区供图说明了一切。", False),
    ],
)
def test_is_caption(line, expected):
    assert is_caption(line) is expected


# --- property: repair is idempotent --------------------------------------------

_FRAGMENTS = [
    "社区开展活动", "居民们纷纷表示", "，", "。", "、", "！", "“", "”", " ", "\u3000\u3000", "  ",
    "本报讯 ", "新华社天津12月30日电", "（下转第8版）", "(社区供图)", "图为", "生活服", "务到位",
    "责任编辑：王芳", "2024年6月5日 星期三", "第7版", "12", "－", "—",
]
_line = st.lists(st.sampled_from(_FRAGMENTS), max_size=8).map("".join)
_page = st.lists(st.one_of(_line, st.just("")), max_size=14).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(_page)
def test_repair_is_idempotent(page):
    once = repair_text(page)
    assert repair_text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="社区活动居民服务到位本报讯供图，。！、（）() \u3000\n", max_size=120))
def test_repair_is_idempotent_on_free_text(text):
    once = repair_text(text)
    assert repair_text(once) == once


def test_repair_is_idempotent_on_unit_pages():
    for path in sorted(DATA.glob("unit_*.txt")):
        once = repair_text(path.read_text(encoding="utf-8"))
        assert repair_text(once) == once, path.name


# --- markdown copies and bulletin furniture ---------------------------------------


def test_markdown_emphasis_and_link_lines_are_not_text():
    page = "### 社区书屋上新\n\n**本报讯** 书屋新添图书三百册。\n\n[查看原文](https://example.org/a.html)"
    assert repair_text(page) == "### 社区书屋上新\n\n本报讯 书屋新添图书三百册。"


@pytest.mark.parametrize("line", ["本台消息：", "央视网消息（新闻联播）：", "(视频编辑：王明 文字编辑：李红)"])
def test_bulletin_source_and_editor_lines_are_furniture(line):
    assert is_furniture(line)


def test_source_with_text_after_it_is_a_dateline():
    assert is_dateline("央视网消息（新闻联播）：全市新增社区养老服务驿站二十个。")
    assert not is_furniture("央视网消息（新闻联播）：全市新增社区养老服务驿站二十个。")


def test_repair_twice_changes_nothing_after_an_unwrapped_line_grows():
    # Found by Hypothesis: a wrapped line joined to its paragraph made that paragraph long
    # enough to look page-broken on a second pass.
    page = (
        "社区开展活动社区开展活动居民们纷纷表示，\n\u3000\u3000社区开展活动\n社区开展活动责任编辑：王芳\n"
        "\u3000\u3000社区开展活动\n\u3000\u3000社区开展活动"
    )
    once = repair_text(page)
    assert repair_text(once) == once


# --- real-page conventions (issue 9) ----------------------------------------------


def test_paragraph_opening_with_a_date_and_weekday_is_not_a_page_header():
    line = "本报讯 2024年6月1日星期六上午，柳林社区在小广场举办儿童节游园会。"
    assert not is_furniture(line)
    page = "柳林社区办游园会\n\n" + line + "\n\n孩子们套圈、猜谜，玩得很开心。"
    assert repair_text(page) == page


@pytest.mark.parametrize(
    "line",
    [
        "来源：西湖区融媒体中心 发布时间：2024-06-05 10:30",
        "发布日期：2024年6月5日 浏览次数：128",
        "作者：李明",
        "【字体：大 中 小】",
        "【打印】【关闭】",
        "上一篇：社区开展防诈骗宣传",
        "您当前的位置：首页 > 新闻动态 > 街道动态",
        "（责任编辑：王芳）",
        "责编：赵敏",
    ],
)
def test_web_page_metadata_lines_are_furniture(line):
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "时间：6月10日上午9点，地点：社区活动室。",
        "作者在书中讲述了社区老党员的故事，读来令人动容。",
        "居民们从来源不明的短信谈起，讲了自己遇到的骗局。",
    ],
)
def test_body_lines_that_mention_metadata_words_are_kept(line):
    assert not is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "津滨网讯（记者 王晓）近日，社区开展活动。",
        "现代快报讯（通讯员 李静 记者 赵然）社区开展活动。",
        "长城网邢台10月20日讯（记者 孙悦）19日上午，社区开展活动。",
        "新华网天津10月13日电（记者 周明）社区开展活动。",
        "秦州区融媒体中心10月25日讯（记者 马林）近日，社区开展活动。",
        "极目新闻讯 近日，社区开展活动。",
    ],
)
def test_datelines_of_any_outlet(line):
    assert is_dateline(line)


@pytest.mark.parametrize(
    "line",
    [
        "国网天津供电公司近日走进社区检修线路。",
        "新华社记者孙明新华社通讯员钱亮",
        "喜讯传来，社区获评文明社区。",
        "简讯",
        "用电安全",
    ],
)
def test_lines_that_only_look_like_datelines(line):
    assert not is_dateline(line)


@pytest.mark.parametrize("line", ["【进学街道供图】", "（记者 张三 摄）", "[社区供图]", "记者 王晓 摄", "（图片由柳林社区提供）"])
def test_photo_credits_in_any_brackets_are_captions(line):
    assert is_caption(line)


def test_headline_with_a_comma_is_not_glued_to_its_lead():
    page = "华洲街开展“‘约’出文明风尚,共创幸福华洲”系列活动\n\n近日，华洲街联合辖区学校开展文明实践系列活动，吸引数百名居民参与。"
    assert repair_text(page) == page


def test_broken_paragraph_is_still_rejoined_after_the_headline_rule():
    page = "活动伊始,医生以冬季养生为切入点,为老人们带来一场深入浅出的\n\n讲座。他结合常见病例讲解饮食起居的要点。"
    assert repair_text(page) == "活动伊始,医生以冬季养生为切入点,为老人们带来一场深入浅出的讲座。他结合常见病例讲解饮食起居的要点。"


# --- e-paper heads, site chrome and review lines --------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "当前版: 03版 上一版  下一版",  # an e-paper's page navigation
        "第5C版：街道 上一版 下一版",
        "08版：邻里之间 上一版7  9下一版",
        "第02版：民生新闻 PDF版",
        "版面导航 | 第01版",
        "滨江晚报 2023年05月09日 B06",  # the paper, the date, the page code
        "《滨江日报》 《滨江晚报》 《滨江法制报》",  # the paper group's switcher
        "《河湾日报》|《河湾商报》",
    ],
)
def test_e_paper_heads_and_navigation_are_page_furniture(line):
    assert is_furniture(line, edge=False)


@pytest.mark.parametrize(
    "line",
    [
        "社区公约迎来下一版修订",  # a headline that names a version
        "街道把上一版宣传册改了，下一版更好看。",
        "《论语》《孟子》里的邻里之道",
        "《滨江日报》记者走进柳林社区",
        "B06",  # a page code alone is furniture only next to a page head or at an edge
    ],
)
def test_lines_that_only_look_like_e_paper_heads(line):
    assert not is_furniture(line, edge=False)


def test_a_date_or_page_code_alone_next_to_a_page_head_inside_a_file_is_furniture():
    page = (
        "柳林社区办起邻里节\n\n本报讯 柳林社区近日办起邻里节，居民摆出拿手菜。\n\n"
        "《滨江日报》 《滨江晚报》 《滨江法制报》\n\n2023年05月09日\n\n"
        "河湾社区开通助老热线\n\n本报讯 河湾社区开通助老热线，老人一个电话就有人上门。\n\n"
        "B06\n\n第5C版：街道 上一版 下一版\n\n"
        "青石社区修好了路灯\n\n本报讯 青石社区修好了十二盏路灯。"
    )
    assert [line for line in repair_text(page).split("\n") if line] == [
        "柳林社区办起邻里节",
        "本报讯 柳林社区近日办起邻里节，居民摆出拿手菜。",
        "河湾社区开通助老热线",
        "本报讯 河湾社区开通助老热线，老人一个电话就有人上门。",
        "青石社区修好了路灯",
        "本报讯 青石社区修好了十二盏路灯。",
    ]


def test_a_letters_date_inside_a_page_stays():
    page = "致社区志愿者的一封信\n\n感谢大家一年来的付出。\n\n2023年05月09日\n\n河湾社区开通助老热线\n\n本报讯 河湾社区开通助老热线。"
    assert "2023年05月09日" in repair_text(page)


@pytest.mark.parametrize(
    "line",
    [
        "◆二审：钱立新",  # the three reviews of a content system, behind a bullet
        "三审：周海燕",
        "编审：吴建国",
        "◆编辑：孙丽",
        "终审 蒋文",
        "【滨江日报社全媒体记者 刘晓 审核 陈静】",  # closing credits that end with the reviewer
        "首页 > 柳林社区 工作动态",  # a breadcrumb of one step
        "滨江新闻网 > 社区",
        "人民网>>江西",
        "首页|要闻|社区|民生|文化|体育|视频",  # a site's navigation bar
    ],
)
def test_review_lines_breadcrumbs_and_navigation_bars_are_web_meta(line):
    assert is_web_meta(line)


@pytest.mark.parametrize("line", ["退出长者模式", "关怀版", "无障碍浏览", "简体 繁體", "进入长者模式 | 无障碍"])
def test_accessibility_buttons_are_web_junk(line):
    assert is_furniture(line) and not is_web_meta(line)


@pytest.mark.parametrize(
    "line",
    [
        "二审：维持原判",  # a court report's sub-heading, no review line
        "二审判决维持原判，居民表示满意。",
        "（记者 刘晓 编辑部供稿）",
        "视点|留京过年 居民包饺子",  # one bar in a headline
        "气温 > 35度时，社区开放纳凉点。",
        "编辑 李华说，社区下周开展活动。",
        "长者模式上线后，老人用手机挂号方便多了。",
    ],
)
def test_lines_that_only_look_like_web_chrome_are_text(line):
    assert not is_furniture(line)


@pytest.mark.parametrize(
    "line, dateline",
    [
        ("滨江网5月3日消息 （记者宋晓 通讯员林可）青石社区修好了路灯。", "滨江网5月3日消息 （记者宋晓 通讯员林可）"),
        ("滨江网5月3日消息：青石社区修好了路灯。", "滨江网5月3日消息："),
        ("中国网·滨江新区讯 近日，青石社区修好了路灯。", "中国网·滨江新区讯"),
        ("滨江新闻·河湾频道讯（记者 宋晓）青石社区修好了路灯。", "滨江新闻·河湾频道讯（记者 宋晓）"),
    ],
)
def test_datelines_with_a_day_and_消息_or_a_channel_after_a_dot(line, dateline):
    from bulletin_cli.extract import split_dateline

    assert split_dateline(line)[0] == dateline


@pytest.mark.parametrize("line", ["滨江网5月3日消息称，社区修好了路灯。", "新闻·资讯一线", "中国网·滨江新区讯员"])
def test_lines_that_only_look_like_datelines_with_a_channel(line):
    assert not is_dateline(line)


@pytest.mark.parametrize(
    "line",
    [
        "河湾社区的新春家宴热闹非凡。本报记者 宋晓 通讯员 林可 摄",  # two photographers, each with a role
        "青石社区的志愿者在修路灯。记者 宋晓 实习生 何亮 摄",
        "一位老人在社区食堂打好饭菜准备带回家（5月3日摄）。",  # an agency caption with its day
    ],
)
def test_captions_with_several_photographers_or_the_day_they_were_taken(line):
    assert is_caption(line)


@pytest.mark.parametrize(
    "line",
    [
        "他在社区摄影展上获奖（5月3日摄影展）。",
        "社区请记者宋晓和通讯员林可来讲怎样拍照。",
        "河湾社区的新春家宴热闹非凡，记者宋晓说这是他拍过最热闹的一场。",
    ],
)
def test_sentences_that_only_mention_photographers_are_not_captions(line):
    assert not is_caption(line)


@pytest.mark.parametrize(
    "line",
    ["小字号", "PC版", "—分享—", "分享让更多人看到", "新闻传真：0571-65500000", "邮箱：news@example.cn", "高级检索",
     "本页位置： 首页新闻中心社区", "相关内容 |", "关键词：", "×"],
)
def test_web_page_buttons_and_boxes_are_furniture(line):
    assert repair.is_furniture(line)


@pytest.mark.parametrize("line", ["分享快乐是社区的传统", "搜索引擎帮居民找到了办事指南。", "新闻推荐会上，社区代表发言。"])
def test_text_that_starts_like_a_button_is_not(line):
    assert not repair.is_furniture(line)


def test_a_carried_copy_s_print_source_marks_its_date():
    text = repair.repair_text("居民共商小区事务\n\n《柳林日报》（2021年08月05日 04版）\n\n8月4日，柳林社区召开议事会。")
    assert text.split("\n")[2] == repair.WEB_MARK + "2021-08-05"


def test_a_headline_printed_with_its_date_is_the_headline_and_a_source_line():
    text = repair.repair_text("柳林社区党群服务中心揭牌启用 2025年04月10日  宋晓\n\n4月9日，柳林社区党群服务中心揭牌。")
    head, stamp = text.split("\n")[:2]
    assert head == "柳林社区党群服务中心揭牌启用" and stamp.startswith(repair.WEB_MARK + "2025-04-10")
    # a page header keeps its line: the paper's name, or its weekday, says so
    for header in ("柳林晚报 2025年04月10日", "社区新闻版面内容 2025年04月10日 星期四"):
        assert repair._split_stamps([header]) == ([header], set())


def test_an_image_file_name_between_paragraphs_leaves_one_gap():
    text = repair.repair_text("柳林社区办起邻里节。\n\n图片1.png\n\n居民们一进门就看到了点心。")
    assert text == "柳林社区办起邻里节。\n\n居民们一进门就看到了点心。"


@pytest.mark.parametrize("line", ["来源：江津融媒体中心    2025-09-28 15:53", "大众新闻·海报新闻 2025-12-12 15:49:56"])
def test_a_source_line_with_its_time_is_dropped_whole(line):
    # Not a headline with its date stamp: no half of it becomes a title or a dropped line of its own.
    text = f"社区庆双节百家宴奏响团圆乐章\n\n{line}\n\n日前，中渡社区在小区办了一场主题联建活动。"
    repaired, furniture = repair.repair_page(text)
    assert furniture == [line] and line.split()[0] not in repaired


def test_a_page_number_alone_between_articles_is_furniture():
    text = repair.repair_text("邻里节开幕了。\n\n04\n\n首届邻里生活节第二场活动精彩纷呈\n\n本报讯 8月14日，活动开场。")
    assert "04" not in text.split("\n")


def test_a_time_line_with_buttons_in_it_still_marks_the_article():
    text = repair.repair_text("柳林社区端午节活动 |\n[字号：大 中 小] 2016-06-10 阅读次数：299 |\n端午节又到了。")
    assert text.split("\n") == ["柳林社区端午节活动", repair.WEB_MARK + "2016-06-10", "端午节又到了。"]


@pytest.mark.parametrize(
    "line",
    ["资讯首页  经济热点 民营经济 浙江股市 区域发展 专业市场", "http://www.example.com.cn   河湾新闻网   2012-11-14 08:28"],
)
def test_navigation_by_spaces_and_a_page_address_line_are_furniture(line):
    assert repair.is_furniture(line)
    assert not repair.is_furniture("邻里 和睦 幸福 家园 共建")


def test_a_caption_ends_a_sentence_before_its_bracketed_credit():
    assert is_caption("社区居民在板凳会上出主意、提建议。（记者 宋晓 摄）")
    assert not is_caption("社区将持续开展活动。居民纷纷点赞。（记者 宋晓 摄）")


@pytest.mark.parametrize(
    "line",
    ["打印本页 关闭窗口", "【纠错】", "微信 微博 QQ空间", "A+ A-", "默认 护眼 夜间", "网站地图 | 联系我们 | 关于我们",
     "京ICP备12345678号", "点击：123", "0 条评论", "扫码阅读手机版"],
)
def test_a_line_of_web_buttons_or_a_licence_is_furniture(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", ["首页上的社区新闻很受欢迎。", "评论员文章", "打印机送到了社区。", "微信群里很热闹。", "中国梦"])
def test_text_that_begins_with_a_button_word_is_not(line):
    assert not is_furniture(line)


def test_a_number_alone_inside_a_page_is_a_section_number_and_a_list_of_names_is_text():
    text = repair.repair_text("她说起了往事。\n\n１\n\n为了让她安心养病，我们聊起了轻松的话题。")
    assert "１" in text.split("\n")
    assert not is_furniture("王建国 李明 张华 赵强 刘伟 陈刚")


@pytest.mark.parametrize(
    "line",
    ["索引号: 11440000/2021-00004 分类:", "名称: 柳林社区开展美好家园志愿服务活动", "主题词:", "设为首页|加入收藏|联系我们",
     "无障碍    长者助手 我的收藏   收藏", "河湾区柳林街道办事处政府信息公开", "当前报纸名称:柳林日报",
     "版面:第C07版:社区       上一篇    下一篇", "日期:03-17"],
)
def test_a_government_site_s_record_and_an_e_paper_reader_s_head_are_furniture(line):
    assert is_furniture(line)
    assert not is_furniture("名称叫做和谐邻里。")
    assert not is_furniture("标题：案件定性凸显双重标准")  # a sub-heading a bulletin prints so
    assert not is_furniture("为党和政府分忧武汉民政局实行政务公开")
