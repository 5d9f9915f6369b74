"""The query language: text -> tree of strings, its errors, and the formula it stands for."""

from __future__ import annotations

import pytest

from bulletin_cli.errors import QueryError
from bulletin_cli.syntax import And, Not, Or, Word, holds, looked_for, parse


def w(text: str) -> Word:
    return Word(text)


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("电动自行车", w("电动自行车")),
        ("电动自行车 充电", And((w("电动自行车"), w("充电")))),
        ("电动自行车 AND 充电", And((w("电动自行车"), w("充电")))),
        ("志愿者 OR 义工", Or((w("志愿者"), w("义工")))),
        # OR binds tighter than a space, AND tighter than OR (as Whoosh's parser reads them).
        ("社区 志愿者 OR 义工", And((w("社区"), Or((w("志愿者"), w("义工")))))),
        ("志愿者 OR 义工 社区", And((Or((w("志愿者"), w("义工"))), w("社区")))),
        ("社区 AND 志愿者 OR 义工", Or((And((w("社区"), w("志愿者"))), w("义工")))),
        ("志愿者 OR 义工 AND 社区", Or((w("志愿者"), And((w("义工"), w("社区")))))),
        ("(志愿者 OR 义工) AND 社区", And((Or((w("志愿者"), w("义工"))), w("社区")))),
        # -x and NOT x are the same, wherever they stand.
        ("社区 -培训", And((w("社区"), Not(w("培训"))))),
        ("社区 NOT 培训", And((w("社区"), Not(w("培训"))))),
        ("社区 AND NOT 培训", And((w("社区"), Not(w("培训"))))),
        ("社区 OR -培训", Or((w("社区"), Not(w("培训"))))),
        ("社区 OR NOT 培训", Or((w("社区"), Not(w("培训"))))),
        ("社区 -(培训 OR 讲座)", And((w("社区"), Not(Or((w("培训"), w("讲座"))))))),
        ('社区 -"防汛 演练"', And((w("社区"), Not(And((w("防汛"), w("演练"))))))),
        ("社区 NOT NOT 培训", And((w("社区"), w("培训")))),
        ("社区 -(-培训)", And((w("社区"), w("培训")))),
        # A - inside a word, or not before a word, separates like punctuation.
        ("wi-fi覆盖", And((w("wi"), w("fi覆盖")))),
        ("社区 - 培训", And((w("社区"), w("培训")))),
        # Quotes: one string; broken by a space or punctuation, a group that must all match.
        ('"深入浅出的讲座"', w("深入浅出的讲座")),
        ('义工 OR "深入浅出的，讲座"', Or((w("义工"), And((w("深入浅出的"), w("讲座")))))),
        ('“电动自行车”', w("电动自行车")),
        ('"OR" or', And((w("or"), w("or")))),
        # Punctuation separates words; width and case are folded.
        ("电动自行车、充电", And((w("电动自行车"), w("充电")))),
        ("title:电动", And((w("title"), w("电动")))),
        ("社区^3 电动*", And((w("社区"), w("3"), w("电动")))),
        ("ＡＢＣ小区 １９９８", And((w("abc小区"), w("1998")))),
        ("社区 ＯＲ 居民", Or((w("社区"), w("居民")))),
        ("（志愿者 ＯＲ 义工） －培训", And((Or((w("志愿者"), w("义工"))), Not(w("培训"))))),
        # Lenient: an open quote or parenthesis closes at the end, a stray ) is ignored.
        ('"电动自行车', w("电动自行车")),
        ("(电动 OR 充电", Or((w("电动"), w("充电")))),
        ("电动自行车)", w("电动自行车")),
        ("电动 () 充电", And((w("电动"), w("充电")))),
    ],
)
def test_parse(query, tree):
    assert parse(query) == tree


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("志愿者 OR", "OR has no word after it"),
        ("OR 志愿者", "OR has no word before it"),
        ("OR", "OR has no word before it"),
        ("志愿者 AND", "AND has no word after it"),
        ("AND 志愿者", "AND has no word before it"),
        ("志愿者 OR OR 义工", "OR has no word after it"),
        ("志愿者 AND OR 义工", "AND has no word after it"),
        ("(OR 志愿者)", "OR has no word before it"),
        ("志愿者 OR ()", "OR has no word after it"),
        ("志愿者 NOT", "NOT has no word after it"),
        ("志愿者 OR NOT", "NOT has no word after it"),
        ("车行道 REQUIRE 行车行", "REQUIRE in query"),
        ("车行道 ANDMAYBE 行车行", "ANDMAYBE in query"),
        ("车行道 ANDNOT 行车行", "ANDNOT in query"),
        ("", "has no words"),
        ("，。！", "has no words"),
        ('""', "has no words"),
        ("()", "has no words"),
        ("-志愿者", "nothing to look for"),
        ("NOT 志愿者 -义工", "nothing to look for"),
        ("-(志愿者 OR 义工)", "nothing to look for"),
        ("电" * 1001, "1001 characters"),
    ],
)
def test_parse_errors(query, message):
    with pytest.raises(QueryError, match=message):
        parse(query)


def test_operator_errors_say_how_to_search_for_the_word():
    with pytest.raises(QueryError) as info:
        parse("志愿者 OR")
    assert str(info.value) == (
        "query '志愿者 OR': OR has no word after it; put a word on each side of OR, "
        'or write "OR" in quotes to search for the word'
    )
    assert parse('志愿者 "OR"') == And((w("志愿者"), w("or")))


def test_a_or_minus_b_is_a_real_or():
    tree = parse("社区 OR -培训")
    assert holds(tree, "社区培训") and holds(tree, "居民") and not holds(tree, "培训")
    assert tree == parse("社区 OR NOT 培训")


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("节前 -出一", "母亲节前夕,孩子们做出一张贺卡", False),
        ("节前 -出一", "端午节前夕", True),
        ("(自行 OR 行车) -电动", "自行车", True),
        ("自行 行车 -(电动 OR 充电)", "电动自行车", False),
        ("NOT (NOT 自行 OR 电动)", "自行车", True),
    ],
)
def test_holds(query, text, expected):
    assert holds(parse(query), text) is expected


def test_looked_for_lists_what_is_not_excluded():
    assert looked_for(parse('电动自行车 OR "飞线 充电" -楼道 -(NOT 电动自行车)')) == ["电动自行车", "飞线", "充电"]
