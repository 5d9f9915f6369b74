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
