"""Tests of the split benchmark's scoring and re-layout (benchmarks/split_eval.py)."""

import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import DATA

from bulletin_cli import read

ROOT = Path(__file__).resolve().parent.parent
_SPEC = importlib.util.spec_from_file_location("split_eval", ROOT / "benchmarks" / "split_eval.py")
se = importlib.util.module_from_spec(_SPEC)
sys.modules["split_eval"] = se  # dataclasses look their module up by name
_SPEC.loader.exec_module(se)

# A tiny hand-written page: a titled article with a dateline, then an untitled brief.
UNITS = (
    se.Unit(
        "河东区某社区开展消防演练",
        (
            "本报讯 近日，河东区某社区联合物业公司开展消防演练，居民参与其中，学习使用灭火器的方法。",
            "社区表示，将持续开展安全宣传，筑牢居民安全防线，让应急常识走进千家万户。",
        ),
    ),
    se.Unit(None, ("本报讯 社区近日为辖区老人免费测量血压，并讲解冬季养生知识。（王明）",)),
)
PAGE = se.SourcePage("20240605-01.txt", se.dt.date(2024, 6, 5), 1, UNITS)


def test_boundary_scores_on_hand_made_lists():
    assert se.boundary_scores([0, 10, 20], [0, 10, 20]) == (1.0, 1.0, 1.0)
    p, r, f = se.boundary_scores([0, 10, 20, 30], [0, 20])
    assert (p, r) == (1.0, 0.5)
    assert f == pytest.approx(2 / 3)
    p, r, f = se.boundary_scores([0, 10], [0, 5, 10, 15])
    assert (p, r) == (0.5, 1.0)
    assert f == pytest.approx(2 / 3)
    assert se.boundary_scores([0, 10], [5]) == (0.0, 0.0, 0.0)


def test_score_page_counts_titles_and_briefs():
    gold = [se.GoldArticle(0, "标题一"), se.GoldArticle(10, None), se.GoldArticle(20, "标题三")]
    predicted = [se.Predicted(0, "标题一", "标题一"), se.Predicted(10, "社区近日", "本报讯"), se.Predicted(25, "x", "x")]
    score = se.score_page(gold, predicted)
    assert (score.gold, score.predicted, score.correct) == (3, 3, 2)
    assert score.titles_right == 2  # the title and the brief that starts right
    assert {f["kind"] for f in score.failures} == {"missed", "spurious"}
    wrong = se.score_page([se.GoldArticle(0, "标题一")], [se.Predicted(0, "别的", "别的")])
    assert (wrong.correct, wrong.titles_right) == (1, 0)


def test_key_and_gold_title():
    assert se.key("\u3000\u3000标 题\r\n\n正文") == "标题正文"
    assert se.gold_title("郑州杆秤退出市场") == "郑州杆秤退出市场"
    assert se.gold_title("本报讯某地举行比赛。") is None
    assert se.gold_title(None) is None


def needs_gazetteer():
    if not (se.GAZETTEER / "streets.csv").exists():
        pytest.skip(f"{se.GAZETTEER} is not here: ../shared (gazetteer) is absent")


@pytest.mark.parametrize("layout", [x for x in se.RELAYOUTS if x != "place-kicker"])
def test_relayout_preserves_gold(layout):
    (case,) = se.relayout([PAGE], layout)
    text = se.decode(case)
    assert [g.title for g in case.gold] == ["河东区某社区开展消防演练", None]
    for gold, unit in zip(case.gold, UNITS):
        first = unit.headline if unit.headline is not None else unit.paragraphs[0]
        assert se.key(text)[gold.start :].startswith(se.key(first))
    # nothing but layout changes: the page holds exactly the articles' text and its furniture
    assert case.furniture is not None
    lines = [line for line in text.split("\n") if line.strip() not in case.furniture]
    body = "".join(se.key(x) for u in UNITS for x in ((u.headline or ""), *u.paragraphs))
    assert se.key("\n".join(lines)) == body


