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

from bulletin_cli.vocabulary import PLACE_SUFFIXES, alternation

_RUN = re.compile(r"[^\W_]+")
# Places are indexed in their own fields and counted separately in summaries.
_PLACE_WORD = re.compile(rf"^\w{{1,12}}{alternation(PLACE_SUFFIXES)}$")
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


def keep_word(word: str) -> bool:
    """Whether a jieba word is worth counting as a keyword (words are stored space-separated)."""
    return (
        len(word) > 1
        and not any(ch.isspace() for ch in word)
        and _HAS_LETTER.search(word) is not None
        and word not in stop_words()
        and not _PLACE_WORD.match(word)
    )


def cut_words(text: str) -> list[str]:
    """Cut text into keyword candidates (precise mode, stop words and places removed).

    >>> cut_words("社区开展电动自行车安全宣传活动")
    ['电动自行车', '安全', '宣传']
    """
    return [w for w in _jieba().cut(fold(text)) if keep_word(w)]


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
