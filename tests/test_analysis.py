"""analysis: bigram tokens (positions, offsets, query mode), fold, jieba keywords."""

import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_cli import analysis
from bulletin_cli.analysis import BigramTokenizer, cut_words, fold, keep_word, runs, stop_words


def _tokens(text, **kwargs):
    # The tokenizer reuses one Token object: copy the fields as they are yielded.
    return [
        (t.text, getattr(t, "pos", None), getattr(t, "startchar", None), getattr(t, "endchar", None))
        for t in BigramTokenizer()(text, **kwargs)
    ]


# --- BigramTokenizer ---------------------------------------------------------------


def test_bigrams_with_closing_unigram():
    assert [t[0] for t in _tokens("马克思,你")] == ["马克", "克思", "思", "你"]


def test_positions_are_ordinal_with_a_gap_at_punctuation():
    got = [(text, pos) for text, pos, _, _ in _tokens("社区，电动车", positions=True)]
    assert got == [("社区", 0), ("区", 1), ("电动", 3), ("动车", 4), ("车", 5)]


def test_positions_respect_start_pos():
    got = [pos for _, pos, _, _ in _tokens("社区 居民", positions=True, start_pos=10)]
    assert got == [10, 11, 13, 14]


@pytest.mark.parametrize("text", ["社区，电动车ABC 好", "ＡＢ，ｃ１２３", "本报讯（记者 王晓）近日,社区开展“邻里节”活动。"])
def test_char_offsets_point_into_the_input(text):
    tokens = _tokens(text, chars=True)
    assert tokens
    for token, _, start, end in tokens:
        assert fold(text[start:end]) == token
        assert end - start == len(token)


def test_char_offsets_respect_start_char():
    tokens = _tokens("xx社区", chars=True, start_char=100)
    assert [(t, s, e) for t, _, s, e in tokens] == [("xx", 100, 102), ("x社", 101, 103), ("社区", 102, 104), ("区", 103, 104)]


def test_tokens_are_folded():
    assert [t[0] for t in _tokens("ＡＢｃ")] == ["ab", "bc", "c"]


def test_query_mode_drops_the_trailing_unigram():
    assert [t[0] for t in _tokens("马克思", mode="query")] == ["马克", "克思"]
    got = [(text, pos) for text, pos, _, _ in _tokens("马克思,你", mode="query", positions=True)]
    assert got == [("马克", 0), ("克思", 1), ("你", 3)]


def test_query_mode_keeps_a_single_character():
    assert [t[0] for t in _tokens("社", mode="query")] == ["社"]


def test_underscore_and_punctuation_split_runs():
    assert runs("服务到位、和睦 ok_go") == ["服务到位", "和睦", "ok", "go"]
    assert [t[0] for t in _tokens("a_b")] == ["a", "b"]


def test_empty_and_punctuation_only():
    assert _tokens("") == []
    assert _tokens("，。！ ") == []


# --- fold --------------------------------------------------------------------------


def test_fold_examples():
    assert fold("１９９８年ＡＢＣ") == "1998年abc"
    assert fold("\u3000社区") == " 社区"
    assert fold("ﬁ") == "ﬁ"  # NFKC would make two characters: kept as is


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\u0130")))
def test_fold_is_length_preserving(text):
    assert len(fold(text)) == len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="社区居民ＡＢＣａｂｃ１２３ABCabc123，。！ \u3000"))
def test_fold_is_idempotent_on_bulletin_text(text):
    assert fold(fold(text)) == fold(text)


def test_fold_is_length_preserving_for_every_code_point():
    bad = [
        hex(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) != "Cs" and len(fold(chr(c))) != 1
    ]
    assert bad == []


# --- jieba words -------------------------------------------------------------------


def test_cut_words_keeps_electric_bicycle_whole():
    words = cut_words("社区开展电动自行车安全宣传活动")
    assert "电动自行车" in words
    assert "电动" not in words and "自行车" not in words


