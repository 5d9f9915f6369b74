"""Tests of the coverage checker (benchmarks/coverage.py): nothing of a page may be lost."""

import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES

from bulletin_cli import ingest, read, repair, split
from bulletin_cli.models import RawArticle, Source

ROOT = Path(__file__).resolve().parent.parent
_SPEC = importlib.util.spec_from_file_location("bench_coverage", ROOT / "benchmarks" / "coverage.py")
cov = importlib.util.module_from_spec(_SPEC)
sys.modules["bench_coverage"] = cov  # dataclasses look their module up by name
_SPEC.loader.exec_module(cov)

PAGE = """社区新闻  2024年6月5日 星期三  第7版

河东区某社区开展消防演练
本报讯（记者 王晓 通讯员 李静）近日，河东区某社区联合物业公司开展消防演练，居民参与其中，学习使用灭火器。
演练结束后，消防员为居民讲解了家庭防火常识。
（河东区某社区供图）
社区表示，将持续开展安全宣传，筑牢居民安全防线。（刘玉红 肖荻）

夏季用电安全提示
本报讯 入夏以来，社区用电量明显上升，社区提醒居民不要私拉电线，不要在楼道为电动自行车充电。
责任编辑：王丽"""


def test_a_page_whose_articles_keep_everything_loses_nothing():
    result = cov.check_text(PAGE, "page.txt")
    assert (result.lost, result.duplicated, result.foreign) == (0, 0, 0)
    assert result.losses == [] and result.duplicates == []
    # the header and the footer are furniture: exempt, and not kept in an article
    assert result.words == len(cov.words(PAGE)) - len(cov.words("社区新闻2024年6月5日星期三第7版责任编辑王丽"))
    assert result.furniture_kept == 0


def _drop_second_paragraph(real):
    def split_page(text):
        raws, labels = real(text)
        first = raws[0]
        return [RawArticle(first.headline, first.paragraphs[:1] + first.paragraphs[2:], first.captions), *raws[1:]], labels

    return split_page


def test_a_paragraph_the_pipeline_drops_is_reported(monkeypatch):
    monkeypatch.setattr(split, "split_page", _drop_second_paragraph(split.split_page))
    result = cov.check_text(PAGE, "page.txt")
    dropped = "演练结束后，消防员为居民讲解了家庭防火常识。"
    assert result.lost == len(cov.words(dropped))
    (loss,) = result.losses
    assert loss.text == dropped[:-1]  # from its first word character to its last
    assert loss.kind == "split: body, whole line"
    assert (loss.before, loss.after) == ("⏎", "。")
    assert result.duplicated == 0


def test_a_paragraph_in_two_articles_is_reported(monkeypatch):
    real = split.split_page

    def split_page(text):
        raws, labels = real(text)
        last = raws[-1]
        return [*raws[:-1], RawArticle(last.headline, last.paragraphs + raws[0].paragraphs[-1:], last.captions)], labels

    monkeypatch.setattr(split, "split_page", split_page)
    result = cov.check_text(PAGE, "page.txt")
    assert result.lost == 0
    # the last paragraph with its closing byline, which both articles split off
    assert result.duplicated == len(cov.words("社区表示，将持续开展安全宣传，筑牢居民安全防线。（刘玉红 肖荻）"))
    assert result.duplicates[0].kind == "dup: duplicated, whole line"


def test_known_furniture_and_what_the_pipeline_calls_furniture():
    # Told what the page's furniture is, the gold's lines are furniture, and so is a line
    # the pipeline drops as furniture that reads as none (the footer 责任编辑：王丽) ...
    result = cov.check_text(PAGE, "page.txt", furniture=["社区新闻  2024年6月5日 星期三  第7版"])
    assert result.lost == 0


def test_a_sentence_the_pipeline_calls_furniture_is_a_loss(monkeypatch):
    # ... but not a line that reads as a sentence, whatever the pipeline calls it.
    line = "演练结束后，消防员为居民讲解了家庭防火常识。"
    real = repair.repair_page

    def repair_page(text):
        repaired, furniture = real(text)
        return repaired.replace(line, ""), [*furniture, line]

    monkeypatch.setattr(repair, "repair_page", repair_page)
    result = cov.check_text(PAGE, "page.txt", furniture=["社区新闻  2024年6月5日 星期三  第7版"])
    assert result.lost == len(cov.words(line))
    assert result.losses[0].kind.startswith("repair:")


