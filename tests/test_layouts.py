"""The same pages in every layout users bring give the same titles, places and dates.

Each sample page is re-laid from its own articles (the gold follows by construction) as
one paragraph per line, with no blank lines at all, hard-wrapped with full-width indents,
and as GB18030 with CRLF, then run through the whole write path.
"""

from __future__ import annotations

import json

import pytest
from conftest import DATA, SAMPLES

from bulletin_cli import extract, ingest, read, repair, split
from bulletin_cli.models import Source

GOLD = json.loads((DATA / "samples_gold.json").read_text("utf-8"))
FIELDS = ("title", "subtitle", "district", "street", "community", "event_date")


def _articles(text: str):
    return split.split_articles(repair.repair_text(text))


def _header(text: str) -> list[str]:
    first = text.split("\n", 1)[0]
    return [first] if extract.page_date(first) else []


def _wrap(paragraph: str, width: int = 30) -> list[str]:
    text = "\u3000\u3000" + paragraph
    return [text[i : i + width] for i in range(0, len(text), width)]


def relay(text: str, layout: str) -> str:
    header = _header(text)
    blocks = []
    for raw in _articles(text):
        body = list(raw.paragraphs)
        if layout == "wrapped":
            body = [line for paragraph in body for line in _wrap(paragraph)]
        blocks.append([*raw.headline, *body, *raw.captions])
    if layout == "flat":
        return "\n".join(header + [line for block in blocks for line in block])
    return "\n\n".join(["\n".join(header)] * bool(header) + ["\n".join(block) for block in blocks])


def _extracted(name: str, text: str):
    return [{f: getattr(a, f) or None for f in FIELDS} for a in ingest.articles_of(Source(name, text, "utf-8"))]


def _gold(name: str):
    return [{f: g[f] or None for f in FIELDS} for g in GOLD[name]]


LAYOUT_CASES = [(name, layout) for name in sorted(GOLD) for layout in ("dense", "flat", "wrapped")]


@pytest.mark.parametrize(("name", "layout"), LAYOUT_CASES)
def test_relaid_sample_keeps_titles_places_and_dates(name, layout):
    text = (SAMPLES / name).read_text("utf-8")
    assert _extracted(name, relay(text, layout)) == _gold(name)


@pytest.mark.parametrize("name", sorted(GOLD))
def test_gb18030_crlf_sample_keeps_titles_places_and_dates(name, tmp_path):
    text = (SAMPLES / name).read_text("utf-8")
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    source = read.read_source(str(path))
    assert source.encoding == "gb18030"
    articles = ingest.articles_of(source)
    assert [{f: getattr(a, f) or None for f in FIELDS} for a in articles] == _gold(name)
