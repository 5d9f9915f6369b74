"""keywords: which words stand out in a selection, and which rose or fell (pure arithmetic)."""

from __future__ import annotations

import pytest

from bulletin_cli import keywords
from bulletin_cli.keywords import Change, rank_changes, rank_keywords, whole_terms


def ranked(selected, archive, size=100, total=10000, headlines=None, top=10, exclude=()):
    found = rank_keywords(selected, headlines or {}, archive.get, size, total, top, exclude)
    return [c.term for c, _ in found]


def test_a_word_more_common_in_the_selection_ranks_first():
    selected = {"扶贫": 40, "脱贫": 20, "干部": 15}
    archive = {"扶贫": 60, "脱贫": 25, "干部": 400}
    assert ranked(selected, archive, headlines={"扶贫": 2, "脱贫": 2, "干部": 2}) == ["扶贫", "脱贫", "干部"]


def test_words_common_in_the_archive_never_count():
    # More than one in twenty articles of the archive: no topic of any part of it.
    selected = {"经济": 90, "国有企业": 30}
    archive = {"经济": 3000, "国有企业": 200}
    assert ranked(selected, archive) == ["国有企业"]


def test_a_small_archive_keeps_its_common_words():
    # 4 of 33 articles is more than 5 %, but below the floor of a small archive.
    assert ranked({"充电": 4}, {"充电": 6}, size=4, total=33, headlines={"充电": 2}) == ["充电"]


def test_a_keyword_needs_a_minimum_of_articles():
    selected = {"义诊": 1, "眼科": 2, "托管": 3}
    archive = {"义诊": 1, "眼科": 2, "托管": 3}
    assert ranked(selected, archive, size=20, total=1000, headlines={"义诊": 1, "眼科": 2, "托管": 2}) == ["托管", "眼科"]
    assert ranked(selected, archive, size=200, total=1000, headlines={"义诊": 1, "眼科": 2, "托管": 3}) == ["托管"]


def test_words_of_the_headlines_rank_above_words_of_bodies_only():
    selected = {"抗震救灾": 20, "帐篷": 40}
    archive = {"抗震救灾": 60, "帐篷": 45}
    assert ranked(selected, archive, headlines={"抗震救灾": 5}) == ["抗震救灾", "帐篷"]


def test_a_word_of_bodies_only_needs_a_tenth_of_the_selection():
    selected = {"王守海": 3, "送温暖": 6}
    archive = {"王守海": 3, "送温暖": 30}
    assert ranked(selected, archive, size=50, headlines={"送温暖": 3}) == ["送温暖"]


def test_the_query_is_no_keyword_of_its_own_results():
    selected = {"香港": 100, "一国两制": 30}
    archive = {"香港": 300, "一国两制": 40}
    assert ranked(selected, archive, exclude=["香港"]) == ["一国两制"]


def test_terms_stay_whole():
    # 垃圾分类 takes the place of 垃圾 and 分类, which are mostly its halves.
    selected = {"垃圾": 30, "垃圾分类": 25, "分类": 26, "环保": 10}
    archive = {"垃圾": 60, "垃圾分类": 40, "分类": 90, "环保": 100}
    assert ranked(selected, archive) == ["垃圾分类", "环保"]


def test_a_word_that_is_more_than_a_half_stays():
    assert [t for t, _, _ in whole_terms([("垃圾", 30, 0), ("垃圾分类", 5, 0)], 5)] == ["垃圾", "垃圾分类"]


def test_the_whole_archive_gets_its_most_common_words():
    selected = {"充电": 4, "义诊": 2, "小区": 12}
    archive = dict(selected)
    assert ranked(selected, archive, size=33, total=33, headlines={"义诊": 2}) == ["义诊", "小区", "充电"]


def test_the_bound_never_drops_a_word_that_belongs_in_the_list():
    # Words asked for their archive count only while they could still make the list.
    asked = []
    selected = {f"词{i}": 100 - i for i in range(80)}

    def archive(term):
        asked.append(term)
        return selected[term] + 5

    found = rank_keywords(selected, {}, archive, 200, 100000, 5)
    every = sorted(selected, key=lambda t: -keywords.jlh(selected[t], 200, selected[t] + 5, 100000))
    assert [c.term for c, _ in found] == every[:5]
    assert len(asked) < len(selected)


def test_changes_rank_what_chance_would_not_explain():
    changes = [
        Change("疫情", 60, 10, 400, 4800),  # 15 % from 0.2 %
        Change("会议", 130, 1500, 400, 4800),  # 32.5 % from 31 %: noise
        Change("春运", 0, 120, 400, 4800),
    ]
    rising, falling = rank_changes(changes, 5)
    assert [c.term for c in rising] == ["疫情"]
    assert [c.term for c in falling] == ["春运"]
    assert round(rising[0].change, 1) == 14.8


def test_a_change_needs_a_few_articles():
    rising, falling = rank_changes([Change("新词", 2, 0, 100, 1000)], 5)
    assert rising == [] and falling == []


def test_words_of_bodies_only_wait_while_titles_fill_the_list():
    selected = {f"题{i}": 50 - i for i in range(30)} | {"正文": 45}
    headlines = {f"题{i}": 2 for i in range(30)}
    assert ranked(selected, {t: n + 1 for t, n in selected.items()}, headlines=headlines, top=3) == ["题0", "题1", "题2"]


def test_the_period_before_lowers_what_it_already_said():
    # 洪水 was in half as many articles the month before; 抗洪 is new this month.
    selected = {"洪水": 30, "抗洪": 20}
    archive = {"洪水": 60, "抗洪": 40}
    headlines = {"洪水": 2, "抗洪": 2}
    assert ranked(selected, archive, headlines=headlines) == ["洪水", "抗洪"]
    found = rank_keywords(selected, headlines, archive.get, 100, 10000, 10, before={"洪水": 15}, before_size=100)
    assert [c.term for c, _ in found] == ["抗洪", "洪水"]
    scores = dict((c.term, s) for c, s in found)
    assert scores["抗洪"] == keywords.jlh(20, 100, 40, 10000)  # not in the month before: as against the archive alone
    assert scores["洪水"] == pytest.approx(keywords.jlh(30, 100, 1500, 10000))  # as if 15 % of the archive had it


def test_a_word_as_common_before_is_no_keyword():
    found = rank_keywords({"洪水": 30}, {}, {"洪水": 60}.get, 100, 10000, 10, before={"洪水": 40}, before_size=100)
    assert found == []


def test_a_word_of_bodies_only_must_stand_out_ten_times():
    # 全市 is in 12 % of a province's articles and 3 % of the archive's: filler, unless titles use it.
    selected = {"全市": 12, "税收政策": 12}
    archive = {"全市": 300, "税收政策": 14}
    assert ranked(selected, archive) == ["税收政策"]
    assert ranked(selected, archive, headlines={"全市": 2}) == ["全市", "税收政策"]


def test_on_a_small_archive_a_word_of_bodies_only_needs_half_its_articles_selected():
    # One article of 8 can be at most 8 times as common as the archive: half of the word's
    # articles in the selection is enough there.
    assert ranked({"电动自行车": 1}, {"电动自行车": 2}, size=1, total=8) == ["电动自行车"]
    assert ranked({"电动自行车": 1}, {"电动自行车": 3}, size=1, total=8) == []
