"""Tests of the real-pages instruments: check_gold.py, split_eval's realpages layout, field_eval.py."""

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest
from conftest import DATA

from bulletin_cli import extract
from bulletin_cli.models import Article

ROOT = Path(__file__).resolve().parent.parent
MINI = DATA / "realpages_mini"


def _load(name, path):
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up by name
        spec.loader.exec_module(module)
    return sys.modules[name]


fe = _load("bench_field_eval", ROOT / "benchmarks" / "field_eval.py")
se = fe.se
cg = _load("bench_realpages_check_gold", ROOT / "benchmarks" / "realpages" / "check_gold.py")


def record(**changes):
    gold = {
        "source": "",
        "outlet": "",
        "first_line": "楼道清爽了 邻里更和睦",
        "kicker": "",
        "title": "楼道清爽了 邻里更和睦",
        "subtitle": "",
        "dateline": "本报讯（记者 张明）",
        "byline": "记者 张明",
        "captions": ["（社区供图）"],
        "district": "河东区",
        "street": "大直沽街道",
        "community": "荣兴温泉公寓社区",
        "city": "天津市",
        "province": "天津市",
        "event_date": "2024-06-04",
        "notes": "",
    }
    return {**gold, **changes}


def article(**changes):
    fields = {
        "id": "x",
        "source": "p.txt",
        "ordinal": 1,
        "headline": ("楼道清爽了 邻里更和睦",),
        "title": "楼道清爽了 邻里更和睦",
        "subtitle": "",
        "district": "河东区",
        "street": "大直沽街道",
        "community": "荣兴温泉公寓社区",
        "date": "2024-06-05",
        "event_date": "2024-06-04",
        "dateline": "本报讯（记者 张明）",
        "byline": "记者张明",
        "body": "昨天，社区清理楼道。",
        "captions": ("（社区供图）",),
        "city": "天津市",
        "province": "天津市",
    }
    return Article(**{**fields, **changes})


def score(pairs):
    """pairs: (gold record, predicted Article or None) per article of one page."""
    gold = [se.GoldArticle(10 * n, r["title"] or None, r) for n, (r, _) in enumerate(pairs)]
    predicted = [se.Predicted(10 * n, a.title, a.title, a) for n, (_, a) in enumerate(pairs) if a is not None]
    report = fe.Report()
    fe.score_page(report, "p.txt", gold, predicted)
    return report


def test_a_right_article_is_right_in_every_field():
    report = score([(record(), article())])
    assert (report.correct, report.f1, report.invented) == (1, 1.0, 0)
    for row in ("titles", "datelines", "bylines", "captions", "district", "street", "community", "event dates"):
        assert report.tallies[row].share == 1.0, row
    assert report.tallies["subtitles"].n == 0 and report.failures == []


def test_a_wrong_gold_title_makes_titles_below_one():
    report = score([(record(title="楼道清爽了"), article()), (record(), article())])
    assert report.tallies["titles"].share == 0.5
    (failure,) = report.failures
    assert (failure["field"], failure["gold"], failure["predicted"]) == ("titles", "楼道清爽了", "楼道清爽了 邻里更和睦")


def test_places_as_written_street_either_way_and_invented():
    short = score([(record(street="大直沽街"), article())])
    assert short.tallies["street"].share == 0.0 and short.tallies["street*"].share == 1.0
    assert short.invented == 0  # the same street written the other way is not invented
    wrong = score([(record(), article(district="者从河东区"))])
    assert wrong.tallies["district"].share == 0.0 and wrong.invented == 1
    assert wrong.invented_per_100 == 100.0
    unnamed = score([(record(community=""), article())])
    assert unnamed.tallies["community"].n == 0 and unnamed.tallies["community"].extra == 1
    assert unnamed.invented == 1


def test_an_article_found_nowhere_is_wrong_in_every_field():
    report = score([(record(), article()), (record(title="别的标题"), None)])
    assert (report.gold, report.predicted, report.correct) == (2, 1, 1)
    assert report.tallies["titles"].share == 0.5 and report.tallies["district"].share == 0.5
    assert report.tallies["event dates"].share == 0.5
    assert {f["why"] for f in report.failures} == {"no article starts here"}


