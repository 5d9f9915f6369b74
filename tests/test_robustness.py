"""Issue 4, bad input and damaged indexes: every case gives one clear line, a defined exit code,
and an index whose `bulletin export` is unchanged (or grows by exactly the good files).

test_cli.py checks many of these messages in detail; here each case is one row of a table, and
what every row shows is that nothing already indexed was lost or changed.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from bulletin_cli import index as index_mod
from bulletin_cli import ingest as ingest_mod
from bulletin_cli import read as read_mod
from bulletin_cli.cli import app

runner = CliRunner()
PAGE = """河东区荣兴温泉公寓社区

楼道隐患清查 安全提示进门

本报讯 为防范电动自行车起火隐患,河东区大直沽街荣兴温泉公寓社区近日开展专项行动。

社区还将定期回访,督促居民规范停放和充电。
"""
RECOVERY = "bulletin rebuild --index"


def run(*args, input=None):
    result = runner.invoke(app, [str(a) for a in args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def export(path) -> str:
    result = run("export", "--index", path)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def error_line(result, code: int = 1) -> str:
    """The one `Error:` line of a failed command (soft-wrapped lines joined back)."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def samples_ix(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("robust") / "pristine"
    ingest_mod.ingest([str(SAMPLES)], path)  # records the segment file sizes of its commit
    return path


@pytest.fixture
def ix(samples_ix, tmp_path) -> Path:
    """A private copy of the samples index, and its export before the test."""
    path = tmp_path / "ix"
    shutil.copytree(samples_ix, path)
    return path


@pytest.fixture(scope="module")
def before(samples_ix) -> str:
    return export(samples_ix)


# --- bad input: the index is unchanged -----------------------------------------------------