def test_place_kicker_puts_a_real_place_above_each_headline():
    needs_gazetteer()
    (case,) = se.relayout([PAGE], "place-kicker")
    lines = [line for line in case.data.split("\n") if line]
    kicker = lines[0]
    assert lines[1] == "河东区某社区开展消防演练"
    district, street = next((d, s) for d, s in se.gazetteer_places() if kicker in (d + s, d + s[:-1]))
    assert district.endswith(("区", "县")) and street.endswith(("街道", "镇", "乡"))
    assert se.key(case.data)[case.gold[0].start :].startswith(se.key(kicker + lines[1]))
    assert case.gold[0].title == "河东区某社区开展消防演练"
    assert case.gold[1].title is None  # an untitled brief gets no kicker
    assert se.key(case.data)[case.gold[1].start :].startswith("本报讯社区近日")
    assert case.variant in ("dense", "spaced")


def test_indent_wrap_shapes():
    (case,) = se.relayout([PAGE], "indent-wrap")
    lines = case.data.split("\n")
    assert "" not in lines  # no blank line at all
    indent = next(i for i, _ in se.INDENTS if lines[1].startswith(i) and not lines[1][len(i)].isspace())
    width = max(len(line) for line in lines[1:])
    assert 20 <= width <= 40 or len(lines) == 1
    assert lines[0] == "河东区某社区开展消防演练"  # headline not indented
    paragraphs = [line for line in lines[1:] if line.startswith(indent)]
    assert len(paragraphs) == 3  # each paragraph starts indented, its wrapped lines do not
    assert case.variant.startswith("indent ") and ", width " in case.variant
    assert se.relayout([PAGE], "indent-wrap")[0].data == case.data  # the same on every run
    (titled,) = se.relayout([PAGE], "indent-wrap-titles")
    first = titled.data.split("\n")[0]
    assert first.strip() == "河东区某社区开展消防演练" and first != first.lstrip()


def test_indent_wrap_varies_indent_and_width_over_pages():
    pages = [se.SourcePage(f"2024060{n}-01.txt", PAGE.date, 1, UNITS) for n in range(1, 10)]
    variants = {case.variant for case in se.relayout(pages, "indent-wrap")}
    assert len({v.split(",")[0] for v in variants}) > 1 and len(variants) > 2


def test_header_footer_shapes():
    (case,) = se.relayout([PAGE], "header-footer")
    lines = case.data.split("\n")
    header, footer = case.furniture
    assert lines[0] == header and lines[-1] == footer
    assert "2024年6月5日" in header.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    assert "责任编辑：" in footer
    assert se.key(case.data)[case.gold[0].start :].startswith(se.key(UNITS[0].headline))


def _write_cctv(path, records):
    with se.gzip.open(path, "wt", encoding="utf-8") as handle:
        for record in records:
            handle.write(se.json.dumps(record, ensure_ascii=False) + "\n")


def test_dateline_subheads_pages_from_real_shaped_items(monkeypatch, tmp_path):
    # Items shaped like the CCTV transcripts (our own sentences): a dateline opening and
    # sub-heading lines inside; a 快讯 bulletin and an item without sub-heading are left out.
    records = [
        {
            "title": f"各地推进社区服务{n}",
            "body": f"央视网消息（新闻联播）：各地持续推进社区服务，第{n}批项目近日落地。\n"
            "东部：社区食堂开进楼门口\n社区食堂每天供应午餐，老人凭卡就餐。\n"
            "西部：便民驿站延长服务时间\n驿站早七点开门，方便上班族办事。",
        }
        for n in range(1, 8)
    ]
    records.append({"title": "国内联播快讯", "body": "央视网消息（新闻联播）：\n快讯一\n正文一。\n快讯二\n正文二。"})
    records.append({"title": "没有小标题", "body": "央视网消息（新闻联播）：今天天气晴。\n气温适宜。"})
    _write_cctv(tmp_path / "items.jsonl.gz", records)
    monkeypatch.setattr(se, "CCTV_ITEMS", tmp_path / "items.jsonl.gz")
    cases = se.dateline_subheads_cases([PAGE], limit=3)
    assert [c.variant for c in cases][:2] == ["flat", "dense"]
    used = []
    for case in cases:
        assert case.name.endswith(f"-{case.variant}.txt")
        page_key = se.key(case.data)
        for gold in case.gold:
            assert gold.title.startswith("各地推进社区服务") or gold.title == "河东区某社区开展消防演练"
            assert page_key[gold.start :].startswith(se.key(gold.title))
            used.append(gold.title)
        if case.variant == "flat":
            assert "\n\n" not in case.data
    assert len(used) == len(set(used))  # every article once
    assert "快讯" not in "".join(c.data for c in cases) and "没有小标题" not in "".join(c.data for c in cases)


