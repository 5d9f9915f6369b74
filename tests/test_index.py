"""The Whoosh index: schema, version checks, documents and idempotent writes."""

from __future__ import annotations

import ctypes
import dataclasses
import errno
import json
import os
import re
import sys

import pytest
from conftest import SAMPLES
from whoosh import query as q
from whoosh.filedb.filestore import FileStorage

from bulletin_cli import analysis, extract, index, workers
from bulletin_cli.errors import BulletinError, IndexMissingError, IndexVersionError
from bulletin_cli.models import Article


def make_article(n: int = 1, **changes) -> Article:
    base = Article(
        id=f"{n:016x}",
        source="page.txt",
        ordinal=n,
        headline=("河东区荣兴温泉公寓社区", f"楼道隐患清查{n} 安全提示进门"),
        title=f"楼道隐患清查{n} 安全提示进门",
        subtitle="",
        district="河东区",
        street="大直沽街",
        community="荣兴温泉公寓社区",
        date="2024-06-05",
        event_date="2024-06-04",
        dateline="本报讯",
        byline="(刘玉红)",
        body="为防范电动自行车起火隐患,社区对停放情况逐一排查。\n第二段。",
        captions=("(河东区荣兴温泉公寓社区供图)",),
    )
    return dataclasses.replace(base, **changes)


def _text_id(article: Article) -> str:
    return extract.article_id(article.headline, article.dateline + article.body)


def test_schema_fields():
    names = set(index.SCHEMA.names())
    assert {"id", "text", "words", "district", "street", "community", "date"} <= names
    assert index.SCHEMA["id"].unique


def test_document_holds_every_searchable_part():
    doc = index.document(make_article())
    for part in ("楼道隐患清查1", "本报讯", "电动自行车", "供图", "刘玉红"):
        assert part in doc["text"]
    head, rest = doc["text"].split(analysis.HEADLINE_END)
    assert head == "河东区荣兴温泉公寓社区\n楼道隐患清查1 安全提示进门"
    assert rest.startswith("\n本报讯\n为防范电动自行车")
    assert "供图" not in doc["words"], "captions must stay out of keyword statistics"


def test_document_leaves_out_empty_places():
    doc = index.document(make_article(street="", date=""))
    assert "street" not in doc and "date" not in doc
    assert doc["community"] == "荣兴温泉公寓社区"


def test_write_and_read_back(tmp_path):
    path = tmp_path / "ix"
    article = make_article()
    assert index.write_articles(path, [article]) == (1, 0, 0, 0)
    assert (path / index.META_FILE).exists()
    with index.open_index(path).searcher() as s:
        fields = s.document(id=article.id)
    assert index.stored_article(fields) == article


def test_write_twice_is_idempotent(tmp_path):
    path = tmp_path / "ix"
    articles = [make_article(1), make_article(2)]
    assert index.write_articles(path, articles) == (2, 0, 0, 0)
    assert index.write_articles(path, articles) == (0, 0, 2, 0)
    assert index.open_index(path).doc_count() == 2


def test_write_updates_changed_article(tmp_path):
    path = tmp_path / "ix"
    index.write_articles(path, [make_article(1)])
    changed = make_article(1, date="2024-06-06")
    assert index.write_articles(path, [changed]) == (0, 1, 0, 0)
    ix = index.open_index(path)
    assert ix.doc_count() == 1
    with ix.searcher() as s:
        assert s.document(id=changed.id)["date"] == "2024-06-06"


def test_duplicate_ids_in_one_batch_are_written_once(tmp_path):
    path = tmp_path / "ix"
    assert index.write_articles(path, [make_article(1), make_article(1)]) == (1, 0, 0, 0)
    assert index.open_index(path).doc_count() == 1


def test_bigram_fields_find_every_article_holding_all_bigrams(tmp_path):
    path = tmp_path / "ix"
    index.write_articles(path, [make_article()])
    with index.open_index(path).searcher() as s:
        def candidates(text):
            words = [text[i : i + 2] for i in range(len(text) - 1)]
            return len(s.search(q.And([q.Term("text", w) for w in words])))

        assert candidates("逐一排查") == 1
        assert candidates("电动自行车") == 1
        assert candidates("电动车") == 0
        # Punctuation breaks a run: no bigram across "," .
        assert candidates("发生社区") == 0