def test_subtitles_kickers_and_extras():
    gold = record(kicker="河东区大直沽街荣兴温泉公寓社区", subtitle="——社区清理楼道堆物")
    headline = ("河东区大直沽街荣兴温泉公寓社区", "楼道清爽了 邻里更和睦", "——社区清理楼道堆物")
    kicker = {"kicker": "河东区大直沽街荣兴温泉公寓社区"} if fe.has_attribute("kicker") else {}
    found = article(headline=headline, subtitle="——社区清理楼道堆物", **kicker)
    report = score([(gold, found)])
    assert report.tallies["kickers"].share == 1.0 and report.tallies["subtitles"].share == 1.0
    extra = score([(record(), article(subtitle="多出来的副题"))])
    assert extra.tallies["subtitles"].extra == 1
    wrong = score([(gold, article(headline=headline, subtitle="——社区清理楼道堆物", **({"kicker": "别的"} if kicker else {})))])
    assert wrong.tallies["kickers"].share == (0.0 if kicker else 1.0)


def test_the_kicker_of_an_article_without_one_is_read_from_its_headline():
    from types import SimpleNamespace

    found = SimpleNamespace(headline=("河东区大直沽街荣兴温泉公寓社区", "楼道清爽了 邻里更和睦"), title="楼道清爽了 邻里更和睦")
    assert fe.predicted_kicker(found) == "河东区大直沽街荣兴温泉公寓社区"
    assert fe.predicted_kicker(SimpleNamespace(headline=("楼道清爽了",), title="楼道清爽了")) == ""
    assert fe.predicted_kicker(SimpleNamespace(headline=("甲", "乙"), title="乙", kicker="引题")) == "引题"


def test_event_dates_count_no_date_as_an_answer():
    report = score([(record(event_date=None), article(event_date="")), (record(), article(event_date="2023-06-04"))])
    assert report.tallies["event dates"].share == 0.5


def test_city_and_province_need_the_attribute():
    report = score([(record(), article())])
    has_city = fe.has_attribute("city")
    assert report.tallies["city"].available == has_city
    if not has_city:
        assert "n/a" in fe.table(report)


# --- the mini real pages ---------------------------------------------------------------


def test_check_gold_accepts_the_mini_pages():
    problems, pages, articles = cg.check(MINI)
    assert problems == [] and (pages, articles) == (2, 4)
    assert cg.main([str(MINI)]) == 0


def _copy(tmp_path):
    folder = tmp_path / "realpages"
    shutil.copytree(MINI, folder)
    return folder


def _edit(folder, page, change):
    path = folder / "gold" / f"{page}.json"
    gold = json.loads(path.read_text(encoding="utf-8"))
    change(gold)
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda g: g["articles"][0].update(title="不在页面上的标题"), "title '不在页面上的标题' is not in the article's text"),
        (lambda g: g["articles"][1].update(first_line="没有这一行"), "first_line '没有这一行' is no line of the page"),
        (lambda g: g.update(date="2024-02-30"), "date '2024-02-30' is not a date"),
        (lambda g: g["articles"][0].update(event_date="昨天"), "event_date '昨天' is neither null nor a date"),
        (lambda g: g["articles"][0].pop("notes"), "missing keys notes"),
        (lambda g: g.update(layout="pdf"), "layout 'pdf' is none of"),
        (lambda g: g.update(furniture=[]), "line 1 '社区新闻  2024年6月5日 星期三  第7版' is above the first article but not furniture"),
        (lambda g: g["articles"].reverse(), "is no line of the page after article 1's"),
        (lambda g: g["articles"][1].update(community="荣兴温泉公寓社区"), "(it is elsewhere on the page)"),
    ],
    ids=["title", "first-line", "date", "event-date", "keys", "layout", "furniture", "order", "place"],
)
def test_check_gold_finds_problems(tmp_path, change, message, capsys):
    folder = _copy(tmp_path)
    _edit(folder, "m01", change)
    problems, _, _ = cg.check(folder)
    assert any(message in p for p in problems), problems
    assert cg.main([str(folder)]) == 1
    assert message in capsys.readouterr().out