def test_styled_lines_and_subheading():
    assert se.styled_lines([["甲", "一"], ["乙", "二"]], "flat") == (["甲", "一", "乙", "二"], [0, 2])
    assert se.styled_lines([["甲", "一"], ["乙", "二"]], "dense") == (["甲", "一", "", "乙", "二"], [0, 3])
    assert se.subheading("东部：社区食堂开进楼门口")
    assert not se.subheading("央视网消息（新闻联播）：今天天气晴。")
    assert not se.subheading("本报讯 社区开展活动")


def test_variants_are_scored_apart():
    pages = [se.SourcePage(f"2024060{n}-01.txt", PAGE.date, 1, UNITS) for n in range(1, 7)]
    score = se.evaluate(se.relayout(pages, "header-footer"))
    assert score.variants and all(v.pages <= score.pages for v in score.variants.values())
    headers = [v for facet, v in score.variants.items() if facet.startswith("header ")]
    assert sum(v.pages for v in headers) == score.pages
    assert "  header" in se.table({"header-footer": score}, variants=True)


def test_relayout_shapes():
    (spaced,) = se.relayout([PAGE], "seed-style")
    assert "\n\n\n" in spaced.data and "\n\n本报讯 近日" in spaced.data
    (flat,) = se.relayout([PAGE], "no-blank")
    assert "\n\n" not in flat.data
    (wrapped,) = se.relayout([PAGE], "wrapped")
    lines = wrapped.data.split("\n")
    assert all(len(line) <= se.WRAP_WIDTH for line in lines[1:])
    assert lines[1].startswith("\u3000\u3000本报讯")
    (gb,) = se.relayout([PAGE], "gb18030-crlf")
    assert isinstance(gb.data, bytes) and b"\r\n" in gb.data
    assert gb.data.decode("gb18030").replace("\r\n", "\n") == spaced.data
    (multi,) = se.relayout([PAGE, se.SourcePage("20240605-02.txt", PAGE.date, 2, UNITS)], "multi-page")
    assert multi.pages == 2 and len(multi.gold) == 4
    assert multi.data.startswith("人民日报  2024年6月5日 星期三  第1版\n")


def test_pipeline_scores_a_clean_page_perfectly():
    (case,) = se.relayout([PAGE], "seed-style")
    score = se.evaluate([case])
    assert (score.gold, score.predicted, score.correct) == (2, 2, 2)
    assert score.title_share == 1.0
    assert (score.lost, score.duplicated, score.pages_lost) == (0, 0, 0)


def test_lost_text_is_counted_and_listed(monkeypatch):
    (case,) = se.relayout([PAGE], "seed-style")
    real = se.coverage.split.split_page

    def drop_last_paragraph(text):
        raws, labels = real(text)
        return [se.coverage.RawArticle(r.headline, r.paragraphs[:-1] or r.paragraphs, r.captions) for r in raws], labels

    monkeypatch.setattr(se.coverage.split, "split_page", drop_last_paragraph)
    score = se.evaluate([case])
    assert score.lost == len(se.coverage.words(UNITS[0].paragraphs[-1])) and score.pages_lost == 1
    (lost,) = [f for f in score.failures if f["kind"] == "lost"]
    assert "社区表示" in lost["text"] and se.format_failure(lost).startswith("  lost")
    assert se.as_json({"x": score}, [])["layouts"][0]["chars_lost"] == score.lost


def test_titled_gold_moves_to_a_kicker():
    page = "社区新闻  2024年6月5日 星期三  第7版\n\n河东区某社区\n\n标题一\n\n本报讯 正文。\n\n标题二\n\n本报讯 正文二。"
    gold = se.titled_gold(read.normalise_text(page), ["标题一", "标题二"])
    page_key = se.key(page)
    assert page_key[gold[0].start :].startswith("河东区某社区标题一")
    assert page_key[gold[1].start :].startswith("标题二")


def test_evaluation_on_a_few_pd1998_pages():
    gold_file = se.PD1998 / "pages_gold.jsonl"
    if not gold_file.exists():
        pytest.skip(f"{gold_file} is not here: ../shared (research corpora) is absent")
    scores, skipped = se.run(("pd1998", "seed-style", "multi-page", "indent-wrap", "header-footer"), limit=3)
    assert not skipped
    cases = se.pd1998_cases(limit=3)
    n_gold = sum(len(c.gold) for c in cases)
    for layout, score in scores.items():
        assert score.pages == 3, layout
        assert score.gold == n_gold, layout
        assert score.predicted > 0, layout
        for value in (score.precision, score.recall, score.f1, score.title_share):
            assert 0.0 <= value <= 1.0, layout


