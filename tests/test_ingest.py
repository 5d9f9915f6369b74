"""The write path end to end: files -> articles in the index, called without the CLI."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import shutil

import pytest
from conftest import DATA, ROOT, SAMPLES, SEED_TITLES

from bulletin_cli import ingest, queries, read
from bulletin_cli.errors import InputError
from bulletin_cli.models import DROPPED_LABEL, DROPPED_ORNAMENT, DROPPED_PAGE, Source

SEED_DATE = dt.date(2024, 6, 5)
TITLES = SEED_TITLES
PLACES = [
    ("红桥区", "西沽街", "燕宇社区"),
    ("河西区", "大营门街", "东莱里社区"),
    ("和平区", "南营门街", "天兴里社区"),
    ("南开区", "向阳路街道", "昔阳里社区"),
    ("河东区", "大直沽街", "荣兴温泉公寓社区"),
    ("和平区", "南营门街", "文化村社区"),
    ("和平区", "新兴街", "犀地社区"),
]
SMALL_PAGE = """河东区荣兴温泉公寓社区

楼道隐患清查 安全提示进门

本报讯 为防范电动自行车起火隐患,河东区大直沽街荣兴温泉公寓社区近日开展专项行动。

社区还将定期回访,督促居民规范停放和充电。
"""


def in_order(path) -> list:
    return sorted(queries.export(path), key=lambda a: a.ordinal)


@pytest.fixture
def seed_ingested(seed_path, tmp_path):
    path = tmp_path / "seed-index"
    report = ingest.ingest([str(seed_path)], path, date=SEED_DATE)
    return path, report


def test_seed_gives_seven_titles_in_order(seed_ingested):
    path, report = seed_ingested
    assert (report.sources, report.articles, report.added, report.updated) == (1, 7, 7, 0)
    articles = in_order(path)
    assert [a.title for a in articles] == TITLES
    assert [a.ordinal for a in articles] == list(range(1, 8))


def test_seed_places(seed_ingested):
    path, _ = seed_ingested
    assert [(a.district, a.street, a.community) for a in in_order(path)] == PLACES


def test_seed_dates(seed_ingested):
    path, _ = seed_ingested
    articles = in_order(path)
    assert {a.date for a in articles} == {"2024-06-05"}
    assert articles[2].event_date == "2024-06-04"
    assert articles[2].captions == ("(和平区天兴里社区供图)",)
    assert "供图" not in articles[2].body


def test_seed_page_breaks_are_rejoined(seed_ingested):
    path, _ = seed_ingested
    bodies = {a.community: a.body for a in in_order(path)}
    assert "生活服务到位" in bodies["燕宇社区"]
    assert "逐一排查" in bodies["荣兴温泉公寓社区"]
    assert "深入浅出的讲座" in bodies["昔阳里社区"]
    # Sub-headings stay inside their article.
    assert "基层治理“助推器”" in bodies["燕宇社区"]


def test_ingest_twice_changes_nothing(seed_path, tmp_path):
    path = tmp_path / "ix"
    ingest.ingest([str(seed_path)], path, date=SEED_DATE)
    before = list(queries.export(path))
    again = ingest.ingest([str(seed_path)], path, date=SEED_DATE)
    assert (again.articles, again.added, again.updated) == (7, 0, 0)
    assert list(queries.export(path)) == before
    assert queries.stats(path).articles == 7


def test_ingest_same_page_under_another_name_keeps_seven(seed_path, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(seed_path.read_bytes())
    path = tmp_path / "ix"
    ingest.ingest([str(seed_path)], path, date=SEED_DATE)
    ingest.ingest([str(copy)], path, date=SEED_DATE)
    assert queries.stats(path).articles == 7


@pytest.mark.parametrize("name", ["2024-06-05.txt", "20240605.txt"])
def test_date_from_file_name(seed_path, tmp_path, name):
    page = tmp_path / name
    page.write_bytes(seed_path.read_bytes())
    report = ingest.ingest([str(page)], tmp_path / "ix")
    assert report.undated == 0
    articles = in_order(tmp_path / "ix")
    assert {a.date for a in articles} == {"2024-06-05"}
    assert articles[2].event_date == "2024-06-04"


def test_date_printed_in_page_header(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("社区新闻  2025年4月2日 星期三  第7版\n\n" + SMALL_PAGE, "utf-8")
    report = ingest.ingest([str(page)], tmp_path / "ix")
    assert report.undated == 0
    assert [a.date for a in queries.export(tmp_path / "ix")] == ["2025-04-02"]


def test_date_option_beats_file_name(tmp_path):
    page = tmp_path / "2024-01-01.txt"
    page.write_text(SMALL_PAGE, "utf-8")
    ingest.ingest([str(page)], tmp_path / "ix", date=dt.date(2024, 3, 3))
    assert [a.date for a in queries.export(tmp_path / "ix")] == ["2024-03-03"]


def test_undated_page_is_reported(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(SMALL_PAGE, "utf-8")
    report = ingest.ingest([str(page)], tmp_path / "ix")
    assert report.undated == report.articles == 1
    assert report.undated_sources == (str(page),)
    [article] = queries.export(tmp_path / "ix")
    assert article.date == "" and article.title == "楼道隐患清查 安全提示进门"


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("utf-16"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.replace("\n", "\r").encode("gbk"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "utf16-bom", "crlf", "cr-gbk"],
)
def test_encodings_and_line_ends_give_the_same_article(tmp_path, encode):
    plain = tmp_path / "plain.txt"
    plain.write_text(SMALL_PAGE, "utf-8")
    other = tmp_path / "other.txt"
    other.write_bytes(encode(SMALL_PAGE))
    ingest.ingest([str(plain)], tmp_path / "a")
    ingest.ingest([str(other)], tmp_path / "b")
    [a] = queries.export(tmp_path / "a")
    [b] = queries.export(tmp_path / "b")
    assert (b.id, b.title, b.body, b.community) == (a.id, a.title, a.body, a.community)


def test_folder_of_samples(tmp_path):
    report = ingest.ingest([str(SAMPLES)], tmp_path / "ix")
    assert report.sources == len(list(SAMPLES.glob("*.txt")))
    assert report.failed == () and report.undated == 0
    stats = queries.stats(tmp_path / "ix")
    assert stats.articles == report.articles
    assert stats.last_date == "2024-12-04"  # 20241204.txt is dated by its name only


def test_missing_file_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="nope.txt"):
        ingest.ingest([str(tmp_path / "nope.txt")], tmp_path / "ix")
    assert not (tmp_path / "ix").exists()


def test_empty_file_fails_without_index(tmp_path):
    page = tmp_path / "empty.txt"
    page.write_text("\n  \n", "utf-8")
    report = ingest.ingest([str(page)], tmp_path / "ix")
    assert report.articles == 0 and report.sources == 0
    [(name, message)] = report.failed
    assert name == str(page) and "empty" in message


def test_binary_file_fails(tmp_path):
    page = tmp_path / "blob.txt"
    page.write_bytes(bytes(range(256)) * 4)
    report = ingest.ingest([str(page)], tmp_path / "ix")
    [(name, message)] = report.failed
    assert name == str(page) and "blob.txt" in message


def test_pdf_is_named_as_such(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(b"%PDF-1.7\n...")
    [(_, message)] = ingest.ingest([str(page)], tmp_path / "ix").failed
    assert "PDF" in message


def test_unreadable_file_fails(tmp_path, deny_read):
    page = tmp_path / "secret.txt"
    page.write_text(SMALL_PAGE, "utf-8")
    deny_read("secret.txt")
    report = ingest.ingest([str(page)], tmp_path / "ix")
    [(name, message)] = report.failed
    assert "secret.txt" in message and "permission" in message.lower()


def test_folder_with_good_and_binary_file(seed_path, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "2024-06-05.txt").write_bytes(seed_path.read_bytes())
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    report = ingest.ingest([str(folder)], tmp_path / "ix")
    assert report.articles == 7 and report.sources == 1
    [(name, message)] = report.failed
    assert name.endswith("broken.txt") and "broken.txt" in message
    assert queries.stats(tmp_path / "ix").articles == 7


def test_progress_callback(tmp_path):
    calls = []
    ingest.ingest([str(SAMPLES)], tmp_path / "ix", on_progress=lambda d, t: calls.append((d, t)))
    total = len(list(SAMPLES.glob("*.txt")))
    assert calls == [(i, total) for i in range(1, total + 1)]


def test_articles_of_empty_source_raises():
    from bulletin_cli.models import Source

    with pytest.raises(InputError, match="empty"):
        ingest.articles_of(Source("x.txt", "   \n", "utf-8"))


def test_batches_commit_separately_and_keep_every_article(tmp_path, monkeypatch):
    one_go = tmp_path / "one"
    ingest.ingest([str(SAMPLES)], one_go)
    monkeypatch.setattr(ingest, "BATCH_ARTICLES", 4)
    batched = tmp_path / "batched"
    report = ingest.ingest([str(SAMPLES)], batched)
    assert report.added == report.articles == 33
    assert list(queries.export(batched)) == list(queries.export(one_go))
    generations = sorted(p.name for p in batched.glob("_MAIN_*.toc"))
    assert generations and generations[-1] != "_MAIN_1.toc"  # several commits happened


def test_same_text_from_another_source_is_left_alone(tmp_path):
    first = tmp_path / "2024-06-05.txt"
    first.write_text(SMALL_PAGE, "utf-8")
    again = tmp_path / "copy" / "2024-06-09.txt"
    again.parent.mkdir()
    again.write_text(SMALL_PAGE, "utf-8")
    ix = tmp_path / "ix"
    ingest.ingest([str(first)], ix)
    report = ingest.ingest([str(again)], ix)
    assert (report.added, report.updated) == (0, 0)
    (article,) = queries.export(ix)
    assert (article.source, article.date) == (str(first), "2024-06-05")


def test_each_page_of_a_multi_page_file_takes_its_own_header_date(tmp_path):
    page = tmp_path / "合订本.txt"
    page.write_text(
        "社区新闻  ２０２４年６月５日 星期三  第７版\n\n" + SMALL_PAGE
        + "\n\n社区新闻  2024年6月12日 星期三  第7版\n\n"
        + "和平区天兴里社区开展义剪\n\n本报讯 和平区南营门街天兴里社区昨日开展义剪活动，二十余名老人理了发。",
        "utf-8",
    )
    articles = ingest.articles_of(read.read_source(str(page)))
    assert [(a.date, a.ordinal) for a in articles] == [("2024-06-05", 1), ("2024-06-12", 2)]
    assert articles[1].event_date == "2024-06-11"


def test_page_of_punctuation_only_has_no_article(tmp_path):
    page = tmp_path / "2024-06-05.txt"
    page.write_text("。。。\n\n——\n\n……", "utf-8")
    with pytest.raises(InputError, match="no article found"):
        ingest.articles_of(read.read_source(str(page)))


def test_ingest_reports_each_batch_as_it_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "BATCH_ARTICLES", 20)
    statuses: list[str] = []
    report = ingest.ingest([str(SAMPLES)], tmp_path / "ix", on_status=statuses.append)
    assert report.added == 33
    committing = [s for s in statuses if s.startswith("committing")]
    # Two batches (20 and more, then the rest), each indexed, committed, then cleared.
    assert len(committing) == 2 and statuses[-1] == ""
    assert statuses[0].startswith("indexing 0/") and statuses[1].startswith("committing")


# --------------------------------------------------------------------------- read_page (bulletin split)

SPLIT_PAGE = DATA / "split_page.txt"  # written for these tests: roles, places, dates, furniture


def test_read_page_gives_each_article_with_its_roles_places_and_dates():
    reading = ingest.read_page(read.read_source(str(SPLIT_PAGE)))
    assert (reading.source, reading.encoding) == (str(SPLIT_PAGE), "utf-8")
    first, second = reading.articles
    assert (first.kicker, first.title, first.subtitle) == (
        "河西区大营门街东莱里社区", "工会送来温暖 慰问一线交警", "——社区工会夏季送清凉纪实",
    )
    assert (first.district, first.street, first.community) == ("河西区", "大营门街", "东莱里社区")
    assert (first.date, first.event_date) == ("2024-06-05", "2024-06-04")  # the header's date; 昨天
    assert first.dateline == "本报讯（记者 林晓 通讯员 陈默）"
    assert first.byline == "记者 林晓 通讯员 陈默"
    assert first.captions == ("（东莱里社区供图）",)
    assert (second.title, second.byline, second.event_date) == ("红桥区西沽街燕宇社区书屋上新", "王芳 李强", "2024-06-01")
    assert reading.starts == (5, 15)  # the kicker line, the title line


def test_read_page_lists_the_dropped_lines_in_page_order_with_their_line():
    reading = ingest.read_page(read.read_source(str(SPLIT_PAGE)))
    assert [(d.line, d.text, d.kind) for d in reading.furniture] == [
        (1, "社区周报  2024年6月5日 星期三  第3版", DROPPED_PAGE),
        (3, "社区动态", DROPPED_LABEL),
        (21, "责任编辑：赵明", DROPPED_PAGE),
    ]
    lines = SPLIT_PAGE.read_text("utf-8").split("\n")
    assert all(lines[d.line - 1].strip() == d.text for d in reading.furniture)


def test_read_page_drops_web_metadata_and_ornaments_as_such():
    text = (
        "首页 > 社区 > 新闻动态\n\n燕宇社区开展垃圾分类宣传\n\n来源：红桥区融媒体中心 发布时间：2024-06-05 10:30\n\n"
        "6月3日，红桥区西沽街燕宇社区志愿者在小区门口讲解垃圾分类知识。\n\n＊＊＊\n\n责任编辑：周可"
    )
    reading = ingest.read_page(Source("web.txt", text, "utf-8"))
    assert [a.title for a in reading.articles] == ["燕宇社区开展垃圾分类宣传"]
    assert reading.articles[0].date == "2024-06-05"  # the source line's date
    dropped = [(d.line, d.kind) for d in reading.furniture]
    assert dropped == [(1, DROPPED_PAGE), (5, DROPPED_PAGE), (11, DROPPED_PAGE)]
    assert "＊＊＊" in reading.articles[0].body  # a break inside the article is kept


def test_read_page_finds_lines_in_every_page_of_a_multi_page_file(tmp_path):
    page = tmp_path / "合订本.txt"
    page.write_text(
        "社区新闻  2024年6月5日 星期三  第7版\n\n" + SMALL_PAGE
        + "\n社区新闻  2024年6月12日 星期三  第7版\n\n社区动态\n\n"
        + "和平区天兴里社区开展义剪\n\n本报讯 和平区南营门街天兴里社区昨日开展义剪活动，二十余名老人理了发。",
        "utf-8",
    )
    reading = ingest.read_page(read.read_source(str(page)))
    lines = page.read_text("utf-8").split("\n")
    assert [lines[n - 1] for n in reading.starts] == ["河东区荣兴温泉公寓社区", "和平区天兴里社区开展义剪"]
    assert [(d.line, d.kind) for d in reading.furniture] == [(1, DROPPED_PAGE), (11, DROPPED_PAGE), (13, DROPPED_LABEL)]
    assert all(lines[d.line - 1] == d.text for d in reading.furniture)


def test_read_page_lists_an_item_of_ornaments_only_as_dropped():
    text = "### 书屋上新\n书屋新添图书三百册。\n### ※※※\n### 义诊进社区\n医生为老人量血压。"
    reading = ingest.read_page(Source("p.md", text, "utf-8"))
    assert [a.title for a in reading.articles] == ["书屋上新", "义诊进社区"]
    assert [(d.line, d.text, d.kind) for d in reading.furniture] == [(3, "※※※", DROPPED_ORNAMENT)]
    assert reading.starts == (1, 4)


def test_articles_of_is_read_page_articles():
    for path in [SPLIT_PAGE, *sorted(SAMPLES.glob("*.txt"))]:
        source = read.read_source(str(path))
        assert ingest.articles_of(source) == list(ingest.read_page(source).articles)
        dated = dt.date(2024, 1, 2)
        assert ingest.articles_of(source, dated) == list(ingest.read_page(source, dated).articles)


def test_read_page_raises_as_articles_of_does():
    with pytest.raises(InputError, match="the file is empty"):
        ingest.read_page(Source("x.txt", "  \n", "utf-8"))
    with pytest.raises(InputError, match="no article found"):
        ingest.read_page(Source("x.txt", "。。。\n\n——", "utf-8"))


def test_read_pages_reports_bad_files_and_reads_the_others(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "2024-06-05.txt").write_text(SMALL_PAGE, "utf-8")
    paths = [str(empty), str(tmp_path / "missing.txt"), str(folder), str(SPLIT_PAGE)]
    readings, failed = ingest.read_pages(paths, date=dt.date(2024, 7, 1))
    assert [r.source for r in readings] == [str(folder / "2024-06-05.txt"), str(SPLIT_PAGE)]
    assert {a.date for r in readings for a in r.articles} == {"2024-07-01"}
    assert [name for name, _ in failed] == [str(empty), str(tmp_path / "missing.txt")]
    assert "empty" in failed[0][1] and "no such file" in failed[1][1]
    assert not (tmp_path / "index").exists()  # BULLETIN_INDEX points there: nothing was written


def _pages_of_every_layout() -> list:
    realpages = ROOT / "benchmarks" / "realpages" / "pages"
    return sorted([*SAMPLES.glob("*.txt"), *DATA.glob("*.txt"), *DATA.rglob("realpages_mini/**/*.txt"),
                   *realpages.glob("*.txt")])


def test_read_page_finds_every_article_and_dropped_line_in_the_file():
    pages = _pages_of_every_layout()
    assert len(pages) > 20
    for path in pages:
        reading = ingest.read_page(read.read_source(str(path)))
        lines = read.read_source(str(path)).text.split("\n")
        assert 0 not in reading.starts and list(reading.starts) == sorted(set(reading.starts)), path
        for article, n in zip(reading.articles, reading.starts):
            first = "".join(lines[n - 1].split()).lstrip("#")
            assert "".join((*article.headline, article.dateline, article.body)).replace(" ", "").startswith(
                first.replace("**", "")[:4]
            ), (path, n)
        # a dropped line as printed, but for a web table's cell edge after it (… |); or a date
        # dropped from the end of a headline's line
        for d in reading.furniture:
            printed, text = ("".join(part.split()).rstrip("|｜") for part in (lines[d.line - 1], d.text))
            assert d.line and (printed == text or printed.endswith(text) and len(text) >= 8), (path, d)


def test_each_web_copy_takes_its_own_outlet_as_place_evidence():
    # Two copies from two outlets on one page: each copy's source line says where it is, and
    # neither says where the other is (金碧社区 alone names no city).
    text = (
        "金碧社区开展义诊\n来源：廊坊日报 发布时间：2024-06-05 10:30\n"
        "6月3日，金碧社区请来医生为老人量血压。\n\n"
        "文庆社区举办书法展\n来源：沈阳日报 发布时间：2024-06-06 09:00\n"
        "6月4日，文庆社区的书法爱好者展出作品四十幅。\n"
    )
    first, second = ingest.read_page(Source("web.txt", text, "utf-8")).articles
    assert (first.community, first.city) == ("金碧社区", "廊坊市")
    assert (second.community, second.city) == ("文庆社区", "沈阳市")


def test_a_page_header_is_evidence_for_every_article_on_the_page():
    text = (
        "沈阳日报 2024年6月5日 星期三 第3版\n\n金碧社区开展义诊\n\n本报讯 近日，金碧社区请来医生为老人量血压。\n\n"
        "文庆社区举办书法展\n\n本报讯 近日，文庆社区的书法爱好者展出作品四十幅。\n"
    )
    assert [a.city for a in ingest.read_page(Source("p.txt", text, "utf-8")).articles] == ["沈阳市", "沈阳市"]


# --------------------------------------------------------------------------- pages ingested again

BLOCK_A = SMALL_PAGE
BLOCK_B = "和平区天兴里社区开展义剪\n\n本报讯 和平区南营门街天兴里社区昨日开展义剪活动，二十余名老人理了发。\n"
BLOCK_C = "燕宇社区书屋上新\n\n本报讯 红桥区西沽街燕宇社区书屋新添图书三百册，涵盖少儿读物和健康养生类书籍。\n"


def exported(path) -> list[dict]:
    return [a.to_dict() for a in queries.export(path)]


def fresh(paths, tmp_path) -> list[dict]:
    """What an index built from nothing but these files holds now."""
    path = tmp_path / f"fresh-{len(list(tmp_path.glob('fresh-*')))}"
    ingest.ingest([str(p) for p in paths], path)
    return exported(path)


def edit_one_character(page) -> None:
    text = page.read_text("utf-8")
    at = text.index("。", text.index("本报讯"))
    page.write_text(text[:at] + "！" + text[at + 1:], "utf-8")


def test_an_edited_page_ingested_again_holds_exactly_its_current_articles(tmp_path):
    pages = tmp_path / "pages"
    shutil.copytree(SAMPLES, pages)
    ix = tmp_path / "ix"
    ingest.ingest([str(pages)], ix)
    page = pages / "2024-06-12.txt"
    edit_one_character(page)
    report = ingest.ingest([str(page)], ix)
    assert (report.added, report.updated, report.removed) == (1, 0, 1)
    assert queries.stats(ix).articles == 33
    assert exported(ix) == fresh([pages], tmp_path)
    # The folder again: nothing left to change.
    report = ingest.ingest([str(pages)], ix)
    assert (report.added, report.updated, report.removed) == (0, 0, 0)
    assert exported(ix) == fresh([pages], tmp_path)


def test_a_page_whose_article_count_changed(tmp_path):
    page = tmp_path / "2024-06-05.txt"
    page.write_text(BLOCK_A + "\n" + BLOCK_B, "utf-8")
    ix = tmp_path / "ix"
    ingest.ingest([str(page)], ix)
    page.write_text(BLOCK_C + "\n" + BLOCK_A + "\n" + BLOCK_B, "utf-8")  # one more, above the others
    report = ingest.ingest([str(page)], ix)
    assert (report.added, report.updated, report.removed) == (1, 2, 0)  # the others moved down
    assert exported(ix) == fresh([page], tmp_path)
    page.write_text(BLOCK_B, "utf-8")  # two fewer
    report = ingest.ingest([str(page)], ix)
    assert (report.added, report.updated, report.removed) == (0, 1, 2)
    assert exported(ix) == fresh([page], tmp_path)
    assert [a["title"] for a in exported(ix)] == ["和平区天兴里社区开展义剪"]


@pytest.mark.parametrize("batch", [1, 40000], ids=["a-commit-per-page", "one-commit"])
@pytest.mark.parametrize("direction", ["down", "up"])
def test_an_article_moved_to_another_page(tmp_path, monkeypatch, batch, direction):
    monkeypatch.setattr(ingest, "BATCH_ARTICLES", batch)
    folder = tmp_path / "pages"
    folder.mkdir()
    first, second = folder / "2024-06-05.txt", folder / "2024-06-12.txt"
    first.write_text(BLOCK_A + "\n" + BLOCK_B, "utf-8")
    second.write_text(BLOCK_C, "utf-8")
    ix = tmp_path / "ix"
    ingest.ingest([str(folder)], ix)
    if direction == "down":  # from the page read first to the page read after it
        first.write_text(BLOCK_A, "utf-8")
        second.write_text(BLOCK_C + "\n" + BLOCK_B, "utf-8")
    else:
        first.write_text(BLOCK_A + "\n" + BLOCK_B + "\n" + BLOCK_C, "utf-8")
        second.write_text(BLOCK_B, "utf-8")
    ingest.ingest([str(folder)], ix)
    assert exported(ix) == fresh([folder], tmp_path)


def test_the_same_page_under_two_names_edited(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    page, copy = folder / "2024-06-05.txt", folder / "copy-2024-06-05.txt"
    for path in (page, copy):
        path.write_text(BLOCK_A + "\n" + BLOCK_B, "utf-8")
    ix = tmp_path / "ix"
    assert ingest.ingest([str(folder)], ix).added == 2  # each text once
    page.write_text(BLOCK_A + "\n" + BLOCK_B.replace("二十余名", "三十余名"), "utf-8")
    ingest.ingest([str(folder)], ix)
    # Every text either page holds now, once: the copy keeps the text the page gave up.
    bodies = sorted(a["body"] for a in exported(ix))
    wanted = {a["body"] for a in fresh([page], tmp_path)} | {a["body"] for a in fresh([copy], tmp_path)}
    assert bodies == sorted(wanted) and len(bodies) == 3
    assert {a["source"] for a in exported(ix) if "二十余名" in a["body"]} == {str(copy)}


def test_pages_read_from_stdin_are_added_not_replaced(tmp_path, monkeypatch):
    ix = tmp_path / "ix"
    for text in (BLOCK_A, BLOCK_B):
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
        ingest.ingest(["-"], ix)
    assert sorted(a["title"] for a in exported(ix)) == sorted(["楼道隐患清查 安全提示进门", "和平区天兴里社区开展义剪"])


def test_a_version_4_index_is_converted_with_ids_of_today(tmp_path):
    import dataclasses
    import hashlib
    import json
    import re

    from bulletin_cli import extract, index
    from bulletin_cli.analysis import fold
    from bulletin_cli.errors import IndexVersionError

    def version_4_id(article) -> str:  # headline and text hashed as one string
        text = re.sub(r"\s+", "", "".join(fold(p) for p in (*article.headline, "\n", article.dateline + article.body)))
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]

    page = tmp_path / "2024-06-05.txt"
    page.write_text(BLOCK_A + "\n" + BLOCK_B, "utf-8")
    today = ingest.articles_of(read.read_source(str(page)))
    ix = tmp_path / "ix"
    index.write_articles(ix, [dataclasses.replace(a, id=version_4_id(a)) for a in today])
    meta = json.loads((ix / index.META_FILE).read_text("utf-8"))
    (ix / index.META_FILE).write_text(json.dumps({**meta, "schema_version": 4}), "utf-8")
    with pytest.raises(IndexVersionError, match="schema version 4"):
        queries.stats(ix)
    assert ingest.rebuild(ix) == 2
    assert [a.id for a in queries.export(ix)] == [a.id for a in today]
    assert all(a.id == extract.article_id(a.headline, a.dateline + a.body) for a in today)
    report = ingest.ingest([str(page)], ix)
    assert (report.added, report.updated, report.removed) == (0, 0, 0)


def test_a_date_printed_after_a_headline_is_dropped_from_that_headline_s_line():
    text = "柳林晚报\n\n柳林社区邻里节精彩纷呈 2025年08月15日  宋晓\n\n本报讯（记者 宋晓）8月14日，邻里节开幕。"
    reading = ingest.read_page(Source("p.txt", text, "utf-8"))
    (article,) = reading.articles
    assert (article.title, article.date) == ("柳林社区邻里节精彩纷呈", "2025-08-15")
    assert [(d.line, d.text) for d in reading.furniture if "2025" in d.text] == [(3, "2025年08月15日  宋晓")]


def test_a_repeated_headline_is_dropped_where_it_repeats():
    text = "柳林社区里办起邻里百家宴\n柳林网9月29日消息 柳林社区办了一场百家宴。\n柳林社区里办起邻里百家宴\n饺子也出锅了。"
    reading = ingest.read_page(Source("p.txt", text, "utf-8"))
    assert reading.starts == (1,)
    assert [(d.line, d.kind) for d in reading.furniture] == [(3, DROPPED_LABEL)]