def test_bigram_fields_keep_no_positions(tmp_path):
    path = tmp_path / "ix"
    index.write_articles(path, [make_article()])
    with index.open_index(path).searcher() as s:
        for name in ("text", "words"):
            assert not s.schema[name].format.supports("positions"), name
        assert not s.reader().has_vector(0, "words")
        # Counts as weights: 楼道 once in the headline, 电动 once in the body.
        assert s.reader().frequency("text", "楼道") == analysis.HEADLINE_WEIGHT
        assert s.reader().frequency("text", "电动") == 1.0


def test_open_missing_index_names_path(tmp_path):
    path = tmp_path / "nothing"
    with pytest.raises(IndexMissingError, match=re.escape(str(path))):
        index.open_index(path)


def test_other_schema_version_is_a_clear_error(tmp_path):
    path = tmp_path / "ix"
    index.write_articles(path, [make_article()])
    (path / index.META_FILE).write_text(json.dumps({"schema_version": index.SCHEMA_VERSION + 1}), "utf-8")
    with pytest.raises(IndexVersionError, match="schema version") as info:
        index.open_index(path)
    # The message says how to get a usable index again.
    assert re.search("rebuild|ingest", str(info.value))
    assert str(path) in str(info.value)
    # Writing refuses too, rather than mixing versions.
    with pytest.raises(IndexVersionError):
        index.write_articles(path, [make_article(2)])


def test_index_without_meta_file_is_refused(tmp_path):
    path = tmp_path / "ix"
    index.write_articles(path, [make_article()])
    (path / index.META_FILE).unlink()
    with pytest.raises(IndexVersionError, match="did not write"):
        index.open_index(path)


def test_open_for_writing_refuses_a_file(tmp_path):
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(BulletinError, match="is a file"):
        index.open_for_writing(path)


def test_open_for_writing_refuses_a_folder_with_other_files(tmp_path):
    path = tmp_path / "docs"
    path.mkdir()
    (path / "notes.txt").write_text("mine")
    with pytest.raises(BulletinError, match="not empty"):
        index.open_for_writing(path)
    assert (path / "notes.txt").read_text() == "mine"


def test_open_for_writing_uses_an_empty_folder(tmp_path):
    path = tmp_path / "empty"
    path.mkdir()
    index.open_for_writing(path)
    assert json.loads((path / index.META_FILE).read_text("utf-8")) == {"schema_version": index.SCHEMA_VERSION}


def test_rewriting_unchanged_articles_leaves_files_untouched(tmp_path):
    path = tmp_path / "ix"
    articles = [make_article(1), make_article(2)]
    index.write_articles(path, articles)
    before = {p.name: p.read_bytes() for p in path.iterdir()}
    index.write_articles(path, articles)
    assert {p.name: p.read_bytes() for p in path.iterdir()} == before


def test_segments_merge_by_tier_and_keep_every_article(tmp_path, monkeypatch):
    from bulletin_cli import ingest, queries

    one_go = tmp_path / "one"
    ingest.ingest([str(SAMPLES)], one_go)
    monkeypatch.setattr(ingest, "BATCH_ARTICLES", 1)  # a commit per page: 6 commits
    monkeypatch.setattr(index.writing, "MERGE_FACTOR", 3)
    batched = tmp_path / "batched"
    ingest.ingest([str(SAMPLES)], batched)
    ix = index.open_index(batched)
    counts = sorted(s.doc_count_all() for s in index.folder.segments(ix))
    # Six pages of 5-6 articles: every third commit merges the three one-digit segments.
    assert len(counts) < 6 and sum(counts) == 33
    assert all(sum(1 for c in counts if len(str(c)) == tier) < 3 for tier in (1, 2))
    assert list(queries.export(batched)) == list(queries.export(one_go))


