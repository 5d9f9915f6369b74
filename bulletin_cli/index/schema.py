"""The schema and the stored form: which fields an article becomes, and back."""

from __future__ import annotations

from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Existence, tokens

from bulletin_cli import analysis
from bulletin_cli.models import Article

# 2: bigrams without positions; 3: the kicker; 4: city, province and register codes;
# 5: ids hash the headline and the text below it apart (extract.article_id);
# 6: the word field holds topic words only (nouns, names, terms), and the topics column.
SCHEMA_VERSION = 6
PLACE_FIELDS = ("district", "street", "community")
# Register names and codes (version 3); "" is not stored.
REGISTER_FIELDS = ("city", "province", "district_code", "street_code")
# The index's directory of places: one term per district or street name an article carries,
# as written or as the register names it, with the register code ("" when unresolved):
# "w|street|120106005|西沽街", "r|street|120106005|西沽街道". Its lexicon tells the read path
# which names are one place without loading the register.
DIRECTORY = "places"
# Fields every bulletin index has, whatever its version: a Whoosh index without them is not ours.
BULLETIN_FIELDS = {"id", "headline", "title", "body"}


class Counts(Existence):
    """Postings that keep each term's count, as its weight only.

    Whoosh's Frequency format writes every count twice: as the weight and again as four
    value bytes, pickled beside each posting block, which is most of the block of a rare
    bigram. BM25 and the key-term expander read the weight alone.

    Whoosh internals: a Format subclass overriding ``word_values`` (which yields
    ``(term, frequency, weight, value bytes)`` per term) and using ``whoosh.formats.tokens``.
    Neither is documented API; checked against whoosh3 3.54.0 (the pinned version).
    """

    def word_values(self, value, analyzer, **kwargs):
        counts: dict[str, int] = {}
        weights: dict[str, float] = {}
        kwargs["boosts"] = True
        for token in tokens(value, analyzer, kwargs):
            counts[token.text] = counts.get(token.text, 0) + 1
            weights[token.text] = weights.get(token.text, 0.0) + token.boost
        boost = self.field_boost
        return ((word, n, weights[word] * boost, b"") for word, n in counts.items())


def _counted(field, scorable: bool = True):
    field.format = Counts(field_boost=field.format.field_boost)
    field.scorable = scorable  # no lengths to write for a field that is never ranked on
    return field


def make_schema() -> Schema:
    """Declare the schema: a bigram field for search, a jieba word field for keywords.

    The bigram field keeps counts but no positions (version 2): a query string longer than
    two characters is looked up as the AND of its bigrams and then checked against the
    stored text (``queries``), which is exact and keeps the index under half the size.
    The word field indexes each article's topic words (jieba, cut once at ingest: nouns,
    names, terms; see ``analysis.cut_words``): its postings give how many articles of the
    archive, or of a month, contain a word. The ``topics`` column lists each article's topic
    words once, those its title contains first (``topic_column``): a summary reads the
    column of the selected articles, much faster than their stored fields.
    """
    return Schema(
        id=ID(stored=True, unique=True),
        source=ID(stored=True),
        ordinal=NUMERIC(stored=True),
        headline=STORED(),
        kicker=STORED(),
        title=STORED(),
        subtitle=STORED(),
        text=_counted(TEXT(analyzer=analysis.BigramAnalyzer(), phrase=False, multitoken_query="phrase")),
        words=_counted(TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False), scorable=False),
        topics=COLUMN(VarBytesColumn()),
        district=ID(stored=True, sortable=True),
        street=ID(stored=True, sortable=True),
        community=ID(stored=True, sortable=True),
        city=ID(stored=True, sortable=True),
        province=ID(stored=True, sortable=True),
        district_code=ID(stored=True, sortable=True),
        street_code=ID(stored=True, sortable=True),
        places=_counted(TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False), scorable=False),
        date=ID(stored=True, sortable=True),
        event_date=STORED(),
        dateline=STORED(),
        byline=STORED(),
        body=STORED(),
        captions=STORED(),
    )


SCHEMA = make_schema()


def search_texts(article: Article) -> dict[str, str]:
    """The text each search field indexes; queries check candidates against the same text.

    One field holds the headline, then HEADLINE_END, then the rest: headline bigrams weigh
    more, without a second field's terms and postings (a tenth of the index).
    """
    head = "\n".join(article.headline) or article.title
    rest = "\n".join((article.dateline, article.body, *article.captions, article.byline))
    return {"text": f"{head}{analysis.HEADLINE_END}\n{rest}"}


