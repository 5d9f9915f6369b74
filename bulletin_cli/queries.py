"""The read path: search, timeline, summary and listings, returned as dataclasses."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from whoosh import qparser
from whoosh import query as q

from bulletin_cli import index
from bulletin_cli.analysis import fold, width_char
from bulletin_cli.errors import NotFoundError, QueryError
from bulletin_cli.models import Article, Hit, Keyword, Stats, Summary

SEARCH_FIELDS = ("text",)
SNIPPET_CHARS = 90
MAX_QUERY_CHARS = 1000
KEYWORD_SAMPLE = 600  # articles a summary's keywords are computed from (counts use all)
_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "＂": '"'})
# Characters that separate words in a query; quotes, parentheses and a leading - are syntax.
_SEPARATOR = re.compile(r"[^\w\s\"()\-]|_|(?<=\S)-")
_QUOTED = re.compile(r'"([^"]*)"')
_SUFFIXES = ("社区", "街道", "街", "区", "镇", "乡", "村")


@dataclass(frozen=True)
class Filters:
    community: str | None = None
    street: str | None = None
    district: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    city: str | None = None
    province: str | None = None


# Levels a place name may be, most specific first; the register fixes the codes of two.
PLACE_LEVELS = ("community", "street", "district", "city", "province")
CODED_LEVELS = ("district", "street")


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: tuple[Hit, ...]


@contextmanager
def _searcher(path: Path):
    ix = index.open_index(path)
    with ix.searcher() as searcher:
        yield searcher


def normalise_query(text: str) -> str:
    """Turn punctuation into word breaks, keeping quotes, parentheses and -exclusions.

    >>> normalise_query('“深入浅出的，讲座” 电动自行车、充电 -飞线')
    '"深入浅出的" "讲座" 电动自行车 充电 -飞线'
    """
    # Width is folded per character, as the index does (Ⅲ stays one character).
    text = "".join(width_char(ch) for ch in text.translate(_QUOTES))
    text = _SEPARATOR.sub(" ", text)
    # Inside a phrase, a break splits it into phrases that must all match.
    text = _QUOTED.sub(lambda m: " ".join(f'"{part}"' for part in m.group(1).split()), text)
    return " ".join(text.split())


def _parser(schema) -> qparser.QueryParser:
    parser = qparser.QueryParser(SEARCH_FIELDS[0], schema, group=qparser.AndGroup)
    for plugin in (
        qparser.FieldsPlugin,
        qparser.WildcardPlugin,
        qparser.BoostPlugin,
        qparser.RangePlugin,
        qparser.SingleQuotePlugin,
    ):
        parser.remove_plugin_class(plugin)
    parser.add_plugin(qparser.PlusMinusPlugin())
    return parser


def _single_chars_as_prefix(node: q.Query) -> q.Query:
    # A lone character is indexed as the first half of a bigram or as the last
    # character of a run: a prefix query finds both.
    if isinstance(node, q.Term) and node.fieldname in SEARCH_FIELDS and len(node.text) == 1:
        return q.Prefix(node.fieldname, node.text, boost=node.boost)
    return node.apply(_single_chars_as_prefix)


def parse_query(text: str, schema) -> q.Query:
    """Parse a user query into a Whoosh query over the bigram fields."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query is {len(text)} characters long; keep it under {MAX_QUERY_CHARS}")
    cleaned = normalise_query(text)
    if not re.search(r"\w", cleaned):
        raise QueryError(f"query {text!r} has no words to search for; give a word such as 电动自行车")
    parsed = _single_chars_as_prefix(_parser(schema).parse(cleaned))
    if parsed is q.NullQuery or not _positive_strings(parsed):
        raise QueryError(f"query {text!r} has nothing to look for; name at least one word that must match")
    return parsed


def _positive_strings(node: q.Query) -> list[str]:
    """The strings a query looks for (not those it excludes), rebuilt from bigrams."""
    if isinstance(node, q.Not):
        return []
    if isinstance(node, q.AndNot):
        return _positive_strings(node.a)
    if isinstance(node, q.Phrase):
        return [_phrase_string(node)] if node.words else []
    if isinstance(node, (q.Term, q.Prefix)):
        return [node.text] if node.fieldname in SEARCH_FIELDS else []
    found: list[str] = []
    for child in node.children():
        found.extend(_positive_strings(child))
    return list(dict.fromkeys(found))


