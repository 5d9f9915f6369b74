"""The `bulletin` command through typer's CliRunner: exact output via --format json, every error path."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from conftest import DATA, SAMPLES, SEED, SEED_TITLES, SPLIT_PAGE_VIEW, needs_shared
from typer.testing import CliRunner

from bulletin_cli import index as index_mod
from bulletin_cli.cli import app

ARTICLE_FIELDS = {
    "id", "source", "ordinal", "headline", "title", "subtitle", "district", "street",
    "community", "date", "event_date", "body", "captions",
}
TITLES = SEED_TITLES
PLACES = [
    "红桥区/西沽街/燕宇社区",
    "河西区/大营门街/东莱里社区",
    "和平区/南营门街/天兴里社区",
    "南开区/向阳路街道/昔阳里社区",
    "河东区/大直沽街/荣兴温泉公寓社区",
    "和平区/南营门街/文化村社区",
    "和平区/新兴街/犀地社区",
]
GENERIC = ("社区", "居民", "开展", "活动", "本报讯", "近日")
SMALL_PAGE = """河东区荣兴温泉公寓社区

楼道隐患清查 安全提示进门

本报讯 为防范电动自行车起火隐患,河东区大直沽街荣兴温泉公寓社区近日开展专项行动。

社区还将定期回访,督促居民规范停放和充电。
"""

runner = CliRunner()


def run(*args: str, input=None):
    result = runner.invoke(app, [str(a) for a in args], input=input)
    # A traceback means a bug: every outcome is a normal exit.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def ok_json(*args: str):
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def assert_error(result, *fragments: str, code: int = 1):
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stderr.startswith("Error:"), result.stderr
    assert result.stdout == ""
    for fragment in fragments:
        assert fragment in result.stderr.replace("\n", ""), result.stderr


@pytest.fixture(scope="module")
def seed_ix(tmp_path_factory):
    """The seed page ingested once through the CLI with --date 2024-06-05."""
    seed = needs_shared(SEED)
    path = tmp_path_factory.mktemp("cli-seed") / "index"
    result = runner.invoke(app, ["ingest", str(seed), "--date", "2024-06-05", "--index", str(path), "-q"])
    assert result.exit_code == 0, result.output
    return str(path)


@pytest.fixture(scope="module")
def samples_ix(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-samples") / "index"
    result = runner.invoke(app, ["ingest", str(SAMPLES), "--index", str(path), "-q"])
    assert result.exit_code == 0, result.output
    return str(path)


def in_order(articles):
    return sorted(articles, key=lambda a: a["ordinal"])


# --- acceptance checks of issue 2 ---------------------------------------------------------


def test_ingest_reports_json(seed_path, tmp_path):
    data = ok_json("ingest", seed_path, "--date", "2024-06-05", "-q")
    assert data["sources"] == 1 and data["articles"] == 7 and data["added"] == 7
    assert data["failed"] == [] and data["undated"] == 0
    assert list(data) == ["sources", "articles", "added", "updated", "removed", "undated", "failed", "undated_sources"]
    assert (tmp_path / "index").is_dir(), "BULLETIN_INDEX was not used"


def test_ingest_shows_progress_and_counts_on_stderr(seed_path):
    result = run("ingest", seed_path, "--date", "2024-06-05")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "7 articles" in result.stderr


def test_seven_titles_and_places(seed_ix):
    articles = in_order(ok_json("export", "--index", seed_ix))
    assert [a["title"] for a in articles] == TITLES
    assert ["/".join((a["district"], a["street"], a["community"])) for a in articles] == PLACES
    assert articles[2]["event_date"] == "2024-06-04"
    assert {a["date"] for a in articles} == {"2024-06-05"}


def test_search_electric_bikes(seed_ix):
    hits = ok_json("search", "电动自行车", "--index", seed_ix)
    assert hits[0]["community"] == "荣兴温泉公寓社区"
    for hit in hits:
        assert hit["highlights"]
        for start, end in hit["highlights"]:
            assert hit["snippet"][start:end] == "电动自行车"


@pytest.mark.parametrize(
    ("query", "community", "whole"),
    [
        ("大直沽街", "荣兴温泉公寓社区", "大直沽街"),
        ("逐一排查", "荣兴温泉公寓社区", "逐一排查"),
        ("服务到位", "燕宇社区", "服务到位"),
        ('"深入浅出的讲座"', "昔阳里社区", "深入浅出的讲座"),
    ],
)
def test_search_finds_each_article(seed_ix, query, community, whole):
    hits = ok_json("search", query, "--index", seed_ix)
    assert community in [h["community"] for h in hits]
    hit = next(h for h in hits if h["community"] == community)
    assert hit["highlights"]
    assert {hit["snippet"][s:e] for s, e in hit["highlights"]} == {whole}


def test_search_psychological_care_only_wenhuacun(seed_ix):
    hits = ok_json("search", "心理关爱", "--index", seed_ix)
    assert [h["community"] for h in hits] == ["文化村社区"]


def test_timeline_partial_name(seed_ix):
    items = ok_json("timeline", "燕宇", "--index", seed_ix)
    assert [a["community"] for a in items] == ["燕宇社区"]


def test_timeline_district(seed_ix):
    items = ok_json("timeline", "和平区", "--index", seed_ix)
    assert sorted(a["community"] for a in items) == sorted(["天兴里社区", "文化村社区", "犀地社区"])


def test_timeline_table(seed_ix):
    result = run("timeline", "燕宇", "--index", seed_ix)
    assert result.exit_code == 0
    assert "燕宇社区" in result.stdout and "2024-06-05" in result.stdout


def test_timeline_ambiguous_lists_candidates(samples_ix):
    result = run("timeline", "兴里", "--index", samples_ix)
    assert_error(result, "东兴里社区", "天兴里社区")


def test_timeline_dates_in_order(samples_ix):
    items = ok_json("timeline", "燕宇社区", "--index", samples_ix)
    assert len(items) >= 3
    assert [a["date"] for a in items] == sorted(a["date"] for a in items)


def test_summary_rongxing(seed_ix):
    data = ok_json("summary", "--community", "荣兴温泉公寓社区", "--top", "10", "--index", seed_ix)
    assert data["articles"] == 1
    terms = [k["term"] for k in data["keywords"]]
    assert "电动自行车" in terms
    assert not set(terms) & set(GENERIC)
    assert len(terms) <= 10
    for keyword in data["keywords"]:
        assert set(keyword) == {"term", "weight", "articles", "monthly"}
        assert isinstance(keyword["weight"], float) and keyword["articles"] == 1


def test_summary_table_shows_keywords(seed_ix):
    result = run("summary", "--community", "荣兴温泉公寓社区", "--top", "10", "--index", seed_ix)
    assert result.exit_code == 0 and "电动自行车" in result.stdout


def test_ingest_again_changes_nothing(seed_path, tmp_path):
    ix = str(tmp_path / "ix")
    assert run("ingest", seed_path, "--date", "2024-06-05", "--index", ix, "-q").exit_code == 0
    before = run("export", "--index", ix).stdout
    again = ok_json("ingest", seed_path, "--date", "2024-06-05", "--index", ix, "-q")
    assert (again["articles"], again["added"], again["updated"]) == (7, 0, 0)
    after = run("export", "--index", ix).stdout
    assert after == before
    assert ok_json("stats", "--index", ix)["articles"] == 7


# --- output formats -----------------------------------------------------------------------


def test_article_json_fields(seed_ix):
    result = run("export", "--format", "json", "--index", seed_ix)
    articles = json.loads(result.stdout)
    assert len(articles) == 7
    for article in articles:
        assert ARTICLE_FIELDS <= set(article)
        assert isinstance(article["headline"], list) and isinstance(article["captions"], list)
        assert isinstance(article["ordinal"], int)
    third = in_order(articles)[2]
    assert third["headline"] == ["和平区天兴里社区开展广场舞主题活动", "舞出精气神 引领新风尚"]
    assert third["subtitle"] == "舞出精气神 引领新风尚"
    assert third["captions"] == ["(和平区天兴里社区供图)"]


def test_hit_json_adds_score_and_snippet(seed_ix):
    hits = ok_json("search", "电动自行车", "--index", seed_ix)
    for hit in hits:
        assert ARTICLE_FIELDS | {"score", "snippet"} <= set(hit)
        assert isinstance(hit["score"], float) and hit["score"] > 0
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_json_keeps_chinese_readable(seed_ix):
    for args in (("export", "--format", "json"), ("search", "电动自行车", "-f", "json"),
                 ("summary", "-f", "json"), ("export",)):
        result = run(*args, "--index", seed_ix)
        assert result.exit_code == 0
        assert "\\u" not in result.stdout
        assert "社区" in result.stdout


def test_export_jsonl_one_article_per_line(seed_ix):
    result = run("export", "--format", "jsonl", "--index", seed_ix)
    lines = result.stdout.splitlines()
    assert len(lines) == 7
    ids = [json.loads(line)["id"] for line in lines]
    assert len(set(ids)) == 7
    assert result.stdout == run("export", "--index", seed_ix).stdout  # jsonl is the default


def test_export_csv_has_header(seed_ix):
    result = run("export", "--format", "csv", "--index", seed_ix)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 7
    header = result.stdout.splitlines()[0].split(",")
    assert ARTICLE_FIELDS <= set(header)
    assert {r["community"] for r in rows} >= {"燕宇社区", "犀地社区"}


def test_search_csv_has_header(seed_ix):
    result = run("search", "电动自行车", "-f", "csv", "--index", seed_ix)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and rows[0]["community"] == "荣兴温泉公寓社区"
    assert {"score", "snippet"} <= set(rows[0])


def test_summary_csv(seed_ix):
    result = run("summary", "--community", "荣兴温泉公寓社区", "-f", "csv", "--index", seed_ix)
    lines = result.stdout.splitlines()
    assert lines[0] == "term,weight,articles"
    assert any(line.startswith("电动自行车,") for line in lines[1:])


def test_show_stats_communities(seed_ix):
    third = in_order(ok_json("export", "--format", "json", "--index", seed_ix))[2]
    shown = ok_json("show", third["id"][:8], "--index", seed_ix)
    assert shown == third
    table = run("show", third["id"], "--index", seed_ix)
    assert "舞出精气神" in table.stdout and "event date 2024-06-04" in table.stdout
    stats = ok_json("stats", "--index", seed_ix)
    assert (stats["articles"], stats["sources"], stats["communities"]) == (7, 1, 7)
    assert (stats["first_date"], stats["last_date"]) == ("2024-06-05", "2024-06-05")
    rows = ok_json("communities", "--index", seed_ix)
    row = {"province": "天津市", "city": "天津市", "district": "河东区", "street": "大直沽街道", "community": "荣兴温泉公寓社区", "articles": 1}
    assert row in rows


def test_no_match_is_not_an_error(seed_ix):
    result = run("search", "火星基地", "--index", seed_ix)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "火星基地" in result.stderr
    assert ok_json("search", "火星基地", "--index", seed_ix) == []


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("bulletin ")


# --- filters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "field"),
    [("--community", "燕宇社区", "community"), ("--street", "大直沽街", "street"), ("--district", "和平区", "district")],
)
def test_search_place_filters(samples_ix, option, value, field):
    hits = ok_json("search", "社区", option, value, "--limit", "100", "--index", samples_ix)
    assert hits and {h[field] for h in hits} == {value}


def test_search_date_filters(samples_ix):
    hits = ok_json("search", "社区", "--since", "2024-06-01", "--until", "2024-09-30", "-n", "100",
                   "--index", samples_ix)
    dates = {h["date"] for h in hits}
    assert dates and all("2024-06-01" <= d <= "2024-09-30" for d in dates)
    everything = ok_json("search", "社区", "-n", "100", "--index", samples_ix)
    assert len(everything) > len(hits)


def test_since_after_until_is_an_error(samples_ix):
    result = run("search", "社区", "--since", "2024-09-01", "--until", "2024-06-01", "--index", samples_ix)
    assert_error(result, "--since", "--until")


def test_limit(samples_ix):
    assert len(ok_json("search", "社区", "--limit", "2", "--index", samples_ix)) == 2


@pytest.mark.parametrize("value", ["0", "-1"])
def test_limit_below_one_is_a_usage_error(samples_ix, value):
    result = run("search", "社区", "--limit", value, "--index", samples_ix)
    assert result.exit_code == 2
    assert result.stdout == ""


@pytest.mark.parametrize("value", ["2024-13-01", "yesterday", "2024/06/05"])
def test_bad_date_is_a_usage_error(seed_path, value, tmp_path):
    result = run("ingest", seed_path, "--date", value)
    assert result.exit_code == 2
    assert "--date" in result.stderr
    assert not (tmp_path / "index").exists()


def test_bad_since_is_a_usage_error(samples_ix):
    result = run("search", "社区", "--since", "June", "--index", samples_ix)
    assert result.exit_code == 2


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [("search", "电动自行车"), ("timeline", "燕宇"), ("summary",), ("show", "abcdef12"),
     ("stats",), ("communities",), ("export",)],
)
def test_no_index_yet(tmp_path, args):
    result = run(*args)
    assert_error(result, str(tmp_path / "index"), "ingest")


def test_index_option_beats_environment(seed_ix, tmp_path):
    # BULLETIN_INDEX points at an empty tmp folder; --index names the real one.
    assert ok_json("stats", "--index", seed_ix)["articles"] == 7
    assert_error(run("stats"), str(tmp_path / "index"))


def test_missing_file(tmp_path):
    assert_error(run("ingest", "nope.txt", "-q"), "nope.txt")


def test_unreadable_file(tmp_path, deny_read):
    page = tmp_path / "secret.txt"
    page.write_text(SMALL_PAGE, "utf-8")
    deny_read("secret.txt")
    assert_error(run("ingest", page, "-q"), "secret.txt")


def test_binary_file(tmp_path):
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 8)
    assert_error(run("ingest", "blob.txt", "-q"), "blob.txt")
    assert_error(run("stats"), "No index")


def test_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_text("", "utf-8")
    assert_error(run("ingest", "empty.txt", "-q"), "empty.txt")


def test_folder_with_good_and_binary_file(seed_path, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "2024-06-05.txt").write_bytes(seed_path.read_bytes())
    (folder / "broken.txt").write_bytes(b"\x00\xff\x00\x01" * 64)
    result = run("ingest", folder, "-q")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:") and "broken.txt" in result.stderr
    assert "2024-06-05.txt" not in result.stderr
    assert ok_json("stats")["articles"] == 7


def test_undated_page_warns(tmp_path):
    (tmp_path / "page.txt").write_text(SMALL_PAGE, "utf-8")
    result = run("ingest", "page.txt", "-q")
    assert result.exit_code == 0
    assert "Warning:" in result.stderr and "page.txt" in result.stderr and "--date" in result.stderr
    assert result.stdout == ""
    assert ok_json("stats")["undated"] == 1


def test_ingest_from_stdin(tmp_path):
    result = run("ingest", "-", "--date", "2024-06-05", "-q", input=SMALL_PAGE.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    [article] = json.loads(run("export", "-f", "json").stdout)
    assert article["source"] == "<stdin>" and article["date"] == "2024-06-05"


@pytest.mark.parametrize("query", ["", "   ", "，。！？", "、", "“”"])
def test_query_without_words(seed_ix, query):
    assert_error(run("search", query, "--index", seed_ix))


@pytest.mark.parametrize(
    "query", ['"电动自行车', "(电动自行车", "电动自行车)", "((", "))", '"', '电动 "', "电动 OR", "AND", "(电动 OR"]
)
def test_unbalanced_query_answers_or_errors_cleanly(seed_ix, query):
    result = run("search", query, "--index", seed_ix, "-f", "json")
    assert result.exit_code in (0, 1)
    if result.exit_code == 1:
        assert result.stderr.startswith("Error:")
    else:
        assert isinstance(json.loads(result.stdout), list)


def test_unbalanced_quote_still_finds(seed_ix):
    hits = ok_json("search", '"电动自行车', "--index", seed_ix)
    assert hits and hits[0]["community"] == "荣兴温泉公寓社区"


def test_markup_in_query_is_shown_as_is(seed_ix):
    result = run("search", "[bold]x[/]", "--index", seed_ix)
    assert result.exit_code == 0
    assert "[bold]x[/]" in result.stderr


def test_markup_in_page_is_shown_as_is(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # wide enough that no table cell wraps
    page = SMALL_PAGE.replace("楼道隐患清查 安全提示进门", "[bold]整治[/bold] 宣传").replace(
        "社区还将定期回访", "[red]警示[/red]社区还将定期回访"
    )
    (tmp_path / "2024-06-05.txt").write_text(page, "utf-8")
    assert run("ingest", "2024-06-05.txt", "-q").exit_code == 0
    table = run("search", "整治")
    assert table.exit_code == 0
    assert "[bold]整治[/bold]" in table.stdout
    timeline = run("timeline", "荣兴温泉公寓社区")
    assert "[bold]整治[/bold]" in timeline.stdout
    shown = run("show", json.loads(run("export").stdout)["id"])
    assert "[bold]整治[/bold]" in shown.stdout and "[red]警示[/red]" in shown.stdout


def test_other_schema_version(seed_path, tmp_path):
    ix = tmp_path / "index"
    assert run("ingest", seed_path, "--date", "2024-06-05", "-q").exit_code == 0
    meta = ix / index_mod.META_FILE
    data = json.loads(meta.read_text("utf-8"))
    data["schema_version"] = 999
    meta.write_text(json.dumps(data), "utf-8")
    for args in (("search", "电动自行车"), ("stats",), ("export",)):
        assert_error(run(*args), str(ix), "schema version", "999")
    result = run("ingest", seed_path, "--date", "2024-06-05", "-q")
    assert result.exit_code == 1 and "schema version" in result.stderr


def test_not_a_bulletin_index_folder(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    (tmp_path / "page.txt").write_text(SMALL_PAGE, "utf-8")
    assert_error(run("ingest", "page.txt", "--index", folder, "-q"), str(folder))
    assert (folder / "notes.txt").read_text() == "keep me"


def test_show_unknown_and_short_ids(seed_ix):
    assert_error(run("show", "zzzzzzzz", "--index", seed_ix), "zzzzzzzz")
    assert_error(run("show", "ab", "--index", seed_ix), "ab")


def test_timeline_unknown_place(seed_ix):
    assert_error(run("timeline", "火星", "--index", seed_ix), "火星")


def test_unknown_encoding(tmp_path):
    (tmp_path / "page.txt").write_text(SMALL_PAGE, "utf-8")
    assert_error(run("ingest", "page.txt", "--encoding", "klingon", "-q"), "klingon")


def test_timeline_empty_period_is_not_an_error(seed_ix):
    result = run("timeline", "燕宇", "--since", "2030-01-01", "--index", seed_ix, "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "燕宇社区" in result.stderr


@pytest.mark.parametrize("command", [("summary",), ("timeline", "燕宇")])
def test_since_after_until_other_commands(seed_ix, command):
    result = run(*command, "--since", "2024-09-01", "--until", "2024-06-01", "--index", seed_ix)
    assert_error(result, "--since")


def test_search_or_highlights_each_whole_string(seed_ix):
    hits = ok_json("search", "电动自行车 OR 交警", "--index", seed_ix)
    assert {h["community"] for h in hits} == {"荣兴温泉公寓社区", "东莱里社区"}
    for hit in hits:
        assert hit["highlights"]
        assert {hit["snippet"][s:e] for s, e in hit["highlights"]} <= {"电动自行车", "交警"}


def test_search_highlights_overlapping_matches_as_one_span(seed_ix):
    hits = ok_json("search", "自行 OR 行车", "--index", seed_ix)
    assert hits
    for hit in hits:
        assert {hit["snippet"][s:e] for s, e in hit["highlights"]} == {"自行车"}


def test_search_word_arguments_may_start_with_minus(samples_ix):
    # Issue 10: `bulletin search -志愿者 社区` was "No such option: -志".
    hits = ok_json("search", "-志愿者", "社区", "--limit", "100", "--index", samples_ix)
    assert hits == ok_json("search", "社区 -志愿者", "--limit", "100", "--index", samples_ix)
    assert hits and not any("志愿者" in h["body"] or "志愿者" in "".join(h["headline"]) for h in hits)
    everything = ok_json("search", "社区", "--limit", "100", "--index", samples_ix)
    assert len(hits) < len(everything)
    # Options may stand anywhere between the words, with their values.
    assert ok_json("search", "社区", "-n", "2", "-志愿者", "--index", samples_ix) == hits[:2]
    assert ok_json("search", "社区", "-n2", "-志愿者", f"--index={samples_ix}") == hits[:2]


def test_search_several_arguments_are_one_query(seed_ix):
    assert ok_json("search", "电动自行车", "OR", "交警", "--index", seed_ix) == ok_json(
        "search", "电动自行车 OR 交警", "--index", seed_ix
    )


def test_search_mistyped_option_is_still_a_usage_error(seed_ix):
    result = run("search", "社区", "--limt", "2", "--index", seed_ix)
    assert result.exit_code == 2 and "No such option: --limt" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("志愿者 OR",), "OR has no word after it"),
        (("志愿者", "OR"), "OR has no word after it"),
        (("OR", "志愿者"), "OR has no word before it"),
        (("志愿者 AND",), "AND has no word after it"),
        (("志愿者", "NOT"), "NOT has no word after it"),
        (("-志愿者",), "nothing to look for"),
        (("车行道", "REQUIRE", "行车行"), "REQUIRE"),
    ],
)
def test_search_query_errors_are_one_line(seed_ix, args, message):
    result = run("search", *args, "--index", seed_ix)
    assert_error(result, message, "query")
    assert result.stderr.count("\n") == 1


def test_ingest_says_it_waits_for_a_busy_index_then_gives_up(tmp_path, monkeypatch):
    page = tmp_path / "2024-06-05.txt"
    page.write_text(SMALL_PAGE, "utf-8")
    ix = tmp_path / "ix"
    assert run("ingest", page, "--index", ix, "-q").exit_code == 0
    other = tmp_path / "2024-06-06.txt"
    other.write_text(SMALL_PAGE + "\n\n社区还将在冬季增设临时充电点。", "utf-8")
    monkeypatch.setattr(index_mod.folder, "WRITE_TIMEOUT", 0.3)
    with index_mod.folder.write_lock(ix):  # another writer holds the lock
        result = run("ingest", other, "--index", ix, "-q")
    waiting, error = result.stderr.strip().split("\n")
    assert waiting.startswith("Waiting: another bulletin process is writing to")
    assert error.startswith("Error: ") and "is busy" in error
    assert result.exit_code == 1


def test_ingest_into_a_folder_holding_only_a_gitkeep(tmp_path):
    # The repository's index/ holds .gitkeep: `make demo` ingests there on a fresh clone.
    ix = tmp_path / "index"
    ix.mkdir()
    (ix / ".gitkeep").write_text("", "utf-8")
    page = tmp_path / "2024-06-05.txt"
    page.write_text(SMALL_PAGE, "utf-8")
    result = run("ingest", page, "--index", ix, "-q")
    assert result.exit_code == 0, result.stderr
    assert (ix / ".gitkeep").exists()
    assert json.loads(run("stats", "--index", ix, "-f", "json").stdout)["articles"] == 1


@pytest.mark.parametrize(
    "command",
    ["ingest", "remove", "search", "timeline", "summary", "trends", "show", "stats", "communities", "export", "rebuild"],
)
def test_help_names_the_index_default_and_gives_an_example(command, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "$BULLETIN_INDEX, else ./index" in result.stdout
    assert "Example: bulletin" in result.stdout


# --------------------------------------------------------------------------- split

SPLIT_PAGE = DATA / "split_page.txt"  # our own page: kicker, title, subtitle, places, dates, furniture


def _files(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_split_shows_each_article_and_every_dropped_line(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    result = run("split", SPLIT_PAGE)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = "\n".join(line.rstrip() for line in result.stdout.split("\n"))
    for expected in (f"{SPLIT_PAGE} ─", "utf-8 · 2 articles · 3 lines dropped", *SPLIT_PAGE_VIEW):
        assert expected in out, expected
    # BULLETIN_INDEX points at tmp_path/index and the working folder is tmp_path: no index anywhere.
    assert not (tmp_path / "index").exists()
    assert list(tmp_path.iterdir()) == []


def test_split_leaves_an_existing_index_as_it_was(tmp_path):
    ix = tmp_path / "ix"
    page = tmp_path / "2024-06-05.txt"
    page.write_text(SMALL_PAGE, "utf-8")
    assert run("ingest", page, "--index", ix, "-q").exit_code == 0
    before = _files(ix)
    mtimes = {p: p.stat().st_mtime_ns for p in ix.rglob("*")}
    result = run("split", SPLIT_PAGE, page, "--index", ix, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert [p["source"] for p in json.loads(result.stdout)] == [str(SPLIT_PAGE), str(page)]
    assert _files(ix) == before
    assert {p: p.stat().st_mtime_ns for p in ix.rglob("*")} == mtimes
    assert not (tmp_path / "index").exists()


def test_split_json_is_a_list_of_pages_with_export_articles():
    pages = ok_json("split", SPLIT_PAGE)
    assert len(pages) == 1
    page = pages[0]
    assert set(page) == {"source", "encoding", "articles", "furniture"}
    assert (page["source"], page["encoding"]) == (str(SPLIT_PAGE), "utf-8")
    assert page["furniture"] == ["社区周报  2024年6月5日 星期三  第3版", "社区动态", "责任编辑：赵明"]
    first = page["articles"][0]
    assert ARTICLE_FIELDS <= set(first)
    assert (first["kicker"], first["title"], first["subtitle"]) == (
        "河西区大营门街东莱里社区", "工会送来温暖 慰问一线交警", "——社区工会夏季送清凉纪实",
    )
    assert first["captions"] == ["（东莱里社区供图）"] and first["byline"] == "记者 林晓 通讯员 陈默"
    assert "东莱里社区" in run("split", SPLIT_PAGE, "-f", "json").stdout  # no \u escapes


def test_split_json_articles_are_what_ingest_writes(tmp_path):
    page = ok_json("split", SPLIT_PAGE)[0]
    ix = tmp_path / "ix"
    assert run("ingest", SPLIT_PAGE, "--index", ix, "-q").exit_code == 0
    assert page["articles"] == ok_json("export", "--index", ix)


def test_split_csv_rows_in_page_order():
    result = run("split", SPLIT_PAGE, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["kind"], r["line"], r["title"] or r["dropped"]) for r in rows] == [
        ("page furniture", "1", "社区周报  2024年6月5日 星期三  第3版"),
        ("section label", "3", "社区动态"),
        ("article", "5", "工会送来温暖 慰问一线交警"),
        ("article", "15", "红桥区西沽街燕宇社区书屋上新"),
        ("page furniture", "21", "责任编辑：赵明"),
    ]


def test_split_reports_a_bad_file_and_still_shows_the_good_one(tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4 binary")
    result = run("split", bad, SPLIT_PAGE, tmp_path / "missing.txt", "-f", "json")
    assert result.exit_code == 1
    assert [p["source"] for p in json.loads(result.stdout)] == [str(SPLIT_PAGE)]
    errors = result.stderr.strip().split("\n")
    assert len(errors) == 2 and all(e.startswith("Error: ") for e in errors), errors
    assert str(bad) in errors[0] and "PDF" in errors[0]
    assert "missing.txt: no such file" in errors[1]


def test_split_of_bad_files_only_prints_nothing_on_stdout(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", "utf-8")
    assert_error(run("split", empty), f"{empty}: the file is empty")


def test_split_reads_stdin_with_date_and_encoding():
    page = "社区动态\n书屋上新\n本报讯 燕宇社区书屋昨日新添图书三百册。\n"
    result = run("split", "-", "--date", "2024-06-05", "--encoding", "gb18030", "-f", "json",
                 input=page.encode("gb18030"))
    assert result.exit_code == 0, result.stderr
    [reading] = json.loads(result.stdout)
    assert (reading["source"], reading["encoding"], reading["furniture"]) == ("<stdin>", "gb18030", ["社区动态"])
    [article] = reading["articles"]
    assert (article["title"], article["date"], article["event_date"]) == ("书屋上新", "2024-06-05", "2024-06-04")


def test_split_help_gives_an_example_with_chinese_input(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    result = run("split", "--help")
    assert result.exit_code == 0
    assert "Example: printf '社区动态" in result.stdout and "| bulletin split -" in result.stdout


def test_split_with_a_malformed_date_is_a_usage_error():
    result = run("split", SPLIT_PAGE, "--date", "2024-13-01")
    assert result.exit_code == 2 and result.stdout == ""


def test_split_failing_file_system_names_no_index(monkeypatch):
    from bulletin_cli import ingest as ingest_mod

    def broken(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(ingest_mod, "read_pages", broken)
    assert_error(run("split", SPLIT_PAGE), "cannot read the pages (Input/output error)")
    assert "index" not in run("split", SPLIT_PAGE).stderr

# --- places: register names and codes, the user's places, an older index ----------------------

PLACES_PAGE = """滨海高新区渤龙湖街道星光社区举办亲子运动会

