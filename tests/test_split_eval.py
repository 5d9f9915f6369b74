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


@pytest.mark.parametrize("layout", se.RELAYOUTS)
def test_relayout_preserves_gold(layout):
    (case,) = se.relayout([PAGE], layout)
    text = se.decode(case)
    page_key = se.key(text)
    assert [g.title for g in case.gold] == ["河东区某社区开展消防演练", None]
    for gold, unit in zip(case.gold, UNITS):
        first = unit.headline if unit.headline is not None else unit.paragraphs[0]
        assert page_key[gold.start :].startswith(se.key(first))
    # nothing but layout changes: the page holds exactly the articles' text (and a header)
    body = "".join(se.key(x) for u in UNITS for x in ((u.headline or ""), *u.paragraphs))
    assert page_key.endswith(body)


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
    scores, skipped = se.run(("pd1998", "seed-style", "multi-page"), limit=3)
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
    monkeypatch.setattr(se, "SEED_PAGE", tmp_path / "nowhere.txt")
    monkeypatch.setattr(se, "KUAIXUN", tmp_path / "no-kuaixun")
    monkeypatch.setattr(se, "MARKDOWN", tmp_path / "no-markdown")
    scores, skipped = se.run(se.LAYOUTS, limit=1)
    assert set(scores) == {"samples"}
    assert len(skipped) == len(se.LAYOUTS) - 1
    assert all("../shared" in message for message in skipped)


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
