"""Whoosh tokenizers and text folding: character bigrams for search, jieba words for keywords.

Every run of letters, digits and Han characters (folded: width and case ignored) becomes
its overlapping bigrams, then the run's last character alone; punctuation ends a run, so no
bigram spans it. The index keeps how often each bigram occurs in an article, not where
(``index.schema``): a query string is looked up as the AND of its bigrams, a single
character as a prefix (it is a bigram's first half or a run's last character), and every
candidate is then checked against its stored text (``queries``). Bigrams before
HEADLINE_END weigh HEADLINE_WEIGHT each. jieba cuts keyword candidates at ingest
(``cut_words``, in worker processes for a large batch: ``workers``); it is imported only
then, never on the search path.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import cache
from importlib import resources

from whoosh.analysis import Token, Tokenizer

_RUN = re.compile(r"[^\W_]+")
# Places are indexed in their own fields and counted separately in summaries. A word ending
# in 社区 or 街道 is always one; other place words are told by the dictionary (see topic_word).
_PLACE_WORD = re.compile(r"^\w{1,12}(?:社区|街道)$")
_HAS_LETTER = re.compile(r"[^\W\d_]")


def width_char(ch: str) -> str:
    """NFKC of one character where that is one character too (Ⅲ stays Ⅲ, not III).

    >>> width_char("Ａ"), width_char("Ⅲ")
    ('A', 'Ⅲ')
    """
    normal = unicodedata.normalize("NFKC", ch)
    return normal if len(normal) == 1 else ch


def fold_char(ch: str) -> str:
    """Fold one character (NFKC, lower case), keeping it one character long."""
    folded = unicodedata.normalize("NFKC", ch).lower()
    if len(folded) == 1:
        return folded
    lowered = ch.lower()
    return lowered if len(lowered) == 1 else ch


class _FoldTable(dict):
    """str.translate table that folds each character the first time it is seen."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Fold text for matching; the result has exactly the length of the input.

    >>> fold("１９９８年ＡＢＣ")
    '1998年abc'
    """
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


def runs(text: str) -> list[str]:
    """Split folded text into runs of word characters (the units a query matches in).

    >>> runs("服务到位、和睦 ok")
    ['服务到位', '和睦', 'ok']
    """
    return _RUN.findall(fold(text))


# Ends the headline part of a field value; bigrams before it weigh HEADLINE_WEIGHT each.
HEADLINE_END = "\x1d"
HEADLINE_WEIGHT = 10.0


class BigramTokenizer(Tokenizer):
    """Overlapping character bigrams, each run closed by its last character alone.

    Runs before HEADLINE_END (a control character, which ``read`` drops from every page) are a
    headline: their tokens carry HEADLINE_WEIGHT as boost, so one field ranks headline
    matches higher.

    >>> [t.text for t in BigramTokenizer()("马克思,你")]
    ['马克', '克思', '思', '你']
    >>> [t.text for t in BigramTokenizer()("马克思", mode="query")]
    ['马克', '克思']
    """

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        query = mode == "query"
        pos = start_pos
        headline_end = value.find(HEADLINE_END)
        for match in _RUN.finditer(fold(value)):
            run = match.group()
            last = len(run) - 1
            offset = start_char + match.start()
            boost = HEADLINE_WEIGHT if match.start() < headline_end else 1.0
            for i in range(len(run)):
                if i < last:
                    token.text = run[i : i + 2]
                elif query and last:
                    break
                else:
                    token.text = run[i]
                token.boost = boost
                token.stopped = False
                if keeporiginal:
                    token.original = token.text
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = offset + i
                    token.endchar = offset + i + len(token.text)
                pos += 1
                yield token
            pos += 1


def BigramAnalyzer():
    return BigramTokenizer()


@cache
def stop_words() -> frozenset[str]:
    """Function words and words every bulletin uses (社区, 居民, 开展 ...)."""
    text = resources.files("bulletin_cli").joinpath("stopwords.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    with resources.as_file(resources.files("bulletin_cli").joinpath("userdict.txt")) as path:
        jieba.load_userdict(str(path))
    return jieba


_TAUGHT: set[str] = set()
_TAUGHT_STEMS: set[str] = set()


def add_words(words) -> None:
    """Teach jieba place names found in the corpus, so they are cut whole.

    Each word is taught once per process: teaching it again would raise jieba's total
    frequency and shift how other text is cut.
    """
    jieba = _jieba()
    for word in words:
        if word and len(word) > 1 and word not in _TAUGHT:
            jieba.add_word(word, freq=2000)
            _TAUGHT.add(word)
            _TAUGHT_STEMS.add(place_stem(word))
    _TAUGHT_STEMS.discard("")


def keep_word(word: str) -> bool:
    """Whether a jieba word may be counted at all (words are stored space-separated)."""
    return (
        len(word) > 1
        and not any(ch.isspace() for ch in word)
        and _HAS_LETTER.search(word) is not None
        and word not in stop_words()
        and not _PLACE_WORD.match(word)
    )


# --- topic words: what a summary's keywords and trends are made of ------------------------

# jieba's dictionary tags of words that can name a topic: nouns; names of people,
# organisations and other proper nouns; verbal and adjectival nouns (改革, 腐败); fixed
# expressions and idioms (一国两制, 扫黄打非); abbreviations (两会, re-tagged in userdict.txt);
# foreign words. Never places (ns), pronouns, numerals, function words or adjectives.
TOPIC_TAGS = frozenset({"n", "nr", "nrt", "nrfg", "nz", "nt", "ng", "vn", "an", "l", "i", "j", "eng"})
# Time words (t) name a topic only as festivals and seasons of travel: 春节, 中秋节, 春运.
_FESTIVAL = re.compile(r"(?:节|元旦|除夕|元宵|清明|中秋|端午|重阳|七夕|春运)$")
# Dictionary "nouns" that are a manner adverb and a verb (继续加强, 积极探索, 大力发展).
_MANNER = re.compile(r"^(?:继续|积极|大力|切实|认真|不断|进一步|努力|全面|深入|着力|加快|加大|广泛)")
_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[a-z]")
_PLACE_ENDS = tuple("区街镇乡村县市省州旗")


def topic_word(word: str, tag: str | None) -> bool:
    """Whether a word can name a topic, from its jieba dictionary tag (None: a word jieba
    found itself, mostly names and new terms such as 脱贫攻坚). Verbs (v) count too, marked
    (see ``cut_words``): whether a verb names a topic is told at summary time.

    >>> [topic_word(w, t) for w, t in [("垃圾分类", "n"), ("扶贫", "v"), ("不仅", "c")]]
    [True, True, False]
    >>> [topic_word(w, t) for w, t in [("香港", "ns"), ("三百", "m"), ("春节", "t"), ("今年", "t")]]
    [False, False, True, False]
    """
    if _DIGIT.search(word) and not _LATIN.search(word):
        return False  # 2024年, 3000万; 5g and g20 stay
    if tag == "ns" or is_place(word, tag):
        return False
    if tag is None or tag in TOPIC_TAGS or tag == "v":
        return not _MANNER.match(word)
    if tag == "t":
        return _FESTIVAL.search(word) is not None
    return False


def is_place(word: str, tag: str | None = None) -> bool:
    """Whether a word is a place name or a piece of one: a name the corpus or the register
    has (燕宇社区, 和平区); a word jieba does not know that ends like a place (新兴街); or a
    name without 社区/街道/区 … (燕宇, 城南), or a place's short name (天津), unless jieba
    knows that as an ordinary word (和平, 建设, 光明). A piece of a place of the corpus is
    dropped also where jieba calls it a proper noun (文华 of 文华社区)."""
    if word in _TAUGHT or word in _register_names():
        return True
    if tag is None and word.endswith(_PLACE_ENDS):
        return True
    if tag is None or tag.startswith(("nr", "ns")):
        return word in _TAUGHT_STEMS or word in _register_stems()
    return tag.startswith("nz") and word in _TAUGHT_STEMS


_STEM_SUFFIXES = ("社区居委会", "居委会", "社区", "街道", "办事处", "自治区", "自治州", "自治县", "地区", "新区",
                  "街", "区", "镇", "乡", "村", "县", "市", "省", "州", "盟", "旗")


def place_stem(name: str) -> str:
    """A place's name without what says its level; "" when that leaves one character.

    >>> place_stem("燕宇社区"), place_stem("城南街道"), place_stem("和平区"), place_stem("东区")
    ('燕宇', '城南', '和平', '')
    """
    for suffix in _STEM_SUFFIXES:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            return stem if len(stem) >= 2 else ""
    return ""


@cache
def _register_names() -> frozenset[str]:
    from bulletin_cli import places  # the write path only: the register is read once per process

    gaz = places.register()
    return frozenset(u.name for u in gaz.units.values()) | frozenset(gaz.forms)


@cache
def _register_stems() -> frozenset[str]:
    """Names without their level (城南 of 城南街道) and the short names of places (天津, 和平)."""
    from bulletin_cli import places

    stems = {place_stem(name) for name in _register_names()} | set(places.register().shorts)
    stems.discard("")
    return frozenset(stems)


@cache
def _tags() -> dict[str, str]:
    """jieba's dictionary tag of every word it knows, userdict.txt's included (about 1 s)."""
    _jieba()
    from jieba import posseg

    posseg.dt.makesure_userdict_loaded()
    return posseg.dt.word_tag_tab


# Marks a verb among the words cut_words returns. A verb names a topic where the articles
# that use it use it again and again (扶贫 four times an article, 提出 once): the summary
# tells from the index, which the mark does not reach (``index.document`` strips it).
VERB_MARK = "~"


def cut_words(text: str) -> list[str]:
    """Cut text into the words that may name its topics (precise mode), each occurrence
    kept, verbs marked with VERB_MARK.

    >>> cut_words("社区开展电动自行车安全宣传活动")
    ['电动自行车', '安全', '宣传']
    >>> cut_words("提醒居民推进垃圾分类，垃圾分类要扶贫")
    ['~提醒', '垃圾分类', '垃圾分类', '~扶贫']
    """
    tags = _tags()
    found = []
    for word in _jieba().cut(fold(text)):
        if keep_word(word):
            tag = tags.get(word)
            if topic_word(word, tag):
                found.append(VERB_MARK + word if tag == "v" else word)
    return found


def unmarked(word: str) -> str:
    return word[1:] if word.startswith(VERB_MARK) else word


class WordTokenizer(Tokenizer):
    """jieba precise-mode words, filtered by ``keep_word``; for counting, not phrases.

    Version 1 indexes name this analyzer in their pickled schema; ``bulletin rebuild``
    needs it to open them.
    """

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, word in enumerate(cut_words(value)):
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + i
            yield token


def WordAnalyzer():
    return WordTokenizer()
