"""Tests of the scale benchmark's pieces (benchmarks/make_archive.py, run.py, peers/).

No timings are asserted: these check that the harness builds the pages it says it builds,
that the peers answer, and that recall, precision and the table are computed right.
"""

import gzip
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import needs_shared

from bulletin_cli import ingest, read

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"


def load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


sys.path.insert(0, str(BENCH))
ma = load("make_archive", BENCH / "make_archive.py")
run = load("bench_run", BENCH / "run.py")
fts5 = load("bench_fts5", BENCH / "peers" / "fts5.py")

RECORDS = [
    {"date": "2020-01-01", "num": 1, "title": "全国志愿服务工作会议召开",
     "body": "央视网消息（新闻联播）：全国志愿服务工作会议今天在北京召开。\n会议要求，推动志愿服务进社区。"},
    {"date": "2020-01-01", "num": 2, "title": "完整版视频", "body": ""},
    {"date": "2020-01-01", "num": 3, "title": "社区养老服务网络加快建设",
     "body": "中国网络电视台消息(新闻联播)：\n各地加快建设社区养老服务网络。\n\n老人在家门口就能吃上热饭。"},
    {"date": "2020-01-02", "num": 1, "title": "电动自行车新国标实施",
     "body": "央视网消息(新闻联播):电动自行车新国标今天起实施。\n志愿者上门宣传，服务居民。"},
    {"date": "2020-01-03", "num": 1, "title": "春运开始", "body": "央视网(新闻联播)消息：春运今天开始。"},
    {"date": "2020-01-04", "num": 1, "title": "冬季风光", "body": "北方多地迎来降雪。"},
]