def snippet(text: str, strings: list[str], width: int = SNIPPET_CHARS) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of text around the matches, with the spans of every whole match in it.

    >>> snippet("活动中,检察官讲解马克思的名言。", ["马克思"], width=8)
    ('…讲解马克思的名言…', ((3, 6),))
    """
    text = text.replace("\n", " ")
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    taken = [False] * len(text)
    for string in sorted(set(strings), key=len, reverse=True):
        start = folded.find(string)
        while start >= 0:
            end = start + len(string)
            if not any(taken[start:end]):
                spans.append((start, end))
                taken[start:end] = [True] * (end - start)
            start = folded.find(string, end)
    spans.sort()
    if not spans:
        window_start = 0
    else:
        # The window that shows the most distinct strings, starting a little before a match.
        def coverage(begin: int) -> int:
            return len({folded[s:e] for s, e in spans if s >= begin and e <= begin + width})

        starts = [max(0, s - width // 4) for s, _ in spans]
        window_start = max(starts, key=lambda b: (coverage(b), -b))
    window_end = min(len(text), window_start + width)
    prefix = "…" if window_start > 0 else ""
    suffix = "…" if window_end < len(text) else ""
    shift = len(prefix) - window_start
    inside = tuple((s + shift, e + shift) for s, e in spans if s >= window_start and e <= window_end)
    return prefix + text[window_start:window_end] + suffix, inside


def _filter_query(searcher, filters: Filters) -> q.Query | None:
    parts: list[q.Query] = []
    for level in PLACE_LEVELS:
        name = getattr(filters, level)
        if name:
            parts.append(resolve_place(searcher, name, level).query)
    if filters.since or filters.until:
        if filters.since and filters.until and filters.since > filters.until:
            raise QueryError(f"--since {filters.since} is after --until {filters.until}; swap them")
        since = filters.since.isoformat() if filters.since else None
        until = filters.until.isoformat() if filters.until else None
        parts.append(q.TermRange("date", since, until))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else q.And(parts)


def _base(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class IndexedPlace:
    """One place of the index: a community, city or province by name; a district or street
    by its register code (西沽街 and 西沽街道 are one), or by name where none was found."""

    level: str
    code: str
    name: str  # the register's name where there is a code, else the name as written
    names: frozenset[str]  # every name the articles write it as (and the register's)
    unresolved: tuple[str, ...] = ()  # the same name where articles could not resolve it

    @property
    def query(self) -> q.Query:
        if self.code:
            own = q.Term(f"{self.level}_code", self.code)
            if not self.unresolved:
                return own
            return q.Or([own, *(_unresolved(self.level, name) for name in self.unresolved)])
        if self.level in CODED_LEVELS:
            return _unresolved(self.level, self.name)
        return q.Term(self.level, self.name)


def _unresolved(level: str, name: str) -> q.Query:
    return q.Term(index.DIRECTORY, index.directory_term("w", level, "", name))


@dataclass(frozen=True)
class PlaceMatch:
    """What a place name given to a filter or timeline selects."""

    level: str
    label: str
    query: q.Query


def places_of(searcher, levels=PLACE_LEVELS) -> list[IndexedPlace]:
    """Every place of the index at those levels, read from the field lexicons."""
    found: list[IndexedPlace] = []
    for level in levels:
        if level not in CODED_LEVELS:
            found.extend(IndexedPlace(level, "", n, frozenset((n,))) for n in _lexicon(searcher, level))
    coded: dict[tuple[str, str], dict] = {}
    for term in _lexicon(searcher, index.DIRECTORY):
        kind, level, code, name = index.parse_directory_term(term)
        if level not in levels:
            continue
        entry = coded.setdefault((level, code or f"|{name}"), {"code": code, "name": name, "names": set()})
        entry["names"].add(name)
        if kind == "r":
            entry["name"] = name
    found.extend(IndexedPlace(level, e["code"], e["name"], frozenset(e["names"])) for (level, _), e in coded.items())
    return found


def _lexicon(searcher, field: str) -> list[str]:
    return [term.decode("utf-8") for term in searcher.lexicon(field)]


def resolve_place(searcher, name: str, level: str | None = None) -> PlaceMatch:
    """Find the place a whole or partial name means; ambiguity is an error.

    A name may start with its city or province (南京市鼓楼区) to tell apart places that share
    a name.
    """
    levels = (level,) if level else PLACE_LEVELS
    wanted = fold(name.strip())
    if not wanted:
        raise QueryError("place name is empty; give a community, street, district or city")
    known = places_of(searcher, levels)
    matches = _matching_places(known, wanted)
    if len(matches) == 1:
        return _match(matches[0])
    within = _within_area(searcher, wanted, levels)
    if within is not None:
        return within
    what = level or "community, street, district or city"
    if not matches:
        raise NotFoundError(f"no {what} matches {name!r}; `bulletin communities` lists the places")
    shown = "、".join(_label(searcher, p, matches) for p in matches[:12])
    more = f" and {len(matches) - 12} more" if len(matches) > 12 else ""
    hint = "give the full name"
    if len({p.name for p in matches}) < len(matches):
        hint += ", or put its city first (南京市鼓楼区)"
    raise QueryError(f"{name!r} matches several places: {shown}{more}; {hint}")


def _matching_places(known: list[IndexedPlace], wanted: str) -> list[IndexedPlace]:
    """The places a name means: exact names first, else partial ones, as few as possible."""
    exact = [p for p in known if any(fold(n) == wanted for n in p.names)]
    if exact:
        found = exact
    else:
        base = _base(wanted)
        found = [p for p in known if any(wanted in fold(n) or _base(fold(n)) == base for n in p.names)]
    # A municipality is a city and a province: one place.
    cities = {p.name for p in found if p.level == "city"}
    found = [p for p in found if not (p.level == "province" and p.name in cities)]
    # A name some articles could not resolve goes with the one place it is elsewhere, if one.
    merged: list[IndexedPlace] = []
    for place in found:
        coded = [p for p in found if p.code and p.level == place.level and place.name in p.names]
        if place.code or len(coded) != 1:
            merged.append(place)
    return [
        dataclasses.replace(p, unresolved=tuple(
            u.name for u in found if not u.code and u.level == p.level and u.name in p.names
        )) if p.code else p
        for p in merged
    ]


def _match(place: IndexedPlace) -> PlaceMatch:
    return PlaceMatch(place.level, place.name, place.query)


def _within_area(searcher, wanted: str, levels) -> PlaceMatch | None:
    """南京市鼓楼区: the place named by the rest of the name, inside the city named first."""
    inner = [level for level in levels if level not in ("city", "province")]
    for area in places_of(searcher, ("city", "province")):
        prefix = fold(area.name)
        if not inner or not wanted.startswith(prefix) or wanted == prefix:
            continue
        inside = [
            (place, q.And([area.query, place.query]))
            for place in _matching_places(places_of(searcher, inner), wanted[len(prefix) :])
        ]
        inside = [(place, query) for place, query in inside if len(searcher.search(query, limit=1))]
        if inside and len({place.name for place, _ in inside}) == 1:
            queries = [query for _, query in inside]
            label = area.name + inside[0][0].name
            return PlaceMatch(inside[0][0].level, label, queries[0] if len(queries) == 1 else q.Or(queries))
    return None


def _label(searcher, place: IndexedPlace, matches: list[IndexedPlace]) -> str:
    """A place's name, with its city where another place shares the name."""
    if sum(1 for p in matches if p.name == place.name) < 2:
        return place.name
    hits = searcher.search(place.query, limit=1)
    city = hits[0].get("city", "") if len(hits) else ""
    return f"{place.name} ({city or 'city unknown'})"


