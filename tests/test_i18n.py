"""Language: Chinese headers, count lines and messages under a Chinese locale or --lang zh,
English otherwise; JSON and CSV keys stay English; English plurals."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from bulletin_cli import i18n
from bulletin_cli.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def samples_ix(tmp_path_factory):
    path = tmp_path_factory.mktemp("i18n-samples") / "index"
    result = runner.invoke(app, ["ingest", str(SAMPLES), "--index", str(path), "-q"])
    assert result.exit_code == 0, result.output
    return str(path)


def run(*args, env=None):
    result = runner.invoke(app, [str(a) for a in args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


ZH = {"LANG": "zh_CN.UTF-8"}


@pytest.mark.parametrize(
    "environ, language",
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL wins, as in POSIX
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({}, "en"),
    ],
)
def test_the_locale_picks_the_language(environ, language):
    assert i18n.from_locale(environ) == language


def test_english_plurals():
    i18n.use("en")
    assert [i18n.count(n, "article") for n in (0, 1, 2)] == ["0 articles", "1 article", "2 articles"]
    assert i18n.count(1, "source") == "1 source" and i18n.count(3, "place") == "3 places"


@pytest.mark.parametrize("args", [["search", "电动自行车"], ["timeline", "燕宇社区"], ["summary"], ["trends"],
                                  ["stats"], ["communities"]])
def test_tables_are_in_chinese_under_a_chinese_locale(samples_ix, args):
    chinese = run(*args, "--index", samples_ix, env=ZH)
    english = run(*args, "--index", samples_ix, "--lang", "en", env=ZH)
    assert chinese.exit_code == english.exit_code == 0, chinese.output
    assert chinese.stdout != english.stdout
    for word in ("articles", "date", "keyword", "community", "first sentence"):
        assert word not in chinese.stdout, (word, chinese.stdout)


def test_count_lines_and_headers_in_chinese(samples_ix):
    out = run("search", "电动自行车", "--index", samples_ix, "--lang", "zh").stdout
    assert out.splitlines()[0].strip().startswith("共 6 篇文章，显示 6 篇")
    assert "日期" in out and "社区" in out and "编号" in out
    out = run("timeline", "燕宇社区", "--index", samples_ix, "--lang", "zh").stdout
    assert "燕宇社区：5 篇文章" in out and "每月文章数" in out
    out = run("summary", "--community", "荣兴温泉公寓社区", "--index", samples_ix, "--lang", "zh").stdout
    assert "4 篇文章的关键词" in out and "关键词" in out and "每月占比" in out


def test_lang_overrides_the_locale(samples_ix):
    out = run("summary", "--community", "荣兴温泉公寓社区", "--index", samples_ix, "--lang", "en", env=ZH).stdout
    assert "keywords of 4 articles" in out


def test_messages_in_chinese(samples_ix, tmp_path):
    result = run("search", "火星基地", "--index", samples_ix, env=ZH)
    assert result.exit_code == 0 and "没有文章包含 '火星基地'。" in result.stderr
    result = run("timeline", "火星", "--index", samples_ix, env=ZH)
    assert result.exit_code == 1 and result.stderr.startswith("错误：没有与 '火星' 相符的地点")
    result = run("search", "电动自行车", "--index", tmp_path / "none", env=ZH)
    assert result.exit_code == 1 and result.stderr.startswith("错误：") and "bulletin ingest" in result.stderr


def test_an_untranslated_error_keeps_its_english_text(samples_ix):
    result = run("show", "zz", "--index", samples_ix, env=ZH)
    assert result.exit_code == 1 and result.stderr.startswith("错误：article id 'zz' is too short")


@pytest.mark.parametrize("args", [["search", "电动自行车"], ["summary"], ["trends"], ["stats"]])
def test_json_keys_stay_english(samples_ix, args):
    english = run(*args, "--index", samples_ix, "-f", "json").stdout
    chinese = run(*args, "--index", samples_ix, "-f", "json", env=ZH).stdout
    assert json.loads(chinese) == json.loads(english)


def test_csv_header_stays_english(samples_ix):
    out = run("summary", "--index", samples_ix, "-f", "csv", "--lang", "zh").stdout
    assert out.splitlines()[0] == "term,weight,articles"