def write_corpus(path: Path, records=RECORDS) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.fixture
def archives(tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl.gz")
    root = tmp_path / "data"
    metas = ma.build(corpus, root, small_days=2)
    return root, metas


# --------------------------------------------------------------------------- make_archive


@pytest.mark.parametrize("text", [
    "央视网消息（新闻联播）：正文", "央视网消息(新闻联播)：正文", "中国网络电视台消息(新闻联播)：正文",
    "央视网消息(新闻联播):正文", "中国网络电视台(新闻联播)：正文", "央视网(新闻联播)消息：正文",
    "中国网络电视台消息：正文", "央视网消息(新闻联播）：正文",
])
def test_strip_prefix_variants(text):
    assert ma.strip_prefix(text) == "正文"


def test_strip_prefix_keeps_other_openings():
    assert ma.strip_prefix("本台消息：正文") == "本台消息：正文"
    assert ma.strip_prefix("新闻联播今天播出") == "新闻联播今天播出"


def test_gold_articles_skip_empty_bodies_and_number_in_order():
    gold = list(ma.gold_articles(RECORDS))
    assert [a.gid for a in gold] == [0, 1, 2, 3, 4]
    assert "完整版视频" not in [a.title for a in gold]
    assert gold[0].body == "全国志愿服务工作会议今天在北京召开。\n会议要求，推动志愿服务进社区。"
    assert gold[1].body == "各地加快建设社区养老服务网络。\n老人在家门口就能吃上热饭。"  # prefix alone on its line
    assert gold[2].file == "2020/2020-01-02.txt"


def test_page_layout():
    gold = list(ma.gold_articles(RECORDS))[:2]
    assert ma.page_text(gold) == (
        "全国志愿服务工作会议召开\n\n全国志愿服务工作会议今天在北京召开。\n\n会议要求，推动志愿服务进社区。"
        "\n\n\n社区养老服务网络加快建设\n\n各地加快建设社区养老服务网络。\n\n老人在家门口就能吃上热饭。\n"
    )


def test_build_writes_pages_gold_and_meta(archives):
    root, metas = archives
    assert metas["full"]["pages"] == 3 and metas["full"]["articles"] == 4  # the last day is held out
    assert metas["full-next"] == {**metas["full-next"], "pages": 1, "articles": 1, "first_date": "2020-01-04"}
    assert metas["small"]["pages"] == 2 and metas["small-next"]["first_date"] == "2020-01-03"
    pages = sorted(p.relative_to(root / "full").as_posix() for p in (root / "full").rglob("*.txt"))
    assert pages == ["2020/2020-01-01.txt", "2020/2020-01-02.txt", "2020/2020-01-03.txt"]
    gold = [json.loads(line) for line in (root / "full.gold.jsonl").read_text("utf-8").splitlines()]
    assert [g["gid"] for g in gold] == [0, 1, 2, 3]
    assert set(gold[0]) == {"gid", "title", "body", "date", "file"}
    text_bytes = sum(p.stat().st_size for p in (root / "full").rglob("*.txt"))
    assert metas["full"]["text_bytes"] == text_bytes
    # Every gold title and paragraph is on the page it names.
    for g in gold:
        page = (root / "full" / g["file"]).read_text("utf-8")
        assert all(line in page.split("\n") for line in (g["title"], *g["body"].split("\n")))


def test_build_is_idempotent_and_force_rebuilds(archives, tmp_path):
    root, metas = archives
    stamp = (root / "full.meta.json").stat().st_mtime_ns
    assert ma.build(tmp_path / "absent.jsonl.gz", root, small_days=2) == metas  # nothing read
    assert (root / "full.meta.json").stat().st_mtime_ns == stamp
    write_corpus(tmp_path / "corpus.jsonl.gz", RECORDS[:4] + RECORDS[5:])
    rebuilt = ma.build(tmp_path / "corpus.jsonl.gz", root, small_days=1, force=True)
    assert rebuilt["full"]["articles"] == 3 and rebuilt["small"]["pages"] == 1


def test_build_without_corpus_says_where(tmp_path):
    with pytest.raises(FileNotFoundError, match="shared"):
        ma.build(tmp_path / "nope.jsonl.gz", tmp_path / "data")


def test_bulletin_reads_the_pages_as_their_gold_articles(archives):
    root, _ = archives
    gold = [json.loads(line) for line in (root / "full.gold.jsonl").read_text("utf-8").splitlines()]
    for file in sorted({g["file"] for g in gold}):
        articles = ingest.articles_of(read.read_source(str(root / "full" / file)))
        expected = [g for g in gold if g["file"] == file]
        assert [a.title for a in articles] == [g["title"] for g in expected]
        assert [a.body for a in articles] == [g["body"] for g in expected]
        assert {a.date for a in articles} == {expected[0]["date"]}


# --------------------------------------------------------------------------- peers


def test_fts5_peer_phrase_match_and_short_query_fallback(archives, tmp_path):
    root, _ = archives
    index = str(tmp_path / "fts")
    assert fts5.ingest(str(root / "full.gold.jsonl"), index) == 4
    assert set(fts5.search("志愿服务", index, 0)["hits"]) == {0}
    assert fts5.search("志愿 服务", index, 0)["total"] == 0  # one phrase, not two words
    assert set(fts5.search("社区", index, 0)["hits"]) == {0, 1}  # LIKE below 3 characters
    assert fts5.search("社区", index, 0, match_only=True)["total"] == 0  # the trigram failure
    assert fts5.search("社区", index, 1)["total"] == 2 and len(fts5.search("社区", index, 1)["hits"]) == 1
    fts5.ingest(str(root / "full-next.gold.jsonl"), index)  # appends one more day
    assert fts5.search("降雪", index, 0)["hits"] == [4]


def test_grep_peer_lists_pages_and_exits_1_on_no_match(archives):
    root, _ = archives
    script = str(BENCH / "peers" / "grep.sh")
    found = subprocess.run([script, "search", "志愿", str(root / "full")], check=False, capture_output=True, text=True)
    assert found.returncode == 0
    assert sorted(Path(p).name for p in found.stdout.split()) == ["2020-01-01.txt", "2020-01-02.txt"]
    none = subprocess.run([script, "search", "燕宇社区", str(root / "full")], check=False, capture_output=True, text=True)
    assert (none.returncode, none.stdout) == (1, "")
    assert subprocess.run([script, "ingest", str(root / "full")], check=False, capture_output=True).returncode == 0


def test_naive_peer_indexes_and_searches(archives, tmp_path):
    root, _ = archives
    script = str(BENCH / "peers" / "naive_whoosh.py")
    index = str(tmp_path / "naive")
    subprocess.run([sys.executable, script, "ingest", str(root / "full.gold.jsonl"), "--index", index], check=True,
                   capture_output=True)
    out = subprocess.run([sys.executable, script, "search", "电动自行车", "--index", index, "--limit", "0"],
                         check=True, capture_output=True, text=True).stdout
    assert 2 in json.loads(out)["hits"]


# --------------------------------------------------------------------------- run.py


def test_fold_and_article_text():
    assert run.fold("ＡＢＣ　１９９８") == "abc 1998"
    article = {"headline": ["社区新闻", "副题"], "dateline": "本报讯", "body": "正文\n第二段",
               "captions": ["图为志愿者"], "byline": "（王明）"}
    text = run.article_text(article)
    assert all(part in text for part in ("社区新闻", "副题", "本报讯", "第二段", "图为志愿者", "王明"))
    assert "副题本报讯" not in text  # fields never run together into false matches


def test_containing_and_accuracy():
    texts = [(1, "志愿服务进社区"), (2, "志愿者服务"), (3, run.fold("ｓｈｅｑｕ 社区"))]  # texts come folded
    found = run.containing(texts, ["志愿服务", "社区", "SHEQU"])
    assert found == {"志愿服务": {1}, "社区": {1, 3}, "SHEQU": {3}}
    a = run.accuracy([1, 2, 5], {1, 3})
    assert (a.hits, a.truth, a.over, a.under) == (3, 2, 2, 1)
    assert a.precision == pytest.approx(1 / 3) and a.recall == pytest.approx(1 / 2) and not a.exact
    assert run.accuracy([], set()).exact and run.accuracy([], set()).recall == 1.0


def test_parse_time_output():
    assert run.parse_time_output("2048 1.50 0.25\n") == (2.0, 1.75)
    assert run.parse_time_output("Command exited with non-zero status 1\n1024 0.00 0.01\n") == (1.0, 0.01)
    assert run.parse_time_output("") == (None, None)


def test_measure_a_child_process():
    m = run.measure([sys.executable, "-c", "import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)"])
    assert (m.returncode, m.stdout.strip(), m.stderr.strip().splitlines()[0]) == (3, "out", "err")
    assert m.wall > 0
    if os.access(run.TIME, os.X_OK):
        assert m.peak_mib is not None and m.peak_mib > 1 and m.cpu is not None


def test_measure_reports_the_child_not_the_harness():
    """A child must not inherit the harness's high-water mark (as os.wait4 would report it)."""
    if not os.access(run.TIME, os.X_OK):
        pytest.skip(f"{run.TIME} is not here")
    ballast = bytearray(200 * 1024 * 1024)
    ballast[:: 4096] = b"\x01" * len(ballast[:: 4096])
    m = run.measure(["/bin/true"])
    assert m.peak_mib is not None and m.peak_mib < 100
    del ballast


def test_tree_memory_sums_children():
    if not Path(f"/proc/{os.getpid()}/status").exists():
        pytest.skip("no /proc on this system")
    code = "import subprocess, sys; subprocess.run([sys.executable, '-c', 'import time; time.sleep(1)'])"
    m = run.measure([sys.executable, "-c", code], sample_tree=True, interval=0.05)
    assert m.tree_mib is not None and m.tree_mib > (m.peak_mib or 0) * 1.2  # two interpreters


def test_whoosh_segments(tmp_path):
    for name in ("MAIN_abc123.seg", "MAIN_def456.trm", "MAIN_def456.pst", "MAIN_def456._stored.col",
                 "_MAIN_3.toc", "MAIN_WRITELOCK", "bulletin.json"):
        (tmp_path / name).write_text("")
    assert run.whoosh_segments(tmp_path) == 2
    assert run.whoosh_segments(tmp_path / "absent") == 0


def test_busiest_place_month_and_range():
    rows = [{"district": "河东区", "street": "", "community": "甲社区", "articles": 3},
            {"district": "", "street": "", "community": "乙社区", "articles": 2},
            {"district": "河西区", "street": "", "community": "乙社区", "articles": 2},
            {"district": "", "street": "", "community": "", "articles": 50}]
    assert run.busiest_place(rows, "community") == ("乙社区", 4)
    assert run.busiest_place(rows, "district") == ("河东区", 3)
    assert run.busiest_place(rows, "street") == ("", 0)
    assert run.busiest_month(["2020/2020-01-01.txt", "2020/2020-02-01.txt", "2020/2020-02-03.txt"]) == "2020-02"
    assert run.month_range("2024-02") == ("2024-02-01", "2024-02-29")
    assert run.month_range("2023-12") == ("2023-12-01", "2023-12-31")


def test_table_aligns_chinese_and_marks_targets():
    rows = [run.Row("search 社区, s", {"ours": "0.12", "fts5": "0.10"}, "1.20 x fts5", "<= 0.25 s", True),
            run.Row("ingest, peak MiB", {"ours": "612"}, "", "<= 500", False),
            run.Row("segments", {"ours": "1 -> 2"}, target="bounded")]
    lines = run.render_table(rows, ["ours", "fts5"]).splitlines()
    columns = {run.width(line[: line.index(value)]) for line, value in zip(lines[2:], ("0.12", "612", "1 -> 2"))}
    assert len(columns) == 1  # the ours column starts at one display width, wide characters counted twice
    assert lines[2].endswith("yes") and lines[3].endswith("NO") and lines[4].endswith("bounded")
    markdown = run.render_table(rows, ["ours", "fts5"], markdown=True).splitlines()
    assert markdown[0] == "| measure | ours | fts5 | ratio | target | met |"
    assert markdown[2].startswith("| search 社区, s | 0.12 | 0.10 |")


def test_fmt_numbers():
    assert [run.fmt_s(x) for x in (0.0456, 0.25, 3.14159, 42.42, 371.6, None)] == ["0.046", "0.25", "3.14", "42.4", "372", "—"]


# --------------------------------------------------------------------------- the real corpus


def test_real_corpus_prefixes_are_stripped():
    corpus = needs_shared(ma.CORPUS)
    records = []
    for record in ma.read_records(corpus):
        records.append(record)
        if len(records) == 3000:
            break
    for article in ma.gold_articles(records):
        assert "新闻联播)" not in article.body[:20] and "新闻联播）" not in article.body[:20], article.body[:40]


def test_compare_results_finds_a_changed_answer(tmp_path):
    compare = load("compare_results", BENCH / "compare_results.py")
    path = tmp_path / "ix"
    ingest.ingest([str(ROOT / "samples")], path)
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    compare.record(path, first)
    compare.record(path, second)
    assert compare.compare(first, second) == 0
    answers = json.loads(second.read_text("utf-8"))
    assert answers["社区"]["total"] > 0 and answers["summary:"]
    answers["社区"]["ids"] = answers["社区"]["ids"][1:]  # one hit lost
    second.write_text(json.dumps(answers, ensure_ascii=False), "utf-8")
    assert compare.compare(first, second) == 1


def test_startup_measures_imports_and_a_search(tmp_path):
    startup = load("bench_startup", BENCH / "startup.py")
    path = tmp_path / "ix"
    ingest.ingest([str(ROOT / "samples")], path)
    bulletin = Path(sys.executable).parent / "bulletin"
    rows = dict(startup.measure(sys.executable, str(bulletin) if bulletin.exists() else None, path, runs=1))
    assert set(startup.IMPORTS) <= set(rows)
    assert all(seconds > 0 for seconds in rows.values())
    assert any(name.startswith("bulletin search") for name in rows) == bulletin.exists()


def test_profile_write_says_how_to_build_the_archive_when_missing(tmp_path, monkeypatch, capsys):
    profile = load("bench_profile_write", BENCH / "profile_write.py")
    monkeypatch.setattr(profile, "ARCHIVE", tmp_path / "none")
    assert profile.main(["--files", "1"]) == 1
    assert "make_archive.py" in capsys.readouterr().err


def test_profile_write_profiles_a_batch(tmp_path, monkeypatch, capsys):
    profile = load("bench_profile_write", BENCH / "profile_write.py")
    archive = tmp_path / "small" / "2024"
    archive.mkdir(parents=True)
    for page in sorted((ROOT / "samples").glob("*.txt"))[:2]:
        (archive / page.name).write_bytes(page.read_bytes())
    monkeypatch.setattr(profile, "ARCHIVE", tmp_path / "small")
    assert profile.main(["--files", "2", "--top", "5"]) == 0
    out = capsys.readouterr().out
    assert "from 2 pages written" in out and "write_articles" in out


def test_compare_speed_times_two_builds_and_checks_their_hits(tmp_path, capsys):
    speed = load("bench_compare_speed", BENCH / "compare_speed.py")
    path = tmp_path / "ix"
    ingest.ingest([str(ROOT / "samples")], path)
    builds = [tmp_path / "old", tmp_path / "new"]
    for build in builds:
        shutil.copytree(ROOT / "bulletin_cli", build / "bulletin_cli", ignore=shutil.ignore_patterns("__pycache__"))
    assert speed.main([str(path), *map(str, builds), "社区", "社区 -活动", "--runs", "1", "--calls", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line for line in lines if line.startswith("社区")]
    assert len(rows) == 2 and all(" same " in row for row in rows), lines