def keyword_text(article: Article) -> str:
    """The text an article's keywords are cut from."""
    return "\n".join((*article.headline, article.body))


def document(article: Article, words: list[str] | None = None) -> dict:
    """The fields Whoosh stores and indexes for one article.

    words are the article's topic words (``analysis.cut_words`` of ``keyword_text``), cut
    here when the caller has not cut them already.
    """
    if words is None:
        words = analysis.cut_words(keyword_text(article))
    doc = {
        "id": article.id,
        "source": article.source,
        "ordinal": article.ordinal,
        "headline": list(article.headline),
        **search_texts(article),
        "kicker": article.kicker,
        "title": article.title,
        "subtitle": article.subtitle,
        "words": " ".join(map(analysis.unmarked, words)),
        "topics": topic_column(article, words),
        "event_date": article.event_date,
        "dateline": article.dateline,
        "byline": article.byline,
        "body": article.body,
        "captions": list(article.captions),
    }
    for name in (*PLACE_FIELDS, *REGISTER_FIELDS, "date"):
        value = getattr(article, name)
        if value:
            doc[name] = value
    terms = directory_terms(article)
    if terms:
        doc[DIRECTORY] = " ".join(terms)
    return doc


def topic_column(article: Article, words: list[str]) -> bytes:
    r"""The article's topic words, each once, as the ``topics`` column holds them: those its
    title contains, a tab, the others; verbs keep their mark (``analysis.VERB_MARK``).

    The title, not the kicker or subtitle: it says most directly what the article is about.

    >>> a = Article("x", "s", 1, ("垃圾分类进小区",), "垃圾分类进小区", "", "", "", "", "", "", "", "", "")
    >>> topic_column(a, ["垃圾分类", "志愿者", "垃圾分类", "~扶贫"]).decode()
    '垃圾分类\t志愿者 ~扶贫'
    """
    head = analysis.fold(article.title or "\n".join(article.headline))
    unique = list(dict.fromkeys(words))
    heads = " ".join(w for w in unique if analysis.unmarked(w) in head)
    rest = " ".join(w for w in unique if analysis.unmarked(w) not in head)
    return f"{heads}\t{rest}".encode()


def read_topics(value: bytes | str) -> tuple[list[str], list[str]]:
    r"""(title words, other words) of a ``topics`` column value ("" for none), verbs still
    marked.

    >>> read_topics("垃圾分类\t志愿者 ~扶贫".encode())
    (['垃圾分类'], ['志愿者', '~扶贫'])
    """
    text = value.decode() if isinstance(value, bytes) else value
    heads, _, rest = text.partition("\t")
    return heads.split(), rest.split()


def directory_terms(article: Article) -> list[str]:
    """The article's entries in the directory of places (see DIRECTORY)."""
    from bulletin_cli import places  # the write path only: reading never loads the register

    terms = []
    named = (("district", article.district, article.district_code), ("street", article.street, article.street_code))
    for level, written, code in named:
        if written:
            terms.append(directory_term("w", level, code, written))
        if code:
            terms.append(directory_term("r", level, code, places.register_name(code)))
    return list(dict.fromkeys(terms))


def directory_term(kind: str, level: str, code: str, name: str) -> str:
    return f"{kind}|{level}|{code}|{''.join(name.split())}"


def parse_directory_term(term: str) -> tuple[str, str, str, str]:
    """(kind, level, code, name) of a directory term."""
    kind, level, code, name = term.split("|", 3)
    return kind, level, code, name


def stored_article(fields: dict) -> Article:
    """Rebuild an Article from a document's stored fields."""
    return Article(
        id=fields["id"],
        source=fields.get("source", ""),
        ordinal=fields.get("ordinal", 0),
        headline=tuple(fields.get("headline", ())),
        title=fields.get("title", ""),
        subtitle=fields.get("subtitle", ""),
        district=fields.get("district", ""),
        street=fields.get("street", ""),
        community=fields.get("community", ""),
        date=fields.get("date", ""),
        event_date=fields.get("event_date", ""),
        dateline=fields.get("dateline", ""),
        byline=fields.get("byline", ""),
        body=fields.get("body", ""),
        captions=tuple(fields.get("captions", ())),
        kicker=fields.get("kicker", ""),
        **{name: fields.get(name, "") for name in REGISTER_FIELDS},
    )