@pytest.mark.parametrize("word", ["社区", "居民", "开展", "活动", "本报讯", "近日"])
def test_cut_words_drops_stop_words(word):
    assert word in stop_words()
    words = cut_words("本报讯 近日，社区居民开展电动自行车安全检查活动。")
    assert word not in words
    assert "电动自行车" in words


def test_cut_words_drops_places_numbers_and_single_characters():
    words = cut_words("和平区新兴街犀地社区2024年为老人理发")
    assert not any(w.endswith(("区", "街", "社区")) for w in words)
    assert not any(w.isdigit() for w in words)
    assert all(len(w) > 1 for w in words)


@pytest.mark.parametrize(
    "word, kept",
    [("理发", True), ("社区", False), ("犀地社区", False), ("2024", False), ("车", False), ("ok", True),
     # Other place endings are told by the dictionary and the register (小区, 农村 are topics):
     ("宝坻县", True), ("老旧小区", True)],
)
def test_keep_word(word, kept):
    assert keep_word(word) is kept


@pytest.mark.parametrize("term", ["垃圾分类", "飞线充电", "老旧小区改造", "一国两制", "电动自行车", "两会"])
def test_terms_stay_whole(term):
    words = cut_words(f"居民们谈{term}，都说{term}好")
    assert words.count(term) == 2, words
    assert not any(w in term for w in words if w != term), words


@pytest.mark.parametrize("word", ["上门", "不仅", "我们", "三百", "2024年", "今年", "继续加强"])
def test_topic_less_words_are_left_out(word):
    text = "社区联合眼科医院上门提醒老人使用电动自行车，不仅方便，我们进行三百次检查，2024年今年继续加强。"
    words = [analysis.unmarked(w) for w in cut_words(text)]
    assert word not in words and "电动自行车" in words


def test_verbs_are_marked_for_the_summary_to_judge():
    words = cut_words("干部下乡扶贫，扶贫先扶志，使用电动自行车。")
    assert words.count("~扶贫") == 2 and "~使用" in words and "电动自行车" in words
    assert "扶贫" not in words


@pytest.mark.parametrize("text, place", [("香港回归祖国", "香港"), ("北京市召开会议", "北京市"), ("城南街道组织活动", "城南"),
                                         ("宝坻县召开会议", "宝坻县")])
def test_places_and_their_fragments_are_no_topic(text, place):
    assert place not in cut_words(text)


def test_a_place_taught_from_the_corpus_leaves_no_fragment():
    analysis.add_words(["文华社区"])
    words = cut_words("文华居民在文华社区广场跳广场舞")
    assert "文华" not in words and "文华社区" not in words
    assert "广场舞" in words


def test_ordinary_words_that_are_also_place_stems_stay(monkeypatch):
    # 和平区, 建设街道 …: 和平 and 建设 are ordinary words too (until an ingest teaches jieba a
    # place of the corpus named so: then its stem is a fragment of that place).
    monkeypatch.setattr(analysis, "_TAUGHT", set())
    monkeypatch.setattr(analysis, "_TAUGHT_STEMS", set())
    assert {"和平", "光明", "胜利"} <= set(cut_words("维护世界和平，光明在前，胜利属于人民，和平与光明，胜利"))
    assert "城南" not in cut_words("城南居民")


def test_festivals_are_topics_other_time_words_are_not():
    words = cut_words("过春节，社区在今年元宵节举办灯会，上午开始")
    assert "春节" in words and "元宵节" in words and "今年" not in words and "上午" not in words


def test_headline_bigrams_weigh_more_than_body_bigrams():
    value = f"社区义诊{analysis.HEADLINE_END}\n本报讯 社区义诊开始。"
    boosts = [(t.text, t.boost) for t in BigramTokenizer()(value, boosts=True)]
    weight = analysis.HEADLINE_WEIGHT
    assert weight > 1 and boosts[:3] == [("社区", weight), ("区义", weight), ("义诊", weight)]
    assert ("社区", 1.0) in boosts[3:] and all(b == 1.0 for _, b in boosts[4:])