def _png(tmp):
    (tmp / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return ["photo.txt"], ("photo.txt", "PNG image")


def _docx(tmp):
    with zipfile.ZipFile(tmp / "page.docx", "w") as archive:
        archive.writestr("word/document.xml", "<w:document>社区</w:document>")
    return ["page.docx"], ("page.docx", ".docx")


def _pdf(tmp):
    (tmp / "page.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    return ["page.pdf"], ("page.pdf", "PDF")


def _utf16_no_bom(tmp):
    (tmp / "page.txt").write_bytes(PAGE.encode("utf-16-le"))
    return ["page.txt"], ("page.txt", "--encoding utf-16")


def _bad_utf8_middle(tmp):
    data = PAGE.encode("utf-8")
    cut = data.index("本报讯".encode())
    (tmp / "page.txt").write_bytes(data[:cut] + b"\xff\xfe" + data[cut:])
    return ["page.txt"], ("page.txt", f"byte {cut}", "--encoding")


def _wrong_encoding_option(tmp):
    (tmp / "page.txt").write_bytes(PAGE.encode("gb18030"))
    return ["page.txt", "--encoding", "utf-8"], ("page.txt", "not valid utf-8 at byte", "--encoding")


def _unknown_encoding(tmp):
    (tmp / "page.txt").write_text(PAGE, "utf-8")
    return ["page.txt", "--encoding", "klingon"], ("page.txt", "klingon")


def _missing(tmp):
    return ["nope.txt"], ("nope.txt", "no such file")


def _missing_among_good(tmp):
    (tmp / "2024-06-05.txt").write_text(PAGE, "utf-8")
    return ["2024-06-05.txt", "nope.txt"], ("nope.txt", "no such file")


def _empty_folder(tmp):
    (tmp / "pages").mkdir()
    (tmp / "pages" / "notes.md").write_text("no pages here")
    return ["pages"], ("pages", "no .txt files")


def _empty(tmp):
    (tmp / "empty.txt").write_bytes(b"")
    return ["empty.txt"], ("empty.txt", "empty")


def _whitespace(tmp):
    (tmp / "blank.txt").write_text(" \n\t\n\u3000\u3000\n\r\n", "utf-8")
    return ["blank.txt"], ("blank.txt", "empty")


def _no_article(tmp):
    (tmp / "furniture.txt").write_text("第3版\n\n责任编辑：王五\n\n12\n", "utf-8")
    return ["furniture.txt"], ("furniture.txt", "no article found")


def _huge_no_breaks(tmp):
    # 50 MB without a line break: refused by its size before it is read.
    with (tmp / "huge.txt").open("wb") as file:
        chunk = ("社区居民开展活动，" * 4000).encode("utf-8")
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            file.write(chunk)
    return ["huge.txt"], ("huge.txt", "MB", "too large", "split it")


def _long_line(tmp):
    # Under the size limit but one line longer than any page: the pipeline is never run on it.
    (tmp / "oneline.txt").write_text("社区居民开展活动，" * 40_000, "utf-8")
    return ["oneline.txt"], ("oneline.txt", "line 1", "360,000 characters", "own line")


def _million_lines(tmp):
    (tmp / "lines.txt").write_text("社\n" * 1_000_000, "utf-8")
    return ["lines.txt"], ("lines.txt", "1,000,000 lines", "split it")


def _markup_name(tmp):
    (tmp / "[red]x[bold].txt").write_bytes(b"")
    return ["[red]x[bold].txt"], ("[red]x[bold].txt",)


BAD_INPUT = [
    _missing, _missing_among_good, _empty_folder, _empty, _whitespace, _no_article, _png, _docx,
    _pdf, _utf16_no_bom, _bad_utf8_middle, _wrong_encoding_option, _unknown_encoding,
    _huge_no_breaks, _long_line, _million_lines, _markup_name,
]


@pytest.mark.parametrize("case", BAD_INPUT, ids=lambda f: f.__name__.strip("_"))
def test_bad_input_leaves_the_index_unchanged(ix, before, tmp_path, case):
    args, fragments = case(tmp_path)
    line = error_line(run("ingest", *args, "--index", ix, "-q"))
    for fragment in fragments:
        assert fragment in line, line
    assert export(ix) == before


def test_unreadable_file_leaves_the_index_unchanged(ix, before, tmp_path, deny_read):
    (tmp_path / "secret.txt").write_text(PAGE, "utf-8")
    deny_read("secret.txt")
    line = error_line(run("ingest", tmp_path / "secret.txt", "--index", ix, "-q"))
    assert "secret.txt" in line and "permission" in line
    assert export(ix) == before


def test_export_files_are_not_held_to_page_limits(samples_ix, before, tmp_path, monkeypatch):
    # A backup of a big archive is one JSON file of many lines: rebuild --from must read it whole.
    (tmp_path / "backup.jsonl").write_text(before, "utf-8")
    monkeypatch.setattr(read_mod, "MAX_PAGE_BYTES", 100)
    monkeypatch.setattr(read_mod, "MAX_PAGE_LINES", 2)
    assert run("rebuild", "--index", tmp_path / "copy", "--from", tmp_path / "backup.jsonl").exit_code == 0
    assert export(tmp_path / "copy") == before
    # The same limits do refuse a page.
    (tmp_path / "page.txt").write_text(PAGE, "utf-8")
    assert "too large" in error_line(run("ingest", tmp_path / "page.txt", "--index", tmp_path / "copy", "-q"))


def _page(n: int) -> str:
    return (
        f"社区新闻  2024年3月{n % 28 + 1}日 星期三  第7版\n\n"
        f"河东区荣兴温泉公寓社区\n\n第{n}期居民议事会 共商小区事\n\n"
        f"本报讯 河东区大直沽街荣兴温泉公寓社区近日召开第{n}期居民议事会，居民代表{n}人参加。\n\n"
        "会上，大家就电动自行车充电、楼道堆物等问题各抒己见。\n"
    )


def test_folder_of_a_thousand_pages_with_a_few_bad(ix, before, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    good = []
    for n in range(1000):
        path = folder / f"page{n:04d}.txt"
        path.write_text(_page(n), "utf-8")
        good.append(path)
    bad = {
        "page0100.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
        "page0500.txt": (b"", "empty"),
        "page0777.txt": (_page(777).encode("utf-8").replace("议事会".encode(), b"\xff\xfe", 1), "invalid UTF-8"),
    }
    for name, (data, _) in bad.items():
        (folder / name).write_bytes(data)
    good = [p for p in good if p.name not in bad]
    result = run("ingest", folder, "--index", ix, "-q", "-f", "json")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == len(bad)
    for name, (_, reason) in bad.items():
        assert any(name in line and reason in line for line in errors), (name, errors)
    report = json.loads(result.stdout)
    assert report["sources"] == len(good) and len(report["failed"]) == len(bad)
    # The index grew by exactly the articles of the good pages, and kept everything it had.
    expected = {a.id: a.to_dict() for p in good for a in ingest_mod.articles_of(read_mod.read_source(str(p)))}
    old = [json.loads(line) for line in before.splitlines()]
    new = [json.loads(line) for line in export(ix).splitlines()]
    old_ids = {a["id"] for a in old}
    assert [a for a in new if a["id"] in old_ids] == old
    assert {a["id"]: a for a in new if a["id"] not in old_ids} == expected


# --- bad options and queries: an answer or a usage error, never a changed index ----------------

BAD_OPTIONS = [
    (("ingest", "PAGE", "--date", "2024-02-30"), 2, "--date"),
    (("ingest", "PAGE", "--date", "yesterday"), 2, "--date"),
    (("ingest", "PAGE", "-f", "xml"), 2, "--format"),
    (("ingest", "PAGE", "--frobnicate"), 2, "--frobnicate"),
    (("search", "社区", "--since", "2024-09-01", "--until", "2024-06-01"), 1, "--since"),
    (("search", "社区", "--limit", "0"), 2, "--limit"),
    (("search", "社区", "-f", "xml"), 2, "--format"),
    (("summary", "--top", "0"), 2, "--top"),
    (("export", "-f", "yaml"), 2, "--format"),
    (("timeline", "燕宇", "--since", "June"), 2, "--since"),
    (("search",), 2, "Missing argument"),
    (("search", "社区", "--limt", "2"), 2, "No such option"),
]


@pytest.mark.parametrize(("args", "code", "fragment"), BAD_OPTIONS, ids=lambda v: str(v))
def test_bad_options(ix, before, tmp_path, args, code, fragment):
    (tmp_path / "page.txt").write_text(PAGE, "utf-8")
    args = [tmp_path / "page.txt" if a == "PAGE" else a for a in args]
    result = run(*args, "--index", ix)
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert fragment in result.stderr
    if code == 1:
        error_line(result)
    assert export(ix) == before


QUERIES = [
    "", "   ", "，。！？", '"', '"电动自行车', "(电动", "电动)", "((", "OR", "电动 OR", "AND", "NOT",
    "title:电动", "headings:电动", "*", "电动*", "社区^3", "[bold]社区[/]", "[/]",
    "电动自行车 REQUIRE 充电", "电动自行车 ANDMAYBE 飞线充电", "NOT 飞线充电", "电动 OR NOT 飞线充电",
    "社区" * 5000, "-电动", "电动 -", "电动 OR -飞线充电", "(电动 OR", "电动 AND", "OR 电动", "电动 ANDNOT 充电",
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: repr(q[:20]))
def test_queries_answer_or_say_why(ix, before, query):
    result = run("search", query, "--index", ix, "-f", "json")
    if result.exit_code == 0:
        assert isinstance(json.loads(result.stdout), list)
    else:
        line = error_line(result)
        assert "query" in line
    assert export(ix) == before


def test_markup_in_a_query_is_printed_as_is(ix):
    result = run("search", "[bold]火星[/bold]", "--index", ix)
    assert result.exit_code == 0
    assert "[bold]火星[/bold]" in result.stderr


def test_markup_in_a_page_is_stored_and_shown_as_is(ix, before, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")
    page = PAGE.replace("楼道隐患清查 安全提示进门", "[bold]整治[/] 宣传[/red]")
    (tmp_path / "2024-06-05.txt").write_text(page, "utf-8")
    result = run("ingest", tmp_path / "2024-06-05.txt", "--index", ix)
    assert result.exit_code == 0, result.stderr
    new = [json.loads(line) for line in export(ix).splitlines() if line not in before.splitlines()]
    assert [a["title"] for a in new] == ["[bold]整治[/] 宣传[/red]"]
    table = run("search", "整治", "--index", ix)
    assert "[bold]整治[/] 宣传[/red]" in table.stdout


# --- damaged and foreign indexes -----------------------------------------------------------


def _segment_file(path, suffix):
    return next(p for p in sorted(path.iterdir()) if p.name.startswith("MAIN_") and p.name.endswith(suffix))


def _truncate_postings(path):
    pst = _segment_file(path, ".pst")
    pst.write_bytes(pst.read_bytes()[: pst.stat().st_size // 2])
    return ("damaged", pst.name, "truncated")


def _truncate_stored(path):
    col = _segment_file(path, "_stored.col")
    col.write_bytes(col.read_bytes()[:-10])
    return ("damaged", col.name, "truncated")


def _truncate_terms(path):
    trm = _segment_file(path, ".trm")
    trm.write_bytes(trm.read_bytes()[:1000])
    return ("damaged", trm.name, "truncated")


def _delete_segment(path):
    trm = _segment_file(path, ".trm")
    trm.unlink()
    return ("damaged", trm.name, "missing")


def _delete_postings(path):
    pst = _segment_file(path, ".pst")
    pst.unlink()
    return ("damaged", pst.name, "missing")


def _delete_toc(path):
    next(path.glob("_MAIN_*.toc")).unlink()
    return ("damaged", "table of contents", "missing")


def _truncate_toc(path):
    toc = next(path.glob("_MAIN_*.toc"))
    toc.write_bytes(toc.read_bytes()[:100])
    return ("damaged", "table of contents", "cannot be read")


def _empty_toc(path):
    next(path.glob("_MAIN_*.toc")).write_bytes(b"")
    return ("damaged", "table of contents")


def _other_version(path):
    (path / index_mod.META_FILE).write_text(json.dumps({"schema_version": 999}), "utf-8")
    return ("schema version 999", "bulletin rebuild")


def _meta_missing(path):
    (path / index_mod.META_FILE).unlink()
    return ("did not write", "bulletin.json", "bulletin rebuild")


def _meta_garbage(path):
    (path / index_mod.META_FILE).write_text("{not json", "utf-8")
    return ("bulletin.json is damaged", '"schema_version"')


def _not_an_index(path):
    for child in path.iterdir():
        child.unlink()
    (path / "thesis.docx").write_bytes(b"my work")
    return ("not a bulletin index", "--index")


DAMAGE = [
    _truncate_postings, _truncate_stored, _truncate_terms, _delete_segment, _delete_postings,
    _delete_toc, _truncate_toc, _empty_toc, _other_version, _meta_missing, _meta_garbage,
    _not_an_index,
]
RECOVERABLE = {
    _truncate_postings, _truncate_stored, _truncate_terms, _delete_segment, _delete_postings,
    _delete_toc, _truncate_toc, _empty_toc,
}


def _files(path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in path.iterdir() if p.name != "MAIN_WRITELOCK"}


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__.strip("_"))
def test_damaged_or_foreign_index_is_a_clear_error_and_left_alone(ix, before, tmp_path, damage):
    fragments = damage(ix)
    files = _files(ix)
    (tmp_path / "2024-06-05.txt").write_text(PAGE, "utf-8")
    for args in (("search", "社区"), ("stats",), ("export",), ("timeline", "燕宇"), ("summary",),
                 ("show", "abcd"), ("communities",), ("ingest", tmp_path / "2024-06-05.txt", "-q")):
        line = error_line(run(*args, "--index", ix))
        assert str(ix) in line, line
        for fragment in fragments:
            assert fragment in line, (args, line)
        if damage in RECOVERABLE:
            assert RECOVERY in line and "--from" in line, line
    assert _files(ix) == files, "a failed command changed the folder"
    if damage is not _not_an_index:
        # The way out the message names: rebuild from an export gives back the whole index.
        (tmp_path / "backup.jsonl").write_text(before, "utf-8")
        result = run("rebuild", "--index", ix, "--from", tmp_path / "backup.jsonl")
        assert result.exit_code == 0, result.stderr
        assert export(ix) == before


def test_index_option_naming_a_file(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    line = error_line(run("stats", "--index", tmp_path / "notes.txt"))
    assert "is a file" in line
    (tmp_path / "page.txt").write_text(PAGE, "utf-8")
    line = error_line(run("ingest", tmp_path / "page.txt", "--index", tmp_path / "notes.txt", "-q"))
    assert "is a file" in line
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_rebuild_never_replaces_a_folder_that_is_not_an_index(ix, before, tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.docx").write_bytes(b"my work")
    (tmp_path / "backup.jsonl").write_text(before, "utf-8")
    line = error_line(run("rebuild", "--index", folder, "--from", tmp_path / "backup.jsonl"))
    assert "not a bulletin index" in line
    assert [p.name for p in folder.iterdir()] == ["thesis.docx"]
    assert not list(tmp_path.glob(".documents*")), "no half-built index left beside it"


def test_rebuild_of_a_foreign_whoosh_index_is_refused(tmp_path):
    from whoosh import fields
    from whoosh import index as whoosh_index

    folder = tmp_path / "other"
    folder.mkdir()
    other = whoosh_index.create_in(str(folder), fields.Schema(path=fields.ID(stored=True)))
    with other.writer() as writer:
        writer.add_document(path="a")
    files = _files(folder)
    line = error_line(run("rebuild", "--index", folder))
    assert "not bulletin's" in line or "did not write" in line
    assert _files(folder) == files


def test_bad_export_file_for_rebuild(ix, before, tmp_path):
    (tmp_path / "backup.jsonl").write_text('{"id": "x"}\nnot json\n', "utf-8")
    line = error_line(run("rebuild", "--index", ix, "--from", tmp_path / "backup.jsonl"))
    assert "backup.jsonl" in line and "export" in line
    assert export(ix) == before
    line = error_line(run("rebuild", "--index", ix, "--from", tmp_path / "nope.jsonl"))
    assert "nope.jsonl" in line
    assert export(ix) == before


# --- export, then rebuild from the export ----------------------------------------------------


def test_export_then_rebuild_gives_an_identical_export(ix, before, tmp_path):
    backup = tmp_path / "backup.jsonl"
    backup.write_text(export(ix), "utf-8")
    assert backup.read_text("utf-8") == before
    for target in (tmp_path / "new-index", ix):  # into a new folder, and over the index itself
        result = run("rebuild", "--index", target, "--from", backup)
        assert result.exit_code == 0, result.stderr
        assert export(target) == before
    # From the index itself (no export file): the same again, and searches still find.
    assert run("rebuild", "--index", ix).exit_code == 0
    assert export(ix) == before
    hits = json.loads(run("search", "电动自行车", "--index", ix, "-f", "json").stdout)
    assert hits
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "rebuild left temp folders"


def test_rebuild_from_an_empty_export(tmp_path):
    (tmp_path / "empty.jsonl").write_text("", "utf-8")
    assert run("rebuild", "--index", tmp_path / "ix", "--from", tmp_path / "empty.jsonl").exit_code == 0
    assert export(tmp_path / "ix") == ""