def search(path: Path, text: str, filters: Filters = Filters(), limit: int = 10) -> SearchResult:
    """Rank the articles that contain the query, best first, with snippets.

    Whoosh finds the articles that hold every bigram of each query string; when a string is
    longer than one bigram, each of those is then checked for the string itself in its
    stored text, so the answer is exactly the articles that contain the query.
    """
    with _searcher(path) as searcher:
        parsed = parse_query(text, searcher.schema)
        matches, total = _matching(searcher, parsed, filters, limit)
        strings = _positive_strings(parsed)
        hits = []
        for hit in matches:
            article = index.stored_article(hit.fields())
            shown, spans = snippet(article.body, strings)
            hits.append(Hit(article, hit.score, shown, spans))
        return SearchResult(total, tuple(hits))


def _matching(searcher, parsed: q.Query, filters: Filters, limit: int | None) -> tuple[list, int]:
    """The best limit hits (all for None) that satisfy parsed, and how many there are."""
    exact = not _has_phrase(parsed)
    results = searcher.search(
        _candidates(parsed), filter=_filter_query(searcher, filters), limit=limit if exact else None
    )
    if exact:
        return list(results), len(results)
    matches = [hit for hit in results if _holds(parsed, _field_texts(hit.fields()))]
    return matches[:limit] if limit else matches, len(matches)


def _has_phrase(node: q.Query) -> bool:
    return isinstance(node, q.Phrase) or any(_has_phrase(child) for child in node.children())


