"""The search query language: text -> a small tree of strings joined by AND, OR and NOT.

A leaf is a string that an article must contain: ``Word("电动自行车")`` holds for an article
whose folded text contains 电动自行车. The tree is a boolean formula over such tests, and that
formula is the answer a search gives (``queries`` looks the strings up in the index and checks
the candidates against the tree). Nothing here knows Whoosh.

- Words separated by spaces must all match; punctuation separates words like a space
  (``电动自行车、充电`` is two words). Width and case are folded as the index folds them.
- ``"a phrase"`` is one string; a quote left open runs to the end. Spaces or punctuation
  inside quotes split the phrase into strings that must all match, kept together as a group.
- ``NOT x`` and ``-x`` (a ``-`` right before a word, phrase or parenthesis) are the same:
  the articles that do not satisfy x, wherever they stand (``a OR -b`` = ``a OR NOT b``).
- ``AND`` binds tighter than ``OR``, and ``OR`` tighter than a space, as in Whoosh's parser:
  ``a AND b OR c`` is ``(a AND b) OR c``, ``a b OR c`` is ``a AND (b OR c)``.
- Parentheses group; one left open closes at the end, a stray ``)`` is ignored.
- ``AND``, ``OR`` and ``NOT`` (upper case) are operators; an operator with no word on a side
  it needs is an error, as are Whoosh's ``ANDNOT``, ``ANDMAYBE`` and ``REQUIRE``. In quotes
  (``"OR"``) or lower case they are words.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from dataclasses import dataclass

from bulletin_cli.analysis import runs, width_char
from bulletin_cli.errors import QueryError

MAX_QUERY_CHARS = 1000
_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "＂": '"'})
_OPERATORS = ("AND", "OR", "NOT")
_NOT_SUPPORTED = ("ANDNOT", "ANDMAYBE", "REQUIRE")


@dataclass(frozen=True)
class Word:
    """A string the text must contain: one folded run of letters, digits or Han characters."""

    text: str


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node


Node = Word | And | Or | Not


def all_of(parts: list[Node]) -> Node | None:
    """The AND of parts, nested ANDs flattened; None for no parts."""
    flat: list[Node] = []
    for part in parts:
        flat.extend(part.parts if isinstance(part, And) else (part,))
    return None if not flat else flat[0] if len(flat) == 1 else And(tuple(flat))


def any_of(parts: list[Node]) -> Node | None:
    """The OR of parts, nested ORs flattened; None for no parts."""
    flat: list[Node] = []
    for part in parts:
        flat.extend(part.parts if isinstance(part, Or) else (part,))
    return None if not flat else flat[0] if len(flat) == 1 else Or(tuple(flat))


def negate(part: Node) -> Node:
    return part.part if isinstance(part, Not) else Not(part)


def holds(node: Node, text: Container[str]) -> bool:
    """Whether a (folded) text satisfies the tree: the formula over ``word in text``.

    >>> holds(parse("自行车 -电动"), "骑自行车上班")
    True
    """
    if isinstance(node, Word):
        return node.text in text
    if isinstance(node, Not):
        return not holds(node.part, text)
    if isinstance(node, And):
        return all(holds(part, text) for part in node.parts)
    return any(holds(part, text) for part in node.parts)


def looked_for(node: Node) -> list[str]:
    """The strings the query looks for (not those it excludes), in query order.

    A string under two NOTs is looked for: NOT (NOT a OR b) holds only where a is found.

    >>> looked_for(parse("(志愿者 OR 义工) -培训 -(NOT 社区)"))
    ['志愿者', '义工', '社区']
    """
    found: dict[str, None] = {}

    def walk(node: Node, excluded: bool) -> None:
        if isinstance(node, Word):
            if not excluded:
                found[node.text] = None
        elif isinstance(node, Not):
            walk(node.part, not excluded)
        else:
            for part in node.parts:
                walk(part, excluded)

    walk(node, False)
    return list(found)


def parse(text: str) -> Node:
    """Parse a query into its tree; a query that cannot mean anything is a QueryError.

    >>> parse('电动自行车 OR "飞线 充电" -楼道')
    And(parts=(Or(parts=(Word(text='电动自行车'), And(parts=(Word(text='飞线'), Word(text='充电'))))), Not(part=Word(text='楼道'))))
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query is {len(text)} characters long; keep it under {MAX_QUERY_CHARS}")
    tree = _Parser(text).parse()
    if tree is None:
        raise QueryError(f"query {text!r} has no words to search for; give a word such as 电动自行车")
    if not looked_for(tree):
        raise QueryError(f"query {text!r} has nothing to look for; name at least one word that must match")
    return tree