def test_keyword_workers_end_before_the_commit(tmp_path, monkeypatch):
    import multiprocessing

    from whoosh.writing import SegmentWriter

    monkeypatch.setattr(workers, "PARALLEL_MIN", 5)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)  # one worker, on any machine
    alive_at_commit = []
    commit = SegmentWriter.commit

    def watched(self, *args, **kwargs):
        alive_at_commit.append([p for p in multiprocessing.active_children() if p.is_alive()])
        return commit(self, *args, **kwargs)

    monkeypatch.setattr(SegmentWriter, "commit", watched)
    articles = [make_article(n) for n in range(1, 13)]
    assert index.write_articles(tmp_path / "ix", articles) == (12, 0, 0, 0)
    assert alive_at_commit == [[]]
    with index.open_index(tmp_path / "ix").searcher() as s:
        docnum = s.document_number(id=articles[0].id)
        assert docnum in set(s.postings("words", "隐患").all_ids())
        heads, rest = index.read_topics(s.reader().column_reader("topics")[docnum])
        assert "隐患" in heads + rest


def test_a_version_1_index_is_refused_and_rebuild_converts_it(tmp_path):
    # Version 1's schema: bigram fields with positions, a headline field, word vectors.
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

    from bulletin_cli import ingest, queries

    bigrams = analysis.BigramAnalyzer()
    places = {name: ID(stored=True, sortable=True) for name in ("district", "street", "community", "date")}
    stored = {name: STORED() for name in ("headline", "title", "subtitle", "event_date", "dateline", "byline", "body", "captions")}
    schema = Schema(
        id=ID(stored=True, unique=True), source=ID(stored=True), ordinal=NUMERIC(stored=True),
        headings=TEXT(analyzer=bigrams, multitoken_query="phrase", field_boost=3.0),
        text=TEXT(analyzer=bigrams, multitoken_query="phrase"),
        words=TEXT(analyzer=analysis.WordAnalyzer(), phrase=False, vector=True),
        **places, **stored,
    )
    path = tmp_path / "ix"
    path.mkdir()
    writer = whoosh_index.create_in(str(path), schema).writer()
    article = make_article()
    doc = {name: value for name, value in index.document(article).items() if name in schema.names()}
    doc.update(headings="\n".join(article.headline), text=doc["text"].replace(analysis.HEADLINE_END, ""),
               words=index.keyword_text(article))
    writer.add_document(**doc)
    writer.commit()
    (path / index.META_FILE).write_text(json.dumps({"schema_version": 1}), "utf-8")

    with pytest.raises(IndexVersionError, match="rebuild"):
        queries.search(path, "电动自行车")
    assert ingest.rebuild(path) == 1
    found = queries.search(path, "电动自行车")
    # Converting finds the places again from the stored text, which never names 大直沽街.
    converted = found.hits[0].article
    # The id is computed again from the text (version 5 hashes headline and text apart).
    assert found.total == 1 and converted == dataclasses.replace(extract.locate(article), id=_text_id(article))
    assert (converted.district, converted.street, converted.community) == ("河东区", "", "荣兴温泉公寓社区")
    assert [k.term for k in queries.summary(path).keywords]


# --- rebuild on every platform ------------------------------------------------------------


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_rebuild_leaves_no_moment_without_an_index_on_any_platform(tmp_path, monkeypatch, platform):
    # A rebuild is one commit in the index's own folder: no folder is renamed, nothing is
    # platform-specific (no ctypes: on Windows ctypes.CDLL(None) raises TypeError), and a
    # reader right before and right after each rename sees a whole index, old or new.
    from bulletin_cli import ingest, queries

    path = tmp_path / "ix"
    ingest.ingest([str(SAMPLES)], path)
    before = list(queries.export(path))
    after = [dataclasses.replace(a, title=a.title + "（更正）") if i == 0 else a for i, a in enumerate(before)]
    seen = []
    rename_file = FileStorage.rename_file

    def watched(self, frm, to, safe=False):
        seen.append(list(queries.export(path)))
        rename_file(self, frm, to, safe)
        seen.append(list(queries.export(path)))

    def files_only(real):
        def rename(src, dst, *args, **kwargs):
            assert not os.path.isdir(src), f"a folder was renamed: {src}"
            return real(src, dst, *args, **kwargs)

        return rename

    def no_ctypes(*args, **kwargs):
        raise TypeError("ctypes used")

    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(ctypes, "CDLL", no_ctypes)
    monkeypatch.setattr(FileStorage, "rename_file", watched)
    monkeypatch.setattr(os, "rename", files_only(os.rename))
    monkeypatch.setattr(os, "replace", files_only(os.replace))
    assert index.replace_index(path, after) == len(after)
    monkeypatch.undo()
    assert seen and all(s in (before, after) for s in seen)
    assert seen[0] == before and seen[-1] == after
    assert list(queries.export(path)) == after
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_rebuild_of_a_damaged_index_swaps_folders_and_keeps_it_if_that_fails(tmp_path, monkeypatch):
    from bulletin_cli import ingest, queries

    path = tmp_path / "ix"
    ingest.ingest([str(SAMPLES)], path)
    before = list(queries.export(path))
    next(path.glob("_MAIN_*.toc")).unlink()  # no table of contents: nothing can read it
    damaged = {p.name: p.read_bytes() for p in path.iterdir()}
    real = os.replace

    def full_disk(src, dst):
        if os.path.basename(src).startswith(".ix.rebuild-"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        index.replace_index(path, before)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in path.iterdir()} == damaged
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert index.replace_index(path, before) == len(before)
    assert list(queries.export(path)) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


