"""render's view of `bulletin split`: page order, register fields, widths, CSV rows."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest
from conftest import DATA, SPLIT_PAGE_VIEW
from rich.console import Console

from bulletin_cli import ingest, read, render

SPLIT_PAGE = DATA / "split_page.txt"


def reading():
    return ingest.read_page(read.read_source(str(SPLIT_PAGE)))


def shown(renderable, width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), color_system=None, soft_wrap=False)
    console.print(renderable)
    return console.file.getvalue().split("\n")


@pytest.mark.parametrize("width", [80, 100])
def test_split_view_fits_the_terminal_and_keeps_page_order(width):
    lines = shown(render.readings([reading()], "table"), width)
    assert max(len(line) + sum(1 for ch in line if ord(ch) > 0x2E80) for line in lines) <= width
    text = "\n".join(line.rstrip() for line in lines)
    order = SPLIT_PAGE_VIEW
    at = [text.find(part) for part in order]
    assert -1 not in at, [p for p, a in zip(order, at) if a < 0]
    assert at == sorted(at)


def test_split_view_shows_the_register_names_and_codes_of_the_place():
    page = reading()
    first = dataclasses.replace(
        page.articles[0], city="天津市", province="天津市", district_code="120103", street_code="120103001"
    )
    second = dataclasses.replace(page.articles[1], city="", province="", district_code="", street_code="")
    text = "\n".join(shown(render.readings([dataclasses.replace(page, articles=(first, second))], "table"), 80))
    assert "register  天津市 · 河西区 (120103) · 大营门街道 (120103001)" in text
    assert "register  —" in text  # a place the register could not fix


def test_split_csv_has_one_row_per_article_or_dropped_line_in_page_order():
    rows = list(csv.DictReader(io.StringIO(render.readings([reading()], "csv"))))
    assert [(r["kind"], r["line"]) for r in rows] == [
        ("page furniture", "1"), ("section label", "3"), ("article", "5"), ("article", "15"), ("page furniture", "21"),
    ]
    assert rows[2]["kicker"] == "河西区大营门街东莱里社区" and rows[2]["title"] == "工会送来温暖 慰问一线交警"
    assert rows[2]["captions"] == "（东莱里社区供图）" and rows[2]["dropped"] == ""
    assert rows[4]["dropped"] == "责任编辑：赵明" and rows[4]["source"] == str(SPLIT_PAGE) and rows[4]["title"] == ""


def test_split_view_escapes_nothing_and_interprets_no_markup():
    page = reading()
    marked = dataclasses.replace(page.articles[0], title="[bold]标题[/bold]", body="[red]正文[/]")
    text = "\n".join(shown(render.readings([dataclasses.replace(page, articles=(marked,))], "table"), 80))
    assert "[bold]标题[/bold]" in text and "[red]正文[/]" in text


# --- search, timeline, summary and trends tables ------------------------------------------

from bulletin_cli import charts  # noqa: E402
from bulletin_cli.models import Article, Hit, Keyword, Summary, Trend, Trends  # noqa: E402

LONG_PLACE = dict(district="河东区", street="大直沽街道", community="荣兴温泉公寓社区", date="2024-11-06")


def a_hit(n: int) -> Hit:
    body = "河东区大直沽街荣兴温泉公寓社区第三处电动自行车集中充电棚昨日完工投用，可同时为六十辆电动自行车充电，" * 3
    article = Article(
        id=f"{n:04d}5823724c9f3e", source="2024-11-06.txt", ordinal=n, headline=("充电棚扩容 冬季充电有保障",),
        title="充电棚扩容 冬季充电有保障，居民夜间停放电动自行车更安心", subtitle="", dateline="本报讯", byline="",
        body=body, event_date="", captions=(), **LONG_PLACE,
    )
    snippet = body[:90] + "…"
    return Hit(article, 3.5, snippet, ((23, 28),))


def screen(renderable, width: int) -> list[str]:
    lines = shown(renderable, width)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


@pytest.mark.parametrize("width", [80, 100])
def test_search_shows_at_least_8_hits_on_a_50_line_screen(width):
    lines = screen(render.hits(tuple(a_hit(n) for n in range(1, 11)), 40, "table"), width)
    starts = [i for i, line in enumerate(lines) if line.strip().startswith(("9 ", "10 "))]
    assert starts and starts[0] <= 50, lines  # hits 1-8 and their snippets end on line 50 at most
    assert len(lines) <= 40
    assert all(charts_width(line) <= width for line in lines)


def charts_width(line: str) -> int:
    from rich.cells import cell_len

    return cell_len(line)


@pytest.mark.parametrize("width", [80, 100])
def test_search_shows_the_community_one_title_line_and_two_snippet_lines(width):
    lines = screen(render.hits((a_hit(1),), 1, "table"), width)
    text = "\n".join(lines)
    assert "1 of 1 article" in lines[0]
    assert "荣兴温泉公寓社区" in text and "大直沽街道荣兴" not in text
    assert "2024-11-06" in text and "00015823" in text
    row = [line for line in lines if "2024-11-06" in line]
    body = lines[lines.index(row[0]):]
    assert len(body) == 3  # title, then two lines of snippet
    assert body[2].rstrip().endswith("…")


@pytest.mark.parametrize("width", [60, 80, 100])
def test_no_table_wraps_a_date_or_an_id(width):
    hits = tuple(a_hit(n) for n in range(1, 4))
    for renderable in (render.hits(hits, 3, "table"), render.hits(hits, 3, "table", wide=True),
                       render.articles([h.article for h in hits], "table", chart=True)):
        text = "\n".join(shown(renderable, width))
        assert text.count("2024-11-06") == 3, text
        for n in range(1, 4):
            assert f"{n:04d}5823" in text, text


def test_wide_search_keeps_the_whole_place_and_snippet():
    text = "\n".join(shown(render.hits((a_hit(1),), 1, "table", wide=True), 400))
    assert "河东区大直沽街道荣兴温泉公寓社区" in text
    assert "可同时为六十辆电动自行车充电" in text


def test_timeline_shows_articles_per_month_above_the_table():
    hits = [a_hit(1).article, dataclasses.replace(a_hit(2).article, date="2025-01-03")]
    text = "\n".join(shown(render.articles(hits, "table", title="x", chart=True), 80))
    assert text.index("articles per month") < text.index("first sentence")
    assert "2024-11" in text and "2025-01" in text


def a_summary() -> Summary:
    span = ("2024-10", "2024-11", "2024-12")
    return Summary(
        articles=3, keywords=(Keyword("飞线充电", 5.5, 2, (0, 1, 1)), Keyword("义诊", 2.0, 1, (1, 0, 0))),
        communities=(("荣兴温泉公寓社区", 3),), months=(("2024-11", 2), ("2024-12", 1)),
        span=span, span_articles=(4, 2, 1),
    )


def test_summary_shows_a_sparkline_per_keyword_and_the_month_chart():
    text = "\n".join(shown(render.summary(a_summary(), "table"), 80))
    assert "articles per month" in text and "bold: 2024-11..2024-12" in text
    assert "keywords of 3 articles" in text
    assert "share per month" in text and "2024-10..2024-12" in text
    line = next(line for line in text.splitlines() if "飞线充电" in line)
    assert charts.sparkline((0, 1, 1), (4, 2, 1)) in line


def test_trends_show_both_periods_the_change_and_a_sparkline():
    trends = Trends(
        recent="2024-12", base="2023-12..2024-11", recent_articles=40, base_articles=480,
        rising=(Trend("供暖", 12, 20, 25.83, (1,) * 12 + (12,)),), falling=(Trend("防汛", 0, 30, -6.25, (0,) * 13),),
        span=tuple(f"2024-{m:02d}" for m in range(1, 13)) + ("2025-01",), span_articles=(40,) * 13,
        recent_months=("2025-01",),
    )
    text = "\n".join(shown(render.trends(trends, "table"), 100))
    assert "rising from 2023-12..2024-11 to 2024-12" in text
    assert "falling from 2023-12..2024-11 to 2024-12" in text
    line = next(line for line in text.splitlines() if "供暖" in line)
    assert "12 (30.0%)" in line and "20 (4.2%)" in line and "+25.8 pp" in line
    assert render.trends(trends, "csv").splitlines()[:2] == [
        "direction,term,recent,base,change", "rising,供暖,12,20,25.83"]