def _candidates(node: q.Query) -> q.Query:
    """The query Whoosh runs: a superset of the answer, since the index has no positions.

    A phrase becomes the AND of its bigrams; an exclusion of a phrase is left to the check
    against the text (excluding every article with all its bigrams would exclude too much).
    """
    if isinstance(node, q.Phrase):
        return q.And([q.Term(node.fieldname, word) for word in node.words], boost=node.boost)
    if isinstance(node, q.AndNot):
        excluded = _exact_part(node.b)
        return q.AndNot(_candidates(node.a), excluded) if excluded else _candidates(node.a)
    if isinstance(node, q.Not):
        excluded = _exact_part(node.query)
        return q.Not(excluded) if excluded else q.Every()
    return node.apply(_candidates)


def _exact_part(node: q.Query) -> q.Query | None:
    """What Whoosh can exclude itself: the alternatives of an exclusion without a phrase."""
    if not _has_phrase(node):
        return node
    if isinstance(node, q.Or):
        exact = [child for child in node.subqueries if not _has_phrase(child)]
        return q.Or(exact) if exact else None
    return None


class _Text:
    """A field's stored text, folded only when a string is not found as it is.

    fold() maps every folded character to itself, so a folded query string found in the raw
    text is in the folded text too; most candidates are settled without folding.
    """

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self._folded: str | None = None

    def __contains__(self, string: str) -> bool:
        if string in self.raw:
            return True
        if self._folded is None:
            self._folded = fold(self.raw)
        return string in self._folded


def _field_texts(fields: dict) -> dict[str, _Text]:
    return {name: _Text(value) for name, value in index.search_texts(index.stored_article(fields)).items()}


def _holds(node: q.Query, texts: dict) -> bool:
    """Whether an article whose field texts are texts satisfies the parsed query."""
    if isinstance(node, q.Phrase):
        return _phrase_string(node) in texts[node.fieldname]
    if isinstance(node, (q.Term, q.Prefix)):
        return node.fieldname not in texts or node.text in texts[node.fieldname]
    if isinstance(node, q.Not):
        return not _holds(node.query, texts)
    if isinstance(node, q.AndNot):
        return _holds(node.a, texts) and not _holds(node.b, texts)
    if isinstance(node, q.AndMaybe):
        return _holds(node.a, texts)
    if isinstance(node, q.Require):
        return _holds(node.a, texts) and _holds(node.b, texts)
    if isinstance(node, q.Or):
        return any(_holds(child, texts) for child in node.subqueries)
    if isinstance(node, q.And):
        return all(_holds(child, texts) for child in node.subqueries)
    if isinstance(node, q.Every):
        return True
    raise QueryError(f"query operator {type(node).__name__} is not supported; use AND, OR, NOT or -word")


def _phrase_string(node: q.Phrase) -> str:
    words = node.words
    return "".join([words[0], *(w[-1] for w in words[1:])]) if words else ""


def _date_order(article: Article) -> tuple:
    return (article.date == "", article.date, article.source, article.ordinal)


def timeline(path: Path, name: str, filters: Filters = Filters()) -> tuple[str, list[Article]]:
    """Every article of one community, street, district, city or province, in date order,
    undated last; a street or district with all the ways it is written (西沽街, 西沽街道)."""
    with _searcher(path) as searcher:
        place = resolve_place(searcher, name)
        extra = _filter_query(searcher, filters)
        results = searcher.search(place.query, filter=extra, limit=None)
        articles = sorted((index.stored_article(hit.fields()) for hit in results), key=_date_order)
        return place.label, articles


def _selection(searcher, text: str | None, filters: Filters) -> list[int]:
    selection = parse_query(text, searcher.schema) if text else q.Every()
    return [hit.docnum for hit in _matching(searcher, selection, filters, None)[0]]


def summary(path: Path, text: str | None = None, filters: Filters = Filters(), top: int = 15) -> Summary:
    """Keywords of the selected articles weighted against the whole index, plus counts."""
    with _searcher(path) as searcher:
        docnums = _selection(searcher, text, filters)
        if not docnums:
            return Summary(0, (), (), ())
        selected = set(docnums)
        keywords = []
        for term, weight in searcher.key_terms(keyword_sample(docnums), "words", numterms=top):
            postings = searcher.postings("words", term)
            count = sum(1 for docnum in postings.all_ids() if docnum in selected)
            keywords.append(Keyword(term, round(weight, 4), count))
        reader = searcher.reader()
        communities = Counter(_column(reader, "community", docnums))
        months = Counter((d[:7] or "undated") for d in _column(reader, "date", docnums))
        return Summary(
            articles=len(docnums),
            keywords=tuple(keywords),
            communities=tuple((c or "(no community)", n) for c, n in communities.most_common()),
            months=tuple(sorted(months.items(), key=lambda kv: (kv[0] == "undated", kv[0]))),
        )