def test_missing_shared_is_reported_not_raised(monkeypatch, tmp_path):
    monkeypatch.setattr(se, "PD1998", tmp_path / "nowhere")
    monkeypatch.setattr(se, "GAZETTEER", tmp_path / "no-gazetteer")
    monkeypatch.setattr(se, "CCTV_ITEMS", tmp_path / "no-cctv.jsonl.gz")
    monkeypatch.setattr(se, "REALPAGES", tmp_path / "no-realpages")
    monkeypatch.setattr(se, "SEED_PAGE", tmp_path / "nowhere.txt")
    monkeypatch.setattr(se, "KUAIXUN", tmp_path / "no-kuaixun")
    monkeypatch.setattr(se, "MARKDOWN", tmp_path / "no-markdown")
    scores, skipped = se.run(se.LAYOUTS, limit=1)
    assert set(scores) == {"samples"}
    assert len(skipped) == len(se.LAYOUTS) - 1
    assert all("../shared" in message for message in skipped if not message.startswith("realpages"))
    assert "realpages: skipped, no real pages in" in skipped[-1]


# --- the two CCTV layouts: gold derived from the files themselves ---------------------


def test_kuaixun_gold_takes_headline_lines_after_the_source_line():
    page = (DATA / "layout_briefs.txt").read_text(encoding="utf-8")
    gold = se.kuaixun_gold(page)
    assert [g.title for g in gold] == [line for line in page.split("\n")[1::2] if line]
    score = se.evaluate([se.Case("kuaixun", "layout_briefs.txt", page, gold)])
    assert (score.gold, score.predicted, score.correct) == (4, 4, 4)


def test_kuaixun_page_without_headlines_is_one_item_per_paragraph():
    page = "本台消息：\n全市新增社区养老服务驿站二十个。\n地铁四号线南段今天开通运营。"
    assert [g.title for g in se.kuaixun_gold(page)] == [None, None]


def test_markdown_gold_is_found_past_the_summary_that_repeats_titles():
    page = (DATA / "layout_markdown.txt").read_text(encoding="utf-8")
    gold = se.markdown_gold(page)
    assert [g.title for g in gold] == ["晨光社区举办邻里节", "社区食堂开进楼门口"]
    score = se.evaluate([se.Case("markdown", "layout_markdown.txt", page, gold)])
    assert (score.gold, score.predicted, score.correct, score.title_share) == (2, 2, 2, 1.0)


@pytest.mark.parametrize("layout", ["kuaixun", "markdown"])
def test_cctv_layouts_run_on_the_shared_corpus(layout):
    path = se.KUAIXUN if layout == "kuaixun" else se.MARKDOWN
    if not path.exists():
        pytest.skip(f"{path} is not here: ../shared (research corpora) is absent")
    scores, skipped = se.run((layout,), limit=3)
    assert not skipped and scores[layout].pages == 3 and scores[layout].gold > 0


@pytest.mark.parametrize("layout", ["place-kicker", "dateline-subheads"])
def test_shared_families_run(layout):
    missing = se.needs_shared(layout)
    if missing:
        pytest.skip(f"{missing} is not here: ../shared (research corpora) is absent")
    scores, skipped = se.run((layout,), limit=3)
    assert not skipped and scores[layout].pages == 3 and scores[layout].gold > 0


def test_ceiling_counts_untitled_articles_that_open_like_a_paragraph():
    plain = se.Unit(None, ("社区近日为辖区老人免费理发。",))
    bulleted = se.Unit(None, ("●社区近日为辖区老人免费理发。",))
    sentence_headline = se.Unit("社区为老人理发。", ("理发师说，每月来一次。",))  # no title: a sentence
    page = se.SourcePage("p.txt", se.dt.date(2024, 6, 5), 1, (*UNITS, plain, bulleted, sentence_headline))
    gold, hidden, recall, f1 = se.ceiling([page])
    assert (gold, hidden) == (5, 2)
    assert recall == 3 / 5 and round(f1, 3) == 0.75
    assert se.unmarked((plain,)) == 0  # a page's first article is told by the page's start


def test_doctests():
    import doctest

    assert doctest.testmod(se).failed == 0