# --- whole pages: each source holds exactly its articles ----------------------------------


def page_of(source: str, *texts: str) -> list[Article]:
    """A page's articles, one per body text, with ids as the pipeline makes them."""
    articles = []
    for ordinal, body in enumerate(texts, 1):
        article = make_article(1, source=source, ordinal=ordinal, body=body)
        articles.append(dataclasses.replace(article, id=_text_id(article)))
    return articles


def held(path) -> list[tuple[str, str]]:
    """(source, body) of every article in the index."""
    from bulletin_cli import queries

    return sorted((a.source, a.body) for a in queries.export(path))


def test_a_page_written_again_holds_exactly_its_articles(tmp_path):
    path = tmp_path / "ix"
    assert index.write_articles(path, page_of("a.txt", "一。", "二。", "三。")) == (3, 0, 0, 0)
    # 二 edited (a new text, a new id), 三 gone: one added, one unchanged, two removed.
    assert index.write_articles(path, page_of("a.txt", "一。", "二！")) == (1, 0, 1, 2)
    assert held(path) == sorted([("a.txt", "一。"), ("a.txt", "二！")])
    # The article count grows again: unchanged texts that moved down the page are updated.
    assert index.write_articles(path, page_of("a.txt", "零。", "一。", "二！")) == (1, 2, 0, 0)
    assert held(path) == sorted([("a.txt", "零。"), ("a.txt", "一。"), ("a.txt", "二！")])
    assert index.write_articles(path, page_of("a.txt", "零。", "一。", "二！")) == (0, 0, 3, 0)


def test_other_pages_are_left_alone(tmp_path):
    path = tmp_path / "ix"
    index.write_articles(path, page_of("a.txt", "一。", "二。") + page_of("b.txt", "三。"))
    index.write_articles(path, page_of("b.txt", "四。"))
    assert held(path) == sorted([("a.txt", "一。"), ("a.txt", "二。"), ("b.txt", "四。")])


def test_a_text_another_page_holds_is_indexed_once_and_stays_with_it(tmp_path):
    path = tmp_path / "ix"
    index.write_articles(path, page_of("a.txt", "一。", "二。"))
    # The same page under another name adds nothing, and writing it again removes nothing.
    assert index.write_articles(path, page_of("copy.txt", "一。", "二。")) == (0, 0, 2, 0)
    assert index.write_articles(path, page_of("copy.txt", "一。")) == (0, 0, 1, 0)
    assert held(path) == sorted([("a.txt", "一。"), ("a.txt", "二。")])


def test_a_text_moves_to_another_page_written_with_the_page_that_gave_it_up(tmp_path):
    path = tmp_path / "ix"
    index.write_articles(path, page_of("a.txt", "一。", "二。"))
    # In one commit: a.txt no longer holds 二, b.txt does (b.txt comes first).
    written = index.write_articles(path, page_of("b.txt", "二。") + page_of("a.txt", "一。"))
    assert written == (0, 1, 1, 0)
    assert held(path) == sorted([("a.txt", "一。"), ("b.txt", "二。")])
    # A page written in this commit that still holds the text keeps it.
    index.write_articles(path, page_of("c.txt", "二。") + page_of("b.txt", "二。", "三。"))
    assert held(path) == sorted([("a.txt", "一。"), ("b.txt", "二。"), ("b.txt", "三。")])