本报讯 近日，滨海高新区渤龙湖街道星光社区举办亲子运动会，六十组家庭参加。
"""


def test_json_and_csv_carry_city_province_and_codes(tmp_path):
    ix = tmp_path / "ix"
    assert run("ingest", "-", "--date", "2024-06-05", "--index", ix, "-q", input=SMALL_PAGE).exit_code == 0
    [article] = ok_json("export", "--index", ix)
    assert (article["district"], article["street"], article["community"]) == ("河东区", "大直沽街", "荣兴温泉公寓社区")
    assert (article["city"], article["province"]) == ("天津市", "天津市")
    assert (article["district_code"], article["street_code"]) == ("120102", "120102002")
    rows = list(csv.DictReader(io.StringIO(run("export", "-f", "csv", "--index", ix).stdout)))
    assert (rows[0]["city"], rows[0]["province"], rows[0]["street_code"]) == ("天津市", "天津市", "120102002")
    assert [h["community"] for h in ok_json("search", "社区", "--city", "天津", "--index", ix)] == ["荣兴温泉公寓社区"]
    assert_error(run("search", "社区", "--province", "河北省", "--index", ix), "no province matches '河北省'")


def places_file(tmp_path, text: str):
    path = tmp_path / "places.csv"
    path.write_text(text, "utf-8")
    return path


def test_ingest_with_the_user_s_places(tmp_path, monkeypatch):
    good = places_file(tmp_path, "name,level,parent\n滨海高新区,district,天津市\n渤龙湖街道,street,滨海高新区\n")
    for how in ("option", "environment"):
        ix = tmp_path / how
        args = ["ingest", "-", "--date", "2024-06-05", "--index", ix, "-q"]
        if how == "option":
            args += ["--places", good]
        else:
            monkeypatch.setenv("BULLETIN_PLACES", str(good))
        assert run(*args, input=PLACES_PAGE).exit_code == 0
        rows = ok_json("communities", "--index", ix)
        assert rows == [{"province": "天津市", "city": "天津市", "district": "滨海高新区", "street": "渤龙湖街道",
                         "community": "星光社区", "articles": 1}]
    monkeypatch.delenv("BULLETIN_PLACES")
    without = tmp_path / "without"
    assert run("ingest", "-", "--date", "2024-06-05", "--index", without, "-q", input=PLACES_PAGE).exit_code == 0
    assert ok_json("communities", "--index", without)[0]["district"] == ""  # not in the register


def test_a_bad_places_file_is_one_error_line_and_changes_nothing(tmp_path):
    bad = places_file(tmp_path, "name,level,parent\n滨海高新区,district,天津市\n渤龙湖街道,town,滨海高新区\n")
    ix = tmp_path / "ix"
    result = run("ingest", "-", "--date", "2024-06-05", "--index", ix, "--places", bad, input=PLACES_PAGE)
    assert_error(result, str(bad), "line 3", "town")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not ix.exists()
    assert run("ingest", "-", "--date", "2024-06-05", "--index", ix, "-q", input=SMALL_PAGE).exit_code == 0
    before = ok_json("export", "--index", ix)
    assert_error(run("rebuild", "--index", ix, "--places", bad), str(bad), "line 3")
    assert ok_json("export", "--index", ix) == before


def test_rebuild_converts_a_version_2_index_and_finds_its_places(tmp_path):
    from whoosh import index as whoosh_index

    from bulletin_cli import extract, repair, split

    # Version 2: the schema before city, province and the register codes.
    schema = index_mod.make_schema()
    for name in ("city", "province", "district_code", "street_code", "places"):
        schema.remove(name)
    ix = tmp_path / "ix"
    ix.mkdir()
    [raw] = split.split_articles(repair.repair_text(SMALL_PAGE))
    article = extract.extract_article(raw, "page.txt", 1, None)
    writer = whoosh_index.create_in(str(ix), schema).writer()
    writer.add_document(**{k: v for k, v in index_mod.document(article).items() if k in schema.names()})
    writer.commit()
    (ix / index_mod.META_FILE).write_text(json.dumps({"schema_version": 2}), "utf-8")

    assert_error(run("search", "社区", "--index", ix), "schema version 2", "rebuild")
    result = run("rebuild", "--index", ix)
    assert result.exit_code == 0, result.stderr
    [converted] = ok_json("export", "--index", ix)
    assert (converted["street"], converted["city"], converted["street_code"]) == ("大直沽街", "天津市", "120102002")
    assert [row["street"] for row in ok_json("communities", "--index", ix)] == ["大直沽街道"]


def test_a_version_5_index_is_refused_until_rebuilt(tmp_path, monkeypatch):
    from whoosh import index as whoosh_index

    from bulletin_cli import extract, repair, split
    from bulletin_cli.index import schema as schema_mod

    # Version 5: every jieba word in the word field, stored, and no topics column; written
    # before the index package, its pickled schema names bulletin_cli.index.Counts.
    schema = index_mod.make_schema()
    schema.remove("topics")
    ix = tmp_path / "ix"
    ix.mkdir()
    [raw] = split.split_articles(repair.repair_text(SMALL_PAGE))
    article = extract.extract_article(raw, "page.txt", 1, None)
    monkeypatch.setattr(schema_mod.Counts, "__module__", "bulletin_cli.index")
    writer = whoosh_index.create_in(str(ix), schema).writer()
    writer.add_document(**{k: v for k, v in index_mod.document(article).items() if k in schema.names()})
    writer.commit()
    monkeypatch.undo()
    toc = b"".join(p.read_bytes() for p in ix.glob("*.toc"))
    assert b"bulletin_cli.index" in toc and b"bulletin_cli.index.schema" not in toc
    (ix / index_mod.META_FILE).write_text(json.dumps({"schema_version": 5}), "utf-8")

    assert index_mod.SCHEMA_VERSION == 6
    for command in (["search", "社区"], ["summary"], ["trends"], ["timeline", "荣兴温泉公寓社区"]):
        assert_error(run(*command, "--index", ix), "schema version 5", "needs 6", "run `bulletin rebuild`")
    chinese = run("summary", "--lang", "zh", "--index", ix)
    assert chinese.exit_code == 1 and chinese.stderr.startswith("错误：索引 ") and "结构版本是 5，本程序需要 6" in chinese.stderr
    result = run("rebuild", "--index", ix)
    assert result.exit_code == 0, result.stderr
    data = ok_json("summary", "--index", ix)
    assert data["articles"] == 1 and data["keywords"]


# --- trends, charts, wide search, CSV for Excel (issue 11) --------------------------------


def test_trends_compare_the_latest_month_with_the_year_before(samples_ix):
    data = ok_json("trends", "--index", samples_ix)
    assert data["recent"] == {"period": "2024-12", "articles": 6}
    assert data["base"]["period"] == "2023-12..2024-11" and data["base"]["articles"] == 27
    assert [m["month"] for m in data["span"]][0] == "2023-12" and data["span"][-1] == {"month": "2024-12", "articles": 6}
    for trend in data["rising"] + data["falling"]:
        assert set(trend) == {"term", "recent", "base", "change", "monthly"}
        assert len(trend["monthly"]) == len(data["span"])


def test_trends_periods_and_filters(samples_ix):
    data = ok_json("trends", "--period", "2024-11..2024-12", "--base", "2024-05..2024-07", "--district", "红桥区",
                   "--index", samples_ix)
    assert data["recent"]["period"] == "2024-11..2024-12" and data["base"]["period"] == "2024-05..2024-07"
    timeline = ok_json("timeline", "红桥区", "--index", samples_ix)
    assert data["recent"]["articles"] == sum(a["date"] >= "2024-11" for a in timeline)
    assert data["base"]["articles"] == sum("2024-05" <= a["date"][:7] <= "2024-07" for a in timeline)


def test_trends_table_shows_the_chart_and_both_periods(samples_ix):
    result = run("trends", "--period", "2024-11..2024-12", "--base", "2024-05..2024-07", "--index", samples_ix)
    assert result.exit_code == 0
    assert "articles per month" in result.stdout
    assert "2024-11..2024-12: 11 articles; 2024-05..2024-07: 17 articles" in result.stdout


@pytest.mark.parametrize("period", ["2024-13", "11/2024", "2024-12..2024-01"])
def test_a_malformed_period_is_a_usage_error(samples_ix, period):
    result = run("trends", "--period", period, "--index", samples_ix)
    assert result.exit_code == 2 and "period" in result.stderr


def test_trends_of_nothing_is_not_an_error(samples_ix):
    result = run("trends", "火星基地", "--index", samples_ix)
    assert result.exit_code == 0 and "No article matches" in result.stderr


def test_summary_json_gives_each_keyword_per_month(samples_ix):
    data = ok_json("summary", "--since", "2024-07-01", "--until", "2024-07-31", "--index", samples_ix)
    assert data["months"] == [{"month": "2024-07", "articles": 6}]
    # The charts' months reach back 12 months, or to the first month of the archive.
    assert [m["month"] for m in data["span"]] == ["2024-05", "2024-06", "2024-07"]
    for keyword in data["keywords"]:
        assert len(keyword["monthly"]) == 3 and keyword["monthly"][2] == keyword["articles"]


def test_summary_table_shows_chart_and_sparklines(samples_ix):
    result = run("summary", "--since", "2024-07-01", "--until", "2024-07-31", "--index", samples_ix)
    assert "articles per month" in result.stdout and "bold: 2024-07" in result.stdout
    assert "share per month" in result.stdout


def test_timeline_table_shows_the_chart(samples_ix):
    result = run("timeline", "燕宇社区", "--index", samples_ix)
    assert result.stdout.index("articles per month") < result.stdout.index("燕宇社区: 5 articles")


def test_search_wide_gives_the_whole_place(samples_ix):
    narrow = run("search", "电动自行车", "--district", "河东区", "--index", samples_ix).stdout
    wide = run("search", "电动自行车", "--district", "河东区", "--wide", "--index", samples_ix).stdout
    assert "place" in wide and "snippet" in wide
    assert "community" in narrow and "title · snippet" in narrow
    assert len(wide.splitlines()) > len(narrow.splitlines())


@pytest.mark.parametrize("command", [["search", "电动自行车"], ["summary"], ["timeline", "燕宇社区"], ["communities"],
                                     ["stats"], ["trends"]])
def test_csv_with_bom_for_excel(samples_ix, command):
    plain = run(*command, "-f", "csv", "--index", samples_ix).stdout
    marked = run(*command, "-f", "csv", "--bom", "--index", samples_ix).stdout
    assert not plain.startswith("\ufeff")
    assert marked == "\ufeff" + plain
    by_env = runner.invoke(app, [*command, "-f", "csv", "--index", samples_ix], env={"BULLETIN_CSV_BOM": "1"}).stdout
    assert by_env == marked


def test_bom_only_ever_marks_csv(samples_ix):
    assert run("summary", "-f", "json", "--bom", "--index", samples_ix).stdout.startswith("{")


def test_export_csv_with_bom(samples_ix):
    out = run("export", "-f", "csv", "--bom", "--index", samples_ix).stdout
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert out.startswith("\ufeffid,") and len(rows) == 33


# --------------------------------------------------------------------------- pages changed, removed


def export_lines(ix) -> list[str]:
    result = run("export", "--index", ix)
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def edit_a_body(page) -> None:
    text = page.read_text("utf-8")
    at = text.index("。", text.index("本报讯"))
    page.write_text(text[:at] + "！" + text[at + 1:], "utf-8")


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "pages"
    shutil.copytree(SAMPLES, folder)
    return folder


def test_an_edited_page_ingested_again_replaces_its_articles(pages, tmp_path):
    ix = tmp_path / "ix"
    assert run("ingest", pages, "--index", ix, "-q").exit_code == 0
    edit_a_body(pages / "2024-09-18.txt")
    result = run("ingest", pages / "2024-09-18.txt", "--index", ix)
    assert result.exit_code == 0, result.stderr
    assert "1 added, 0 updated" in result.stderr and "1 removed" in result.stderr
    assert ok_json("stats", "--index", ix)["articles"] == 33
    assert run("ingest", pages, "--index", tmp_path / "fresh", "-q").exit_code == 0
    assert export_lines(ix) == export_lines(tmp_path / "fresh")


def test_remove_a_page_and_an_article(pages, tmp_path):
    ix = tmp_path / "ix"
    assert run("ingest", pages, "--index", ix, "-q").exit_code == 0
    before = export_lines(ix)
    page = str(pages / "2024-06-12.txt")
    article = next(json.loads(line) for line in before if json.loads(line)["source"] != page)
    result = run("remove", page, article["id"][:6], "--index", ix)
    assert result.exit_code == 0, result.stderr
    gone = [line for line in before if json.loads(line)["source"] == page or json.loads(line)["id"] == article["id"]]
    assert len(gone) > 2 and result.stderr.strip() == f"removed {len(gone)} articles ({ix})"
    assert export_lines(ix) == [line for line in before if line not in gone]
    # What is left is what ingesting the other pages gives.
    (pages / "2024-06-12.txt").unlink()
    assert run("ingest", pages, "--index", ix, "-q").exit_code == 0
    assert run("ingest", pages, "--index", tmp_path / "fresh", "-q").exit_code == 0
    assert export_lines(ix) == export_lines(tmp_path / "fresh")
    # The folder as ingested removes every page read from it.
    assert run("remove", pages, "--index", ix, "-q").exit_code == 0
    assert export_lines(ix) == []


def test_remove_what_is_not_there_is_an_error_and_removes_nothing(samples_ix, tmp_path):
    before = export_lines(samples_ix)
    assert_error(run("remove", "samples/2099-01-01.txt", "--index", samples_ix), "nothing removed", "2099-01-01.txt")
    first = json.loads(before[0])
    assert_error(run("remove", first["source"], "ffffffffff", "--index", samples_ix), "'ffffffffff' is not a source")
    assert_error(run("remove", "abc", "--index", samples_ix), "'abc'")
    assert export_lines(samples_ix) == before
    assert_error(run("remove", "x.txt", "--index", tmp_path / "none"), "No index")


def test_export_rebuild_then_an_edited_page_ingested_again(pages, tmp_path):
    ix, restored = tmp_path / "ix", tmp_path / "restored"
    assert run("ingest", pages, "--index", ix, "-q").exit_code == 0
    backup = tmp_path / "backup.jsonl"
    backup.write_text("\n".join(export_lines(ix)) + "\n", "utf-8")
    assert run("rebuild", "--index", restored, "--from", backup).exit_code == 0
    assert export_lines(restored) == export_lines(ix)
    edit_a_body(pages / "2024-07-10.txt")
    for path in (ix, restored):
        assert run("ingest", pages, "--index", path, "-q").exit_code == 0
    assert run("ingest", pages, "--index", tmp_path / "fresh", "-q").exit_code == 0
    assert export_lines(restored) == export_lines(ix) == export_lines(tmp_path / "fresh")


def test_remove_counts_in_the_language_asked(pages, tmp_path):
    ix = tmp_path / "ix"
    assert run("ingest", pages, "--index", ix, "-q").exit_code == 0
    first, second = (json.loads(line)["id"] for line in export_lines(ix)[:2])
    assert run("remove", first, "--index", ix).stderr.strip() == f"removed 1 article ({ix})"
    assert run("remove", second, "--lang", "zh", "--index", ix).stderr.strip() == f"已移除 1 篇文章（{ix}）"