def keyword_sample(docnums: list[int], size: int = KEYWORD_SAMPLE) -> list[int]:
    """An even sample of a large selection: key_terms costs grow with every distinct word.

    >>> keyword_sample(list(range(10)), size=4)
    [0, 2, 5, 7]
    """
    if len(docnums) <= size:
        return docnums
    return [docnums[i * len(docnums) // size] for i in range(size)]


def _column(reader, field: str, docnums: list[int]) -> list[str]:
    """The column values of field for docnums ("" where a document has none).

    Each segment's column is read on its own: Whoosh's MultiReader.column_reader leaves out
    segments that have no value at all for the field (a batch with no community, say) and
    then maps the documents after it to the wrong segment (whoosh3 3.54.0).
    """
    leaves = list(reader.leaf_readers())
    offsets = [offset for _, offset in leaves]
    columns = [sub.column_reader(field) if sub.has_column(field) else None for sub, _ in leaves]
    values = []
    for docnum in docnums:
        i = bisect_right(offsets, docnum) - 1
        column = columns[i]
        values.append((column[docnum - offsets[i]] if column is not None else "") or "")
    return values


def show(path: Path, id_: str) -> Article:
    """One article by its id or a unique prefix of it (at least 4 characters)."""
    wanted = id_.strip().lower()
    if len(wanted) < 4:
        raise QueryError(f"article id {id_!r} is too short; give at least 4 characters of it")
    with _searcher(path) as searcher:
        results = searcher.search(q.Prefix("id", wanted), limit=3)
        if len(results) == 0:
            raise NotFoundError(f"no article with id {id_!r}; `bulletin search` shows article ids")
        if len(results) > 1:
            raise QueryError(f"article id {id_!r} is ambiguous; give more of it")
        return index.stored_article(results[0].fields())


def stats(path: Path) -> Stats:
    """Counts and the date range of the index."""
    with _searcher(path) as searcher:
        reader = searcher.reader()
        total = searcher.doc_count()
        if reader.has_deletions():
            # Lexicons and document frequencies still hold removed and replaced articles until
            # their segment is merged away: count the articles that are left.
            docnums = list(reader.all_doc_ids())
            published = [d for d in _column(reader, "date", docnums) if d]
            dates, dated = sorted(set(published)), len(published)
            sources = sum(1 for t in reader.lexicon("source") if searcher.document_number(source=t.decode("utf-8")) is not None)
            communities = len(set(filter(None, _column(reader, "community", docnums))))
        else:
            dates = [t.decode("utf-8") for t in reader.lexicon("date")]
            dated = sum(reader.doc_frequency("date", d) for d in dates)
            sources = sum(1 for _ in reader.lexicon("source"))
            communities = sum(1 for _ in reader.lexicon("community"))
        return Stats(
            articles=total,
            sources=sources,
            communities=communities,
            first_date=dates[0] if dates else "",
            last_date=dates[-1] if dates else "",
            undated=total - dated,
            index=str(path),
        )


def communities(path: Path) -> list[tuple[str, str, str, str, str, int]]:
    """Every (province, city, district, street, community) with its number of articles,
    busiest first. A district or street the register fixes is one row under its register
    name however the articles write it (西沽街, 西沽街道: 西沽街道)."""
    columns = ("province", "city", "district", "district_code", "street", "street_code", "community")
    with _searcher(path) as searcher:
        reader = searcher.reader()
        docnums = list(reader.all_doc_ids())
        names = {(p.level, p.code): p.name for p in places_of(searcher, CODED_LEVELS) if p.code}
        rows: Counter = Counter()
        for province, city, district, district_code, street, street_code, community in zip(
            *(_column(reader, column, docnums) for column in columns)
        ):
            rows[(
                province,
                city,
                names.get(("district", district_code), district) if district_code else district,
                names.get(("street", street_code), street) if street_code else street,
                community,
            )] += 1
        return [(*place, n) for place, n in sorted(rows.items(), key=lambda kv: (-kv[1], kv[0]))]


def export(path: Path) -> Iterator[Article]:
    """Every article, in date order."""
    with _searcher(path) as searcher:
        articles = [index.stored_article(fields) for fields in searcher.all_stored_fields()]
    yield from sorted(articles, key=_date_order)