def test_a_text_moves_to_a_page_written_before_the_page_that_gave_it_up(tmp_path):
    # Two commits of one run (two batches of an ingest): b.txt first, a.txt later.
    path = tmp_path / "ix"
    index.write_articles(path, page_of("a.txt", "一。", "二。"))
    index.write_articles(path, page_of("b.txt", "二。"), later={"a.txt"})
    index.write_articles(path, page_of("a.txt", "一。"))
    assert held(path) == sorted([("a.txt", "一。"), ("b.txt", "二。")])
    # The other order: the page that gives it up first, then the one that takes it.
    index.write_articles(path, page_of("b.txt", "三。"), later={"a.txt"})
    index.write_articles(path, page_of("a.txt", "一。", "二。"))
    assert held(path) == sorted([("a.txt", "一。"), ("a.txt", "二。"), ("b.txt", "三。")])


def test_standard_input_is_only_ever_added(tmp_path):
    path = tmp_path / "ix"
    index.write_articles(path, page_of("<stdin>", "一。"))
    assert index.write_articles(path, page_of("<stdin>", "二。")) == (1, 0, 0, 0)
    assert held(path) == sorted([("<stdin>", "一。"), ("<stdin>", "二。")])


# --- remove ---------------------------------------------------------------------------


def test_remove_a_source_an_id_and_a_folder(tmp_path, monkeypatch):
    from bulletin_cli import queries

    monkeypatch.chdir(tmp_path)
    path = tmp_path / "ix"
    pages = page_of("a.txt", "一。", "二。") + page_of("pages/b.txt", "三。") + page_of("pages/c.txt", "四。")
    index.write_articles(path, pages)
    assert index.remove_articles(path, ["a.txt", pages[3].id[:6]]) == 3
    assert held(path) == [("pages/b.txt", "三。")]
    # A folder as given to ingest, and a path written another way from here.
    assert index.remove_articles(path, [str(tmp_path / "pages" / ".." / "pages")]) == 1
    assert list(queries.export(path)) == []


def test_remove_names_what_is_not_there_and_removes_nothing(tmp_path):
    from bulletin_cli.errors import NotFoundError, QueryError

    path = tmp_path / "ix"
    index.write_articles(path, [make_article(1), make_article(2)])  # ids 0000000000000001 and …2
    files = {p.name: p.read_bytes() for p in path.iterdir()}
    with pytest.raises(NotFoundError, match=r"nothing removed: 'b\.txt', 'ab' are not a source or an article id"):
        index.remove_articles(path, ["page.txt", "b.txt", "ab"])
    with pytest.raises(NotFoundError, match="'0000ffff' is not"):
        index.remove_articles(path, ["0000ffff"])
    with pytest.raises(QueryError, match="ambiguous"):
        index.remove_articles(path, ["0000"])
    assert {p.name: p.read_bytes() for p in path.iterdir()} == files
    assert index.remove_articles(path, [make_article(2).id]) == 1


def test_segments_whose_articles_went_are_dropped_or_rewritten(tmp_path):
    path = tmp_path / "ix"
    index.write_articles(path, page_of("a.txt", "一。", "二。", "三。", "四。"))
    index.write_articles(path, page_of("b.txt", "五。", "六。", "七。", "八。"))
    index.remove_articles(path, ["a.txt"])
    ix = index.open_index(path)
    assert sorted(s.doc_count_all() for s in index.folder.segments(ix)) == [4]
    b = page_of("b.txt", "五。", "六。", "七。", "八。")
    index.remove_articles(path, [a.id for a in b[:3]])
    # Three of four gone: the segment is rewritten with the one left.
    assert [(s.doc_count(), s.doc_count_all()) for s in index.folder.segments(index.open_index(path))] == [(1, 1)]
    assert held(path) == [("b.txt", "八。")]
