"""The read path: search, timeline, summary and listings, returned as dataclasses."""

from __future__ import annotations

import dataclasses
import datetime as dt
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from whoosh import query as q
from whoosh.reading import TermNotFound

from bulletin_cli import index, keywords, periods, syntax
from bulletin_cli.analysis import VERB_MARK, fold, runs
from bulletin_cli.errors import NotFoundError, QueryError
from bulletin_cli.models import Article, Hit, Keyword, Stats, Summary, Trend, Trends
from bulletin_cli.vocabulary import PLACE_SUFFIXES

TEXT_FIELD = "text"  # the one search field (index.search_texts)
SNIPPET_CHARS = 90
KEYWORD_SAMPLE = 3000  # articles whose topic words a summary reads (a larger selection: an even sample)
SPAN_MONTHS = 12  # a summary's charts show at least this many months, up to its last


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


def snippet(text: str, strings: list[str], width: int = SNIPPET_CHARS) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of text around the matches, with the spans of the matches in it.

    Every occurrence of every string is highlighted whole; occurrences that overlap (自行 and
    行车 in 自行车) are highlighted as one span, their union.

    >>> snippet("活动中,检察官讲解马克思的名言。", ["马克思"], width=8)
    ('…讲解马克思的名言…', ((3, 6),))
    >>> snippet("骑自行车上班", ["自行", "行车"])
    ('骑自行车上班', ((1, 4),))
    """
    text = text.replace("\n", " ")
    folded = fold(text)
    found: list[tuple[int, int, str]] = []
    for string in dict.fromkeys(strings):
        start = folded.find(string)
        while start >= 0:
            found.append((start, start + len(string), string))
            start = folded.find(string, start + 1)
    found.sort()
    if not found:
        window_start = 0
    else:
        # The window that shows the most distinct strings, starting a little before a match.
        def coverage(begin: int) -> int:
            return len({string for s, e, string in found if s >= begin and e <= begin + width})

        starts = dict.fromkeys(max(0, s - width // 4) for s, _, _ in found)
        window_start = max(starts, key=lambda b: (coverage(b), -b))
    window_end = min(len(text), window_start + width)
    prefix = "…" if window_start > 0 else ""
    suffix = "…" if window_end < len(text) else ""
    shift = len(prefix) - window_start
    spans: list[list[int]] = []
    for s, e, _ in found:
        if s < window_start or e > window_end:
            continue
        if spans and s < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], e)
        else:
            spans.append([s, e])
    inside = tuple((s + shift, e + shift) for s, e in spans)
    return prefix + text[window_start:window_end] + suffix, inside


def _filter_query(searcher, filters: Filters) -> q.Query | None:
    parts: list[q.Query] = []
    for level in PLACE_LEVELS:
        name = getattr(filters, level)
        if name:
            parts.append(resolve_place(searcher, name, level).query)
    if filters.since or filters.until:
        _check_dates(filters)
        since = filters.since.isoformat() if filters.since else None
        until = filters.until.isoformat() if filters.until else None
        parts.append(q.TermRange("date", since, until))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else q.And(parts)


def _check_dates(filters: Filters) -> None:
    if filters.since and filters.until and filters.since > filters.until:
        raise QueryError(f"--since {filters.since} is after --until {filters.until}; swap them")


def _base(name: str) -> str:
    for suffix in PLACE_SUFFIXES:
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
    """Rank the articles that satisfy the query, best first, with snippets.

    The answer is exactly the query's formula over ``string in text`` (``syntax``), the text
    being the article's headline, dateline, body, captions and byline, folded.
    """
    tree = syntax.parse(text)
    with _searcher(path) as searcher:
        matches, total = _matching(searcher, tree, filters, limit)
        strings = syntax.looked_for(tree)
        hits = []
        for hit in matches:
            article = index.stored_article(hit.fields())
            shown, spans = snippet(article.body, strings)
            hits.append(Hit(article, hit.score, shown, spans))
        return SearchResult(total, tuple(hits))


def _matching(searcher, tree: syntax.Node | None, filters: Filters, limit: int | None) -> tuple[list, int]:
    """The best limit hits (all for None) that satisfy tree (None: every article), and how many there are.

    Whoosh finds candidates (``_candidates``), a superset of the answer; each candidate is then
    settled against the whole tree (``_check``). When the candidate query is itself exact, the
    check is skipped and Whoosh ranks and counts alone.
    """
    allowed = _allowed(searcher, filters)
    if allowed is not None and not allowed:
        return [], 0
    query = q.Every() if tree is None else _candidates(tree)
    if tree is None or _exact(tree):
        results = searcher.search(query, filter=allowed, limit=limit)
        return list(results), len(results)
    if query is None:  # e.g. a OR NOT b: any article can match; those with a rank first
        query = q.Or([*(_lookup(string) for string in syntax.looked_for(tree)), q.Every()])
    if all(len(string) <= 2 for string in _strings(tree)):
        # The postings settle every candidate: Whoosh then ranks only the matches, keeping
        # the best limit rather than scoring every candidate.
        candidates = set(searcher.docs_for_query(query))
        matched = _check(searcher, tree, candidates if allowed is None else candidates & allowed)
        if not matched:  # an empty filter set would count as no filter
            return [], 0
        return list(searcher.search(query, filter=matched, limit=limit)), len(matched)
    # Stored texts are read anyway: one pass scores every candidate, then the check keeps
    # the matches in rank order.
    results = searcher.search(query, filter=allowed, limit=None)
    ranked = [docnum for docnum, _ in results.items()]
    matched = _check(searcher, tree, set(ranked))
    picked = [results[n] for n, docnum in enumerate(ranked) if docnum in matched][:limit]
    return picked, len(matched)


def _allowed(searcher, filters: Filters) -> set[int] | None:
    """The articles the filters let through, None for all.

    A set rather than a query: whoosh3 3.54.0's FilterCollector treats an empty filter set
    as no filter when it counts (``if allow``), so an empty one must not reach it.
    """
    places = _filter_query(searcher, dataclasses.replace(filters, since=None, until=None))
    allowed = None if places is None else set(searcher.docs_for_query(places))
    if filters.since or filters.until:
        _check_dates(filters)
        dated = _dated_docs(searcher, filters.since, filters.until)
        allowed = dated if allowed is None else allowed & dated
    return allowed


def _dated_docs(searcher, since: dt.date | None, until: dt.date | None) -> set[int]:
    """The articles published from since to until (either open): the postings of each day
    in the range, joined here. A TermRange query joins them through a tree of union matchers,
    which took 0.6 s for a year of days on the CCTV archive; this takes a tenth of that."""
    low = since.isoformat() if since else ""
    high = until.isoformat() if until else "\uffff"
    found: set[int] = set()
    for term in searcher.reader().lexicon("date"):
        day = term.decode("utf-8")
        if day > high:
            break
        if day >= low:
            found.update(searcher.postings("date", day).all_ids())
    return found


def _lookup(string: str) -> q.Query:
    """The index lookup of one query string.

    Exact for one or two characters: a bigram is indexed wherever two word characters stand
    together, and a single character as the first half of a bigram or a run's last character,
    which a prefix query finds both of. A longer string is the AND of its bigrams: every
    article that contains it, and some that hold the bigrams apart.
    """
    if len(string) == 1:
        return q.Prefix(TEXT_FIELD, string)
    if len(string) == 2:
        return q.Term(TEXT_FIELD, string)
    return q.And([q.Term(TEXT_FIELD, string[i : i + 2]) for i in range(len(string) - 1)])


def _candidates(node: syntax.Node, negated: bool = False) -> q.Query | None:
    """The query Whoosh runs: a superset of the articles node selects, None for every article.

    NOT is pushed down to the strings (De Morgan), and an excluded string narrows nothing:
    excluding the articles that hold a long string's bigrams would exclude too much, and
    whoosh3's AndNot matcher does not skip its excluded side forward (it lets excluded
    articles through). Exclusions are applied by ``_check``.
    """
    if isinstance(node, syntax.Word):
        return None if negated else _lookup(node.text)
    if isinstance(node, syntax.Not):
        return _candidates(node.part, not negated)
    parts = [_candidates(part, negated) for part in node.parts]
    if isinstance(node, syntax.And) != negated:  # AND, or NOT of an OR
        narrowing = [part for part in parts if part is not None]
        return None if not narrowing else narrowing[0] if len(narrowing) == 1 else q.And(narrowing)
    return None if any(part is None for part in parts) else q.Or(parts)


def _exact(node: syntax.Node) -> bool:
    """Whether the candidate query of node is its answer: strings of 1-2 characters, no NOT."""
    if isinstance(node, syntax.Word):
        return len(node.text) <= 2
    return not isinstance(node, syntax.Not) and all(_exact(part) for part in node.parts)


def _check(searcher, tree: syntax.Node, candidates: set[int]) -> set[int]:
    """The candidates (those of ``_candidates(tree)``) that satisfy tree, reading the stored
    text only where the index cannot tell."""
    sure, unsure = _Settle(searcher, tree, candidates).node(tree)
    matched = set(sure)
    for docnum in sorted(unsure):
        text = _Text(index.search_texts(index.stored_article(searcher.stored_fields(docnum)))[TEXT_FIELD])
        if syntax.holds(tree, text):
            matched.add(docnum)
    return matched


class _Settle:
    """Settle a tree on a set of candidates from the postings alone, as far as they tell.

    ``node`` returns (sure, unsure): the candidates where the node surely holds and those
    where only the text can tell; it surely fails on the rest (three-valued logic). A string
    of 1-2 characters is in an article exactly when its lookup finds the article; a longer
    one surely is not when an article lacks one of its bigrams, and is unsure otherwise.
    The parts of the query's top-level AND need no lookup: the candidate query required
    them, so every candidate holds an exact part (no NOT, strings of 1-2 characters) and the
    bigrams of a longer string.
    """

    def __init__(self, searcher, tree: syntax.Node, candidates: set[int]) -> None:
        self.searcher = searcher
        self.candidates = candidates
        self.found: dict[str, set[int]] = {}
        self.settled: dict[syntax.Node, tuple[set[int], set[int]]] = {}
        for part in tree.parts if isinstance(tree, syntax.And) else (tree,):
            if _exact(part):
                self.settled[part] = (candidates, set())
            elif isinstance(part, syntax.Word):
                self.found[part.text] = candidates

    def _found(self, string: str) -> set[int]:
        """The candidates that hold every bigram of string."""
        if string not in self.found:
            self.found[string] = self.candidates.intersection(self.searcher.docs_for_query(_lookup(string)))
        return self.found[string]

    def node(self, node: syntax.Node) -> tuple[set[int], set[int]]:
        if node in self.settled:
            return self.settled[node]
        if isinstance(node, syntax.Word):
            found = self._found(node.text)
            return (found, set()) if len(node.text) <= 2 else (set(), found)
        if isinstance(node, syntax.Not):
            sure, unsure = self.node(node.part)
            return self.candidates - sure - unsure, unsure
        if isinstance(node, syntax.And):
            sure, unsure = self.candidates, set()
            for part in node.parts:
                part_sure, part_unsure = self.node(part)
                possible = (sure | unsure) & (part_sure | part_unsure)
                sure = sure & part_sure
                unsure = possible - sure
            return sure, unsure
        sure, unsure = set(), set()
        for part in node.parts:
            part_sure, part_unsure = self.node(part)
            sure = sure | part_sure
            unsure = (unsure | part_unsure) - sure
        return sure, unsure


def _strings(node: syntax.Node) -> list[str]:
    if isinstance(node, syntax.Word):
        return [node.text]
    parts = (node.part,) if isinstance(node, syntax.Not) else node.parts
    return [string for part in parts for string in _strings(part)]


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
    """The articles a query (None: every article) and the filters select, in index order."""
    if not text:
        # No ranking to do: the filters' set is the selection, without scoring every article.
        allowed = _allowed(searcher, filters)
        return list(searcher.reader().all_doc_ids()) if allowed is None else sorted(allowed)
    tree = syntax.parse(text)
    return [hit.docnum for hit in _matching(searcher, tree, filters, None)[0]]


def summary(path: Path, text: str | None = None, filters: Filters = Filters(), top: int = 15) -> Summary:
    """Keywords of the selected articles against the rest of the archive, plus counts.

    The keywords are the topic words stored at ingest (nouns, names, terms), ranked by
    ``keywords.rank_keywords``; each comes with the selected articles that contain it and
    its articles in each month of the span the charts show.
    """
    with _searcher(path) as searcher:
        docnums = _selection(searcher, text, filters)
        if not docnums:
            return Summary(0, (), (), ())
        reader = searcher.reader()
        dates = _column(reader, "date", docnums)
        span = _span(reader, [d for d in dates if d])
        if filters.since or filters.until:
            population = _dated_selection(searcher, text, filters, span)
            dated = [d for d in dates if d]
            before = _before(population, filters.since or min(dated, default=""), filters.until or max(dated, default=""))
        else:
            population = dict(zip(docnums, dates))
            before = []
        ranked = _keywords(searcher, docnums, top, runs(text) if text else (), before)
        selected = set(docnums)
        keywords = []
        for counted, score in ranked:
            ids = _postings(searcher, "words", counted.term)
            keywords.append(Keyword(
                counted.term, round(score, 4), sum(1 for d in ids if d in selected),
                _per_month(ids, population, span),
            ))
        communities = Counter(_column(reader, "community", docnums))
        months = Counter((d[:7] or "undated") for d in dates)
        return Summary(
            articles=len(docnums),
            keywords=tuple(keywords),
            communities=tuple((c or "(no community)", n) for c, n in communities.most_common()),
            months=tuple(sorted(months.items(), key=lambda kv: (kv[0] == "undated", kv[0]))),
            span=tuple(span),
            span_articles=_per_month(population, population, span),
        )


def _keywords(searcher, docnums: list[int], top: int, exclude=(), before: list[int] = ()) -> list:
    """The top keywords of the articles docnums, read from their topics column (a sample
    of a large selection, its counts scaled up to the whole); before: the articles of the
    period just before a selection of a period."""
    sample = keyword_sample(docnums)
    scale = len(docnums) / len(sample)
    least = keywords.min_articles(len(docnums))
    headlines, selected, verbs = _count_topics(_column(searcher.reader(), "topics", sample), scale, least)
    earlier = None
    if before:
        sample = keyword_sample(list(before))
        _, earlier, _ = _count_topics(_column(searcher.reader(), "topics", sample), len(before) / len(sample))
    archive = _ArchiveCounts(searcher.reader())
    return keywords.rank_keywords(
        selected, headlines, archive.articles, len(docnums), searcher.doc_count(), top, exclude,
        verbs, archive.repeats, earlier, len(before),
    )


def _before(population: dict[int, str], since: dt.date | str, until: dt.date | str) -> list[int]:
    """The articles of population in the period as long as since..until just before it (a
    month: the month before; 2024-07-10..2024-07-19: 2024-06-30..2024-07-09)."""
    if not since or not until:
        return []
    first, last = (d if isinstance(d, dt.date) else dt.date.fromisoformat(d) for d in (since, until))
    if first.day == 1 and last == periods.last_day(periods.month_of(last)):  # whole months
        months = len(periods.months_between(periods.month_of(first), periods.month_of(last)))
        start = periods.first_day(periods.add_months(periods.month_of(first), -months))
    else:
        start = first - (last - first) - dt.timedelta(days=1)
    low, high = start.isoformat(), (first - dt.timedelta(days=1)).isoformat()
    return [d for d, date in population.items() if date and low <= date <= high]


def _count_topics(values, scale: float = 1.0, least: float = 0) -> tuple[dict, dict, set[str]]:
    """(title counts, article counts, verbs) of the topic words in topics column values,
    counts multiplied by scale; words in fewer than least articles are left out.

    Each article lists a word once, so counting words counts articles: one Counter over all
    values, not a Python loop per word (a long article has hundreds).
    """
    titles, rest = [], []
    for value in values:
        head, _, other = (value or b"").decode("utf-8").partition("\t")
        titles.append(head)
        rest.append(other)
    in_titles = Counter(" ".join(titles).split())
    found = Counter(" ".join(rest).split())
    found.update(in_titles)
    selected, headlines, verbs = {}, {}, set()
    for term, n in found.items():
        n *= scale
        if n < least:
            continue
        title = in_titles.get(term, 0) * scale
        if term[0] == VERB_MARK:
            term = term[1:]
            verbs.add(term)
        selected[term] = n
        if title:
            headlines[term] = title
    return headlines, selected, verbs


class _ArchiveCounts:
    """How many articles of the archive contain a topic word, and how often they use it
    (one look-up of the word's term info for both)."""

    def __init__(self, reader) -> None:
        self.reader = reader
        self.found: dict[str, tuple[int, float]] = {}

    def _info(self, term: str) -> tuple[int, float]:
        if term not in self.found:
            try:
                info = self.reader.term_info("words", term)
                self.found[term] = (info.doc_frequency(), info.weight())
            except TermNotFound:
                self.found[term] = (0, 0.0)
        return self.found[term]

    def articles(self, term: str) -> int:
        return self._info(term)[0]

    def repeats(self, term: str) -> float:
        """Occurrences per article that uses it, counting one article more: a verb that few
        articles use needs more of them to count as a topic."""
        articles, occurrences = self._info(term)
        return occurrences / (articles + 1)


def _postings(searcher, field: str, term: str) -> list[int]:
    try:
        return list(searcher.postings(field, term).all_ids())
    except TermNotFound:
        return []


def _span(reader, dates: list[str]) -> list[str]:
    """The months a summary's charts show: the selection's, at least the SPAN_MONTHS up to
    its last (not before the archive's first month)."""
    if not dates:
        return []
    first, last = periods.month_of(min(dates)), periods.month_of(max(dates))
    earliest = next((t.decode("utf-8") for t in reader.lexicon("date")), first)
    first = min(first, max(periods.add_months(last, 1 - SPAN_MONTHS), periods.month_of(earliest)))
    return periods.months_between(first, last)


def _dated_selection(searcher, text: str | None, filters: Filters, span: list[str]) -> dict[int, str]:
    """The articles the query and the place filters select in the months of span, with
    their dates: what a keyword's share of each month is a share of."""
    if not span:
        return {}
    within = dataclasses.replace(filters, since=periods.first_day(span[0]), until=periods.last_day(span[-1]))
    docnums = _selection(searcher, text, within)
    return dict(zip(docnums, _column(searcher.reader(), "date", docnums)))


def _per_month(docnums, dates: dict[int, str], span: list[str]) -> tuple[int, ...]:
    """How many of docnums fall in each month of span (dates: each article's date)."""
    slot = {month: i for i, month in enumerate(span)}
    counts = [0] * len(span)
    for docnum in docnums:
        i = slot.get(dates.get(docnum, "")[:7])
        if i is not None:
            counts[i] += 1
    return tuple(counts)


def trends(
    path: Path,
    text: str | None = None,
    filters: Filters = Filters(),
    recent: periods.Period | None = None,
    base: periods.Period | None = None,
    top: int = 10,
) -> Trends:
    """The topic words whose share of articles rose and fell most from the base period to
    the recent one, among the articles the query and filters select.

    By default the recent period is the latest month with a selected article and the base
    period the 12 months before it.
    """
    with _searcher(path) as searcher:
        reader = searcher.reader()
        if recent is None:
            latest = _latest_date(searcher, text, filters)
            if not latest:
                return Trends("", "", 0, 0, (), ())
            recent = periods.month_period(periods.month_of(latest))
        if base is None:
            first = periods.month_of(recent.since)
            base = periods.month_period(periods.add_months(first, -12), periods.add_months(first, -1))
        span = periods.months_between(
            periods.month_of(min(base.since, recent.since)), periods.month_of(max(base.until, recent.until))
        )
        within = _narrowed(filters, min(base.since, recent.since), max(base.until, recent.until))
        docnums = _selection(searcher, text, within) if within else []
        dates = dict(zip(docnums, _column(reader, "date", docnums)))
        in_recent = [d for d in docnums if recent.holds(dates[d])]
        in_base = [d for d in docnums if base.holds(dates[d])]
        exclude = {t.lower() for t in runs(text)} if text else set()
        verbs: set[str] = set()
        estimate = [
            keywords.Change(term, a, b, len(in_recent), len(in_base))
            for term, (a, b) in _compared(reader, in_recent, in_base, verbs).items()
            if term not in exclude
        ]
        # Counts from samples of large periods: the shortlist is counted exactly, then ranked;
        # verbs that name no topic are left out of it.
        archive = _ArchiveCounts(reader)
        shortlist = {
            c.term for pair in keywords.rank_changes(estimate, 5 * top) for c in pair
            if c.term not in verbs or archive.repeats(c.term) >= keywords.VERB_REPEATS
        }
        recent_set, base_set = set(in_recent), set(in_base)
        ids = {term: _postings(searcher, "words", term) for term in shortlist}
        exact = [
            keywords.Change(
                term, sum(1 for d in found if d in recent_set), sum(1 for d in found if d in base_set),
                len(in_recent), len(in_base),
            )
            for term, found in ids.items()
        ]
        rising, falling = keywords.rank_changes(exact, top)

        def trend(c: keywords.Change) -> Trend:
            return Trend(c.term, int(c.recent), int(c.base), round(c.change, 2), _per_month(ids[c.term], dates, span))

        return Trends(
            recent=recent.label, base=base.label,
            recent_articles=len(in_recent), base_articles=len(in_base),
            rising=tuple(map(trend, rising)), falling=tuple(map(trend, falling)),
            span=tuple(span), span_articles=_per_month(docnums, dates, span),
            recent_months=tuple(m for m in span if m in recent.months),
        )


def _narrowed(filters: Filters, since: dt.date, until: dt.date) -> Filters | None:
    """filters with their dates narrowed to since..until; None when nothing is left."""
    since = max(since, filters.since) if filters.since else since
    until = min(until, filters.until) if filters.until else until
    return dataclasses.replace(filters, since=since, until=until) if since <= until else None


def _latest_date(searcher, text: str | None, filters: Filters) -> str:
    """The latest publication date among the selected articles ("" if none is dated)."""
    if text or any(getattr(filters, level) for level in PLACE_LEVELS):
        docnums = _selection(searcher, text, filters)
        return max((d for d in _column(searcher.reader(), "date", docnums) if d), default="")
    dates = [t.decode("utf-8") for t in searcher.reader().lexicon("date")]
    if filters.since:
        dates = [d for d in dates if d >= filters.since.isoformat()]
    if filters.until:
        dates = [d for d in dates if d <= filters.until.isoformat()]
    return dates[-1] if dates else ""


def _compared(reader, recent: list[int], base: list[int], verbs: set[str]) -> dict[str, tuple[float, float]]:
    """For every topic word of either period: its articles in each (estimated from samples).
    The verbs among them are added to verbs."""
    counts: dict[str, list[float]] = {}
    for side, docnums in enumerate((recent, base)):
        sample = keyword_sample(docnums)
        scale = len(docnums) / len(sample) if sample else 0
        _, found, marked = _count_topics(_column(reader, "topics", sample), scale)
        verbs |= marked
        for term, n in found.items():
            counts.setdefault(term, [0.0, 0.0])[side] = n
    return {term: (a, b) for term, (a, b) in counts.items()}


def keyword_sample(docnums: list[int], size: int = KEYWORD_SAMPLE) -> list[int]:
    """An even sample of a large selection: reading each article's words costs time.

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