_OPEN, _CLOSE = "(", ")"


def _tokens(query: str) -> Iterator[str | Node]:
    """Operators and parentheses as strings, words and phrases as nodes."""
    # Width is folded per character, as the index does (Ⅲ stays one character), so that
    # ＯＲ is OR and （ is (; words are folded further by runs().
    text = "".join(width_char(ch) for ch in query.translate(_QUOTES))
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            phrase = all_of([Word(run) for run in runs(text[i + 1 : end])])
            if phrase is not None:
                yield phrase
            i = end + 1
        elif ch in "()":
            yield ch
            i += 1
        elif ch == "-" and (i == 0 or text[i - 1].isspace() or text[i - 1] == _OPEN) and _starts_operand(text[i + 1 : i + 2]):
            yield "NOT"
            i += 1
        else:
            end = i
            while end < n and not text[end].isspace() and text[end] not in '"()':
                end += 1
            chunk = text[i:end]
            if chunk in _OPERATORS:
                yield chunk
            elif chunk in _NOT_SUPPORTED:
                raise QueryError(
                    f"{chunk} in query {query!r} is not an operator bulletin knows; use AND, OR, NOT or -word "
                    f'(or write "{chunk}" in quotes to search for the word)'
                )
            else:
                yield from (Word(run) for run in runs(chunk))
            i = end


def _starts_operand(ch: str) -> bool:
    return ch in ('"', _OPEN) or bool(runs(ch))


class _Parser:
    """Recursive descent: query = clause+ ; clause = conj (OR conj)* ; conj = unary (AND unary)* ;
    unary = NOT unary | atom ; atom = word | phrase | ( query )."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = list(_tokens(text))
        self.pos = 0

    def parse(self) -> Node | None:
        return self._query(nested=False)

    def _peek(self) -> str | Node | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self) -> str | Node | None:
        token = self._peek()
        self.pos += 1
        return token

    def _missing(self, operator: str, side: str) -> QueryError:
        what = "the word to exclude after NOT" if operator == "NOT" else f"a word on each side of {operator}"
        return QueryError(
            f"query {self.text!r}: {operator} has no word {side} it; put {what}, "
            f'or write "{operator}" in quotes to search for the word'
        )

    def _query(self, nested: bool) -> Node | None:
        clauses: list[Node] = []
        while (token := self._peek()) is not None:
            if token == _CLOSE:
                if nested:
                    break
                self._take()  # a stray ) is ignored
                continue
            clause = self._clause()
            if clause is not None:
                clauses.append(clause)
        return all_of(clauses)

    def _clause(self) -> Node | None:
        parts = [self._conjunction()]
        while self._peek() == "OR":
            self._take()
            if parts[-1] is None:
                raise self._missing("OR", "before")
            parts.append(self._conjunction())
            if parts[-1] is None:
                raise self._missing("OR", "after")
        return parts[0] if len(parts) == 1 else any_of(parts)

    def _conjunction(self) -> Node | None:
        parts = [self._unary()]
        while self._peek() == "AND":
            self._take()
            if parts[-1] is None:
                raise self._missing("AND", "before")
            parts.append(self._unary())
            if parts[-1] is None:
                raise self._missing("AND", "after")
        return parts[0] if len(parts) == 1 else all_of(parts)

    def _unary(self) -> Node | None:
        if self._peek() == "NOT":
            self._take()
            operand = self._unary()
            if operand is None:
                raise self._missing("NOT", "after")
            return negate(operand)
        return self._atom()

    def _atom(self) -> Node | None:
        token = self._peek()
        if isinstance(token, (Word, And)):
            self._take()
            return token
        if token == _OPEN:
            self._take()
            inner = self._query(nested=True)
            if self._peek() == _CLOSE:
                self._take()
            return inner  # None for an empty group: the caller decides whether that is an error
        return None  # an operator, a ) or the end: nothing to read here