def test_check_gold_finds_pages_without_gold_and_bad_json(tmp_path):
    folder = _copy(tmp_path)
    (folder / "gold" / "m02.json").unlink()
    (folder / "gold" / "m03.json").write_text("{not json", encoding="utf-8")
    problems, _, _ = cg.check(folder)
    assert "pages/m02.txt: no gold/m02.json" in problems
    assert any(p.startswith("gold/m03.json: not valid JSON") for p in problems)


def test_realpages_cases_follow_the_gold():
    cases = se.realpages_cases(MINI)
    assert [(c.name, c.variant, c.date) for c in cases] == [("m01-2024-06-05.txt", "epaper", None), ("m02-2024-06-06.txt", "flat", None)]
    m01 = cases[0]
    page_key = se.key(se.decode(m01))
    assert page_key[m01.gold[0].start :].startswith("河东区大直沽街荣兴温泉公寓社区楼道清爽了")
    assert page_key[m01.gold[1].start :].startswith("暑期托管班下周开班")
    assert [g.title for g in m01.gold] == ["楼道清爽了 邻里更和睦", "暑期托管班下周开班"]
    assert m01.furniture == ("社区新闻  2024年6月5日 星期三  第7版",)


def test_realpages_are_dated_by_their_gold_date_as_a_file_name(monkeypatch):
    seen = []
    real = extract.extract_article

    def spy(raw, source, ordinal, published, *rest):
        seen.append((source, published))
        return real(raw, source, ordinal, published, *rest)

    monkeypatch.setattr(extract, "extract_article", spy)
    fe.evaluate(se.realpages_cases(MINI))
    assert {(s, str(d)) for s, d in seen} == {("m01-2024-06-05.txt", "2024-06-05"), ("m02-2024-06-06.txt", "2024-06-06")}


def test_realpages_layout_in_split_eval(monkeypatch, tmp_path):
    monkeypatch.setattr(se, "REALPAGES", MINI)
    scores, skipped = se.run(("realpages",))
    assert not skipped and scores["realpages"].pages == 2 and scores["realpages"].gold == 4
    assert set(scores["realpages"].variants) == {"epaper", "flat"}
    monkeypatch.setattr(se, "REALPAGES", tmp_path / "none")
    scores, skipped = se.run(("realpages",))
    assert not scores and skipped == [f"realpages: skipped, no real pages in {tmp_path / 'none' / 'gold'} yet"]


def test_gold_that_does_not_fit_its_page_is_reported(monkeypatch, tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "m02", lambda g: g["articles"][0].update(first_line="没有这一行"))
    monkeypatch.setattr(se, "REALPAGES", folder)
    scores, skipped = se.run(("realpages",))
    assert not scores and "check_gold.py" in skipped[0]


def test_a_wrong_gold_title_lowers_the_field_report(tmp_path):
    base = fe.evaluate(se.realpages_cases(MINI))
    folder = _copy(tmp_path)
    _edit(folder, "m02", lambda g: g["articles"][1].update(title="义诊服务"))
    changed = fe.evaluate(se.realpages_cases(folder))
    assert changed.tallies["titles"].right == base.tallies["titles"].right - 1
    assert changed.tallies["titles"].share < 1
    assert any(f["field"] == "titles" and f["gold"] == "义诊服务" for f in changed.failures)


def test_field_eval_cli(capsys, tmp_path):
    assert fe.main(["--dir", str(MINI), "--failures", "5"]) == 0
    out = capsys.readouterr().out
    assert "2 real pages, 4 gold articles" in out and "titles" in out and ">= 0.95" in out
    assert fe.main(["--dir", str(MINI), "--json", "--failures", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["articles"]["gold"] == 4 and len(data["failures"]) <= 2
    assert set(data["fields"]) >= {"titles", "district", "street", "community", "event dates"}
    assert fe.main(["--dir", str(tmp_path)]) == 0
    assert "no real pages" in capsys.readouterr().err


def test_doctests():
    import doctest

    assert doctest.testmod(fe).failed == 0 and doctest.testmod(cg).failed == 0