def test_a_dateline_sentence_with_a_weekday_is_no_furniture():
    # It reads as a sentence: dropping it is a loss even when furniture is not known.
    line = "本报讯 2024年6月1日星期六上午，社区举办端午游园会。"
    assert not cov.is_exempt_line(line, None)
    assert cov.is_exempt_line("社区新闻  2024年6月5日 星期三  第7版", None)


def _in_no_article(page, articles):
    text = "".join(cov.words(part) for a in articles for part in (*a.headline, a.dateline, a.body, a.byline, *a.captions))
    return [line for line in page.split("\n") if cov.words(line) and cov.words(line) not in text]


@pytest.mark.parametrize(
    "page",
    [
        PAGE,
        "端午游园会\n本报讯 2024年6月1日星期六上午，社区举办端午游园会。\n居民们包粽子、猜灯谜。",
        "社区动态\n\n书屋上新\n\n本报讯 书屋新添图书三百册。\n\n义诊进社区\n\n本报讯 医生为老人量血压。",
    ],
    ids=["clean", "dateline-with-weekday", "section-label"],
)
def test_the_checker_agrees_with_a_direct_look(page):
    # Whatever the pipeline does today: a line whose words are in no article is reported
    # lost, and a page where every line is found reports nothing.
    articles = cov.run_pipeline(read.normalise_text(page), "page.txt").articles
    missing = [line for line in _in_no_article(page, articles) if not cov.is_exempt_line(line, None)]
    result = cov.check_text(page, "page.txt")
    assert result.lost >= sum(len(cov.words(line)) for line in missing)
    assert (result.lost == 0) == (not missing)


def test_captions_and_bylines_are_placed_where_they_are():
    page = (
        "书屋上新\n本报讯（记者 王晓）书屋新添图书三百册。\n（社区供图）\n居民可凭借阅证借阅。（王晓）\n\n"
        "义诊进社区\n本报讯 记者王晓报道：医生为老人量血压。"
    )
    result = cov.check_text(page, "page.txt")
    assert (result.lost, result.duplicated, result.foreign) == (0, 0, 0)


REALPAGES = ROOT / "benchmarks" / "realpages" / "pages"
MINI = Path(__file__).resolve().parent / "data" / "realpages_mini" / "pages"


def test_run_pipeline_is_ingest_articles_of():
    # The samples, the mini real pages and the real pages (headers, web copies, places with
    # their page's context): the mirror makes what ingest makes.
    paths = [*sorted(SAMPLES.glob("*.txt")), *sorted(MINI.glob("*.txt")), *sorted(REALPAGES.glob("*.txt"))]
    for path in paths:
        source = read.read_source(str(path))
        expected = ingest.articles_of(source)
        assert cov.run_pipeline(source.text, source.name).articles == expected, path.name


@pytest.mark.parametrize("date", [None, ingest.extract.parse_date("2024-06-05")], ids=["no-date", "date"])
def test_run_pipeline_dates_articles_as_ingest_does(date):
    # A web copy with its own date line, under a dated page header: whatever ingest makes of
    # them, with --date and without, the mirror makes the same.
    page = (
        "社区新闻  2024年5月8日 星期三  第7版\n\n书屋上新\n来源：社区网 发布时间：2023-05-06 10:30\n"
        "本报讯 书屋昨天新添图书三百册。\n\n义诊进社区\n\n本报讯 昨天，医生为老人量血压。"
    )
    source = Source("page.txt", read.normalise_text(page), "utf-8")
    assert cov.run_pipeline(source.text, source.name, date).articles == ingest.articles_of(source, date)


def test_place_puts_parts_in_page_order():
    result = cov.place("甲乙丙甲乙丁", [[("甲乙", True, ""), ("丁", True, "")], [("甲乙", True, "")]])
    assert list(result.taken) == [1, 1, 0, 1, 1, 1] and result.duplicated == []
    pieces = cov.place("甲乙丙丁", [[("甲乙丁", True, "")]])  # joined across a dropped line
    assert list(pieces.taken) == [1, 1, 0, 1] and pieces.foreign == 0
    foreign = cov.place("甲乙", [[("甲乙戊", True, "")]])
    assert foreign.foreign == 1


def test_the_cli_checks_files(tmp_path, capsys):
    page = tmp_path / "2024-06-05.txt"
    page.write_text(PAGE, encoding="utf-8")
    assert cov.main([str(page), "--json"]) == 0
    out = capsys.readouterr().out
    assert '"chars_lost": 0' in out


def test_doctests():
    import doctest

    assert doctest.testmod(cov).failed == 0
